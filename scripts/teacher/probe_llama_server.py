#!/usr/bin/env python3
"""Probes a running llama-server (OpenAI-compatible) for everything where it differs from
scripts/teacher/fake_openai_server.py, and saves one raw response of each kind as a fixture.

Needs: Python 3.8+ standard library only. The server must run with --metrics.
Run:   python3 scripts/teacher/probe_llama_server.py --base http://127.0.0.1:8080 \
           [--fixtures scripts/teacher/llama_server_responses] [--n-parallel 4] [--ctx 4096]

Prints one line per finding (`probe: <what>: <observed>`), then a JSON summary line
(`probe-json: {...}`). Exits 1 when a request the acceptance relies on fails (the server
does not answer /v1/completions or /v1/chat/completions with choices), 0 otherwise: the
differences themselves are reported, not judged.

Fixtures (raw response bodies, long texts trimmed to 160 characters) are written to
--fixtures as <name>.json, with requests.json naming the endpoint, HTTP status and request
body of each.
"""

import argparse
import copy
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request

FINDINGS = {}


def say(key, text, value=None):
    FINDINGS[key] = value if value is not None else text
    print(f"probe: {key}: {text}", flush=True)


def post(base, path, body, timeout=300, headers=None):
    data = json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    t0 = time.time()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        raw = e.read()
        status = e.code
    elapsed = time.time() - t0
    try:
        obj = json.loads(raw)
    except ValueError:
        obj = {"_not_json": raw[:400].decode("utf-8", "replace")}
    return status, obj, elapsed


def get(base, path, timeout=30):
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def metrics(base):
    _, text = get(base, "/metrics")
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, _, value = line.rpartition(" ")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            pass
    return out


def trim(obj, limit=160):
    if isinstance(obj, dict):
        return {k: trim(v, limit) for k, v in obj.items()}
    if isinstance(obj, list):
        return [trim(v, limit) for v in obj]
    if isinstance(obj, str) and len(obj) > limit:
        return obj[:limit] + f"…[{len(obj) - limit} more characters trimmed]"
    return obj


