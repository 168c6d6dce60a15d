#!/usr/bin/env python3
"""Exact-resume check: kill a run with SIGKILL again and again, resume it each time, and
compare the result byte for byte with an uninterrupted run.

Needs: Python 3.8+ (standard library), a built `stepwise`, and the repository's
scripts/teacher/fake_openai_server.py (a local OpenAI-compatible server).

    python3 scripts/e2e/resume_check.py --stepwise .build/debug/stepwise [--records 1500] [--kills 20]

What it does:
  1. writes a synthetic e-SNLI corpus in the official CSV layout (deterministic) and a
     pipeline file that uses a live `openai` teacher on the local fake server, with small
     shards so a run commits many of them. About 5% of the records are rejected (the server
     answers some prompts with an empty completion or one without an answer phrase, and
     3% of the records repeat an earlier input, which `drop_duplicate_inputs` drops), so
     kills also land while rejects are written and the dedup state must survive them;
  2. run A: starts the pipeline, SIGKILLs it at random moments (at least --kills times),
     reruns the same command after each kill until it finishes;
  3. run B: the same pipeline uninterrupted, into another directory, against its own server;
  4. asserts: every shard file, index.json, stats file, Parquet file (output.formats, by
     default [mds, parquet]) and rejects.jsonl are byte-identical, and so is the dataset card
     README.md but for the config hash it names;
     run.json is identical except timestamps and durations; run B's server saw every prompt
     exactly once; run A's server saw every prompt at least once and re-sent only prompts
     that could have been in flight at a kill; a rerun of the finished run sends nothing.
Exits 0 on success, 1 with the first difference otherwise.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("a man woman child dog cat runs sits walks plays eats reads street park beach table "
         "red blue small large old young happy quickly slowly near under over with without").split()
LABELS = ["entailment", "neutral", "contradiction"]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


# Words the server answers differently (see Server): an empty completion, or one without an
# answer phrase. They are not in the exemplars, so they mark a record's own prompt.
EMPTY_MARK, UNPARSABLE_MARK = "zebra", "quokka"


def write_corpus(directory: Path, records: int):
    rng = random.Random(1234)
    directory.mkdir(parents=True, exist_ok=True)
    header = "pairID,gold_label,Sentence1,Sentence2,Explanation_1\n"

    def rows(count, prefix):
        out = []
        seen = []
        for i in range(count):
            premise = sentence(rng, rng.randint(5, 14))
            hypothesis = sentence(rng, rng.randint(3, 9))
            if i % 17 == 0:
                premise = f'"Quoted, {premise}" he said'
            if i % 50 == 7:
                hypothesis = f"A {EMPTY_MARK} {hypothesis.lower()}"
            if i % 60 == 11:
                hypothesis = f"A {UNPARSABLE_MARK} {hypothesis.lower()}"
            if i % 33 == 5 and seen:
                premise, hypothesis = seen[rng.randrange(len(seen))]
            seen.append((premise, hypothesis))
            expl = sentence(rng, rng.randint(4, 10))
            fields = [f"{prefix}{i}#r", rng.choice(LABELS), premise, hypothesis, expl]
            out.append(",".join('"' + f.replace('"', '""') + '"' for f in fields) + "\n")
        return out

    half = records // 2
    (directory / "esnli_train_1.csv").write_text(header + "".join(rows(half, "t1-")))
    (directory / "esnli_train_2.csv").write_text(header + "".join(rows(records - half, "t2-")))
    dev_header = "pairID,gold_label,Sentence1,Sentence2,Explanation_1,Explanation_2,Explanation_3\n"
    for name in ("esnli_dev.csv", "esnli_test.csv"):
        lines = [r.rstrip("\n") + ',"",""\n' for r in rows(max(20, records // 10), name[6:9] + "-")]
        (directory / name).write_text(dev_header + "".join(lines))


def write_pipeline(path: Path, corpus: Path, port: int, out: Path, formats: str = "mds, parquet"):
    path.write_text(f"""name: resume-check
dataset:
  name: esnli
  format: official
  source: {corpus}
  splits: [train, valid, test]
