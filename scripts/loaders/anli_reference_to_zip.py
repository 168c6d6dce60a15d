#!/usr/bin/env python3
"""Converts the paper's ANLI JSON-lines export (anli<R>_<split>.json) into the official
layout: a zip holding anli_v1.0/R<R>/{train,dev,test}.jsonl with uid, context, hypothesis,
label e/n/c and reason, so the official loader can be checked against the reference one.

Needs: Python 3 (standard library only).
Run:   python3 scripts/loaders/anli_reference_to_zip.py REFERENCE_DIR OUT.zip [ROUND]
"""
import json
import os
import sys
import zipfile

LETTERS = "enc"
FILES = {"train": "train", "valid": "dev", "test": "test"}


def convert(reference_dir, target, round_):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for split, name in FILES.items():
            source = os.path.join(reference_dir, f"anli{round_}_{split}.json")
            if not os.path.exists(source):
                continue
            lines = []
            with open(source, encoding="utf-8") as f:
                for line in f:
                    r = json.loads(line)
                    lines.append(json.dumps({"uid": r["uid"], "context": r["premise"], "hypothesis": r["hypothesis"],
                                             "label": LETTERS[r["label"]], "reason": r.get("reason", "")}) + "\n")
            z.writestr(f"anli_v1.0/R{round_}/{name}.jsonl", "".join(lines))
            print(f"{target}: anli_v1.0/R{round_}/{name}.jsonl: {len(lines)} lines")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
