#!/usr/bin/env python3
"""Writes the recorded teacher completions for the sample data in data/ (used by the
quickstart and the replay pipelines), as generic JSON lines {"id", "completion"}.

Needs: Python 3.8+ and a built `stepwise` (it lists the records with
`stepwise debug-load`, so ids match what the loaders produce).

    python3 scripts/data/make_recordings.py [--stepwise .build/debug/stepwise]

The completions imitate the paper's released PaLM outputs: a rationale, then the
dataset's answer phrase with a label, then the start of an invented next exemplar (the
parser must cut it). They are deterministic, built from each record's own explanation and
gold label, and a fixed share are made imperfect on purpose so the filters have work: a
wrong label, a missing answer phrase, a label outside the label space, an empty rationale.
"""

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DATASETS = {
    # name: (source folder, splits)
    "esnli": ("esnli", ["train", "valid", "test"]),
    "anli": ("anli", ["train", "valid", "test"]),
    "cqa": ("cqa", ["train", "test"]),
    "svamp": ("svamp", ["train", "test"]),
    "asdiv": ("asdiv", ["train"]),
}
NLI = ["entailment", "neutral", "contradiction"]


def records(stepwise, name, folder, split):
    out = subprocess.run(
        [stepwise, "debug-load", "--dataset", name, "--format", "official", "--source", str(ROOT / "data" / folder),
         "--split", split], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def flaw(i):
    """Which imperfection record i gets (most get none)."""
    return {7: "wrong", 11: "no_phrase", 13: "outside", 17: "empty"}.get(i % 19)


def esnli(r, i):
    label = r["label"]
    kind = flaw(i)
    if kind == "wrong":
        label = NLI[(NLI.index(label) + 1) % 3]
    rationale = (r["explanation"] or "").strip()
    if kind == "empty":
        rationale = ""
    tail = "\n\nPremise: A dog runs on the beach.\nHypothesis: An animal is outside.\n"
    if kind == "no_phrase":
        return rationale + tail
    if kind == "outside":
        label = "maybe"
    return f"{rationale}\nAnswer: {label}{tail}"


def anli(r, i):
    label = r["label"]
    kind = flaw(i)
    if kind == "wrong":
        label = NLI[(NLI.index(label) + 2) % 3]
    rationale = (r["explanation"] or "The context supports this.").strip().replace("\n", " ")
    if kind == "empty":
        rationale = ""
    tail = "\n\nPremise: The museum opened in 1901.\nHypothesis: The museum is old.\n"
    if kind == "no_phrase":
        return rationale + tail
    if kind == "outside":
        label = "unknown"
    return f"{rationale} So the answer is {label}.{tail}"


def cqa(r, i):
    choices = r["choices"]
    k = choices.index(r["label"])
    kind = flaw(i)
    if kind == "wrong":
        k = (k + 1) % 5
    rationale = (r["explanation"] or "").strip()
    if kind == "empty":
        rationale = ""
    tail = "\n\nQ: Where do people keep books?\nAnswer Choices:\n(a) library\n"
    if kind == "no_phrase":
        return rationale + tail
    answer = f"({'abcde'[k]}) {choices[k]}" if kind != "outside" else "(f) nowhere"
    return f"{rationale} So the answer is {answer}.{tail}"


def equation(r, i):
    eq = r["label"]
    kind = flaw(i)
    if kind == "wrong":
        eq = f"( {eq} + 1 )"
    rationale = f"We combine the numbers in the problem: {eq} gives the result."
    if kind == "empty":
        rationale = ""
    tail = "\n\nQ: Tom has 3 apples and buys 2 more. How many apples does he have?\nA:"
    if kind == "no_phrase":
        return rationale + tail
    if kind == "outside":
        return f"{rationale} The answer is (a lot).{tail}"
    inner = eq if eq.startswith("(") else f"({eq})"
    return f"{rationale} The answer is {inner}.{tail}"


MAKERS = {"esnli": esnli, "anli": anli, "cqa": cqa, "svamp": equation, "asdiv": equation}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stepwise", default=str(ROOT / ".build/debug/stepwise"))
    args = ap.parse_args()
    for name, (folder, splits) in DATASETS.items():
        lines = []
        for split in splits:
            for i, r in enumerate(records(args.stepwise, name, folder, split)):
                lines.append(json.dumps({"id": r["id"], "completion": MAKERS[name](r, i)}, ensure_ascii=False))
        path = ROOT / "data" / folder / "recorded.jsonl"
        path.write_text("\n".join(lines) + "\n")
        print(f"{path.relative_to(ROOT)}: {len(lines)} completions")


if __name__ == "__main__":
    main()
