#!/usr/bin/env python3
"""Compares two `stepwise debug-load` outputs (JSON lines of SourceRecord) field by field.

Prints `equal <fields>: N records` or the first difference, and exits non-zero on any
difference. Needs: Python 3 (standard library only).
Run:   python3 scripts/loaders/compare_records.py A.jsonl B.jsonl input,label[,id,explanation,choices]
"""
import json
import sys


def main(a_path, b_path, fields):
    with open(a_path, encoding="utf-8") as f:
        a = [json.loads(line) for line in f]
    with open(b_path, encoding="utf-8") as f:
        b = [json.loads(line) for line in f]
    if len(a) != len(b):
        print(f"DIFFERENT counts: {len(a)} vs {len(b)}")
        return 1
    for i, (x, y) in enumerate(zip(a, b)):
        for name in fields:
            if x.get(name) != y.get(name):
                print(f"DIFFERENT at record {i}, field {name}: {x.get(name)!r} vs {y.get(name)!r}")
                return 1
    print(f"equal {','.join(fields)}: {len(a)} records")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3].split(",")))
