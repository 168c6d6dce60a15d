"""Parity check: `stepwise tokenize` must give exactly the ids of HF `tokenizers` on every
text built from ../shared/corpora (see corpus_texts.py), truncation off, EOS appended.

Pairs checked (ours  vs  reference):
  each <tokenizers>/*.json                 vs  tokenizers.Tokenizer.from_file(same file)
  t5-spiece.model (bare)                   vs  t5-tokenizer.json (transformers 4.24's conversion)
  every other *.model (bare)               vs  convert_spiece.py's T5-style conversion of it

Needs: the venv of scripts/tokenizer (pip install sentencepiece tokenizers protobuf) and a
release build:  swift build -c release --product stepwise
Run:   python scripts/tokenizer/check_parity.py [--stepwise PATH] [--tokenizers DIR]
                                                [--corpora DIR] [--limit N] [--only NAME]
Exit status 0 when every pair has 0 mismatches.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from tokenizers import Tokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_spiece  # noqa: E402
import corpus_texts  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def run_stepwise(binary, model, input_path):
    with open(input_path, "rb") as stdin:
        done = subprocess.run([binary, "tokenize", "--tokenizer", model], stdin=stdin,
                              capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"stepwise tokenize failed on {model}: {done.stderr.decode()}")
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stepwise", default=os.path.join(ROOT, ".build", "release", "stepwise"))
    parser.add_argument("--tokenizers", default=os.path.join(ROOT, "..", "shared", "tokenizers"))
    parser.add_argument("--corpora", default=corpus_texts.default_corpora())
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    parser.add_argument("--only", default="", help="only model files whose name starts with one of these (comma-separated)")
    args = parser.parse_args()

    items, seen = [], set()
    for source, text in corpus_texts.texts(args.corpora):
        if text not in seen:  # identical strings give identical ids: check each once
            seen.add(text)
            items.append((source, text))
    if args.limit:
        items = items[: args.limit]
    sources = [source for source, _ in items]
    texts = [text for _, text in items]
    print(f"{len(texts)} distinct texts from {args.corpora}")

    names = sorted(os.listdir(args.tokenizers))
    pairs = []
    for name in names:
        path = os.path.join(args.tokenizers, name)
        if name.endswith(".json"):
            pairs.append((path, Tokenizer.from_file(path), name))
        elif name.endswith(".model"):
            reference = os.path.join(args.tokenizers, "t5-tokenizer.json")
            if name == "t5-spiece.model" and os.path.exists(reference):
                pairs.append((path, Tokenizer.from_file(reference), "t5-tokenizer.json"))
            else:
                pairs.append((path, convert_spiece.convert(path), "convert_spiece.py conversion"))
    wanted = args.only.split(",")
    pairs = [p for p in pairs if any(os.path.basename(p[0]).startswith(w) for w in wanted)]
    for _, reference, _ in pairs:
        # Lengths come from the pipeline; a file's own truncation/padding is ignored.
        reference.no_truncation()
        reference.no_padding()

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        input_path = os.path.join(tmp, "texts.jsonl")
        with open(input_path, "w", encoding="utf-8") as f:
            for text in texts:
                f.write(json.dumps(text, ensure_ascii=False) + "\n")
        cache = {}
        for model, reference, reference_name in pairs:
            started = time.time()
            if id(reference) not in cache:
                cache.clear()
                cache[id(reference)] = [e.ids for e in reference.encode_batch(texts)]
            expected = cache[id(reference)]
            ours = run_stepwise(args.stepwise, model, input_path)
            if len(ours) != len(expected):
                raise SystemExit(f"{model}: stepwise returned {len(ours)} lines for {len(texts)} texts")
            mismatches = [i for i, (a, b) in enumerate(zip(ours, expected)) if a != b]
            tokens = sum(len(ids) for ids in expected)
            print(f"{os.path.basename(model):36s} vs {reference_name:30s} "
                  f"{len(texts)} texts, {tokens} ids, {len(mismatches)} mismatches "
                  f"({time.time() - started:.0f}s)")
            for i in mismatches[:5]:
                where = f" [{sources[i]}]"
                print(f"  text {i}{where}: {texts[i]!r}\n    ours     {ours[i]}\n    expected {expected[i]}")
            failed = failed or bool(mismatches)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
