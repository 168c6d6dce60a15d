#!/usr/bin/env python3
"""Builds the e-SNLI-scale benchmark input for scripts/bench/e2e_esnli.sh.

Needs: Python 3.9+ (standard library only) and ../shared/corpora (see e2e_esnli.sh).
Run:   python3 scripts/bench/make_input.py --corpora ../shared/corpora --out DIR --scale 1

The paper released PaLM completions for all 549,367 e-SNLI train records
(palm/esnli/train_CoT_*.json), but the train inputs themselves are not in ../shared.
So the inputs are STAND-INS: the e-SNLI valid and test records
(reference/esnli/esnli_{valid,test}.json), repeated in order until there are as many
records as completions (times --scale). They are written as a reference-jsonl file
DIR/source/esnli_train.json, whose loader gives record i the id `esnli-train-<i>`, and
the replay teacher pairs it with completion i of the paper files.

For --scale N > 1 the completions are repeated as well: DIR/palm/ holds symlinks
train_CoT_<r*F+i>.json -> the released train_CoT_<i>.json (F files, r < N), so that
`stepwise teacher import --format paper` places copy r of completion k at index
r*549367 + k, the same position as its repeated input record.

Prints one JSON object describing what was written.
"""
import argparse
import json
import os
import re
import sys


def paper_files(directory):
    """The train_CoT_<i>.json files of `directory`, ordered by i, checked for gaps."""
    found = {}
    for name in os.listdir(directory):
        m = re.fullmatch(r"train_CoT_(\d+)\.json", name)
        if m:
            found[int(m.group(1))] = os.path.join(directory, name)
    if not found:
        sys.exit(f"make_input: no train_CoT_<i>.json files in {directory}")
    numbers = sorted(found)
    if numbers != list(range(len(numbers))):
        sys.exit(f"make_input: {directory}: train_CoT files are not numbered 0..{len(numbers) - 1} without a gap")
    return [found[i] for i in numbers]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", required=True, help="the ../shared/corpora folder")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--scale", type=int, default=1, help="repeat the whole input N times (default 1)")
    args = ap.parse_args()
    if args.scale < 1:
        sys.exit("make_input: --scale must be at least 1")

    palm_dir = os.path.join(args.corpora, "palm", "esnli")
    files = paper_files(palm_dir)
    completions = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, list):
            sys.exit(f"make_input: {path}: expected a JSON array of strings")
        completions += len(data)

    lines = []
    for split in ("valid", "test"):
        path = os.path.join(args.corpora, "reference", "esnli", f"esnli_{split}.json")
        with open(path, "rb") as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    lines.append(line if line.endswith(b"\n") else line + b"\n")
    if not lines:
        sys.exit("make_input: the e-SNLI valid/test files hold no records")

    total = completions * args.scale
    source_dir = os.path.join(args.out, "source")
    os.makedirs(source_dir, exist_ok=True)
    target = os.path.join(source_dir, "esnli_train.json")
    with open(target + ".tmp", "wb") as out:
        full, rest = divmod(total, len(lines))
        block = b"".join(lines)
        for _ in range(full):
            out.write(block)
        out.write(b"".join(lines[:rest]))
    os.replace(target + ".tmp", target)

    palm_out = os.path.join(args.out, "palm")
    os.makedirs(palm_out, exist_ok=True)
    for r in range(args.scale):
        for i, path in enumerate(files):
            link = os.path.join(palm_out, f"train_CoT_{r * len(files) + i}.json")
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(os.path.abspath(path), link)

    print(json.dumps({
        "records": total,
        "released_completions": completions,
        "completion_files": len(files) * args.scale,
        "stand_in_inputs": len(lines),
        "input_file": target,
        "completions_dir": palm_out,
        "note": (f"inputs are stand-ins: the {len(lines)} e-SNLI valid+test records repeated in order "
                 f"with new ids esnli-train-0..{total - 1}; completions are the released PaLM train "
                 f"completions" + (f", repeated {args.scale}x under new file numbers" if args.scale > 1 else "")),
    }))


if __name__ == "__main__":
    main()
