"""The tokenizer the trainer uses is the one the pipeline used: `--tokenizer` (spiece.model
or tokenizer.json), else the run's copy `DATA/tokenizer/<file>`, else run.json's
`config.tokenizer.path`; a clear error when there is none; a bare spiece.model gives the
ids and texts of its tokenizer.json."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMMITTED_TOKENIZER, REPO
from runner import clean_env, common_args, run_trainer
from stepwise_train.tokenizer_source import (TokenizerSource, TokenizerSourceError, find_tokenizer,
                                             load_tokenizer)

SAMPLE_MODEL = REPO / "data" / "tokenizer" / "sample.model"
EXPECTED_IDS = REPO / "data" / "tokenizer" / "expected-ids.jsonl"
needs_sample = pytest.mark.skipif(not (SAMPLE_MODEL.is_file() and COMMITTED_TOKENIZER.is_file()),
                                  reason="data/tokenizer/sample.model and sample-tokenizer.json are not in this checkout")


def fingerprint(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def write_run_record(data: Path, tokenizer: Path, *, name="run.json", fingerprint_of: Path | None = None) -> Path:
    """A run record as `stepwise run` writes it (the fields read here)."""
    data.mkdir(parents=True, exist_ok=True)
    record = {"format": 1, "tokenizer_fingerprint": fingerprint(fingerprint_of or tokenizer),
              "config": {"tokenizer": {"path": str(tokenizer), "max_input_tokens": 1024}}}
    (data / name).write_text(json.dumps(record))
    return data / name


@needs_sample
def test_spiece_model_gives_the_ids_and_texts_of_its_tokenizer_json():
    from tokenizers import Tokenizer

    ours = load_tokenizer(TokenizerSource(SAMPLE_MODEL, "test"))
    reference = Tokenizer.from_file(str(COMMITTED_TOKENIZER))
    texts = [json.loads(line)["text"] for line in EXPECTED_IDS.read_text(encoding="utf-8").split("\n") if line]
    texts += ["-" * n for n in range(1, 80)] + ["5" * n for n in range(1, 80)] + ["So the answer is"]
    assert len(texts) > 250
    for text in texts:
        ids = reference.encode(text).ids
        assert ours.encode(text).ids == ids, text
        assert ours.decode(ids, skip_special_tokens=True) == reference.decode(ids, skip_special_tokens=True)
    assert ours.get_vocab_size() == reference.get_vocab_size() == 2100
    assert ours.token_to_id("<extra_id_0>") == 2099


def test_explicit_tokenizer_wins(tmp_path, tokenizer_path):
    write_run_record(tmp_path / "out", tmp_path / "elsewhere.model", fingerprint_of=tokenizer_path)
    source = find_tokenizer(str(tokenizer_path), str(tmp_path / "out"))
    assert (source.path, source.found_in, source.note) == (tokenizer_path, "--tokenizer", None)


def test_explicit_tokenizer_that_is_not_the_runs_is_used_with_a_note(tmp_path, tokenizer_path):
    other = tmp_path / "other.json"
    other.write_bytes(tokenizer_path.read_bytes() + b" ")
    write_run_record(tmp_path / "out", tokenizer_path)
    source = find_tokenizer(str(other), str(tmp_path / "out"))
    assert source.path == other and "is not the file" in source.note


def test_explicit_tokenizer_must_exist(tmp_path):
    with pytest.raises(TokenizerSourceError, match="--tokenizer .*nope.model: no such file"):
        find_tokenizer(str(tmp_path / "nope.model"), str(tmp_path))


def test_the_runs_copy_in_the_output_directory(tmp_path, tokenizer_path):
    data = tmp_path / "out"
    (data / "tokenizer").mkdir(parents=True)
    copy = data / "tokenizer" / tokenizer_path.name
    shutil.copyfile(tokenizer_path, copy)
    write_run_record(data, tmp_path / "moved-away" / tokenizer_path.name, fingerprint_of=tokenizer_path)
    source = find_tokenizer(None, str(data))
    assert source.path == copy and source.note is None


def test_a_copy_must_be_the_file_the_run_fingerprinted(tmp_path, tokenizer_path):
    data = tmp_path / "out"
    (data / "tokenizer").mkdir(parents=True)
    (data / "tokenizer" / "spiece.model").write_bytes(b"\x0a\x00 not it")
    write_run_record(data, tokenizer_path)
    with pytest.raises(TokenizerSourceError, match="no file matches the run's tokenizer_fingerprint"):
        find_tokenizer(None, str(data))
    shutil.copyfile(tokenizer_path, data / "tokenizer" / tokenizer_path.name)
    assert find_tokenizer(None, str(data)).path == data / "tokenizer" / tokenizer_path.name


def test_several_copies_without_a_fingerprint_are_ambiguous(tmp_path, tokenizer_path):
    data = tmp_path / "out"
    (data / "tokenizer").mkdir(parents=True)
    shutil.copyfile(tokenizer_path, data / "tokenizer" / "a.json")
    shutil.copyfile(tokenizer_path, data / "tokenizer" / "b.json")
    with pytest.raises(TokenizerSourceError, match="holds 2 files .*pass --tokenizer"):
        find_tokenizer(None, str(data))


def test_run_json_names_the_tokenizer(tmp_path, tokenizer_path):
    write_run_record(tmp_path / "out", tokenizer_path)
    source = find_tokenizer(None, str(tmp_path / "out"))
    assert source.path == tokenizer_path and source.found_in == "run.json config.tokenizer.path"


def test_a_ranks_run_record_names_the_tokenizer(tmp_path, tokenizer_path):
    write_run_record(tmp_path / "out", tokenizer_path, name="run.rank-00001.json")
    assert find_tokenizer(None, str(tmp_path / "out")).path == tokenizer_path


def test_a_tokenizer_changed_since_the_run_is_refused(tmp_path, tokenizer_path):
    changed = tmp_path / "tokenizer.json"
    changed.write_bytes(tokenizer_path.read_bytes())
    write_run_record(tmp_path / "out", changed)
    changed.write_bytes(tokenizer_path.read_bytes() + b"\n")
    with pytest.raises(TokenizerSourceError, match="changed since the run"):
        find_tokenizer(None, str(tmp_path / "out"))


def test_a_recorded_tokenizer_that_is_gone_is_named(tmp_path, tokenizer_path):
    gone = tmp_path / "gone" / "spiece.model"
    write_run_record(tmp_path / "out", gone, fingerprint_of=tokenizer_path)
    with pytest.raises(TokenizerSourceError, match=f"{gone}, which does not exist"):
        find_tokenizer(None, str(tmp_path / "out"))


def test_no_tokenizer_anywhere_says_where_it_looked(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(TokenizerSourceError) as error:
        find_tokenizer(None, str(tmp_path / "out"))
    message = str(error.value)
    assert "--tokenizer" in message and str(tmp_path / "out" / "tokenizer") in message
    assert str(tmp_path / "out" / "run.json") in message


def test_a_file_that_is_no_tokenizer_is_refused(tmp_path):
    for name, content in [("x.model", b"\x0a\x05hello"), ("x.json", b"{\"model\": 3}"), ("x.bin", b"PK\x03\x04")]:
        (tmp_path / name).write_bytes(content)
        with pytest.raises(TokenizerSourceError, match=name):
            load_tokenizer(TokenizerSource(tmp_path / name, "test"))


def test_run_without_tokenizer_uses_the_runs_copy(shards, tiny_config, tokenizer_path, tmp_path):
    """End to end, `--tokenizer` left out: the copy in DATA/tokenizer decodes and encodes the
    separator; final/ gets it (a spiece.model also as tokenizer.json)."""
    data = tmp_path / "data"
    shutil.copytree(shards, data, ignore=shutil.ignore_patterns("*.mds"))
    spiece = tokenizer_path == COMMITTED_TOKENIZER and SAMPLE_MODEL.is_file()
    copy = SAMPLE_MODEL if spiece else tokenizer_path  # sample.model: the vocabulary of sample-tokenizer.json
    (data / "tokenizer").mkdir()
    shutil.copyfile(copy, data / "tokenizer" / copy.name)
    out = tmp_path / "run"
    done = run_trainer(common_args(data, tiny_config, None, out, mode="single", max_steps=3, eval_every=3))
    assert f"tokenizer {data / 'tokenizer' / copy.name}" in done.stderr
    assert (out / "final" / "tokenizer.json").is_file()
    assert (out / "final" / "spiece.model").is_file() == spiece
    if (data / "valid" / "index.json").is_file():
        assert (out / "eval.jsonl").is_file()


def test_run_without_any_tokenizer_exits_1_naming_the_places(shards, tiny_config, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(shards, data, ignore=shutil.ignore_patterns("*.mds"))
    command = [sys.executable, "-m", "stepwise_train", "--no-progress",
               *common_args(data, tiny_config, None, tmp_path / "run", max_steps=1)]
    done = subprocess.run(command, env=clean_env(), capture_output=True, text=True, timeout=240)
    assert done.returncode == 1, done.stderr
    assert "stepwise-train: error: no tokenizer: pass --tokenizer" in done.stderr
    assert str(data / "run.json") in done.stderr
