#!/usr/bin/env python3
"""Reads `/usr/bin/time -v` reports for scripts/bench/e2e_esnli.sh.

Needs: Python 3.9+ (standard library only).
Run:   python3 scripts/bench/timev.py FILE...   -> one JSON object:
       {"wall_s": sum of the wall-clock times, "peak_rss_mb": largest maximum RSS,
        "user_s", "sys_s", "exit": first non-zero exit status or 0}
Several files are the processes of one measured step run one after the other (import,
then run): their times add up, and the peak is the largest of their peaks.
"""
import json
import sys


def wall_seconds(text):
    """`1:02:03.45` or `2:03.45` -> seconds."""
    parts = [float(p) for p in text.split(":")]
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds


def read(path):
    found = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                found["wall_s"] = wall_seconds(line.rsplit(" ", 1)[1])
            elif line.startswith("Maximum resident set size (kbytes):"):
                found["rss_kb"] = int(line.rsplit(" ", 1)[1])
            elif line.startswith("User time (seconds):"):
                found["user_s"] = float(line.rsplit(" ", 1)[1])
            elif line.startswith("System time (seconds):"):
                found["sys_s"] = float(line.rsplit(" ", 1)[1])
            elif line.startswith("Exit status:"):
                found["exit"] = int(line.rsplit(" ", 1)[1])
    missing = {"wall_s", "rss_kb"} - found.keys()
    if missing:
        sys.exit(f"timev: {path}: no {', '.join(sorted(missing))} line (not a `/usr/bin/time -v` report?)")
    return found


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: timev.py FILE...")
    reports = [read(p) for p in sys.argv[1:]]
    print(json.dumps({
        "wall_s": round(sum(r["wall_s"] for r in reports), 2),
        "peak_rss_mb": round(max(r["rss_kb"] for r in reports) / 1024, 1),
        "user_s": round(sum(r.get("user_s", 0) for r in reports), 2),
        "sys_s": round(sum(r.get("sys_s", 0) for r in reports), 2),
        "exit": next((r["exit"] for r in reports if r.get("exit")), 0),
    }))


if __name__ == "__main__":
    main()
