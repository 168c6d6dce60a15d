"""Writes the unit-test fixtures for the Swift tokenizer from the committed sample model:
  data/tokenizer/sample-tokenizer-prepend-always.json, ...-prepend-first.json
      sample-tokenizer.json rewritten in the newer tokenizer.json layout that SD3/FLUX ship
      for T5: <pad> </s> <unk> and the sentinels in added_tokens (sentinels with lstrip and
      rstrip), Strip(right) then " {2,}" -> "▁", Metaspace prepend_scheme always / first.
  data/tokenizer/expected-ids.jsonl
      one line per test text: {"text", "ids": {file: ids}, "truncated16": {file: ids},
      "decoded": {file: text}} with ids from HF `tokenizers` (the reference) for each
      tokenizer.json above, EOS appended; truncated16 = with truncation to 16 ids; decoded =
      decode(ids, skip_special_tokens=True).

Needs: pip install sentencepiece tokenizers protobuf   (venv: /work/venvs/tokenizer)
Run:   python scripts/tokenizer/make_fixtures.py   (after make_sample_model.py)
"""
import json
import os
import random

from tokenizers import Tokenizer

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "data", "tokenizer")
BASE = "sample-tokenizer.json"
VARIANTS = {"sample-tokenizer-prepend-always.json": "always", "sample-tokenizer-prepend-first.json": "first"}

CASES = [
    "", " ", "   ", "\t", "\n", "hello", "Hello world", "hello  world ", "  leading and trailing  ",
    "tabs\tand\nnewlines\r\nand\rreturns", "a\t\t\tb\n\n\nc", "many          spaces",
    "Premise</s>Hyp", "A man is sleeping. </s> A man is awake.", "x <extra_id_5>y", "x<extra_id_5> y",
    "<extra_id_0> starts", "ends </s>", "</s>", "</s></s> </s>", "<pad> and <unk> literally",
    "<extra_id_99><extra_id_5>", "a</s", "<extra_id_100> is not a sentinel",
    "predict: A woman is cooking. </s> Someone is making food.",
    "explain: A woman is cooking. </s> Someone is making food.",
    "Café résumé naïve façade Zürich Dvořák São Paulo",
    "Cafe\u0301 re\u0301sume\u0301 (combining acute)", "a\u0301\u0302\u0303\u0304 stacked marks",
    "e\u0301\u0302 two marks", "Å vs A\u030a vs \u212b (angstrom)",
    "Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ １２３ ！？", "ﬁne ﬂoor oﬃce ﬀ ﬃ ﬄ ﬆ", "① ② ⑩ ㎏ ㎡ ½ ² ³ ™ ℃ Ⅻ",
    "ｶﾀｶﾅ half-width katakana", "emoji 😀🎉 and 👍🏽 and 👨‍👩‍👧 and 🇫🇷🇩🇪",
    "中文字符 outside the vocabulary", "ภาษาไทย", "한국어 텍스트", "हिन्दी क्षत्रिय", "العربية ؀1 prepend",
    "zero\u200bwidth\u200djoiner\u200cnon", "soft\u00adhyphen", "no\u00a0break\u00a0space", "ideographic\u3000space",
    "replacement \ufffd char", "nul \u0000 char", "control \u0007 bell \u001b esc", "line\u2028separator",
    "literal ▁ metaspace ▁▁ here", "▁leading metaspace", "trailing metaspace▁",
    "1234567890 3.14159 1,000,000 -42 +7 1e10", "!!!??? ... --- *** ((( ))) [[[]]] {{{}}}",
    "$12.99 €3.50 £7 ¥100 ₹20 30°C 86°F 45%", "( 10.0 * 45.0 )", "( ( 76.0 - 25.0 ) / 3.0 )",
    "“smart quotes” ‘single’ … — – ‐ ‑", "Question?\nAnswer Choices:\n(a) one\n(b) two\n(c) three",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
    "ALL CAPS SHOUTING AND MiXeD cAsE", "don't won't it's O'Neil's", "email@example.com https://example.org/a?b=c&d",
    "C:\\path\\to\\file.txt and /usr/local/bin", "x" * 300, "word " * 120,
]


def variant(base: dict, scheme: str) -> dict:
    data = json.loads(json.dumps(base))
    vocab = data["model"]["vocab"]
    added = []
    for token_id, (piece, _) in enumerate(vocab):
        is_sentinel = piece.startswith("<extra_id_")
        if piece in ("<pad>", "</s>", "<unk>") or is_sentinel:
            added.append({"id": token_id, "content": piece, "single_word": False, "lstrip": is_sentinel,
                          "rstrip": is_sentinel, "normalized": False, "special": True})
    data["added_tokens"] = added
    precompiled = data["normalizer"]["normalizers"][0]
    data["normalizer"] = {"type": "Sequence", "normalizers": [
        precompiled, {"type": "Strip", "strip_left": False, "strip_right": True},
        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": "▁"}]}
    data["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": scheme, "split": True}
    data["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
    data["model"]["byte_fallback"] = False
    return data


def main():
    with open(os.path.join(DATA, BASE), encoding="utf-8") as f:
        base = json.load(f)
    for name, scheme in VARIANTS.items():
        with open(os.path.join(DATA, name), "w", encoding="utf-8") as f:
            json.dump(variant(base, scheme), f, ensure_ascii=False, indent=1)
    names = [BASE] + list(VARIANTS)
    tokenizers = {name: Tokenizer.from_file(os.path.join(DATA, name)) for name in names}
    with open(os.path.join(DATA, "sample-text.txt"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    rng = random.Random(7)
    texts = CASES + rng.sample(lines, 60) + ["\n".join(rng.sample(lines, 40))]
    out_path = os.path.join(DATA, "expected-ids.jsonl")
    with open(out_path, "w", encoding="utf-8") as out:
        for text in texts:
            row = {"text": text, "ids": {}, "truncated16": {}, "decoded": {}}
            for name, tok in tokenizers.items():
                tok.no_truncation()
                ids = tok.encode(text).ids
                row["ids"][name] = ids
                row["decoded"][name] = tok.decode(ids, skip_special_tokens=True)
                tok.enable_truncation(max_length=16)
                row["truncated16"][name] = tok.encode(text).ids
                tok.no_truncation()
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {out_path}: {len(texts)} texts x {len(names)} tokenizers")


if __name__ == "__main__":
    main()
