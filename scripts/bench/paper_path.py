#!/usr/bin/env python3
"""Benchmark side (a): the paper's data preparation re-done in Python.

Needs: a venv with `datasets`, `tokenizers`, `numpy`
       (python3 -m venv /work/venvs/bench && /work/venvs/bench/bin/pip install datasets tokenizers numpy),
       the input written by make_input.py, and the T5 tokenizer.json (../shared/tokenizers/t5-tokenizer.json).
Run:   /work/venvs/bench/bin/python scripts/bench/paper_path.py --input DIR/source/esnli_train.json \
           --completions DIR/palm --tokenizer ../shared/tokenizers/t5-tokenizer.json \
           --out DIR/paper-out --cache DIR/hf-cache

What it does, as the paper's code does it (HF `datasets` + a fast T5 tokenizer):
  1. load the JSON-lines input with `datasets.load_dataset("json")` (Arrow cache in --cache);
  2. read the released completions file by file, in file-number order, and add them as
     a column (completion i belongs to record i);
  3. one `map(batched=True)` that builds the NLI input (premise "</s>" hypothesis, label
     index -> text), parses each completion with the paper's e-SNLI rule (rationale = text
     before the first "Answer:", right-stripped; label = text after "Answer: " up to the
     next "Premise", right-stripped) and tokenizes with task prefixes: "predict: " + input
     and "explain: " + input (truncated to 1024 tokens), and the gold label, the teacher
     label and the rationale (truncated to 256) — input_ids, attention masks, labels,
     teacher labels, aux_labels, the same columns Stepwise's shards hold;
  4. `save_to_disk`.
Prints one JSON object with the record count and the seconds of each phase.
"""
import argparse
import json
import os
import re
import sys
import time

LABELS = ["entailment", "neutral", "contradiction"]


def parse_completion(text):
    """The paper's e-SNLI rule: (rationale, label)."""
    cut = text.find("Answer:")
    if cut < 0:
        return text.rstrip(), ""
    rationale = text[:cut].rstrip()
    rest = text[cut + len("Answer:"):]
    if rest.startswith(" "):
        rest = rest[1:]
    end = rest.find("Premise")
    label = (rest if end < 0 else rest[:end]).rstrip()
    return rationale, label


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True)
    ap.add_argument("--completions", required=True, help="folder of train_CoT_<i>.json")
    ap.add_argument("--tokenizer", required=True, help="HF tokenizer.json")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", required=True, help="datasets cache folder")
    ap.add_argument("--max-input", type=int, default=1024)
    ap.add_argument("--max-target", type=int, default=256)
    args = ap.parse_args()

    import datasets
    from tokenizers import Tokenizer

    datasets.disable_progress_bars()
    phases = {}
    start = time.perf_counter()

    t = time.perf_counter()
    ds = datasets.load_dataset("json", data_files={"train": args.input}, cache_dir=args.cache)["train"]
    phases["load"] = time.perf_counter() - t

    t = time.perf_counter()
    numbered = []
    for name in os.listdir(args.completions):
        m = re.fullmatch(r"train_CoT_(\d+)\.json", name)
        if m:
            numbered.append((int(m.group(1)), os.path.join(args.completions, name)))
    completions = []
    for _, path in sorted(numbered):
        with open(path, encoding="utf-8") as f:
            completions.extend(json.load(f))
    if len(completions) != len(ds):
        sys.exit(f"paper_path: {len(completions)} completions for {len(ds)} records")
    ds = ds.add_column("completion", completions)
    del completions
    phases["read_completions"] = time.perf_counter() - t

    source_tok = Tokenizer.from_file(args.tokenizer)
    source_tok.enable_truncation(args.max_input)
    target_tok = Tokenizer.from_file(args.tokenizer)
    target_tok.enable_truncation(args.max_target)

    def encode(tok, texts):
        encodings = tok.encode_batch(texts)
        return [e.ids for e in encodings], [e.attention_mask for e in encodings]

    def prepare(batch):
        inputs = [p + "</s>" + h for p, h in zip(batch["premise"], batch["hypothesis"])]
        gold = [LABELS[i] if 0 <= i < 3 else str(i) for i in batch["label"]]
        parsed = [parse_completion(c) for c in batch["completion"]]
        rationales = [p[0] for p in parsed]
        teacher = [p[1] for p in parsed]
        out = {}
        out["input_ids"], out["attention_mask"] = encode(source_tok, ["predict: " + x for x in inputs])
        out["expl_input_ids"], out["expl_attention_mask"] = encode(source_tok, ["explain: " + x for x in inputs])
        out["labels"], _ = encode(target_tok, gold)
        out["teacher_labels"], _ = encode(target_tok, teacher)
        out["aux_labels"], _ = encode(target_tok, rationales)
        return out

    t = time.perf_counter()
    ds = ds.map(prepare, batched=True, remove_columns=ds.column_names)
    phases["map"] = time.perf_counter() - t

    t = time.perf_counter()
    ds.save_to_disk(args.out)
    phases["save_to_disk"] = time.perf_counter() - t

    print(json.dumps({"records": len(ds), "seconds": time.perf_counter() - start,
                      "phases": {k: round(v, 2) for k, v in phases.items()}}))


if __name__ == "__main__":
    main()
