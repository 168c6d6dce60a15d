#!/usr/bin/env python3
"""Checks Stepwise's rationale parser against the paper's parse rules on the released
PaLM completions.

What it does, per dataset and split found under <corpora>/palm/{esnli,anli1,cqa,svamp}:
  * joins the completions ({split}_CoT_{i}.json, concatenated in file-number order) with
    <corpora>/reference/<d>/<d>_<split>.json (the i-th completion belongs to the i-th
    line) where that file exists -- gold labels and CQA choices come from there; e-SNLI
    and ANLI train have no reference inputs and are parsed without gold;
  * re-implements the paper's rules in Python, written from the rule descriptions in
    issue 6 (not from the Swift code), and diffs `stepwise debug-parse --mode paper`
    against it: rationale, label, status and filter reason must agree on every
    completion (0 diffs);
  * checks that `--mode robust` gives the paper's rationale and label wherever the
    paper's label is in the label space, and counts the labels robust mode recovers on
    the rest;
  * prints the teacher ("LLM") accuracy per dataset and split for both modes: the share
    of completions whose parsed label equals the gold label (equations by value; a label
    outside the space counts as wrong).

Needs: Python 3.9+ (standard library only) and the stepwise binary:
    swift build -c release --product stepwise
Run from the repository root:
    python3 scripts/rationales/compare_paper_rules.py \
        [--corpora ../shared/corpora] [--stepwise .build/release/stepwise] [--datasets esnli anli1 cqa svamp]
Exit status 1 when paper mode differs from the re-implementation or robust mode
disagrees with paper mode anywhere the paper's label is in the label space.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from fractions import Fraction

NLI_WORDS = ["entailment", "neutral", "contradiction"]
STEPWISE_DATASET = {"esnli": "esnli", "anli1": "anli", "cqa": "cqa", "svamp": "svamp"}


# --- The paper's rules, from the description ---------------------------------

def paper_cqa(text):
    """Cut at the first 'Q:'; right-strip; split at 'So the answer is'; rationale = the part
    before (right-stripped); label = text after the first (x) choice marker, stripped,
    without a trailing '.'; unparseable label -> blank. Returns (rationale, label, phrase)."""
    parts = text.split("Q:")[0].rstrip().split("So the answer is")
    if len(parts) != 2:  # the paper's code fails here; treated as ANLI's rule does
        return "", "", len(parts) > 2
    rationale, after = parts[0].rstrip(), parts[1]
    pieces = re.split(r"\(.\)", after)
    if len(pieces) < 2:
        return rationale, "", True
    label = pieces[1].strip()
    if label == "":
        return rationale, "", True
    if label[-1] == ".":
        label = label[:-1]
    return rationale, label, True


def paper_svamp(text):
    """Cut at the first 'Q:'; split at 'The answer is'; label = the first parenthesised
    span after it (greedy, to the last ')' on its line); otherwise blank."""
    parts = text.split("Q:")[0].rstrip().split("The answer is")
    if len(parts) != 2:
        return "", "", len(parts) > 2
    match = re.search(r"\(.*\)", parts[1])
    return parts[0].rstrip(), (match.group(0) if match else ""), True


def paper_esnli(text):
    """rationale = text before the first 'Answer:' (right-stripped); label = text after
    'Answer: ' up to the next 'Premise', right-stripped."""
    rationale = text.split("Answer:")[0].rstrip()
    at = text.find("Answer: ")
    if at < 0:
        return rationale, "", False
    return rationale, text[at + len("Answer: "):].split("Premise")[0].rstrip(), True


def paper_anli(text):
    """Cut at the first 'Premise:'; right-strip; split at 'So the answer is'; label = the
    rest, left-stripped, without its last character. Other than two parts -> blanks."""
    parts = text.split("Premise:")[0].rstrip().split("So the answer is")
    if len(parts) != 2:
        return "", "", len(parts) > 2
    return parts[0].rstrip(), parts[1].lstrip()[:-1], True


PAPER_RULES = {"cqa": paper_cqa, "svamp": paper_svamp, "esnli": paper_esnli, "anli1": paper_anli}


# --- Label spaces ---------------------------------------------------------------------

class Expr:
    """expression := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*;
    factor := '-' factor | number | '(' expression ')'; number := digits ['.' [digits]] | '.' digits.
    Spaces and tabs between tokens. Value as an exact Fraction (None: division by zero)."""

    def __init__(self, s):
        self.s, self.i = s, 0

    @classmethod
    def value(cls, s):
        """(is_expression, value)."""
        p = cls(s)
        try:
            v = p.expression(0)
            p.spaces()
            if p.i != len(s):
                return False, None
            return True, v
        except ValueError:
            return False, None

    def spaces(self):
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1

    def peek(self):
        self.spaces()
        return self.s[self.i] if self.i < len(self.s) else None

    def expression(self, depth):
        if depth >= 64:
            raise ValueError("deep")
        v = self.term(depth)
        while self.peek() in ("+", "-"):
            op = self.s[self.i]
            self.i += 1
            r = self.term(depth)
            v = None if v is None or r is None else (v + r if op == "+" else v - r)
        return v

    def term(self, depth):
        v = self.factor(depth)
        while self.peek() in ("*", "/"):
            op = self.s[self.i]
            self.i += 1
            if self.i < len(self.s) and self.s[self.i] == op:
                raise ValueError("** or //")
            r = self.factor(depth)
            if v is None or r is None:
                v = None
            elif op == "*":
                v = v * r
            else:
                v = None if r == 0 else v / r
        return v

    def factor(self, depth):
        if depth >= 64:
            raise ValueError("deep")
        c = self.peek()
        if c == "-":
            self.i += 1
            v = self.factor(depth + 1)
            return None if v is None else -v
        if c == "(":
            self.i += 1
            v = self.expression(depth + 1)
            if self.peek() != ")":
                raise ValueError("no )")
            self.i += 1
            return v
        m = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+").match(self.s, self.i)
        if not m:
            raise ValueError("no number")
        self.i = m.end()
        return Fraction(m.group(0))


def in_space(dataset, label, choices):
    if dataset in ("esnli", "anli1"):
        return label in NLI_WORDS
    if dataset == "cqa":
        return label in (choices or [])
    return Expr.value(label)[0]


def correct(dataset, label, gold, choices):
    if gold is None or not in_space(dataset, label, choices):
        return None
    if dataset == "svamp":
        _, t = Expr.value(label)
        ok, g = Expr.value(gold)
        return t is not None and g is not None and t == g
    return label == gold


def paper_reference(dataset, completion, choices):
    rationale, label, phrase = PAPER_RULES[dataset](completion)
    if in_space(dataset, label, choices):
        reason = "empty_rationale" if rationale.strip() == "" else None
    else:
        reason = "label_outside_space" if phrase else "no_answer_phrase"
    return {"rationale": rationale, "teacher_label": label, "reason": reason,
            "status": "kept" if reason is None else "filtered"}


# --- Data -----------------------------------------------------------------------------

def load_split(corpora, d, split):
    files = glob.glob(os.path.join(corpora, "palm", d, f"{split}_CoT_*.json"))
    files.sort(key=lambda f: int(re.search(r"_CoT_(\d+)\.json$", f).group(1)))
    completions = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            completions += json.load(fh)
    if not completions:
        return [], None
    ref_path = os.path.join(corpora, "reference", d, f"{d}_{split}.json")
    refs = None
    if os.path.exists(ref_path):
        with open(ref_path, encoding="utf-8") as fh:
            refs = [json.loads(line) for line in fh if line.strip()]
        if len(refs) != len(completions):
            sys.exit(f"{ref_path}: {len(refs)} records but {len(completions)} completions")
    return completions, refs


def gold_and_choices(d, ref):
    if ref is None:
        return None, None
    if d in ("esnli", "anli1"):
        return NLI_WORDS[int(ref["label"])], None
    if d == "cqa":
        return ref["answer"], ref["choices"]
    return ref["label"], None


def run_stepwise(binary, dataset, mode, input_path):
    with open(input_path, "rb") as stdin:
        proc = subprocess.run([binary, "debug-parse", "--dataset", STEPWISE_DATASET[dataset], "--mode", mode],
                              stdin=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"stepwise debug-parse failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]


def acc_text(correct_list):
    n = len(correct_list)
    c = sum(1 for x in correct_list if x is True)
    return f"{c / n:.4f} ({c}/{n})" if n else "-"


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=os.path.join(root, "..", "shared", "corpora"))
    ap.add_argument("--stepwise", default=os.path.join(root, ".build", "release", "stepwise"))
    ap.add_argument("--datasets", nargs="*", default=["esnli", "anli1", "cqa", "svamp"])
    ap.add_argument("--show", type=int, default=3, help="examples to print per kind of difference")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.corpora, "palm")):
        print(f"skipped: no corpora at {args.corpora}")
        return 0

    failures = 0
    print(f"{'dataset':8} {'split':6} {'n':>7} {'paper diffs':>11} {'robust≠paper':>12} {'paper kept':>10} "
          f"{'robust kept':>11} {'recovered':>9}  LLM acc paper / robust")
    for d in args.datasets:
        for split in ("train", "valid", "test"):
            completions, refs = load_split(args.corpora, d, split)
            if not completions:
                continue
            rows = []
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
                for i, c in enumerate(completions):
                    gold, choices = gold_and_choices(d, refs[i] if refs else None)
                    rows.append((c, gold, choices))
                    line = {"completion": c}
                    if gold is not None:
                        line["label"] = gold
                    if choices is not None:
                        line["choices"] = choices
                    tmp.write(json.dumps(line, ensure_ascii=False) + "\n")
            try:
                paper = run_stepwise(args.stepwise, d, "paper", tmp.name)
                robust = run_stepwise(args.stepwise, d, "robust", tmp.name)
            finally:
                os.unlink(tmp.name)
            assert len(paper) == len(rows) == len(robust)

            paper_diffs, robust_disagree, recovered = [], [], 0
            reasons = {"paper": {}, "robust": {}}
            py_correct, sw_correct_paper, sw_correct_robust = [], [], []
            for i, ((c, gold, choices), p, r) in enumerate(zip(rows, paper, robust)):
                ref = paper_reference(d, c, choices)
                got = {k: p[k] for k in ("rationale", "teacher_label", "reason", "status")}
                if got != ref:
                    paper_diffs.append((i, c, ref, got))
                if in_space(d, ref["teacher_label"], choices):
                    if (r["rationale"], r["teacher_label"]) != (ref["rationale"], ref["teacher_label"]):
                        robust_disagree.append((i, c, ref, r))
                elif r["recovered"]:
                    recovered += 1
                for mode, out in (("paper", p), ("robust", r)):
                    key = out["reason"] or "kept"
                    reasons[mode][key] = reasons[mode].get(key, 0) + 1
                if gold is not None:
                    pc = correct(d, ref["teacher_label"], gold, choices)
                    py_correct.append(pc)
                    sw_correct_paper.append(p["correct"])
                    sw_correct_robust.append(r["correct"])
                    if pc != p["correct"]:
                        paper_diffs.append((i, c, {"correct": pc}, {"correct": p["correct"]}))

            acc = (f"{acc_text(sw_correct_paper)} / {acc_text(sw_correct_robust)}" if py_correct
                   else "no gold labels")
            print(f"{d:8} {split:6} {len(rows):7} {len(paper_diffs):11} {len(robust_disagree):12} "
                  f"{reasons['paper'].get('kept', 0):10} {reasons['robust'].get('kept', 0):11} {recovered:9}  {acc}")
            for mode in ("paper", "robust"):
                print(f"{'':16}{mode} reasons: " + ", ".join(f"{k}={v}" for k, v in sorted(reasons[mode].items())))
            for what, items in (("paper-mode difference", paper_diffs), ("robust disagreement", robust_disagree)):
                for i, c, want, got in items[: args.show]:
                    print(f"  {what} at {d}/{split} #{i}: completion={c[:300]!r}\n    python={want}\n    swift={got}")
            failures += len(paper_diffs) + len(robust_disagree)
    print("OK: paper mode matches the re-implementation and robust agrees with it where the paper's label is in space"
          if failures == 0 else f"FAILED: {failures} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
