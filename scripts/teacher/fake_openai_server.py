#!/usr/bin/env python3
"""A fault-injecting OpenAI-compatible test server on loopback.

Needs: Python 3.8+ standard library only.
Run:   python3 scripts/teacher/fake_openai_server.py --port 0 --log /tmp/requests.jsonl \
           --faults '429=1@2,500@3+4,drop@5,malformed@6,short@7' --delay 0.01

It answers POST /v1/completions (a `prompt` string or list: one choice per prompt, with
its `index`) and POST /v1/chat/completions (one conversation), GET /v1/models.
Completions are deterministic: the --reply template with {hash} (first 12 hex digits of
the SHA-256 of the prompt text, or of the messages as compact JSON) and {n} (the prompt's
length in characters). --reply-when TEXT=TEMPLATE (repeatable) answers the prompts that
contain TEXT with TEMPLATE instead, prompt by prompt (so the answer does not depend on
which prompts share a request): e.g. `--reply-when 'zebra='` for an empty completion.
--sample-replies 'T0|T1|…' picks the template by sample: choice j of a request with `n`
(n > 1 gives n choices per prompt, index = prompt × n + j, as OpenAI does; --ignore-n
answers one) plus the request's `seed` (0 when absent), modulo the list's length — so
samples asked as n choices and samples asked one by one with seeds seed+j get the same
replies. Templates also take {sample} (that number) and {seed}.
Every 200 carries `usage`: prompt tokens = UTF-8 bytes of each prompt / 4 (rounded up,
counted once per prompt whatever n), completion tokens = bytes / 4 + 1 per choice,
`prompt_tokens_details.cached_tokens` = --cached-tokens per prompt; --no-usage leaves it
out. The usage sent is logged with the request (`usage`).
The first line on stdout is the port it listens on (useful with --port 0); everything
else goes to stderr.

--faults is a comma-separated list of rules KIND[=ARG]@SELECTOR:
  KIND      delay=SECONDS   answer normally after sleeping
            429[=SECONDS]   429 Too Many Requests, with Retry-After when SECONDS given
            500, 503, 502   that status with an OpenAI-style error body
            400, 401, 404   that status (errors a client must not retry)
            drop            close the connection without answering
            malformed       200 with a body that is not JSON
            short[=K]       200 without the choices of the last K prompts (default 1)
            extra           200 with one more choice whose index is out of range
            length          200 with finish_reason "length" on every choice
  SELECTOR  N | N-M         request numbers (1-based, in arrival order, all endpoints)
            %K              every K-th request
            *               every request
            ~TEXT           every request whose body contains TEXT
            items joined with '+', e.g. 500@2+5-7
The first matching rule wins. Every request is logged to --log as one JSON line:
  {"n", "method", "path", "headers", "body", "fault", "status", "in_flight", "start", "end"}
written just before the answer goes out (status 0: dropped), so a client that has its
answer finds its request in the log; in_flight counts requests being handled when this one
arrived (itself included).
"""

import argparse
import hashlib
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Rule:
    def __init__(self, text):
        if "@" not in text:
            raise ValueError(f"fault rule {text!r}: expected KIND[=ARG]@SELECTOR")
        kind, selector = text.split("@", 1)
        self.kind, _, arg = kind.partition("=")
        self.arg = arg or None
        known = {"delay", "429", "500", "502", "503", "400", "401", "404", "drop", "malformed", "short", "extra", "length"}
        if self.kind not in known:
            raise ValueError(f"fault rule {text!r}: unknown kind {self.kind!r}")
        if self.kind == "delay" and self.arg is None:
            raise ValueError(f"fault rule {text!r}: delay needs seconds, e.g. delay=0.5@3")
        self.items = []
        for item in selector.split("+"):
            if item == "*":
                self.items.append(("all", None))
            elif item.startswith("%"):
                self.items.append(("every", int(item[1:])))
            elif item.startswith("~"):
                self.items.append(("contains", item[1:]))
            elif "-" in item:
                lo, hi = item.split("-", 1)
                self.items.append(("range", (int(lo), int(hi))))
            else:
                self.items.append(("range", (int(item), int(item))))

    def matches(self, n, body_text):
        for kind, value in self.items:
            if kind == "all":
                return True
            if kind == "every" and value > 0 and n % value == 0:
                return True
            if kind == "contains" and value in body_text:
                return True
            if kind == "range" and value[0] <= n <= value[1]:
                return True
        return False

    def name(self):
        return self.kind if self.arg is None else f"{self.kind}={self.arg}"


