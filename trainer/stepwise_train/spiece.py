"""A SentencePiece `spiece.model` (what T5 ships) as the `tokenizers` tokenizer the
pipeline makes of it, so that the trainer decodes and encodes exactly as the shards were
tokenized.

The same construction as the pipeline's bare-model loader
(Sources/StepwiseTokenizer/SentencePieceModelLoader.swift) and
scripts/tokenizer/convert_spiece.py — transformers 4.24's T5 conversion: every piece with
its score, then `<extra_id_99>` … `<extra_id_0>` at score 0; the precompiled charsmap, then
runs of two or more spaces collapsed into one; Metaspace prepending `▁`; the template
`$A </s>`; no added tokens. It is then written out as tokenizer.json and read back, as a
published conversion is used: reading rounds the scores the way the pipeline's do, which
decides the rare Viterbi ties (long runs like `-------`).

The few protobuf fields needed are read here, so neither `sentencepiece` nor `protobuf` is
required.
"""

from __future__ import annotations

import struct

from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

SENTINELS = 100

# sentencepiece_model.proto field numbers.
_PIECES, _TRAINER_SPEC, _NORMALIZER_SPEC = 1, 2, 3
_PIECE_TEXT, _PIECE_SCORE = 1, 2
_MODEL_TYPE, _UNK_ID, _EOS_ID = 3, 40, 42
_PRECOMPILED_CHARSMAP = 2
_UNIGRAM = 1


class SpieceError(ValueError):
    """The bytes are not a SentencePiece unigram model."""


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise SpieceError(f"truncated varint at byte {at}")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _fields(data: bytes):
    """(field number, wire type, value) of each field of one message; LEN values as bytes."""
    at = 0
    while at < len(data):
        tag, at = _varint(data, at)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 1:
            value, at = data[at:at + 8], at + 8
        elif wire == 2:
            size, at = _varint(data, at)
            value, at = data[at:at + size], at + size
        elif wire == 5:
            value, at = data[at:at + 4], at + 4
        else:
            raise SpieceError(f"unsupported protobuf wire type {wire} at byte {at}")
        if at > len(data):
            raise SpieceError("truncated field")
        yield field, wire, value


def _int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def read_model(data: bytes) -> tuple[list[tuple[str, float]], int, int, bytes]:
    """(pieces with scores, unk id, the trainer's eos id, precompiled charsmap)."""
    pieces: list[tuple[str, float]] = []
    unk_id, eos_id, model_type, charsmap = 0, 2, _UNIGRAM, b""
    saw_specs = set()
    for field, wire, value in _fields(data):
        if field == _PIECES and wire == 2:
            text, score = "", 0.0
            for f, w, v in _fields(value):
                if f == _PIECE_TEXT and w == 2:
                    text = v.decode("utf-8", errors="replace")
                elif f == _PIECE_SCORE and w == 5:
                    score = struct.unpack("<f", v)[0]
            pieces.append((text, score))
        elif field == _TRAINER_SPEC and wire == 2:
            saw_specs.add(field)
            for f, w, v in _fields(value):
                if w == 0 and f == _MODEL_TYPE:
                    model_type = v
                elif w == 0 and f == _UNK_ID:
                    unk_id = _int32(v)
                elif w == 0 and f == _EOS_ID:
                    eos_id = _int32(v)
        elif field == _NORMALIZER_SPEC and wire == 2:
            saw_specs.add(field)
            for f, w, v in _fields(value):
                if f == _PRECOMPILED_CHARSMAP and w == 2:
                    charsmap = bytes(v)
    if not pieces or saw_specs != {_TRAINER_SPEC, _NORMALIZER_SPEC}:
        raise SpieceError("no pieces, trainer_spec and normalizer_spec: truncated or not a SentencePiece model")
    if model_type != _UNIGRAM:
        raise SpieceError(f"SentencePiece model type {model_type}: only unigram models are supported")
    if not 0 <= unk_id < len(pieces):
        raise SpieceError(f"unk_id {unk_id} is outside the {len(pieces)} pieces")
    return pieces, unk_id, eos_id, charsmap


def tokenizer_from_spiece(data: bytes) -> Tokenizer:
    """The pipeline's tokenizer for a bare `spiece.model` (see the module docstring)."""
    pieces, unk_id, eos_field, charsmap = read_model(data)
    vocab = pieces + [(f"<extra_id_{i}>", 0.0) for i in range(SENTINELS - 1, -1, -1)]
    names = [p for p, _ in vocab]
    eos = names.index("</s>") if "</s>" in names else (eos_field if 0 <= eos_field < len(vocab) else unk_id)
    tokenizer = Tokenizer(Unigram(vocab, unk_id))
    steps = [normalizers.Precompiled(charsmap)] if charsmap else []
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    eos_piece = names[eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"$A {eos_piece}", pair=f"$A {eos_piece} $B {eos_piece}", special_tokens=[(eos_piece, eos)])
    return Tokenizer.from_str(tokenizer.to_str())
