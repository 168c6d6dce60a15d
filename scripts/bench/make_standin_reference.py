#!/usr/bin/env python3
"""Builds a stand-in ../shared for scripts/bench/e2e_esnli.sh where the e-SNLI dev/test
inputs (corpora/reference/esnli/esnli_{valid,test}.json) are missing: synthetic e-SNLI
records in the reference-jsonl layout (deterministic), beside symlinks to the real
released completions and tokenizers.

Needs: Python 3.8+ (standard library) and the real ../shared/corpora/palm and ../shared/tokenizers.

    python3 scripts/bench/make_standin_reference.py --shared ../shared --out /tmp/shared-standin
    STEPWISE_SHARED=/tmp/shared-standin scripts/bench/e2e_esnli.sh ...

The inputs are invented sentences (9,842 valid and 9,824 test records, as many as the real
files), so record counts, completions, parsing, filtering and the output volume are those of
a real e-SNLI train run; the input texts and their token lengths are not. Prints what it wrote.
"""
import argparse
import json
import os
import random

WORDS = ("a man woman child dog cat runs sits walks plays eats reads street park beach table red blue "
         "small large old young happy quickly slowly near under over with without two people group "
         "shirt hat water ball bike car city market stage guitar sings jumps rides holds looks").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True, help="the real shared folder (corpora/palm, tokenizers)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    shared, out = os.path.abspath(args.shared), os.path.abspath(args.out)
    reference = os.path.join(out, "corpora", "reference", "esnli")
    os.makedirs(reference, exist_ok=True)
    for link, target in ((os.path.join(out, "corpora", "palm"), os.path.join(shared, "corpora", "palm")),
                         (os.path.join(out, "tokenizers"), os.path.join(shared, "tokenizers"))):
        if not os.path.exists(target):
            raise SystemExit(f"make_standin_reference: missing {target}")
        if not os.path.islink(link):
            os.symlink(target, link)
    rng = random.Random(2305)
    for split, count in (("valid", 9842), ("test", 9824)):
        with open(os.path.join(reference, f"esnli_{split}.json"), "w") as f:
            for _ in range(count):
                record = {"premise": sentence(rng, rng.randint(6, 20)), "hypothesis": sentence(rng, rng.randint(3, 10)),
                          "label": rng.randrange(3)}
                for k in (1, 2, 3):
                    record[f"explanation_{k}"] = sentence(rng, rng.randint(5, 14))
                f.write(json.dumps(record) + "\n")
    print(json.dumps({"shared": out, "reference": reference, "records": {"valid": 9842, "test": 9824},
                      "note": "synthetic e-SNLI inputs; completions and tokenizers are the real ones (symlinks)"}))


if __name__ == "__main__":
    main()