class State:
    def __init__(self, args):
        self.args = args
        self.rules = [Rule(r) for r in args.faults.split(",") if r.strip()] if args.faults else []
        self.lock = threading.Lock()
        self.count = 0
        self.in_flight = 0
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def begin(self):
        with self.lock:
            self.count += 1
            self.in_flight += 1
            return self.count, self.in_flight

    def end(self):
        with self.lock:
            self.in_flight -= 1

    def write_log(self, entry):
        if self.log is None:
            return
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        with self.lock:
            self.log.write(line + "\n")
            self.log.flush()


def reply_for(args, prompt_text, choice=0, seed=None):
    for text, template in args.reply_when:
        if text in prompt_text:
            return reply_text(template, prompt_text, choice, seed)
    if args.sample_replies is not None:
        templates = args.sample_replies.split("|")
        sample = choice + (seed or 0)
        return reply_text(templates[sample % len(templates)], prompt_text, choice, seed)
    return reply_text(args.reply, prompt_text, choice, seed)


def reply_text(template, prompt_text, choice=0, seed=None):
    digest = hashlib.sha256(prompt_text.encode("utf-8")).hexdigest()[:12]
    sample = choice + (seed or 0)
    return (template.replace("{hash}", digest).replace("{n}", str(len(prompt_text)))
            .replace("{sample}", str(sample)).replace("{seed}", str(seed)))


def tokens(text):
    return (len(text.encode("utf-8")) + 3) // 4


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm
    # and the client's delayed ACK add ~40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True
    server_version = "FakeOpenAI/1.0"

    def log_message(self, format, *args):  # keep stderr quiet; the JSON log has it all
        pass

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode("utf-8")
        self.send_bytes(status, data, "application/json", headers)

    def send_bytes(self, status, data, content_type, headers=None):
        self.log_request_entry(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        state = self.server.state
        if self.path.rstrip("/") == "/v1/models":
            self.send_json(200, {"object": "list", "data": [{"id": state.args.model, "object": "model"}]})
        else:
            self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def log_request_entry(self, status):
        """Logs the current request once, before its answer is written, so that a client
        that has its answer always finds the request in the log."""
        entry = getattr(self, "entry", None)
        if entry is None:
            return
        self.entry = None
        entry["status"] = status
        entry["end"] = time.time()
        self.server.state.end()
        self.server.state.write_log(entry)

    def do_POST(self):
        state = self.server.state
        n, in_flight = state.begin()
        start = time.time()
        entry = {"n": n, "method": "POST", "path": self.path, "headers": dict(self.headers.items()),
                 "in_flight": in_flight, "start": start}
        self.entry = entry
        try:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if len(raw) < length:
                # The client gave up before sending the whole body (e.g. after a timeout).
                entry["body_incomplete"] = True
            body_text = raw.decode("utf-8", errors="replace")
            try:
                body = json.loads(body_text)
                entry["body"] = body
            except ValueError:
                body = None
                entry["body"] = body_text
            rule = next((r for r in state.rules if r.matches(n, body_text)), None)
            entry["fault"] = rule.name() if rule else None
            try:
                self.answer(body, rule, n)
            except (BrokenPipeError, ConnectionResetError):
                entry["client_closed"] = True
                self.close_connection = True
        finally:
            self.log_request_entry(entry.get("status", "error"))

    def answer(self, body, rule, n):
        state = self.server.state
        args = state.args
        kind = rule.kind if rule else None
        delay = args.delay + (float(rule.arg) if kind == "delay" else 0.0)
        if delay > 0:
            time.sleep(delay)
        if kind == "drop":
            self.log_request_entry(0)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return 0
        if kind == "429":
            headers = {"Retry-After": rule.arg} if rule.arg else {}
            self.send_json(429, {"error": {"message": "Rate limit reached, slow down", "type": "rate_limit"}}, headers)
            return 429
        if kind in ("500", "502", "503", "400", "401", "404"):
            code = int(kind)
            self.send_json(code, {"error": {"message": f"injected HTTP {code} for request {n}", "type": "injected"}})
            return code
        if kind == "malformed":
            self.send_bytes(200, b'{"choices": [ {"index": 0, "text": "cut', "application/json")
            return 200
        if not isinstance(body, dict):
            self.send_json(400, {"error": {"message": "the body must be a JSON object", "type": "invalid_request"}})
            return 400
        finish = "length" if kind == "length" else "stop"
        per_prompt = body.get("n", 1)
        if not isinstance(per_prompt, int) or isinstance(per_prompt, bool) or per_prompt < 1:
            self.send_json(400, {"error": {"message": "n must be a positive integer", "type": "invalid_request"}})
            return 400
        if args.ignore_n:
            per_prompt = 1
        seed = body.get("seed") if isinstance(body.get("seed"), int) else None
        if self.path.rstrip("/") == "/v1/completions":
            prompts = body.get("prompt")
            if isinstance(prompts, str):
                prompts = [prompts]
            if not isinstance(prompts, list) or not all(isinstance(p, str) for p in prompts) or not prompts:
                self.send_json(400, {"error": {"message": "prompt must be a string or a list of strings", "type": "invalid_request"}})
                return 400
            choices = [{"index": i * per_prompt + j, "text": reply_for(args, p, j, seed), "logprobs": None,
                        "finish_reason": finish}
                       for i, p in enumerate(prompts) for j in range(per_prompt)]
            texts = prompts
            obj_type = "text_completion"
        elif self.path.rstrip("/") == "/v1/chat/completions":
            messages = body.get("messages")
            if not isinstance(messages, list) or not messages:
                self.send_json(400, {"error": {"message": "messages must be a non-empty list", "type": "invalid_request"}})
                return 400
            text = json.dumps(messages, ensure_ascii=False, separators=(",", ":"))
            choices = [{"index": j, "message": {"role": "assistant", "content": reply_for(args, text, j, seed)},
                        "finish_reason": finish} for j in range(per_prompt)]
            texts = ["".join(str(m.get("content", "")) for m in messages if isinstance(m, dict))]
            obj_type = "chat.completion"
        else:
            self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return 404
        if kind == "short":
            drop = int(rule.arg or 1)
            choices = choices[:max(0, len(choices) - drop)]
        if kind == "extra":
            extra = dict(choices[-1])
            extra["index"] = len(choices) + 5
            choices.append(extra)
        answer = {"id": f"cmpl-{n}", "object": obj_type, "created": int(time.time()),
                  "model": body.get("model", args.model), "choices": choices}
        if not args.no_usage:
            prompt_tokens = sum(tokens(t) for t in texts)
            completion_tokens = sum(tokens(c.get("text") or c.get("message", {}).get("content", "")) + 1 for c in choices)
            usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                     "total_tokens": prompt_tokens + completion_tokens}
            if args.cached_tokens:
                usage["prompt_tokens_details"] = {"cached_tokens": min(prompt_tokens, args.cached_tokens * len(texts))}
            answer["usage"] = usage
            self.entry["usage"] = usage
        self.send_json(200, answer)
        return 200


