"""Whole processes on one core: `stepwise tokenize` (JSON string per line in, JSON array of
ids per line out) against SentencePiece's own C++ CLI `spm_encode --output_format=id` (raw
text per line in, ids per line out), both pinned with `taskset -c CORE`, reading the same
texts from a file and writing to a file. Also encode() alone on the same texts, with and
without the word cache: `stepwise tokenize --benchmark` against SentencePiece's python
`encode(texts, num_threads=1)` in this process, pinned to the same core.

Text sets (--sets, comma-separated):
  corpus   the non-PaLM strings of ../shared/corpora (corpus_texts.py), cycled to --count
  long     the PaLM completions and rationales (long texts), the first --long-count
  diverse  diverse_texts.py: generated strings and made-up multilingual sentences whose
           words rarely repeat (low word-cache hit rate), --diverse-count of them
Newlines and CRs in texts become spaces for both sides (spm_encode reads raw lines).
stepwise runs with --no-eos so both sides emit the same kind of ids; token totals and the
lines whose counts differ are printed (SentencePiece itself differs from HF on text such
as a literal `</s>`). Ratios are SentencePiece's seconds over ours; each time is the best
of --passes.

Needs: /usr/bin/spm_encode (Debian `sentencepiece`), taskset, the venv of
       scripts/tokenizer (sentencepiece), swift build -c release --product stepwise
Run:   python scripts/tokenizer/whole_process.py [--sets corpus,long,diverse] [--passes 3]
            [--count 1000000] [--long-count 200000]
            [--diverse-count 100000] [--core 1] [--ascii-json]
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time

import sentencepiece as spm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_texts  # noqa: E402
import diverse_texts  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.path.join(ROOT, "..", "shared", "tokenizers")


def text_sets(args):
    wanted = args.sets.split(",")
    sets = {}
    if "corpus" in wanted or "long" in wanted:
        items = list(corpus_texts.texts(args.corpora))
        if "corpus" in wanted:
            short = [t for s, t in items if not s.startswith("palm/")]
            sets["corpus"] = list(itertools.islice(itertools.cycle(short), args.count))
        if "long" in wanted:
            sets["long"] = [t for s, t in items if s.startswith("palm/")][: args.long_count]
    if "diverse" in wanted:
        sets["diverse"] = diverse_texts.texts(args.diverse_count)
    return {name: [t.replace("\r", " ").replace("\n", " ") for t in texts] for name, texts in sets.items()}


def timed_process(command, stdin_path, stdout_path, passes):
    best = float("inf")
    for _ in range(passes):
        with open(stdin_path, "rb") as stdin, open(stdout_path, "wb") as stdout:
            started = time.perf_counter()
            subprocess.run(command, stdin=stdin, stdout=stdout, check=True)
            best = min(best, time.perf_counter() - started)
    return best


def line_counts(path, count):
    with open(path, encoding="utf-8") as f:
        return [count(line) for line in f.read().splitlines()]


def compare(name, texts, args, directory):
    size = sum(len(t.encode()) for t in texts)
    print(f"\n== {name}: {len(texts)} texts, {size / 1e6:.1f} MB, {size / max(len(texts), 1):.0f} bytes/text")
    raw, jsonl = os.path.join(directory, "texts.txt"), os.path.join(directory, "texts.jsonl")
    with open(raw, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(t + "\n" for t in texts)
    with open(jsonl, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(json.dumps(t, ensure_ascii=args.ascii_json) + "\n" for t in texts)
    pin = ["taskset", "-c", str(args.core)]
    ours_out, spm_out = os.path.join(directory, "ours.out"), os.path.join(directory, "spm.out")

    ours = timed_process(pin + [args.stepwise, "tokenize", "--tokenizer", args.model, "--no-eos"], jsonl, ours_out, args.passes)
    theirs = timed_process(pin + [args.spm_encode, "--model", args.model, "--output_format=id"], raw, spm_out, args.passes)
    ours_counts = line_counts(ours_out, lambda line: len(json.loads(line)))
    spm_counts = line_counts(spm_out, lambda line: len(line.split()))
    assert len(ours_counts) == len(spm_counts) == len(texts), (len(ours_counts), len(spm_counts), len(texts))
    differing = sum(a != b for a, b in zip(ours_counts, spm_counts))
    ours_tokens, spm_tokens = sum(ours_counts), sum(spm_counts)
    print(f"tokens: stepwise {ours_tokens}, spm_encode {spm_tokens}; lines whose counts differ: {differing}")
    print(f"{'whole process':28s} stepwise {ours:7.3f} s {ours_tokens / ours / 1e6:6.2f} M tok/s | "
          f"spm_encode {theirs:7.3f} s {spm_tokens / theirs / 1e6:6.2f} M tok/s | {theirs / ours:5.2f}x")

    # encode() alone: SentencePiece in this process, pinned to the same core.
    processor = spm.SentencePieceProcessor(model_file=args.model)
    os.sched_setaffinity(0, {args.core})
    spm_alone = float("inf")
    for _ in range(args.passes):
        started = time.perf_counter()
        processor.encode(texts, num_threads=1)
        spm_alone = min(spm_alone, time.perf_counter() - started)
    os.sched_setaffinity(0, args.all_cores)
    for label, flags in (("encode() alone, word cache", []), ("encode() alone, no cache", ["--no-word-cache"])):
        with open(jsonl, "rb") as stdin:
            done = subprocess.run(pin + [args.stepwise, "tokenize", "--tokenizer", args.model, "--no-eos",
                                         "--benchmark", str(args.passes)] + flags,
                                  stdin=stdin, capture_output=True, check=True)
        report = json.loads(done.stdout)
        seconds = report["seconds"]
        print(f"{label:28s} stepwise {seconds:7.3f} s {report['tokens'] / seconds / 1e6:6.2f} M tok/s | "
              f"SPM encode {spm_alone:7.3f} s {spm_tokens / spm_alone / 1e6:6.2f} M tok/s | {spm_alone / seconds:5.2f}x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stepwise", default=os.path.join(ROOT, ".build", "release", "stepwise"))
    parser.add_argument("--spm-encode", default="/usr/bin/spm_encode")
    parser.add_argument("--model", default=os.path.join(SHARED, "t5-spiece.model"))
    parser.add_argument("--corpora", default=corpus_texts.default_corpora())
    parser.add_argument("--sets", default="corpus,long,diverse")
    parser.add_argument("--count", type=int, default=1_000_000, help="corpus strings (cycled)")
    parser.add_argument("--long-count", type=int, default=200_000)
    parser.add_argument("--diverse-count", type=int, default=100_000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--core", type=int, default=1)
    parser.add_argument("--ascii-json", action="store_true", help="write non-ASCII as \\u escapes, as json.dumps does by default")
    args = parser.parse_args()
    args.all_cores = os.sched_getaffinity(0)
    print(f"best of {args.passes}, core {args.core}, model {os.path.basename(args.model)}, "
          f"JSON {'ASCII-escaped' if args.ascii_json else 'UTF-8'}")
    with tempfile.TemporaryDirectory(prefix="stepwise-whole-process-") as directory:
        for name, texts in text_sets(args).items():
            compare(name, texts, args, directory)


if __name__ == "__main__":
    main()
