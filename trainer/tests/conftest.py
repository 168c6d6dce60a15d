"""Shared fixtures: a test tokenizer, a shard set, and a tiny random T5 config.

Shards: `STEPWISE_TEST_SHARDS` names a directory the Swift pipeline wrote (CI sets it after
`stepwise run Pipelines/quickstart.yaml`); it is copied to a temporary directory because
StreamingDataset writes decompressed `.mds` files beside the zips. Without it the tests
write a small synthetic shard set with `streaming.MDSWriter`, with exactly the pipeline's
columns, tokenized by the test tokenizer.

Tokenizer: `data/tokenizer/sample-tokenizer.json` from the repository when present, else
`STEPWISE_TEST_TOKENIZER` (a tokenizer.json or spiece.model), else a tiny word-level
tokenizer built here. No network.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
COMMITTED_TOKENIZER = REPO / "data" / "tokenizer" / "sample-tokenizer.json"

WORDS = ("a the cat dog bird man woman child sits runs sleeps eats plays is not in on park house "
         "garden food ball happy sad . predict: explain: entailment neutral contradiction premise "
         "says so So answer hypothesis about something else denies it").split()
SUBJECTS = ["cat", "dog", "bird", "man", "woman", "child"]
VERBS = ["sits", "runs", "sleeps", "eats", "plays"]
PLACES = ["park", "house", "garden"]


def build_word_tokenizer(path: Path) -> Path:
    """A word-level tokenizer.json with T5's special ids: <pad>=0, </s>=1, <unk>=2."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    vocab = {"<pad>": 0, "</s>": 1, "<unk>": 2}
    for word in WORDS:
        vocab.setdefault(word, len(vocab))
    tokenizer = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.decoder = decoders.WordPiece(prefix="##")  # joins words with spaces
    tokenizer.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 1)])
    tokenizer.add_special_tokens(["<pad>", "</s>", "<unk>"])
    tokenizer.save(str(path))
    return path


@pytest.fixture(scope="session")
def tokenizer_path(tmp_path_factory) -> Path:
    if COMMITTED_TOKENIZER.is_file():
        return COMMITTED_TOKENIZER
    if os.environ.get("STEPWISE_TEST_TOKENIZER"):
        return Path(os.environ["STEPWISE_TEST_TOKENIZER"])
    if os.environ.get("STEPWISE_TEST_SHARDS"):
        pytest.fail("STEPWISE_TEST_SHARDS is set but there is no tokenizer for its vocabulary: commit "
                    f"{COMMITTED_TOKENIZER} or set STEPWISE_TEST_TOKENIZER to the pipeline's tokenizer file")
    return build_word_tokenizer(tmp_path_factory.mktemp("tokenizer") / "tokenizer.json")


@pytest.fixture(scope="session")
def tokenizer(tokenizer_path):
    # As the trainer loads it: a tokenizer.json, or a spiece.model converted as the pipeline does.
    from stepwise_train.tokenizer_source import TokenizerSource, load_tokenizer

    return load_tokenizer(TokenizerSource(Path(tokenizer_path), "test"))


def encode(tokenizer, text: str) -> np.ndarray:
    """Token ids of `text` followed by EOS (id 1), as the pipeline writes them."""
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    return np.asarray(ids + [1], dtype=np.int32)


def synthetic_example(rng: random.Random, index: int) -> dict[str, str]:
    """An NLI-like example whose label follows from its words (so a model can learn it)."""
    subject, verb, place = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(PLACES)
    premise = f"the {subject} {verb} in the {place} ."
    kind = index % 3
    if kind == 0:
        hypothesis, label = f"the {subject} {verb} .", "entailment"
        rationale = f"the premise says the {subject} {verb} so it is entailment"
    elif kind == 1:
        hypothesis, label = f"the {subject} is happy .", "neutral"
        rationale = f"the premise says nothing about happy so it is neutral"
    else:
        hypothesis, label = f"the {subject} is not in the {place} .", "contradiction"
        rationale = f"the premise says the {subject} is in the {place} so it is contradiction"
    teacher_label = label if index % 7 else "neutral"
    return {"input": f"{premise} </s> {hypothesis}", "label": label, "teacher_label": teacher_label,
            "rationale": rationale}


def write_synthetic_shards(root: Path, tokenizer, counts: dict[str, int], *, size_limit: int = 4096) -> Path:
    """Writes `root/<split>/` with MDSWriter: the pipeline's columns, zstd, several shards."""
    from streaming import MDSWriter

    columns = {"id": "str", "input_ids": "ndarray:int32", "expl_input_ids": "ndarray:int32",
               "labels": "ndarray:int32", "teacher_labels": "ndarray:int32", "aux_labels": "ndarray:int32",
               "input": "str", "label": "str", "teacher_label": "str", "rationale": "str"}
    for split, count in counts.items():
        rng = random.Random(f"{split}-17")
        with MDSWriter(out=str(root / split), columns=columns, compression="zstd", size_limit=size_limit) as out:
            for i in range(count):
                ex = synthetic_example(rng, i)
                out.write({
                    "id": f"synth-{split}-{i}",
                    "input_ids": encode(tokenizer, "predict: " + ex["input"]),
                    "expl_input_ids": encode(tokenizer, "explain: " + ex["input"]),
                    "labels": encode(tokenizer, ex["label"]),
                    "teacher_labels": encode(tokenizer, ex["teacher_label"]),
                    "aux_labels": encode(tokenizer, ex["rationale"]),
                    **ex,
                })
    return root


@pytest.fixture(scope="session")
def shards(tmp_path_factory, tokenizer) -> Path:
    target = tmp_path_factory.mktemp("shards") / "out"
    given = os.environ.get("STEPWISE_TEST_SHARDS")
    if given:
        # Copy only the index and the zips: a stale decompressed `.mds` must never be read.
        for index in Path(given).glob("*/index.json"):
            split_dir = target / index.parent.name
            split_dir.mkdir(parents=True)
            shutil.copy2(index, split_dir / "index.json")
            for shard in json.loads(index.read_text())["shards"]:
                name = (shard.get("zip_data") or shard["raw_data"])["basename"]
                (split_dir / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(index.parent / name, split_dir / name)
        if not any(target.glob("*/index.json")):
            pytest.fail(f"STEPWISE_TEST_SHARDS={given} holds no <split>/index.json")
        return target
    return write_synthetic_shards(target, tokenizer, {"train": 96, "valid": 24})


@pytest.fixture(scope="session")
def tiny_config(tmp_path_factory, tokenizer) -> Path:
    """A T5Config JSON for a tiny random model over the test tokenizer's vocabulary."""
    from transformers import T5Config

    config = T5Config(vocab_size=tokenizer.get_vocab_size(), d_model=32, d_kv=16, d_ff=64, num_layers=2,
                      num_decoder_layers=2, num_heads=2, dropout_rate=0.1, pad_token_id=0, eos_token_id=1,
                      decoder_start_token_id=0)
    path = tmp_path_factory.mktemp("model") / "tiny-t5.json"
    config.to_json_file(str(path))
    return path


@pytest.fixture(scope="session")
def train_split_size(shards) -> int:
    index = json.loads((shards / "train" / "index.json").read_text())
    return sum(s["samples"] for s in index["shards"])