def watch_parent():
    """Exits when the process that started us is gone (a test that crashed or forgot to
    stop us), so no server outlives its test run or holds its output pipes open."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on stdout)")
    parser.add_argument("--log", help="append one JSON line per request to this file")
    parser.add_argument("--faults", default="", help="fault rules, see the module doc")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before every answer")
    parser.add_argument("--reply", default="Rationale {hash}. So the answer is neutral.",
                        help="completion template: {hash}, {n}")
    parser.add_argument("--reply-when", action="append", default=[], metavar="TEXT=TEMPLATE",
                        type=lambda v: tuple(v.split("=", 1)) if "=" in v else parser.error(f"--reply-when {v!r}: expected TEXT=TEMPLATE"),
                        help="answer prompts containing TEXT with TEMPLATE (repeatable; the first match wins)")
    parser.add_argument("--sample-replies", default=None, metavar="T0|T1|…",
                        help="templates picked by (choice index + seed) modulo their count")
    parser.add_argument("--ignore-n", action="store_true", help="answer one choice per prompt whatever n says")
    parser.add_argument("--no-usage", action="store_true", help="send no usage object")
    parser.add_argument("--cached-tokens", type=int, default=0, help="cached prompt tokens reported per prompt")
    parser.add_argument("--model", default="fake-model")
    args = parser.parse_args()
    # A parent that runs threads (a Swift test) may start us with SIGTERM/SIGINT blocked.
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    try:
        state = State(args)
    except ValueError as e:
        print(f"fake_openai_server: {e}", file=sys.stderr)
        sys.exit(2)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.state = state
    print(server.server_address[1], flush=True)
    watch_parent()
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
