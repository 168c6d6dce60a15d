"""Encode speed on one core, in one run and on the same texts: our Swift encoder
(`stepwise tokenize --benchmark`, encode only, input parsed before timing), SentencePiece's
C++ encoder (python `sentencepiece`, encode(texts, num_threads=1)) and HF `tokenizers`
(encode_batch with RAYON_NUM_THREADS=1). Prints tokens/s and the ratios; each figure is the
best of --passes runs. Our encoder is timed with its word cache and without it
(--no-word-cache: every word segmented, as on text whose words rarely repeat).

Whole processes (`stepwise tokenize` against SentencePiece's `spm_encode` CLI, one core) and
diverse non-ASCII text: see whole_process.py.

Texts: the first --limit strings of ../shared/corpora (corpus_texts.py order: e-SNLI/ANLI
inputs with prefixes, labels, explanations, ...), or data/tokenizer/sample-text.txt lines
when the corpora are absent. --long uses the PaLM completions (longer texts) instead.

Needs: the venv of scripts/tokenizer (pip install sentencepiece tokenizers protobuf) and
       swift build -c release --product stepwise
Run:   python scripts/tokenizer/benchmark.py [--stepwise PATH] [--model spiece.model]
                                             [--json tokenizer.json] [--limit N] [--long]
"""
import os

os.environ["RAYON_NUM_THREADS"] = "1"  # before tokenizers starts its thread pool

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import sentencepiece as spm  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_texts  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.path.join(ROOT, "..", "shared", "tokenizers")


def best_of(passes, run):
    best, tokens = float("inf"), 0
    for _ in range(passes):
        started = time.perf_counter()
        tokens = run()
        best = min(best, time.perf_counter() - started)
    return tokens, best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stepwise", default=os.path.join(ROOT, ".build", "release", "stepwise"))
    parser.add_argument("--model", default=os.path.join(SHARED, "t5-spiece.model"))
    parser.add_argument("--json", default=os.path.join(SHARED, "t5-tokenizer.json"))
    parser.add_argument("--corpora", default=corpus_texts.default_corpora())
    parser.add_argument("--limit", type=int, default=100_000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--long", action="store_true", help="PaLM completions instead of inputs")
    args = parser.parse_args()

    if os.path.isdir(args.corpora):
        items = corpus_texts.texts(args.corpora)
        texts = [t for s, t in items if s.startswith("palm/") == args.long][: args.limit]
    else:
        with open(os.path.join(ROOT, "data", "tokenizer", "sample-text.txt"), encoding="utf-8") as f:
            texts = [line for line in f.read().splitlines() if line][: args.limit]
    size = sum(len(t.encode()) for t in texts)
    print(f"{len(texts)} texts, {size / 1e6:.1f} MB, {size / len(texts):.0f} bytes/text; best of {args.passes}")

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for text in texts:
            f.write(json.dumps(text, ensure_ascii=False) + "\n")
        path = f.name
    results = {}
    try:
        for label, model, flags in (("stepwise (Swift), spiece.model", args.model, []),
                                    ("stepwise, spiece.model, no cache", args.model, ["--no-word-cache"]),
                                    ("stepwise (Swift), tokenizer.json", args.json, [])):
            with open(path, "rb") as stdin:
                done = subprocess.run([args.stepwise, "tokenize", "--tokenizer", model, "--benchmark", str(args.passes)]
                                      + flags, stdin=stdin, capture_output=True, check=True)
            report = json.loads(done.stdout)
            results[label] = (report["tokens"], report["seconds"])
    finally:
        os.remove(path)

    processor = spm.SentencePieceProcessor(model_file=args.model)
    results["SentencePiece C++ (num_threads=1)"] = best_of(
        args.passes, lambda: sum(len(ids) + 1 for ids in processor.encode(texts, num_threads=1)))
    hf = Tokenizer.from_file(args.json)
    results["HF tokenizers (1 thread)"] = best_of(
        args.passes, lambda: sum(len(e.ids) for e in hf.encode_batch(texts)))

    reference = results["SentencePiece C++ (num_threads=1)"]
    reference_rate = reference[0] / reference[1]
    hf_rate = results["HF tokenizers (1 thread)"][0] / results["HF tokenizers (1 thread)"][1]
    print(f"{'encoder':36s} {'tokens':>10s} {'seconds':>8s} {'M tokens/s':>10s} {'vs SPM':>7s} {'vs HF':>7s}")
    for label, (tokens, seconds) in results.items():
        rate = tokens / seconds
        print(f"{label:36s} {tokens:10d} {seconds:8.3f} {rate / 1e6:10.2f} {rate / reference_rate:6.2f}x {rate / hf_rate:6.2f}x")


if __name__ == "__main__":
    main()
