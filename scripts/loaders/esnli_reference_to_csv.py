#!/usr/bin/env python3
"""Converts the paper's e-SNLI JSON-lines export (esnli_<split>.json) into the official
e-SNLI CSV layout (esnli_dev.csv / esnli_test.csv / esnli_train_1.csv), so the official
loader can be checked against the reference one on the real data.

pairID is not in the export; the converter writes `esnli-<split>-<index>`, the id the
reference loader gives, so whole records can be compared. Labels 0/1/2 become the words.
Needs: Python 3 (standard library only).
Run:   python3 scripts/loaders/esnli_reference_to_csv.py REFERENCE_DIR OUT_DIR [SPLIT ...]
"""
import csv
import json
import os
import sys

LABELS = ["entailment", "neutral", "contradiction"]
OFFICIAL = {"valid": "esnli_dev.csv", "test": "esnli_test.csv", "train": "esnli_train_1.csv"}


def convert(reference_dir, out_dir, split):
    source = os.path.join(reference_dir, f"esnli_{split}.json")
    header = ["pairID", "gold_label", "Sentence1", "Sentence2", "Explanation_1", "Explanation_2", "Explanation_3"]
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, OFFICIAL[split])
    with open(source, encoding="utf-8") as f, open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)  # RFC 4180 quoting, CRLF line ends, as the official files
        writer.writerow(header)
        count = 0
        for index, line in enumerate(f):
            r = json.loads(line)
            writer.writerow([f"esnli-{split}-{index}", LABELS[r["label"]], r["premise"], r["hypothesis"],
                             r.get("explanation_1", ""), r.get("explanation_2", ""), r.get("explanation_3", "")])
            count += 1
    print(f"{target}: {count} rows")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for split in sys.argv[3:] or ["valid", "test"]:
        convert(sys.argv[1], sys.argv[2], split)
