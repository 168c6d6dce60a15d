#!/usr/bin/env python3
"""Prints the figures and the bars of scripts/bench/e2e_esnli.sh.

Needs: Python 3.9+ (standard library only) and timev.py beside it.
Run:   python3 scripts/bench/summary.py --n1 N --b1 IMPORT.time RUN.time [--busy1 RUN.stderr]
           [--a-time A.time --a-json A.json] [--b4 IMPORT.time RUN.time --n4 N4 [--busy4 RUN.stderr]]
           [--b1-parquet IMPORT.time RUN.time] [--load "1.0 2.0 3.0"]
Exits 1 when a bar is missed.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timev  # noqa: E402

# Issue 18's bars: (b) at least 20x (a); peak RSS under 300 MB at 1x and at 4x, and flat;
# with the Parquet copy on, records/s at most 15% below the MDS-only run.
RATIO_BAR = 20.0
RSS_BAR_MB = 300.0
FLAT_PCT, FLAT_MB = 30.0, 50.0
PARQUET_DROP_PCT = 15.0


def busy_seconds(stderr_path):
    """{stage: busy seconds} from the final progress line (`name ... busy 1.2s | ...`)."""
    text = open(stderr_path, encoding="utf-8", errors="replace").read().replace("\r", "\n")
    finals = [line for line in text.splitlines() if "] done " in line]
    if not finals:
        return {}
    busy = {}
    for part in finals[-1].split(": ", 1)[-1].split(" | "):
        m = re.match(r"\s*(\S+).*? busy ([0-9.]+)s", part)
        if m:
            busy[m.group(1)] = float(m.group(2))
    return busy


def combined(paths):
    """(wall seconds, CPU seconds, peak RSS MB) of processes run one after the other."""
    reports = [timev.read(p) for p in paths]
    return (sum(r["wall_s"] for r in reports), sum(r.get("user_s", 0) + r.get("sys_s", 0) for r in reports),
            max(r["rss_kb"] for r in reports) / 1024)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n1", type=int, required=True)
    ap.add_argument("--b1", nargs="+", required=True)
    ap.add_argument("--a-time")
    ap.add_argument("--a-json")
    ap.add_argument("--b4", nargs="+")
    ap.add_argument("--n4", type=int)
    ap.add_argument("--busy1")
    ap.add_argument("--busy4")
    ap.add_argument("--b1-parquet", nargs="+")
    ap.add_argument("--load", default="?")
    args = ap.parse_args()

    ok = True

    def bar(name, passed, detail):
        nonlocal ok
        ok = ok and passed
        print(f"  {'PASS' if passed else 'FAIL'}  {name}: {detail}")

    b1_wall, b1_cpu, b1_rss = combined(args.b1)
    b1_rate = args.n1 / b1_wall
    print("== summary (load average at the end: %s)" % args.load)
    print("NOTE: inputs are the e-SNLI valid+test records repeated with new ids (their train inputs "
          "are not available); the completions are the paper's released e-SNLI train completions.")
    if args.a_time:
        a_wall, a_cpu, a_rss = combined([args.a_time])
        a_rate = args.n1 / a_wall
        phases = json.load(open(args.a_json)).get("phases", {}) if args.a_json else {}
        print(f"(a) Python datasets+tokenizers: {args.n1} records in {a_wall:.1f} s = {a_rate:,.0f} records/s "
              f"(CPU {a_cpu:.1f} s), peak RSS {a_rss:.0f} MB  phases {phases}")
    print(f"(b) stepwise import+run (1x):   {args.n1} records in {b1_wall:.1f} s = {b1_rate:,.0f} records/s "
          f"(CPU {b1_cpu:.1f} s), "
          f"peak RSS {b1_rss:.0f} MB")
    if args.b4:
        b4_wall, b4_cpu, b4_rss = combined(args.b4)
        print(f"(b) stepwise import+run (4x):   {args.n4} records in {b4_wall:.1f} s = {args.n4 / b4_wall:,.0f} records/s "
              f"(CPU {b4_cpu:.1f} s), "
              f"peak RSS {b4_rss:.0f} MB")
    if args.b1_parquet:
        p_wall, p_cpu, p_rss = combined(args.b1_parquet)
        print(f"(b) with Parquet (1x):          {args.n1} records in {p_wall:.1f} s = {args.n1 / p_wall:,.0f} records/s "
              f"(CPU {p_cpu:.1f} s), peak RSS {p_rss:.0f} MB")
    busy = [(label, busy_seconds(path)) for label, path in (("1x", args.busy1), ("4x", args.busy4)) if path]
    if any(b for _, b in busy):
        stages = list(dict.fromkeys(name for _, b in busy for name in b))
        print("busy seconds per stage (wall time its workers worked, summed over workers; the final progress line):")
        print("  " + " ".join(f"{name:>9s}" for name in ["scale"] + stages))
        for label, b in busy:
            print("  " + " ".join([f"{label:>9s}"] + [f"{b[name]:9.1f}" if name in b else f"{'-':>9s}" for name in stages]))
    print("bars:")
    if args.a_time:
        ratio = b1_rate / a_rate
        bar("speed (b)/(a) >= %.0fx" % RATIO_BAR, ratio >= RATIO_BAR,
            f"{ratio:.2f}x by wall clock (by CPU seconds, less sensitive to other load: {a_cpu / b1_cpu:.2f}x)")
    bar("peak RSS of (b) < %.0f MB" % RSS_BAR_MB, b1_rss < RSS_BAR_MB, f"{b1_rss:.0f} MB")
    if args.b4:
        bar("peak RSS of (b) at 4x < %.0f MB" % RSS_BAR_MB, b4_rss < RSS_BAR_MB, f"{b4_rss:.0f} MB")
        growth = b4_rss - b1_rss
        allowed = max(b1_rss * FLAT_PCT / 100, FLAT_MB)
        bar("flat RSS 4x vs 1x (<= +%.0f%% or +%.0f MB)" % (FLAT_PCT, FLAT_MB), growth <= allowed,
            f"{b1_rss:.0f} MB -> {b4_rss:.0f} MB ({growth:+.0f} MB, {100 * growth / b1_rss:+.1f}%; allowed +{allowed:.0f} MB)")
    if args.b1_parquet:
        drop = 100 * (1 - b1_wall / p_wall)
        bar("Parquet on: records/s at most %.0f%% below MDS only" % PARQUET_DROP_PCT, drop <= PARQUET_DROP_PCT,
            f"{drop:+.1f}% by wall clock ({100 * (p_cpu / b1_cpu - 1):+.1f}% CPU seconds)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