class Fixtures:
    def __init__(self, directory):
        self.dir = directory
        self.index = {}
        if directory:
            os.makedirs(directory, exist_ok=True)

    def save(self, name, path, body, status, obj, note):
        if not self.dir:
            return
        req = copy.deepcopy(body)
        self.index[name] = {"endpoint": path, "status": status, "note": note, "request": trim(req, 200)}
        with open(os.path.join(self.dir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(trim(obj), f, indent=2, ensure_ascii=False)
            f.write("\n")

    def finish(self):
        if not self.dir:
            return
        with open(os.path.join(self.dir, "requests.json"), "w", encoding="utf-8") as f:
            json.dump(self.index, f, indent=2, ensure_ascii=False)
            f.write("\n")


def texts(obj):
    out = []
    for c in obj.get("choices") or []:
        out.append(c.get("text") if "text" in c else (c.get("message") or {}).get("content"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, help="http://127.0.0.1:PORT (no /v1)")
    ap.add_argument("--fixtures", help="directory for the raw responses")
    ap.add_argument("--n-parallel", type=int, default=4, help="the server's --parallel")
    ap.add_argument("--ctx", type=int, default=4096, help="the server's context size (-c)")
    ap.add_argument("--model", default="local")
    ap.add_argument("--abandon-tokens", type=int, default=300,
                    help="max_tokens of the request the client abandons (the probe waits until the server is idle)")
    args = ap.parse_args()
    base, fx = args.base.rstrip("/"), Fixtures(args.fixtures)
    ok = True
    qa = ["Q: Tom has 3 apples and buys 4 more. How many apples does he have?\nA:",
          "Q: What colour is the sky on a clear day?\nA:",
          "Q: Is a review that says 'great product, works perfectly' positive or negative?\nA:"]
    common = {"model": args.model, "max_tokens": 24, "temperature": 0, "stop": ["\n\nQ:"]}

    # /v1/models
    status, text = get(base, "/v1/models")
    models = json.loads(text)
    say("models", f"HTTP {status}; ids {[m.get('id') for m in models.get('data', [])]}; top-level keys {sorted(models)}",
        {"status": status, "ids": [m.get("id") for m in models.get("data", [])]})

    # completions, one prompt
    body = dict(common, prompt=qa[0])
    status, single, t = post(base, "/v1/completions", body)
    fx.save("completions_single", "/v1/completions", body, status, single, "one prompt, temperature 0, max_tokens 24")
    if status != 200 or not single.get("choices"):
        ok = False
    say("completions.single.shape",
        f"HTTP {status}; keys {sorted(single)}; choice keys {sorted(single['choices'][0]) if single.get('choices') else None}; "
        f"usage {single.get('usage')}; finish_reason {[c.get('finish_reason') for c in single.get('choices', [])]}; "
        f"model field {single.get('model')!r} (sent {args.model!r}); {t:.2f} s",
        {"status": status, "keys": sorted(single), "usage": single.get("usage"),
         "model": single.get("model"), "choice_keys": sorted(single["choices"][0]) if single.get("choices") else None})

    # each prompt alone (for usage and determinism comparisons)
    alone = []
    for p in qa:
        s, o, _ = post(base, "/v1/completions", dict(common, prompt=p))
        alone.append(o)

    # completions, a list of prompts
    body = dict(common, prompt=qa)
    status, lst, t = post(base, "/v1/completions", body)
    fx.save("completions_list", "/v1/completions", body, status, lst,
            "a list of 3 prompts: one choice per prompt; usage is the FIRST prompt's only")
    if status != 200 or len(lst.get("choices") or []) != len(qa):
        ok = False
    sum_prompt = sum(o["usage"]["prompt_tokens"] for o in alone)
    sum_compl = sum(o["usage"]["completion_tokens"] for o in alone)
    u = lst.get("usage") or {}
    say("completions.list.usage",
        f"list of {len(qa)} prompts: usage {u}; the prompts alone: prompt_tokens "
        f"{[o['usage']['prompt_tokens'] for o in alone]} (sum {sum_prompt}), completion_tokens "
        f"{[o['usage']['completion_tokens'] for o in alone]} (sum {sum_compl}); "
        f"usage counts only the first prompt: {u.get('prompt_tokens') == alone[0]['usage']['prompt_tokens'] and u.get('completion_tokens') == alone[0]['usage']['completion_tokens']}",
        {"list_usage": u, "alone_prompt": [o["usage"]["prompt_tokens"] for o in alone],
         "alone_completion": [o["usage"]["completion_tokens"] for o in alone]})
    say("completions.list.choices",
        f"{len(lst.get('choices', []))} choices, indexes {[c.get('index') for c in lst.get('choices', [])]}, "
        f"per-choice keys {sorted(lst['choices'][0]) if lst.get('choices') else None} (no per-choice usage); "
        f"top-level timings describe {'the first prompt only' if 'timings' in lst else 'nothing'}",
        {"indexes": [c.get("index") for c in lst.get("choices", [])]})
    same = [a == b for a, b in zip(texts(lst), [texts(o)[0] for o in alone])]
    say("completions.list.determinism",
        f"temperature 0: text in the list equal to the prompt alone: {same}", same)

    # stop sequence: included in the text?
    body = dict(common, prompt="Count: 1, 2, 3,", max_tokens=40, stop=[" 6"])
    status, o, _ = post(base, "/v1/completions", body)
    txt = texts(o)[0] if o.get("choices") else None
    say("completions.stop",
        f"stop [' 6']: text {txt!r}, finish_reason {o['choices'][0].get('finish_reason') if o.get('choices') else None}, "
        f"stop string included: {txt is not None and ' 6' in txt}")
    body = dict(common, prompt=qa[1], max_tokens=3)
    status, o, _ = post(base, "/v1/completions", body)
    say("completions.length", f"max_tokens 3: finish_reason {o['choices'][0].get('finish_reason') if o.get('choices') else o}, "
        f"completion_tokens {o.get('usage', {}).get('completion_tokens')}")

    # n = 3 on completions
    for temp in (0, 0.8):
        body = dict(common, prompt=qa[1], n=3, temperature=temp, seed=7)
        status, o, t = post(base, "/v1/completions", body)
        if temp == 0.8:
            fx.save("completions_n3", "/v1/completions", body, status, o, "n 3, temperature 0.8, seed 7")
        t3 = texts(o)
        say(f"completions.n3.t{temp}",
            f"HTTP {status}; {len(o.get('choices') or [])} choices, indexes {[c.get('index') for c in o.get('choices') or []]}, "
            f"{len(set(t3))} distinct texts; usage {o.get('usage')}" if status == 200 else f"HTTP {status}: {o}",
            {"status": status, "choices": len(o.get("choices") or []), "distinct": len(set(t3)), "usage": o.get("usage")})
    # a list of 2 prompts with n = 2: how are indexes laid out?
    body = dict(common, prompt=qa[:2], n=2, temperature=0.8, seed=7)
    status, o, _ = post(base, "/v1/completions", body)
    say("completions.list_n2",
        f"HTTP {status}; indexes {[c.get('index') for c in o.get('choices') or []]} "
        f"(prompt-major: index = prompt*n + sample); usage {o.get('usage')}" if status == 200 else f"HTTP {status}: {o}")
    # n above the server's slots
    body = dict(common, prompt=qa[1], n=args.n_parallel + 1)
    status, o, _ = post(base, "/v1/completions", body)
    fx.save("error_n_above_parallel", "/v1/completions", body, status, o, f"n = --parallel + 1 = {args.n_parallel + 1}")
    say("completions.n_above_parallel", f"n={args.n_parallel + 1} with --parallel {args.n_parallel}: HTTP {status}: {json.dumps(o)[:300]}",
        {"status": status, "body": o})

    # chat
    chat_msgs = [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": qa[0][3:-3]}]
    body = {"model": args.model, "messages": chat_msgs, "max_tokens": 24, "temperature": 0}
    status, chat, t = post(base, "/v1/chat/completions", body)
    fx.save("chat", "/v1/chat/completions", body, status, chat, "one conversation, temperature 0")
    if status != 200 or not chat.get("choices"):
        ok = False
    say("chat.shape",
        f"HTTP {status}; keys {sorted(chat)}; choice keys {sorted(chat['choices'][0]) if chat.get('choices') else None}; "
        f"message keys {sorted(chat['choices'][0].get('message', {})) if chat.get('choices') else None}; usage {chat.get('usage')}; "
        f"finish_reason {[c.get('finish_reason') for c in chat.get('choices', [])]}",
        {"status": status, "keys": sorted(chat), "usage": chat.get("usage")})
    body = {"model": args.model, "messages": chat_msgs, "max_tokens": 24, "temperature": 0.8, "seed": 7, "n": 3}
    status, o, _ = post(base, "/v1/chat/completions", body)
    fx.save("chat_n3", "/v1/chat/completions", body, status, o, "n 3, temperature 0.8, seed 7")
    say("chat.n3",
        f"HTTP {status}; {len(o.get('choices') or [])} choices, indexes {[c.get('index') for c in o.get('choices') or []]}, "
        f"{len(set(texts(o)))} distinct texts; usage {o.get('usage')}" if status == 200 else f"HTTP {status}: {o}",
        {"status": status, "choices": len(o.get("choices") or []), "usage": o.get("usage")})

    # seed
    runs = {}
    for seed in (42, 42, 43):
        body = dict(common, prompt=qa[1], temperature=1.0, seed=seed, max_tokens=24)
        _, o, _ = post(base, "/v1/completions", body)
        runs.setdefault(seed, []).append(texts(o)[0] if o.get("choices") else None)
    say("seed", f"temperature 1.0: seed 42 twice equal: {runs[42][0] == runs[42][1]}; seed 43 differs from 42: {runs[43][0] != runs[42][0]}",
        {"same_seed_equal": runs[42][0] == runs[42][1], "other_seed_differs": runs[43][0] != runs[42][0]})

    # prompt caching: the same prompt again
    _, o, _ = post(base, "/v1/completions", dict(common, prompt=qa[2]))
    say("usage.cached_tokens", f"the same prompt a second time: usage {o.get('usage')} (prompt_tokens stays the full prompt; "
        f"prompt_tokens_details.cached_tokens counts the reused prefix)")

    # a prompt longer than the context
    long_prompt = "word " * (args.ctx + 500)
    body = dict(common, prompt=long_prompt)
    status, o, t = post(base, "/v1/completions", body)
    fx.save("error_context", "/v1/completions", body, status, o, f"a prompt of ~{args.ctx + 500} tokens, context {args.ctx}")
    say("error.context", f"prompt longer than the context (-c {args.ctx} is split among --parallel {args.n_parallel} slots): HTTP {status} after {t:.2f} s: {json.dumps(o)[:400]}",
        {"status": status, "body": o})
    body = dict(common, prompt=[qa[0], long_prompt])
    status, o, t = post(base, "/v1/completions", body)
    say("error.context_in_list", f"one of 2 prompts too long: HTTP {status}: {json.dumps(trim(o, 80))[:400]}",
        {"status": status})
    body = {"model": args.model, "messages": [{"role": "user", "content": long_prompt}], "max_tokens": 8}
    status, o, t = post(base, "/v1/chat/completions", body)
    say("error.context_chat", f"chat message longer than the context: HTTP {status}: {json.dumps(o)[:300]}")

    # other bad requests
    for name, b in [("empty_string_prompt", dict(common, prompt="")), ("empty_list_prompt", dict(common, prompt=[])),
                    ("no_prompt", {"model": args.model, "max_tokens": 4}),
                    ("bad_json_type", dict(common, prompt=qa[0], max_tokens="ten"))]:
        status, o, _ = post(base, "/v1/completions", b)
        say(f"request.{name}", f"HTTP {status}: {json.dumps(trim(o, 100))[:300]}")
    status, o, _ = post(base, "/v1/completions", dict(common, prompt=qa[0], model="no-such-model"))
    say("request.unknown_model", f"model 'no-such-model': HTTP {status}, answers as {o.get('model')!r}")
    status, o, _ = post(base, "/v1/completions", dict(common, prompt=qa[0]), headers={"Authorization": "Bearer sk-anything"})
    say("request.authorization", f"Authorization header while the server has no --api-key: HTTP {status}")

    # llama.cpp's own /completions (base_url without /v1)
    body = dict(common, prompt=qa[0])
    status, o, _ = post(base, "/completions", body)
    fx.save("native_completions_no_v1", "/completions", body, status, o, "base_url without /v1: llama.cpp's own API, not OpenAI's")
    say("no_v1", f"POST /completions (no /v1): HTTP {status}; keys {sorted(o)[:12]}…; has choices: {'choices' in o}")

    # the client gives up (a timeout): does the server stop generating?
    before = metrics(base)
    body = dict(common, prompt="Write a very long story about a dragon.\n", max_tokens=args.abandon_tokens, stop=[],
                ignore_eos=True)
    req = urllib.request.Request(base + "/v1/completions", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    t0 = time.time()
    try:
        urllib.request.urlopen(req, timeout=1.5)
        gave_up = None
    except (socket.timeout, urllib.error.URLError, TimeoutError):
        gave_up = time.time() - t0
    idle_after = None
    while time.time() - t0 < 180:
        m = metrics(base)
        if m.get("llamacpp:requests_processing", 0) == 0 and m.get("llamacpp:requests_deferred", 0) == 0:
            idle_after = time.time() - t0
            break
        time.sleep(1.5)  # faster polling delays the server's check of abandoned requests
    after = metrics(base)
    predicted = after.get("llamacpp:tokens_predicted_total", 0) - before.get("llamacpp:tokens_predicted_total", 0)
    say("timeout.abandoned",
        f"a non-streaming request (max_tokens {args.abandon_tokens}, ignore_eos) whose client gave up after "
        f"{gave_up if gave_up is None else round(gave_up, 1)} s: the server was idle again "
        f"{idle_after if idle_after is None else round(idle_after, 1)} s after it was sent, having predicted "
        f"{predicted:.0f} tokens (the server log's 'stop: cancel task' line says when it noticed)",
        {"gave_up_s": gave_up, "idle_after_s": idle_after, "predicted": predicted, "max_tokens": args.abandon_tokens})

    fx.finish()
    print("probe-json: " + json.dumps(FINDINGS, ensure_ascii=False, default=str), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
