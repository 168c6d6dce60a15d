#!/usr/bin/env python3
"""One table row's figures for scripts/e2e/check_pipelines.sh, from `stepwise stats OUT
--json` (standard input: samples per split as counted in the shards) and OUT/run.json
(records filtered per split, by reason). Prints three tab-separated fields:
  records           samples + filtered, all splits together
  samples per split e.g. "train=187 valid=200 test=200"
  filtered          total, with the reasons, e.g. "13 (no_answer_phrase 9, label_outside_space 4)"
Exits 1 when the stats or the run record cannot be read.

Needs: Python 3.8+ standard library.  Run: stepwise stats OUT --json | summary.py OUT
"""
import json
import os
import sys

ORDER = {"train": 0, "valid": 1, "test": 2}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: stepwise stats OUT --json | summary.py OUT")
    try:
        stats = json.load(sys.stdin)
        with open(os.path.join(sys.argv[1], "run.json"), encoding="utf-8") as f:
            run = json.load(f)
    except (OSError, ValueError) as e:
        print(f"summary.py: {e}", file=sys.stderr)
        sys.exit(1)
    splits = sorted(stats.get("splits", {}), key=lambda s: (ORDER.get(s, 9), s))
    samples = {s: stats["splits"][s].get("samples", 0) for s in splits}
    reasons = {}
    for split in run.get("splits", {}).values():
        for reason, n in (split.get("filtered") or {}).items():
            reasons[reason] = reasons.get(reason, 0) + n
    filtered = sum(reasons.values())
    detail = ", ".join(f"{r} {n}" for r, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    print("\t".join([
        str(sum(samples.values()) + filtered),
        " ".join(f"{s}={samples[s]}" for s in splits) or "none",
        f"{filtered} ({detail})" if filtered else "0",
    ]))


if __name__ == "__main__":
    main()
