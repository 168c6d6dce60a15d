#!/usr/bin/env python3
"""The live teacher's HTTP client against aiohttp and the `openai` Python client.

Needs: Python 3.9+, aiohttp (in the project venv: scripts/python-env), optionally `openai`
(pip install openai; skipped with a note when absent), a built stepwise.
Run:   python3 scripts/bench/teacher_client.py --stepwise .build/release/stepwise \
           [--prompts 4000] [--concurrency 64,256] [--latency 0.05,0] [--rounds 3]

Makes N arithmetic word problems (a task of our own, data/word-problems' shape), has
Stepwise render them with the word-problems exemplars (~1.4 KB per prompt) and write the
exact request bodies (`stepwise teacher export-batch`). A raw asyncio OpenAI-compatible
server on loopback answers every request after --latency seconds (HTTP/1.1 keep-alive, one
choice, usage). For each latency and concurrency C, each client sends the N prompts, one per
request, C in flight:
  stepwise  `stepwise run` of the pipeline (api completions, batch_size 1, concurrency C,
            an empty cache each round), so the rate includes its cache writes;
  aiohttp   one ClientSession, a connector of C connections, a semaphore of C (what curator uses);
  openai    AsyncOpenAI.completions.create, a semaphore of C (what distilabel uses).
The rate is requests ÷ (last answer − first request) as the server saw them; also the
server's peak in-flight count and the connections it accepted. Prints the median of the
rounds per client and Stepwise's ratios; "ideal" is C ÷ latency.
"""
import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ANSWER = json.dumps({
    "id": "cmpl-bench", "object": "text_completion", "model": "bench",
    "choices": [{"index": 0, "text": " 3 + 4 = 7.\nAnswer: 7", "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 350, "completion_tokens": 12, "total_tokens": 362},
}).encode()


class Server:
    """A minimal HTTP/1.1 server: POST answers ANSWER after `latency` s; GET /stats, POST /reset."""

    def __init__(self, latency):
        self.latency = latency
        self.reset()

    def reset(self):
        self.count = 0
        self.first = None
        self.last = None
        self.in_flight = 0
        self.peak = 0
        self.connections = 0

    async def handle(self, reader, writer):
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path = lines[0].split(" ")[:2]
                length = 0
                for line in lines[1:]:
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                if length:
                    await reader.readexactly(length)
                if path == "/stats":
                    body = json.dumps({"count": self.count, "first": self.first, "last": self.last,
                                       "peak": self.peak, "connections": self.connections}).encode()
                elif path == "/reset":
                    self.reset()
                    self.connections = 1
                    body = b"{}"
                else:
                    now = time.monotonic()
                    self.first = now if self.first is None else self.first
                    self.in_flight += 1
                    self.peak = max(self.peak, self.in_flight)
                    if self.latency > 0:
                        await asyncio.sleep(self.latency)
                    self.in_flight -= 1
                    self.count += 1
                    self.last = time.monotonic()
                    body = ANSWER
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError):
            pass
        finally:
            writer.close()

    def start(self):
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def main():
            server = await asyncio.start_server(self.handle, "127.0.0.1", 0, backlog=1024)
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            await server.serve_forever()

        threading.Thread(target=lambda: loop.run_until_complete(main()), daemon=True).start()
        ready.wait()
        return self.port


def get(url, data=None):
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")) as r:
        return json.loads(r.read())


def make_task(work, n):
    """N word problems as JSONL, and the pipeline that renders them."""
    os.makedirs(os.path.join(work, "data"), exist_ok=True)
    rng = random.Random(7)
    with open(os.path.join(work, "data", "train.jsonl"), "w") as f:
        for i in range(n):
            a, b = rng.randint(2, 99), rng.randint(2, 99)
            q = f"Problem {i}: a crate holds {a} apples and another holds {b}. How many apples are there in all?"
            f.write(json.dumps({"id": f"b{i}", "question": q, "answer": f"{a} + {b} = {a + b}.\n#### {a + b}"}) + "\n")


def pipeline(root, work, base_url, concurrency, out):
    return f"""name: teacher-client-bench
dataset:
  name: word-problems
  format: jsonl
  source: {work}/data
  splits: [train]
  fields:
    id: id
    input: "{{{{question}}}}"
    label: {{field: answer, pattern: '####\\s*(.+?)\\s*$'}}
  labels: {{kind: number}}
prompt: {{exemplars: {root}/Pipelines/prompts/word-problems.yaml, style: completion}}
teacher:
  kind: openai
  base_url: {base_url}
  model: bench
  api: completions
  batch_size: 1
  concurrency: {concurrency}
  max_tokens: 64
  max_retries: 0
  cache: {out}/cache.sqlite
tokenizer: {{path: {root}/data/tokenizer/sample.model}}
output: {{dir: {out}}}
"""


async def run_aiohttp(url, bodies, concurrency):
    import aiohttp
    sem = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        async def one(body):
            async with sem:
                async with session.post(url, data=body, headers={"Content-Type": "application/json"}) as r:
                    await r.read()
        await asyncio.gather(*(one(b) for b in bodies))


async def run_openai(base_url, bodies, concurrency):
    import openai
    client = openai.AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=0)
    sem = asyncio.Semaphore(concurrency)

    async def one(body):
        async with sem:
            await client.completions.create(**body)
    await asyncio.gather(*(one(json.loads(b)) for b in bodies))
    await client.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stepwise", required=True)
    ap.add_argument("--prompts", type=int, default=4000)
    ap.add_argument("--concurrency", default="64,256")
    ap.add_argument("--latency", default="0.05,0")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", default="stepwise,aiohttp,openai")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    work = tempfile.mkdtemp(prefix="stepwise-client-bench.")
    clients = args.clients.split(",")
    try:
        import openai  # noqa: F401
    except ImportError:
        if "openai" in clients:
            print("note: the openai package is not installed (pip install openai): its column is skipped")
            clients.remove("openai")
    make_task(work, args.prompts)
    # The exact bodies Stepwise sends, one prompt per request.
    spec = os.path.join(work, "export.yaml")
    with open(spec, "w") as f:
        f.write(pipeline(root, work, "http://127.0.0.1:9/v1", 1, os.path.join(work, "export")))
    batch = os.path.join(work, "batch.jsonl")
    subprocess.run([args.stepwise, "teacher", "export-batch", spec, "--batch-file", batch], check=True,
                   stdout=subprocess.DEVNULL)
    with open(batch) as f:
        bodies = [json.dumps(json.loads(line)["body"]).encode() for line in f]
    sizes = [len(json.loads(b)["prompt"][0].encode()) for b in bodies]
    print(f"{len(bodies)} prompts, {statistics.mean(sizes) / 1024:.2f} KB each on average; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")

    results = []
    for latency in [float(x) for x in args.latency.split(",")]:
        server = Server(latency)
        port = server.start()
        base = f"http://127.0.0.1:{port}"
        for c in [int(x) for x in args.concurrency.split(",")]:
            rates = {k: [] for k in clients}
            extra = {k: [] for k in clients}
            for _ in range(args.rounds):
                for client in clients:
                    get(base + "/reset", b"")
                    if client == "stepwise":
                        out = os.path.join(work, f"out-{c}")
                        shutil.rmtree(out, ignore_errors=True)
                        spec = os.path.join(work, f"p-{c}.yaml")
                        with open(spec, "w") as f:
                            f.write(pipeline(root, work, base + "/v1", c, out))
                        subprocess.run([args.stepwise, "run", spec, "--quiet", "--until", "teacher", "--jsonl",
                                        os.devnull], check=True)
                    elif client == "aiohttp":
                        asyncio.run(run_aiohttp(base + "/v1/completions", bodies, c))
                    else:
                        asyncio.run(run_openai(base + "/v1", bodies, c))
                    s = get(base + "/stats")
                    if s["count"] != len(bodies):
                        sys.exit(f"{client}: the server answered {s['count']} of {len(bodies)} requests")
                    rates[client].append(s["count"] / max(1e-9, s["last"] - s["first"]))
                    extra[client].append((s["peak"], s["connections"] - 1))
            row = {"latency": latency, "concurrency": c}
            for client in clients:
                row[client] = statistics.median(rates[client])
                row[client + "_peak"] = max(p for p, _ in extra[client])
                row[client + "_connections"] = max(n for _, n in extra[client])
            results.append(row)
            ideal = f"{c / latency:,.0f}" if latency > 0 else "-"
            parts = [f"{k} {row[k]:,.0f} req/s (peak {row[k + '_peak']} in flight, {row[k + '_connections']} connections)"
                     for k in clients]
            ratios = [f"{row['stepwise'] / row[k]:.2f}x {k}" for k in clients if k != "stepwise" and "stepwise" in row]
            print(f"latency {latency * 1000:.0f} ms, concurrency {c} (ideal {ideal}): " + "; ".join(parts)
                  + (" — stepwise " + ", ".join(ratios) if ratios else ""), flush=True)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
