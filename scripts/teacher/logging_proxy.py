#!/usr/bin/env python3
"""A logging pass-through proxy in front of a real OpenAI-compatible server (llama-server).

Needs: Python 3.8+ standard library only.
Run:   python3 scripts/teacher/logging_proxy.py --upstream http://127.0.0.1:8080 \
           --port 0 --log /tmp/requests.jsonl
       # first stdout line: the port; base_url is http://127.0.0.1:<port>/v1

Every request is forwarded unchanged (method, path, body, Content-Type and Authorization)
and the upstream's answer is passed back unchanged (status, Content-Type, body). One JSON
line per request goes to --log, written before the answer goes out (so a client holding its
answer finds its request in the log):
  {"n", "method", "path", "status", "start", "end", "upstream_s",
   "prompts": [sha256[:16] of each prompt string, or of the messages as compact JSON],
   "params": {max_tokens, temperature, n, seed, stop, ...},
   "choices": [{"index", "finish_reason", "chars", "text_sha"}], "usage": {...} | null,
   "timings": {...} | null, "error": "..." | null, "client_closed": bool}
The acceptance script counts requests, prompts and tokens from it, and checks that a
resumed run does not send a prompt again.
"""

import argparse
import hashlib
import http.client
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PARAM_KEYS = ("model", "max_tokens", "temperature", "top_p", "n", "seed", "stop", "stream")


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def prompt_digests(body):
    if not isinstance(body, dict):
        return []
    if "messages" in body:
        return [digest(json.dumps(body["messages"], ensure_ascii=False, separators=(",", ":"), sort_keys=True))]
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        return [digest(prompt)]
    if isinstance(prompt, list):
        return [digest(p) if isinstance(p, str) else digest(json.dumps(p)) for p in prompt]
    return []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.forward(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.forward(self.rfile.read(length) if length else b"")

    def forward(self, raw):
        server = self.server
        with server.lock:
            server.count += 1
            n = server.count
        entry = {"n": n, "method": self.command, "path": self.path, "start": time.time()}
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        entry["prompts"] = prompt_digests(body)
        if isinstance(body, dict):
            entry["params"] = {k: body[k] for k in PARAM_KEYS if k in body}
            extra = sorted(k for k in body if k not in PARAM_KEYS and k not in ("prompt", "messages"))
            if extra:
                entry["params"]["other_keys"] = extra
        headers = {"Content-Type": self.headers.get("Content-Type", "application/json")}
        if self.headers.get("Authorization"):
            headers["Authorization"] = self.headers["Authorization"]
            entry["authorization"] = True
        t0 = time.time()
        try:
            conn = http.client.HTTPConnection(server.upstream.hostname, server.upstream.port, timeout=server.timeout)
            conn.request(self.command, self.path, body=raw if self.command == "POST" else None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            status, ctype = resp.status, resp.getheader("Content-Type", "application/json")
            conn.close()
        except OSError as e:
            status, ctype, data = 502, "application/json", json.dumps(
                {"error": {"message": f"proxy: upstream failed: {e}", "type": "proxy"}}).encode()
        entry["upstream_s"] = round(time.time() - t0, 4)
        entry["status"] = status
        try:
            answer = json.loads(data)
        except ValueError:
            answer = None
        if isinstance(answer, dict):
            if isinstance(answer.get("choices"), list):
                entry["choices"] = []
                for c in answer["choices"]:
                    if not isinstance(c, dict):
                        continue
                    text = c.get("text")
                    if text is None:
                        text = (c.get("message") or {}).get("content") or ""
                    entry["choices"].append({"index": c.get("index"), "finish_reason": c.get("finish_reason"),
                                             "chars": len(text), "text_sha": digest(text)})
            entry["usage"] = answer.get("usage")
            entry["timings"] = answer.get("timings")
            if "error" in answer:
                entry["error"] = answer["error"]
        entry["end"] = time.time()
        try:
            server.write_log(entry)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            entry["client_closed"] = True
            server.write_log({"n": n, "client_closed": True, "end": time.time()})  # no "path": not a request
            self.close_connection = True


class Proxy(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, addr, upstream, log, timeout):
        super().__init__(addr, Handler)
        self.upstream = urllib.parse.urlsplit(upstream)
        self.timeout = timeout
        self.lock = threading.Lock()
        self.count = 0
        self.log = open(log, "a", encoding="utf-8") if log else None

    def write_log(self, entry):
        if self.log is None:
            return
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        with self.lock:
            self.log.write(line + "\n")
            self.log.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upstream", required=True, help="e.g. http://127.0.0.1:8080 (no /v1)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", help="append one JSON line per request to this file")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for the upstream")
    args = parser.parse_args()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server = Proxy((args.host, args.port), args.upstream, args.log, args.timeout)
    print(server.server_address[1], flush=True)
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
