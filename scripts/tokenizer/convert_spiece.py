"""Build an HF tokenizer.json from a SentencePiece unigram model, the way transformers 4.24's
T5 conversion (T5TokenizerFast from T5Tokenizer) does: all pieces with their scores plus
<extra_id_99>..<extra_id_0> at score 0, normalizer = Precompiled(charsmap) then " {2,}" -> " ",
Metaspace pre-tokenizer/decoder prepending "▁", template "$A </s>", no added tokens.

Needs: pip install sentencepiece tokenizers protobuf   (venv: /work/venvs/tokenizer)
Run:   python scripts/tokenizer/convert_spiece.py MODEL.model OUT.json
"""
import sys

from sentencepiece import sentencepiece_model_pb2
from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

SENTINELS = 100


def convert(model_path: str) -> Tokenizer:
    proto = sentencepiece_model_pb2.ModelProto()
    with open(model_path, "rb") as f:
        proto.ParseFromString(f.read())
    if proto.trainer_spec.model_type != 1:
        raise SystemExit(f"{model_path}: not a unigram model")
    vocab = [(p.piece, p.score) for p in proto.pieces]
    vocab += [(f"<extra_id_{i}>", 0.0) for i in range(SENTINELS - 1, -1, -1)]
    tokenizer = Tokenizer(Unigram(vocab, proto.trainer_spec.unk_id))
    steps = []
    if proto.normalizer_spec.precompiled_charsmap:
        steps.append(normalizers.Precompiled(proto.normalizer_spec.precompiled_charsmap))
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    pieces = [p for p, _ in vocab]
    eos = pieces.index("</s>") if "</s>" in pieces else proto.trainer_spec.unk_id
    tokenizer.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", eos)])
    return tokenizer


def as_published(tokenizer: Tokenizer) -> Tokenizer:
    """`tokenizer` written to tokenizer.json and read back, as a published conversion is
    used. Reading rounds the scores the way serde_json does (not always to the nearest
    double), which decides some Viterbi ties: this, not the in-memory `convert()` result,
    is what a tokenizer.json user gets, and what `stepwise` gives for a bare model."""
    return Tokenizer.from_str(tokenizer.to_str())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    convert(sys.argv[1]).save(sys.argv[2])
