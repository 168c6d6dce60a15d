"""Trains the small T5-style unigram model used by the unit tests and writes its HF
tokenizer.json equivalent:
  data/tokenizer/sample.model           SentencePiece ModelProto (vocab 2000, nmt_nfkc with
                                        the precompiled charsmap, pad=0 eos=1 </s> unk=2, no bos,
                                        byte_fallback off)
  data/tokenizer/sample-tokenizer.json  convert_spiece.py's T5 conversion of it (+100 sentinels)
from data/tokenizer/sample-text.txt (written by write_sample_text.py).

Needs: pip install sentencepiece tokenizers protobuf   (venv: /work/venvs/tokenizer)
Run:   python scripts/tokenizer/make_sample_model.py
"""
import os
import sys

import sentencepiece as spm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_spiece  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "data", "tokenizer")


def main():
    prefix = os.path.join(DATA, "sample")
    spm.SentencePieceTrainer.train(
        input=os.path.join(DATA, "sample-text.txt"), model_prefix=prefix, model_type="unigram",
        vocab_size=2000, character_coverage=1.0, normalization_rule_name="nmt_nfkc",
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, pad_piece="<pad>", eos_piece="</s>",
        unk_piece="<unk>", byte_fallback=False, num_threads=1, seed_sentencepiece_size=200000,
        minloglevel=2)
    os.remove(prefix + ".vocab")
    convert_spiece.convert(prefix + ".model").save(os.path.join(DATA, "sample-tokenizer.json"))
    print(f"wrote {prefix}.model and {os.path.join(DATA, 'sample-tokenizer.json')}")


if __name__ == "__main__":
    main()