prompt: {{exemplars: {ROOT}/Pipelines/prompts/esnli.yaml, style: completion}}
teacher:
  kind: openai
  base_url: http://127.0.0.1:{port}/v1
  model: fake-model
  api_key_env: STEPWISE_TEST_KEY
  batch_size: 4
  concurrency: 2
  max_retries: 3
  timeout_s: 10
parse: {{drop_duplicate_inputs: true}}
tokenizer: {{path: {ROOT}/data/tokenizer/sample.model}}
output: {{dir: {out}, compression: zstd, shard_size_limit: 4096, formats: [{formats}]}}
run: {{batch_size: 16}}
""")


class Server:
    def __init__(self, log: Path, delay: float):
        self.log = log
        reply = "The statement follows from the premise ({hash}).\nAnswer: neutral"
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts/teacher/fake_openai_server.py"), "--port", "0",
             "--log", str(log), "--delay", str(delay), "--reply", reply,
             "--reply-when", f"{EMPTY_MARK}=", "--reply-when", f"{UNPARSABLE_MARK}=I cannot tell ({{hash}})."],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.port = int(self.proc.stdout.readline().strip())

    def prompts(self):
        seen = []
        if self.log.exists():
            for line in self.log.read_text().splitlines():
                entry = json.loads(line)
                if entry.get("status") == 200:
                    prompt = (entry.get("body") or {}).get("prompt")
                    seen.extend(prompt if isinstance(prompt, list) else [prompt] if prompt else [])
        return seen

    def requests(self):
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def run(stepwise, pipeline, env, kill_after=None, quiet=True):
    proc = subprocess.Popen([stepwise, "run", str(pipeline)] + (["--quiet"] if quiet else []), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if kill_after is None:
        _, err = proc.communicate()
        return proc.returncode, err
    try:
        proc.wait(timeout=kill_after)
        return proc.returncode, proc.stderr.read()
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return "killed", ""


def tree(out: Path):
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "teacher-cache.sqlite" and not p.name.startswith("teacher-cache.sqlite"):
            files[str(p.relative_to(out))] = p.read_bytes()
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stepwise", default=str(ROOT / ".build/debug/stepwise"))
    ap.add_argument("--records", type=int, default=1500)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--delay", type=float, default=0.004, help="server seconds per request")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--formats", default="mds, parquet", help="output.formats of both runs (default: mds, parquet)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    env = dict(os.environ, STEPWISE_TEST_KEY="sk-test-resume")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "esnli"
        write_corpus(corpus, args.records)

        # Run B: uninterrupted.
        server_b = Server(tmp / "b.log", args.delay)
        pipeline_b = tmp / "b.yaml"
        write_pipeline(pipeline_b, corpus, server_b.port, tmp / "out-b", args.formats)
        t0 = time.time()
        code, err = run(args.stepwise, pipeline_b, env)
        full = time.time() - t0
        if code != 0:
            sys.exit(f"FAIL: uninterrupted run exited {code}:\n{err}")
        prompts_b = server_b.prompts()
        server_b.stop()
        if len(prompts_b) != len(set(prompts_b)):
            sys.exit(f"FAIL: the uninterrupted run sent {len(prompts_b) - len(set(prompts_b))} prompts twice")

        # Run A: killed again and again. If a trial finishes before enough kills, it starts
        # over in a fresh directory with earlier kill points.
        pipeline_a = tmp / "a.yaml"
        window = max(0.15, full * 0.5)
        for trial in range(8):
            out_a = tmp / "out-a"
            if out_a.exists():
                shutil.rmtree(out_a)
            log_a = tmp / f"a{trial}.log"
            server_a = Server(log_a, args.delay)
            write_pipeline(pipeline_a, corpus, server_a.port, out_a, args.formats)
            kills, attempts = 0, 0
            while True:
                attempts += 1
                if attempts > 300:
                    sys.exit("FAIL: the interrupted run did not finish after 300 attempts")
                kill_after = rng.uniform(0.02, window) if kills < args.kills else None
                code, err = run(args.stepwise, pipeline_a, env, kill_after)
                if code == "killed":
                    kills += 1
                    continue
                if code != 0:
                    sys.exit(f"FAIL: resumed run exited {code}:\n{err}")
                break
            if kills >= args.kills:
                break
            print(f"  trial {trial}: finished after only {kills} kills; again with earlier kills", file=sys.stderr)
            server_a.stop()
            window /= 2
        else:
            sys.exit("FAIL: could not interrupt the run often enough")
        requests_before = server_a.requests()
        code, err = run(args.stepwise, pipeline_a, env, quiet=False)
        if code != 0 or "nothing to do" not in err:
            sys.exit(f"FAIL: rerun of a finished run: exit {code}, said: {err.strip()}")
        if server_a.requests() != requests_before:
            sys.exit("FAIL: rerun of a finished run sent requests")
        prompts_a = server_a.prompts()
        server_a.stop()

        a, b = tree(tmp / "out-a"), tree(tmp / "out-b")
        if json.loads(a["run.json"])["config"]["teacher"]["model"] != json.loads(b["run.json"])["config"]["teacher"]["model"]:
            sys.exit("FAIL: run.json config differs")
        if sorted(a) != sorted(b):
            sys.exit(f"FAIL: different files: only in interrupted {sorted(set(a) - set(b))}, "
                     f"only in uninterrupted {sorted(set(b) - set(a))}")
        for name in sorted(a):
            if name == "run.json":
                ja, jb = json.loads(a[name]), json.loads(b[name])
                # The two runs differ in their server's port and output path only.
                for k in ("started_at", "updated_at", "duration_seconds", "config", "config_hash"):
                    ja.pop(k, None)
                    jb.pop(k, None)
                if ja != jb:
                    sys.exit(f"FAIL: run.json differs beyond timestamps:\n{json.dumps(ja, indent=1)}\n{json.dumps(jb, indent=1)}")
            elif name == "README.md":
                # The dataset card names the server's URL and the config hash, which differ with its port.
                def card(t):
                    r = json.loads(t["run.json"])
                    text = t[name].replace(r["config_hash"].encode(), b"HASH")
                    return text.replace(r["config"]["teacher"]["base_url"].encode(), b"URL")
                if card(a) != card(b):
                    sys.exit("FAIL: README.md (the dataset card) differs beyond the server's URL and the config hash")
            elif a[name] != b[name]:
                sys.exit(f"FAIL: {name} differs (sha256 {hashlib.sha256(a[name]).hexdigest()[:12]} vs "
                         f"{hashlib.sha256(b[name]).hexdigest()[:12]})")
        if set(prompts_a) != set(prompts_b):
            sys.exit("FAIL: the interrupted run asked a different set of prompts")
        resent = len(prompts_a) - len(set(prompts_a))
        bound = kills * 2 * 4  # kills × concurrency (requests in flight) × batch size (prompts per request)
        if resent > bound:
            sys.exit(f"FAIL: {resent} prompts re-sent, more than could be in flight at {kills} kills ({bound})")
        reasons = {}
        for line in a.get("rejects.jsonl", b"").decode().splitlines():
            reason = json.loads(line)["reason"]
            reasons[reason] = reasons.get(reason, 0) + 1
        records = json.loads(a["run.json"])["splits"]
        total = sum(s["samples"] + sum(s["filtered"].values()) for s in records.values())
        for reason in ("empty_completion", "no_answer_phrase", "duplicate_input"):
            if reasons.get(reason, 0) == 0:
                sys.exit(f"FAIL: no {reason} rejects; the check needs them ({reasons})")
        if sum(reasons.values()) < 0.01 * total:
            sys.exit(f"FAIL: only {sum(reasons.values())} rejects of {total} records; the check needs at least 1%")
        shards = sum(1 for n in a if n.endswith(".mds.zstd"))
        parquet = sum(1 for n in a if n.endswith(".parquet"))
        if "parquet" in args.formats and parquet != shards:
            sys.exit(f"FAIL: {parquet} Parquet files for {shards} shards")
        print(f"resume check passed: {kills} SIGKILLs, {attempts} starts, {len(a)} files ({shards} shards, {parquet} Parquet files, "
              f"rejects.jsonl with {sum(reasons.values())} of {total} records: "
              + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
              + f", dedup keys) byte-identical; {len(set(prompts_b))} distinct prompts, {resent} re-sent after "
              f"kills (in flight), 0 on the finished rerun")


if __name__ == "__main__":
    main()
