"""Parity check: `stepwise tokenize` must give exactly the ids of HF `tokenizers`, truncation
off, EOS appended, on
  corpus     every text built from ../shared/corpora (see corpus_texts.py), and
  generated  generated strings (see generated_texts.py): runs of repeated characters of
             every length 1-200, repeated units (`|---|`, `-=`, `** `), runs in text and
             tables, mixed scripts, whitespace variants, special-token text inside strings,
             seeded random mixtures.
  diverse    made-up multilingual sentences (see diverse_texts.py: Latin with accents,
             Cyrillic, Greek, Arabic, Devanagari, CJK, Hangul, numbers, punctuation).

Models: every file in --tokenizers (../shared/tokenizers) and the committed models in
data/tokenizer (sample*.{model,json}, repeats-tokenizer.json; --no-samples leaves those
out). Pairs checked
(ours  vs  reference):
  each *.json                     vs  tokenizers.Tokenizer.from_file(same file)
  t5-spiece.model (bare)          vs  t5-tokenizer.json beside it (transformers 4.24's conversion)
  every other *.model (bare)      vs  convert_spiece.py's T5-style conversion of it, as
                                      published: written to tokenizer.json and read back

Needs: the venv of scripts/tokenizer (pip install sentencepiece tokenizers protobuf) and a
release build:  swift build -c release --product stepwise
Run:   python scripts/tokenizer/check_parity.py [--stepwise PATH] [--tokenizers DIR]
            [--corpora DIR] [--texts corpus,generated,diverse] [--no-samples] [--limit N] [--only NAME]
Exit status 0 when every pair has 0 mismatches.
"""
import argparse
import collections
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
import diverse_texts  # noqa: E402
import generated_texts  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SAMPLES = os.path.join(ROOT, "data", "tokenizer")


def run_stepwise(binary, model, input_path):
    with open(input_path, "rb") as stdin:
        done = subprocess.run([binary, "tokenize", "--tokenizer", model], stdin=stdin,
                              capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"stepwise tokenize failed on {model}: {done.stderr.decode()}")
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def collect_texts(kinds, corpora):
    """(source, text) pairs, each distinct text once (identical strings give identical ids)."""
    items, seen = [], set()
    if "corpus" in kinds:
        if os.path.isdir(corpora):
            for source, text in corpus_texts.texts(corpora):
                if text not in seen:
                    seen.add(text)
                    items.append((source, text))
        else:
            print(f"no corpora at {corpora}: corpus texts skipped")
    if "generated" in kinds:
        for family, text in generated_texts.texts():
            if text not in seen:
                seen.add(text)
                items.append((f"generated:{family}", text))
    if "diverse" in kinds:
        for text in diverse_texts.made_up_sentences(20_000):
            if text not in seen:
                seen.add(text)
                items.append(("diverse", text))
    return items


def model_files(tokenizers_dir, with_samples):
    paths = []
    if os.path.isdir(tokenizers_dir):
        paths += [os.path.join(tokenizers_dir, n) for n in sorted(os.listdir(tokenizers_dir))
                  if n.endswith((".json", ".model"))]
    else:
        print(f"no tokenizers at {tokenizers_dir}: only the samples are checked")
    if with_samples:
        paths += [os.path.join(SAMPLES, n) for n in sorted(os.listdir(SAMPLES))
                  if n.startswith(("sample", "repeats")) and n.endswith((".json", ".model"))]
    return paths


def reference_for(path):
    """(key, name, loader) of the HF tokenizer whose ids `path` must give."""
    directory, name = os.path.split(path)
    if name.endswith(".json"):
        return path, name, lambda: Tokenizer.from_file(path)
    official = os.path.join(directory, "t5-tokenizer.json")
    if name == "t5-spiece.model" and os.path.exists(official):
        return official, "t5-tokenizer.json", lambda: Tokenizer.from_file(official)
    return path + " (published conversion)", "convert_spiece.py, published", \
        lambda: convert_spiece.as_published(convert_spiece.convert(path))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stepwise", default=os.path.join(ROOT, ".build", "release", "stepwise"))
    parser.add_argument("--tokenizers", default=os.path.join(ROOT, "..", "shared", "tokenizers"))
    parser.add_argument("--corpora", default=corpus_texts.default_corpora())
    parser.add_argument("--texts", default="corpus,generated,diverse", help="comma-separated: corpus, generated, diverse")
    parser.add_argument("--no-samples", dest="samples", action="store_false",
                        help="leave out the committed models in data/tokenizer")
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    parser.add_argument("--only", default="", help="only model files whose name starts with one of these (comma-separated)")
    args = parser.parse_args()

    items = collect_texts(set(args.texts.split(",")), args.corpora)
    if args.limit:
        items = items[: args.limit]
    sources = [source for source, _ in items]
    texts = [text for _, text in items]
    families = collections.Counter(s.split(":")[1] if s.startswith("generated:") else s if s == "diverse" else "corpus"
                                   for s in sources)
    print(f"{len(texts)} distinct texts ({', '.join(f'{k} {v}' for k, v in families.items())})")

    wanted = args.only.split(",")
    models = [p for p in model_files(args.tokenizers, args.samples)
              if any(os.path.basename(p).startswith(w) for w in wanted)]
    # Models sharing a reference run one after another: one reference's ids are kept at a time.
    first_use = {}
    for p in models:
        first_use.setdefault(reference_for(p)[0], len(first_use))
    models.sort(key=lambda p: first_use[reference_for(p)[0]])

    failed = False
    total_mismatches = 0
    expected_by_reference = {}
    with tempfile.TemporaryDirectory() as tmp:
        input_path = os.path.join(tmp, "texts.jsonl")
        with open(input_path, "w", encoding="utf-8") as f:
            for text in texts:
                f.write(json.dumps(text, ensure_ascii=False) + "\n")
        for model in models:
            started = time.time()
            key, reference_name, load = reference_for(model)
            if key not in expected_by_reference:
                expected_by_reference.clear()
                reference = load()
                # Lengths come from the pipeline; a file's own truncation/padding is ignored.
                reference.no_truncation()
                reference.no_padding()
                expected_by_reference[key] = [e.ids for e in reference.encode_batch(texts)]
            expected = expected_by_reference[key]
            ours = run_stepwise(args.stepwise, model, input_path)
            if len(ours) != len(expected):
                raise SystemExit(f"{model}: stepwise returned {len(ours)} lines for {len(texts)} texts")
            mismatches = [i for i, (a, b) in enumerate(zip(ours, expected)) if a != b]
            tokens = sum(len(ids) for ids in expected)
            print(f"{os.path.basename(model):36s} vs {reference_name:30s} "
                  f"{len(texts)} texts, {tokens} ids, {len(mismatches)} mismatches "
                  f"({time.time() - started:.0f}s)")
            if mismatches:
                by_family = collections.Counter(sources[i].split(":")[-1] for i in mismatches)
                print("  by source: " + ", ".join(f"{k} {v}" for k, v in by_family.most_common(8)))
            for i in mismatches[:5]:
                print(f"  text {i} [{sources[i]}]: {texts[i]!r}\n    ours     {ours[i]}\n    expected {expected[i]}")
            total_mismatches += len(mismatches)
            failed = failed or bool(mismatches)
    print(f"{len(texts)} texts x {len(models)} models: {total_mismatches} mismatches")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
