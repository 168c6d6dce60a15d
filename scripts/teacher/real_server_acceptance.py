#!/usr/bin/env python3
"""The scenarios of scripts/teacher/real_server_acceptance.sh, against a running llama-server
and the logging proxy in front of it (scripts/teacher/logging_proxy.py). Standard library only.

  python3 scripts/teacher/real_server_acceptance.py --stepwise BIN --root REPO --work DIR \
      --server http://127.0.0.1:PORT --proxy http://127.0.0.1:PROXY_PORT \
      --requests-log DIR/requests.jsonl [--limit 12] [--only A,B,...]

Scenarios (the review pipeline, scripts/teacher/pipelines/reviews-llama.yaml):
  completions-bs1   api completions, batch_size 1
  completions-bs4   api completions, batch_size 4 (usage of a list of prompts: see the figures)
  chat              api chat (prompt style chat)
  kill-resume       batch_size 2, concurrency 1: SIGKILL mid-way, resume; no answered prompt
                    sent again; the cache ends with one row per prompt
  replay            an uninterrupted run from a copy of kill-resume's cache: no request,
                    shards, index.json and rejects.jsonl byte-identical to kill-resume's
  server-down       nothing listens at base_url: exit 1 with the cause on stderr; a plain
                    rerun once the server is there asks again and finishes
  no-v1             base_url without /v1 (llama.cpp's own /completions answers 200 in
                    another shape): stops at the first answer, non-zero, naming /v1
  too-long          one record longer than the server's context in a batch of 2: the list's
                    400 is not retried; its prompts are asked one by one, so the other
                    records are answered, and the run fails at the long one's 400, naming
                    the record and the cause, with nothing sent after it
  samples           samples: 5 with a vote; llama-server refuses n above its slots (4): the
                    samples are asked one per request with seeds 1-4, every answer cached,
                    votes in run.json, verify passes
  timeout           timeout_s shorter than a generation, directly at the server: exit 1
                    naming the timeout; the server is idle soon after (abandoned
                    generations do not pile up)
Every output that finished is checked with `stepwise verify`. Figures per scenario: records,
requests, prompts sent, tokens by the responses' usage and by the server's /metrics, wall time.
Exits 1 when a check fails (all scenarios still run), naming each failed check.
"""

import argparse
import filecmp
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

FAILURES = []
FIGURES = []


def check(cond, what, detail=""):
    mark = "ok  " if cond else "FAIL"
    print(f"  [{mark}] {what}" + (f" — {detail}" if detail else ""), flush=True)
    if not cond:
        FAILURES.append(what + (f" ({detail})" if detail else ""))
    return cond


def info(text):
    print(f"  [info] {text}", flush=True)


