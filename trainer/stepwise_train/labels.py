"""Comparing a generated label with the gold one by the task's label kind.

A Stepwise run writes its task into `DATA/run.json` (`task.labels.kind`: classes, choices,
number, equation or text). `--metric auto` reads it there and compares:

* classes, choices: exact text (the pipeline stores gold labels in one spelling);
* number: by value — `1,000` = `1000` = `1000.0`, `$18` = `18`, `3/4` = `0.75`; two integers
  must have the same digits, other numbers may differ by 1e-6 of the larger magnitude (the
  same rule as the pipeline's teacher accuracy);
* equation: by value with the safe evaluator in `equation`;
* text: exact match after the usual QA normalisation (lowercase, punctuation and the
  articles a/an/the removed, whitespace collapsed).

Outputs of older runs have no `task`; then a gold label that is an arithmetic expression is
compared by value and every other by exact text.
"""

from __future__ import annotations

import json
import re
import string
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Optional

KIND_METRICS = {"classes": "exact", "choices": "exact", "number": "number", "equation": "equation", "text": "text"}

_NUMBER = re.compile(r"^([-+−]?)[$€£¥]?([-+−]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?(?:[eE]([-+]?\d{1,2}))?%?$")
_FRACTION = re.compile(r"^([-−]?)(\d+)\s*/\s*(\d+)$")


def task_kind(data: str) -> Optional[str]:
    """The label kind of the run in `data` (`run.json`, or a rank's record), if it says."""
    root = Path(data)
    records = [root / "run.json"] if (root / "run.json").is_file() else sorted(root.glob("run.rank-*.json"))
    for path in records:
        try:
            task = json.loads(path.read_text(encoding="utf-8")).get("task") or {}
        except (OSError, ValueError, AttributeError):
            continue
        kind = (task.get("labels") or {}).get("kind") if isinstance(task, dict) else None
        if kind in KIND_METRICS:
            return kind
    return None


def metric_for(data: str, requested: str) -> tuple[str, str]:
    """The metric to use and where it came from: `requested` unless it is `auto`."""
    if requested != "auto":
        return requested, "--metric"
    kind = task_kind(data)
    if kind is None:
        return "auto", "no task in run.json: by value for arithmetic gold labels, else exact"
    return KIND_METRICS[kind], f"run.json task.labels.kind {kind}"


def parse_number(text: str) -> Optional[Fraction]:
    """The value of a number as people write it, exactly; `None` when it is not one."""
    s = text.strip()
    if len(s) > 1 and s.endswith("."):
        s = s[:-1]
    if not s or len(s) > 200:
        return None
    m = _FRACTION.match(s)
    if m:
        denominator = int(m.group(3))
        if denominator == 0:
            return None
        value = Fraction(int(m.group(2)), denominator)
        return -value if m.group(1) else value
    m = _NUMBER.match(s)
    if not m or (m.group(1) and m.group(2)):
        return None
    digits, fraction, exponent = m.group(3).replace(",", ""), m.group(4) or "", m.group(5)
    if not digits and not fraction:
        return None
    try:
        value = Fraction(Decimal(f"{digits or '0'}.{fraction or '0'}" + (f"e{exponent}" if exponent else "")))
    except (InvalidOperation, ValueError):
        return None
    return -value if (m.group(1) or m.group(2)) in ("-", "−") else value


def same_number(prediction: str, gold: str) -> bool:
    a, b = parse_number(prediction), parse_number(gold)
    if a is None or b is None:
        return False
    if a.denominator == 1 and b.denominator == 1:
        return a == b
    scale = max(abs(a), abs(b))
    return a == b or abs(a - b) <= Fraction(1, 10**6) * scale


def normalise_answer(text: str) -> str:
    lowered = text.lower()
    no_punctuation = "".join(c for c in lowered if c not in string.punctuation)
    words = [w for w in no_punctuation.split() if w not in ("a", "an", "the")]
    return " ".join(words)


def same_text(prediction: str, gold: str) -> bool:
    return normalise_answer(prediction) == normalise_answer(gold)
