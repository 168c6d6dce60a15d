"""Every string the pipeline would tokenize, built from ../shared/corpora (see its README):
student inputs with the `predict: ` / `explain: ` prefixes (NLI inputs carry the literal
`</s>` between premise and hypothesis), label words and answers, the datasets' human
explanations and the paper's released PaLM chain-of-thought completions (whole, and the
rationale before "So the answer is"/"The answer is").

Used by check_parity.py and benchmark.py; run alone it prints how many texts it finds.
Needs only the Python standard library.
"""
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

NLI_LABELS = ["entailment", "neutral", "contradiction"]


def default_corpora() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "corpora"))


def _jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def _rationale(completion: str) -> str:
    first = completion.split("\n\n")[0]
    for marker in ("So the answer is", "The answer is", "So the answer"):
        at = first.find(marker)
        if at >= 0:
            return first[:at].strip()
    return first.strip()


def _with_prefixes(text: str):
    yield "predict: " + text
    yield "explain: " + text


def texts(corpora: str):
    """Yields (source, text) pairs, in a fixed order."""
    ref = os.path.join(corpora, "reference")
    for name in ("esnli", "anli1"):
        for path in sorted(glob.glob(os.path.join(ref, name, "*.json"))):
            source = os.path.relpath(path, corpora)
            for row in _jsonl(path):
                premise, hypothesis = row["premise"], row["hypothesis"]
                for joined in (f"{premise} </s> {hypothesis}", f"{premise}</s>{hypothesis}"):
                    for text in _with_prefixes(joined):
                        yield source, text
                if isinstance(row.get("label"), int) and 0 <= row["label"] < 3:
                    yield source, NLI_LABELS[row["label"]]
                for key in ("explanation_1", "explanation_2", "explanation_3", "reason"):
                    if row.get(key):
                        yield source, row[key]
    for path in sorted(glob.glob(os.path.join(ref, "cqa", "*.json"))):
        source = os.path.relpath(path, corpora)
        for row in _jsonl(path):
            choices = row["choices"]
            text = row["question"] + "\nAnswer Choices:" + "".join(
                f"\n({letter}) {choice}" for letter, choice in zip("abcde", choices))
            yield from ((source, t) for t in _with_prefixes(text))
            yield source, row["answer"]
            for key in ("abstractive_explanation", "extractive_explanation"):
                if row.get(key):
                    yield source, row[key]
    for path in sorted(glob.glob(os.path.join(ref, "svamp", "*.json"))):
        source = os.path.relpath(path, corpora)
        for row in _jsonl(path):
            yield from ((source, t) for t in _with_prefixes(row["input"]))
            yield source, row["label"]
    svamp_raw = os.path.join(corpora, "raw", "svamp", "SVAMP.json")
    if os.path.exists(svamp_raw):
        with open(svamp_raw, encoding="utf-8") as f:
            for row in json.load(f):
                yield "raw/svamp", "predict: " + row["Body"] + "\n" + row["Question"]
                yield "raw/svamp", row["Equation"]
    asdiv = os.path.join(corpora, "raw", "asdiv", "ASDiv.xml")
    if os.path.exists(asdiv):
        for problem in ET.parse(asdiv).getroot().iter("Problem"):
            body, question = problem.findtext("Body") or "", problem.findtext("Question") or ""
            yield from (("raw/asdiv", t) for t in _with_prefixes(body + "\n" + question))
            answer = (problem.findtext("Answer") or "").split()
            if answer:
                yield "raw/asdiv", answer[0]
            yield "raw/asdiv", problem.findtext("Formula") or ""
    for path in sorted(glob.glob(os.path.join(corpora, "raw", "cose-v1.11", "*.jsonl"))):
        for row in _jsonl(path):
            for value in row["explanation"].values():
                yield "raw/cose", value
    for path in sorted(glob.glob(os.path.join(corpora, "palm", "*", "*.json")),
                       key=lambda p: (os.path.dirname(p), len(p), p)):
        source = os.path.relpath(path, corpora)
        with open(path, encoding="utf-8") as f:
            for completion in json.load(f):
                if not isinstance(completion, str):
                    continue
                yield source, completion
                yield source, _rationale(completion)


if __name__ == "__main__":
    corpora = sys.argv[1] if len(sys.argv) > 1 else default_corpora()
    count = sum(1 for _ in texts(corpora))
    print(f"{count} texts from {corpora}")