class RequestLog:
    def __init__(self, path):
        self.path = path

    def entries(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def mark(self):
        """The number of lines so far (several proxies may append, each counting from 1)."""
        return len(self.entries())

    def since(self, mark):
        return [e for e in self.entries()[mark:] if "path" in e and e["method"] == "POST"]


def metrics(server):
    try:
        with urllib.request.urlopen(server + "/metrics", timeout=10) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, _, value = line.rpartition(" ")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            pass
    return out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Acceptance:
    def __init__(self, args):
        self.a = args
        self.log = RequestLog(args.requests_log)
        with open(os.path.join(args.root, "scripts/teacher/pipelines/reviews-llama.yaml"), encoding="utf-8") as f:
            self.template = f.read()
        self.env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}  # a keyless local server

    # --- helpers ----------------------------------------------------------------------
    def pipeline(self, scenario, **kw):
        values = {"ROOT": self.a.root, "SOURCE": os.path.join(self.a.root, "data/reviews"), "SCENARIO": scenario, "BASE_URL": self.a.proxy + "/v1", "API": "completions",
                  "STYLE": "completion", "BATCH_SIZE": 1, "CONCURRENCY": 2, "MAX_TOKENS": 48, "TIMEOUT_S": 120,
                  "MAX_RETRIES": 2, "LIMIT": self.a.limit, "STOP": json.dumps(["\n\nReview:"]), "OUT": os.path.join(self.a.work, "out", scenario),
                  "CACHE": os.path.join(self.a.work, "cache", scenario + ".sqlite"), "TEACHER_EXTRA": ""}
        values.update({k.upper(): v for k, v in kw.items()})
        text = self.template
        for k, v in values.items():
            text = text.replace(f"@{k}@", str(v))
        left = re.findall(r"@[A-Z_]+@", text)
        assert not left, f"placeholders left in the pipeline: {left}"
        os.makedirs(os.path.join(self.a.work, "pipelines"), exist_ok=True)
        os.makedirs(os.path.dirname(values["CACHE"]), exist_ok=True)
        for suffix in ("", "-wal", "-shm"):  # every scenario starts with an empty cache
            if os.path.exists(values["CACHE"] + suffix):
                os.remove(values["CACHE"] + suffix)
        path = os.path.join(self.a.work, "pipelines", scenario + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path, values

    def stepwise(self, *argv, timeout=1800):
        t0 = time.time()
        p = subprocess.run([self.a.stepwise, *argv], capture_output=True, text=True, env=self.env, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.time() - t0

    def verify(self, out):
        rc, so, se, _ = self.stepwise("verify", out)
        return check(rc == 0, f"stepwise verify {os.path.basename(out)}", f"exit {rc}: {(so + se).strip()[-300:]}")

    def stats(self, out):
        rc, so, se, _ = self.stepwise("stats", out, "--json")
        try:
            return json.loads(so)
        except ValueError:
            return {}

    def figures(self, name, entries, m0, m1, wall, records, extra=None):
        ok = [e for e in entries if e.get("status") == 200]
        prompts = sum(len(e.get("prompts") or []) for e in entries)
        up = sum((e.get("usage") or {}).get("prompt_tokens", 0) for e in ok)
        uc = sum((e.get("usage") or {}).get("completion_tokens", 0) for e in ok)
        ucached = sum(((e.get("usage") or {}).get("prompt_tokens_details") or {}).get("cached_tokens", 0) for e in ok)
        mp = m1.get("llamacpp:prompt_tokens_total", 0) - m0.get("llamacpp:prompt_tokens_total", 0)
        mc = m1.get("llamacpp:tokens_predicted_total", 0) - m0.get("llamacpp:tokens_predicted_total", 0)
        finish = {}
        for e in ok:
            for c in e.get("choices") or []:
                finish[c.get("finish_reason")] = finish.get(c.get("finish_reason"), 0) + 1
        fig = {"scenario": name, "records": records, "requests": len(entries), "requests_ok": len(ok),
               "prompts_sent": prompts, "usage_prompt_tokens": up, "usage_cached_tokens": ucached,
               "usage_completion_tokens": uc, "metrics_prompt_tokens_evaluated": int(mp),
               "metrics_tokens_predicted": int(mc), "finish_reasons": finish, "wall_s": round(wall, 2)}
        fig.update(extra or {})
        FIGURES.append(fig)
        print("  figures: " + ", ".join(f"{k} {v}" for k, v in fig.items() if k != "scenario"), flush=True)
        return fig

    def cache_rows(self, path):
        if not os.path.exists(path):
            return 0, set()
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT completion FROM completions").fetchall()
        finally:
            db.close()
        import hashlib
        return len(rows), {hashlib.sha256(r[0].encode()).hexdigest()[:16] for r in rows}

    def run_scenario(self, name, records, **kw):
        print(f"\n== {name} ==", flush=True)
        path, values = self.pipeline(name, **kw)
        shutil.rmtree(values["OUT"], ignore_errors=True)
        self.wait_idle()
        m0, mark = metrics(self.a.server), self.log.mark()
        rc, so, se, wall = self.stepwise("run", path, "--fresh")
        time.sleep(0.3)
        entries, m1 = self.log.since(mark), metrics(self.a.server)
        check(rc == 0, f"{name}: stepwise run exits 0", f"exit {rc}: {se.strip()[-600:]}")
        return path, values, entries, m0, m1, rc, so, se, wall

    def wait_idle(self, limit=120):
        """Waits until the server processes nothing (at most `limit` seconds). Polls every
        1.5 s: llama-server checks whether an abandoned request's client is gone only after
        a whole second in which no result of any task (a /metrics answer included) arrived,
        so polling faster would keep abandoned generations alive."""
        t0 = time.time()
        while time.time() - t0 < limit:
            m = metrics(self.a.server)
            if m.get("llamacpp:requests_processing", 0) == 0 and m.get("llamacpp:requests_deferred", 0) == 0:
                return time.time() - t0
            time.sleep(1.5)
        return None

    # --- scenarios --------------------------------------------------------------------
    def completions(self, name, batch_size):
        path, values, entries, m0, m1, rc, so, se, wall = self.run_scenario(
            name, self.a.limit, batch_size=batch_size)
        prompts = [p for e in entries for p in e.get("prompts") or []]
        check(all(e.get("path") == "/v1/completions" for e in entries), f"{name}: every request to /v1/completions")
        check(all(len(e.get("prompts") or []) <= batch_size for e in entries), f"{name}: at most {batch_size} prompts per request",
              f"sizes {[len(e.get('prompts') or []) for e in entries]}")
        if batch_size > 1:
            check(any(len(e.get("prompts") or []) > 1 for e in entries), f"{name}: prompts were batched")
        check(len(set(prompts)) == len(prompts) == self.a.limit, f"{name}: each of the {self.a.limit} prompts sent once",
              f"{len(prompts)} sent, {len(set(prompts))} distinct")
        check(all(len(e.get("choices") or []) == len(e.get("prompts") or []) for e in entries if e.get("status") == 200),
              f"{name}: the server answered one choice per prompt")
        rows, _ = self.cache_rows(values["CACHE"])
        check(rows == self.a.limit, f"{name}: cache holds {self.a.limit} completions", f"{rows} rows")
        if rc == 0:
            self.verify(values["OUT"])
        st = self.stats(values["OUT"])
        fig = self.figures(name, entries, m0, m1, wall, self.a.limit, self.sample_counts(st, values["OUT"]))
        if batch_size > 1:
            sizes = [len(e.get("prompts") or []) for e in entries if e.get("status") == 200]
            multi = [e for e in entries if e.get("status") == 200 and len(e.get("prompts") or []) > 1]
            info(f"{name}: usage summed over responses says {fig['usage_prompt_tokens']} prompt / "
                 f"{fig['usage_completion_tokens']} completion tokens for {len(prompts)} prompts in {len(entries)} requests "
                 f"(sizes {sizes}); /metrics counted {fig['metrics_tokens_predicted']} tokens predicted")
            info(f"{name}: {len(multi)} multi-prompt responses carry one usage object (the first prompt's) and "
                 "no per-choice usage")
        self.texts[name] = {p: c.get("text_sha") for e in entries if e.get("status") == 200
                            for p, c in zip(e.get("prompts") or [], sorted(e.get("choices") or [], key=lambda c: c.get("index") or 0))}
        return fig

    def sample_counts(self, st, out_dir=None):
        """Samples, filter reasons and teacher accuracy from `stats --json`; and whatever
        run.json says about the teacher beyond the known keys (usage, once it is counted)."""
        out = {}
        train = (st.get("splits") or {}).get("train") or {}
        if "samples" in train:
            out["samples"] = train["samples"]
        if train.get("filtered"):
            out["filtered"] = train["filtered"]
        if train.get("teacher_accuracy"):
            out["teacher_accuracy"] = train["teacher_accuracy"].get("accuracy")
        if out_dir:
            try:
                with open(os.path.join(out_dir, "run.json"), encoding="utf-8") as f:
                    split = json.load(f)["splits"]["train"]
                known = {"committed_position", "done", "filtered", "rejects_bytes", "samples", "shards",
                         "teacher_accuracy", "truncated"}
                for k in sorted(set(split) - known):
                    out["run.json:" + k] = split[k]
            except (OSError, ValueError, KeyError):
                pass
        return out

    def chat(self):
        name = "chat"
        path, values, entries, m0, m1, rc, so, se, wall = self.run_scenario(
            name, self.a.limit, api="chat", style="chat", batch_size=1)
        check(all(e.get("path") == "/v1/chat/completions" for e in entries), f"{name}: every request to /v1/chat/completions")
        prompts = [p for e in entries for p in e.get("prompts") or []]
        check(len(set(prompts)) == len(prompts) == self.a.limit, f"{name}: each of the {self.a.limit} conversations sent once",
              f"{len(prompts)} sent, {len(set(prompts))} distinct")
        rows, _ = self.cache_rows(values["CACHE"])
        check(rows == self.a.limit, f"{name}: cache holds {self.a.limit} completions", f"{rows} rows")
        if rc == 0:
            self.verify(values["OUT"])
        self.figures(name, entries, m0, m1, wall, self.a.limit, self.sample_counts(self.stats(values["OUT"]), values["OUT"]))

    def kill_resume(self):
        name, limit = "kill-resume", self.a.resume_limit
        print(f"\n== {name} ==", flush=True)
        path, values = self.pipeline(name, batch_size=2, concurrency=1, limit=limit)
        shutil.rmtree(values["OUT"], ignore_errors=True)
        self.wait_idle()
        m0, mark = metrics(self.a.server), self.log.mark()
        t0 = time.time()
        proc = subprocess.Popen([self.a.stepwise, "run", path, "--fresh"], env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        kill_after = max(2, limit // 4)  # answered requests before the kill
        killed = False
        while proc.poll() is None:
            if len([e for e in self.log.since(mark) if e.get("status") == 200]) >= kill_after:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.05)
        proc.wait()
        first_wall = time.time() - t0
        check(killed, f"{name}: the run was killed mid-way (SIGKILL after {kill_after} answered requests)",
              "" if killed else f"it finished first, exit {proc.returncode}")
        # Let the server finish what was in flight at the kill (the proxy logs a request when
        # its answer comes back), then split the log by arrival time.
        self.wait_idle()
        before = self.log.since(mark)
        rows_at_kill, texts_at_kill = self.cache_rows(values["CACHE"])
        info(f"{name}: killed after {first_wall:.1f} s; {len(before)} requests had reached the server; "
             f"the cache held {rows_at_kill} completions")
        # Which prompts were in the cache at the kill: those whose answer's text is a cache
        # row (only answers whose text no other answer shares can be told apart).
        answered = [(p, c.get("text_sha")) for e in before if e.get("status") == 200
                    for p, c in zip(e.get("prompts") or [], sorted(e.get("choices") or [], key=lambda c: c.get("index") or 0))]
        shas = [t for _, t in answered]
        cached_prompts = {p for p, t in answered if t in texts_at_kill and shas.count(t) == 1}
        info(f"{name}: {len(answered)} prompts answered by the server before the kill; {len(cached_prompts)} of them "
             f"identified in the cache by their (unique) completion text")
        mark2 = self.log.mark()
        rc, so, se, wall = self.stepwise("run", path)
        time.sleep(0.3)
        after, m1 = self.log.since(mark2), metrics(self.a.server)
        late = [e for e in after if e["start"] < t0 + first_wall]
        check(not late, f"{name}: every request sent before the kill was logged before the resume", f"{len(late)} late")
        check(rc == 0, f"{name}: the resumed run exits 0", f"exit {rc}: {se.strip()[-600:]}")
        resent = [p for e in after for p in e.get("prompts") or []]
        all_prompts = {p for e in before + after for p in e.get("prompts") or []}
        check(not (set(resent) & cached_prompts), f"{name}: no prompt cached before the kill is sent again",
              f"{len(set(resent) & cached_prompts)} of {len(cached_prompts)} sent again")
        check(len(resent) == len(set(resent)) == len(all_prompts) - rows_at_kill,
              f"{name}: the resumed run sends exactly the {len(all_prompts) - rows_at_kill} prompts not in the cache",
              f"sent {len(resent)} ({len(set(resent))} distinct); {len(all_prompts)} prompts in all, {rows_at_kill} cached at the kill")
        rows, _ = self.cache_rows(values["CACHE"])
        check(rows == limit == len(all_prompts), f"{name}: the cache ends with one completion per record ({limit})", f"{rows} rows")
        if rc == 0:
            self.verify(values["OUT"])
        self.figures(name, before + after, m0, m1, first_wall + wall, limit,
                     {"requests_before_kill": len(before), "cached_at_kill": rows_at_kill, "requests_after_resume": len(after),
                      "wall_resume_s": round(wall, 2), **self.sample_counts(self.stats(values["OUT"]), values["OUT"])})
        self.resumed = values

    def replay(self):
        name = "replay"
        print(f"\n== {name} (an uninterrupted run from a copy of kill-resume's cache) ==", flush=True)
        src = self.resumed
        cache = os.path.join(self.a.work, "cache", "replay.sqlite")
        path, values = self.pipeline(name, batch_size=2, concurrency=1, limit=self.a.resume_limit, cache=cache)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(src["CACHE"] + suffix):
                shutil.copyfile(src["CACHE"] + suffix, cache + suffix)
        # The same pipeline as kill-resume's but for its name, output and cache.
        shutil.rmtree(values["OUT"], ignore_errors=True)
        self.wait_idle()
        m0, mark = metrics(self.a.server), self.log.mark()
        rc, so, se, wall = self.stepwise("run", path)
        entries = self.log.since(mark)
        check(rc == 0, f"{name}: stepwise run exits 0", f"exit {rc}: {se.strip()[-600:]}")
        check(len(entries) == 0, f"{name}: no request sent (all from the cache)", f"{len(entries)} requests")
        if rc == 0:
            self.verify(values["OUT"])
        differ = []
        compared = 0
        for dirpath, _, files in os.walk(src["OUT"]):
            rel = os.path.relpath(dirpath, src["OUT"])
            for f in files:
                if rel == "." and f in ("run.json", "teacher-cache.sqlite") or f.startswith("teacher-cache") or rel.startswith("tokenizer"):
                    continue
                if rel == "." and not f.endswith(".jsonl"):
                    continue
                a, b = os.path.join(dirpath, f), os.path.join(values["OUT"], rel, f)
                compared += 1
                if not os.path.exists(b) or not filecmp.cmp(a, b, shallow=False):
                    differ.append(os.path.join(rel, f))
        for dirpath, _, files in os.walk(values["OUT"]):
            rel = os.path.relpath(dirpath, values["OUT"])
            for f in files:
                if rel != "." and not rel.startswith("tokenizer") and not os.path.exists(os.path.join(src["OUT"], rel, f)):
                    differ.append(os.path.join(rel, f) + " (only in replay)")
        check(compared > 0 and not differ, f"{name}: shards, index.json and rejects.jsonl byte-identical to kill-resume's",
              f"{compared} files compared; differ: {differ}")
        self.figures(name, entries, m0, metrics(self.a.server), wall, self.a.resume_limit)

    def server_down(self):
        name = "server-down"
        print(f"\n== {name} ==", flush=True)
        port = free_port()
        path, values = self.pipeline(name, base_url=f"http://127.0.0.1:{port}/v1", max_retries=1, limit=3)
        shutil.rmtree(values["OUT"], ignore_errors=True)
        rc, so, se, wall = self.stepwise("run", path, "--fresh")
        check(rc == 1, f"{name}: exit 1 when no server answers", f"exit {rc} after {wall:.1f} s; stderr: {se.strip()[-400:]}")
        check("connect" in se.lower() or "refused" in se.lower(), f"{name}: the cause is on stderr",
              se.strip().splitlines()[-1][:300] if se.strip() else "stderr empty")
        # the server comes back (a second proxy on that port): a plain rerun asks again
        proxy = subprocess.Popen([sys.executable, os.path.join(self.a.root, "scripts/teacher/logging_proxy.py"),
                                  "--upstream", self.a.server, "--port", str(port), "--log", self.a.requests_log],
                                 stdout=subprocess.PIPE, text=True)
        try:
            proxy.stdout.readline()
            mark = self.log.mark()
            rc2, so2, se2, wall2 = self.stepwise("run", path)
            sent = self.log.since(mark)
            check(rc2 == 0, f"{name}: a plain rerun once the server answers exits 0", f"exit {rc2}: {se2.strip()[-400:]}")
            check(sum(len(e.get("prompts") or []) for e in sent) == 3, f"{name}: the rerun asked for the 3 records again",
                  f"{len(sent)} requests: {rc2=} stdout {so2.strip()[-200:]!r}")
            if rc2 == 0:
                self.verify(values["OUT"])
        finally:
            proxy.terminate()
            proxy.wait()

    def no_v1(self):
        name = "no-v1"
        print(f"\n== {name} ==", flush=True)
        path, values = self.pipeline(name, base_url=self.a.proxy, limit=6, concurrency=1)
        shutil.rmtree(values["OUT"], ignore_errors=True)
        mark = self.log.mark()
        rc, so, se, wall = self.stepwise("run", path, "--fresh")
        self.wait_idle()  # the proxy logs a request when the server has answered it
        sent = self.log.since(mark)
        check(rc != 0, f"{name}: a base_url without /v1 fails the run", f"exit {rc}")
        check(len(sent) == 1, f"{name}: it stops at the first non-OpenAI answer (concurrency 1: nothing sent after it)",
              f"{len(sent)} requests to {sorted({e['path'] for e in sent})}, sent at "
              f"{[round(e['start'] - sent[0]['start'], 2) for e in sent]} s, answered at "
              f"{[round(e['end'] - sent[0]['start'], 2) for e in sent]} s")
        check("/v1" in se, f"{name}: the message names /v1", se.strip().splitlines()[-1][:300] if se.strip() else "stderr empty")

    def too_long(self):
        name = "too-long"
        print(f"\n== {name} (one record longer than the server's context, batch_size 2) ==", flush=True)
        data = os.path.join(self.a.work, "long-reviews")
        os.makedirs(data, exist_ok=True)
        with open(os.path.join(self.a.root, "data/reviews/train.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        long_text = "The lamp: " + "It is fine. " * 1500
        rows = [lines[0], lines[1], f'r-long-001,"{long_text}",positive,Too long.', lines[2]]
        with open(os.path.join(data, "train.csv"), "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
        path, values = self.pipeline(name, source=data, batch_size=2, concurrency=1, limit=3)
        shutil.rmtree(values["OUT"], ignore_errors=True)
        mark = self.log.mark()
        rc, so, se, wall = self.stepwise("run", path, "--fresh")
        self.wait_idle()
        sent = self.log.since(mark)
        last = se.strip().splitlines()[-1][:400] if se.strip() else "stderr empty"
        check(rc != 0, f"{name}: the run fails", f"exit {rc} after {wall:.1f} s")
        check("context" in se, f"{name}: stderr says the prompt exceeds the context", last)
        check("r-long-001" in se, f"{name}: stderr names the record whose prompt is too long", last)
        statuses = [e.get("status") for e in sent]
        when = [round(e["start"] - sent[0]["start"], 2) for e in sent] if sent else []
        long_alone = [i for i, e in enumerate(sent) if e.get("status") == 400 and len(e.get("prompts") or []) == 1]
        check(bool(sent) and statuses[-1] == 400 and long_alone == [len(sent) - 1]
              and statuses.count(200) == len(sent) - 2,
              f"{name}: the list's 400 is asked prompt by prompt; the others are answered, the long one's 400 is the last request",
              f"{len(sent)} requests, statuses {statuses}, sent at {when} s")
        info(f"{name}: requests after the list's 400: {statuses[1:]}; single-prompt 400 at positions {long_alone}")

    def samples(self):
        name = "samples"
        print(f"\n== {name} (samples: 5, vote majority, keep one; n above the server's slots) ==", flush=True)
        path, values = self.pipeline(name, batch_size=1, concurrency=2, limit=4,
                                     teacher_extra="samples: 5\n  vote: majority\n  keep: one")
        shutil.rmtree(values["OUT"], ignore_errors=True)
        mark = self.log.mark()
        rc, so, se, wall = self.stepwise("run", path, "--fresh")
        sent = self.log.since(mark)
        check(rc == 0, f"{name}: stepwise run exits 0", f"exit {rc}: {se.strip()[-300:]}")
        statuses = [e.get("status") for e in sent]
        ns = [(e.get("params") or {}).get("n") for e in sent]
        seeds = sorted((e.get("params") or {}).get("seed") for e in sent
                       if e.get("status") == 200 and (e.get("params") or {}).get("seed") is not None)
        check(1 <= statuses.count(400) <= 2 and all(n == 5 for n, st in zip(ns, statuses) if st == 400),
              f"{name}: the server refused n = 5 (at most once per request in flight)", f"statuses {statuses}, n {ns}")
        check(statuses.count(200) == 4 * 5 and seeds == sorted([1, 2, 3, 4] * 4),
              f"{name}: then one request per sample, samples 1-4 with seeds 1-4", f"{statuses.count(200)} answered, seeds {seeds}")
        rows, _ = self.cache_rows(values["CACHE"])
        check(rows == 20, f"{name}: cache holds 20 completions (5 per record)", f"{rows} rows")
        try:
            with open(os.path.join(values["OUT"], "run.json"), encoding="utf-8") as f:
                split = json.load(f)["splits"]["train"]
            votes = split.get("votes") or {}
            check(sum(votes.values()) == 4, f"{name}: run.json counts the votes of the 4 records", json.dumps(votes))
            info(f"{name}: vote agreement {votes}; teacher usage {split.get('teacher_usage')}; wall {wall:.1f} s")
        except (OSError, ValueError, KeyError) as e:
            check(False, f"{name}: run.json has the votes", str(e))
        self.verify(values["OUT"])

    def server_log_lines(self):
        if not self.a.server_log or not os.path.exists(self.a.server_log):
            return []
        with open(self.a.server_log, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()

    def timeout(self):
        name = "timeout"
        print(f"\n== {name} (directly at the server, no proxy; no stop sequence, so generations run long) ==", flush=True)
        path, values = self.pipeline(name, base_url=self.a.server + "/v1", timeout_s=1, max_retries=1, limit=2,
                                     concurrency=1, max_tokens=400, stop="[]")
        shutil.rmtree(values["OUT"], ignore_errors=True)
        self.wait_idle()
        m0, log0 = metrics(self.a.server), len(self.server_log_lines())
        # No /metrics polling while it runs (see wait_idle): the server's log says what ran.
        rc, so, se, wall = self.stepwise("run", path, "--fresh")
        time.sleep(3)
        m3 = metrics(self.a.server)
        still = m3.get("llamacpp:requests_processing", 0) + m3.get("llamacpp:requests_deferred", 0)
        idle_at = self.wait_idle(180)
        m1 = metrics(self.a.server)
        new_lines = self.server_log_lines()[log0:]
        running = peak = launched = cancelled = 0
        for line in new_lines:
            if "launch_slot_" in line:
                launched += 1
                running += 1
                peak = max(peak, running)
            elif "stop processing" in line:
                running -= 1
            elif "cancel task" in line:
                cancelled += 1
        check(rc == 1, f"{name}: exit 1 when every attempt times out", f"exit {rc} after {wall:.1f} s")
        check("time" in se.lower(), f"{name}: the cause (a timeout) is on stderr",
              se.strip().splitlines()[-1][:300] if se.strip() else "stderr empty")
        predicted = m1.get("llamacpp:tokens_predicted_total", 0) - m0.get("llamacpp:tokens_predicted_total", 0)
        detail = (f"stepwise gave up after {wall:.1f} s (timeout_s 1, 2 records x 2 attempts, concurrency 1); the server "
                  f"started {launched} generations, cancelled {cancelled}, ran up to {peak} at once, was still running "
                  f"{still:.0f} 3 s after stepwise exited and idle after 3 + "
                  f"{'never (180 s)' if idle_at is None else f'{idle_at:.1f} s'}; {predicted:.0f} tokens predicted (max_tokens 400)")
        info(f"{name}: {detail}")
        check(peak <= 2, f"{name}: abandoned generations do not pile up on the server (at most concurrency + 1 running)", detail)
        check(still == 0, f"{name}: the server stops generating within 3 s of the client giving up", detail)

    def plan(self):
        path, _ = self.pipeline("plan", batch_size=1)
        rc, so, se, _ = self.stepwise("plan", path)
        text = (so + se).strip()
        info("stepwise plan on the completions pipeline: " + " | ".join(l.strip() for l in text.splitlines() if "token" in l.lower())[:500])

    def main(self):
        self.texts = {}
        self.resumed = None
        steps = {"plan": self.plan, "completions-bs1": lambda: self.completions("completions-bs1", 1),
                 "completions-bs4": lambda: self.completions("completions-bs4", 4), "chat": self.chat,
                 "kill-resume": self.kill_resume, "replay": self.replay, "server-down": self.server_down,
                 "no-v1": self.no_v1, "too-long": self.too_long, "samples": self.samples, "timeout": self.timeout}
        only = set(self.a.only.split(",")) if self.a.only else None
        for key, step in steps.items():
            if only and key not in only:
                continue
            if key == "replay" and self.resumed is None:
                continue
            try:
                step()
            except Exception as e:  # a broken scenario must not hide the others
                check(False, f"{key}: the scenario ran", f"{type(e).__name__}: {e}")
        if "completions-bs1" in self.texts and "completions-bs4" in self.texts:
            a, b = self.texts["completions-bs1"], self.texts["completions-bs4"]
            same = sum(1 for p in a if p in b and a[p] == b[p])
            info(f"temperature 0: {same} of {len(a)} completions equal between batch_size 1 and batch_size 4 "
                 "(llama-server is not bit-for-bit deterministic across batch compositions when they differ)")
        print("\n== figures ==")
        cols = ["scenario", "records", "requests", "prompts_sent", "usage_prompt_tokens", "usage_completion_tokens",
                "metrics_prompt_tokens_evaluated", "metrics_tokens_predicted", "wall_s"]
        print(" | ".join(cols))
        for f in FIGURES:
            print(" | ".join(str(f.get(c, "")) for c in cols))
        with open(os.path.join(self.a.work, "figures.json"), "w") as f:
            json.dump(FIGURES, f, indent=1)
        if FAILURES:
            print(f"\n{len(FAILURES)} check(s) failed:", *("  - " + f for f in FAILURES), sep="\n")
            return 1
        print("\nall checks passed")
        return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stepwise", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--server", required=True, help="llama-server, http://127.0.0.1:PORT")
    ap.add_argument("--proxy", required=True, help="the logging proxy, http://127.0.0.1:PORT")
    ap.add_argument("--requests-log", required=True)
    ap.add_argument("--server-log", help="llama-server's log (launches and cancels are counted from it)")
    ap.add_argument("--limit", type=int, default=12)
    ap.add_argument("--resume-limit", type=int, default=32)
    ap.add_argument("--only", help="comma-separated scenario names")
    return Acceptance(ap.parse_args()).main()


if __name__ == "__main__":
    sys.exit(main())
