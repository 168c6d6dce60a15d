"""Kill after k steps, resume: the next batch and the loss curve continue exactly as an
uninterrupted run's (model, optimizer, scheduler, step, StreamingDataset state, RNG)."""

import pytest

from runner import common_args, read_jsonl, run_trainer


@pytest.mark.parametrize("save_every, stop_after", [(6, 15), (5, 17)])
def test_resume_continues_exactly(save_every, stop_after, shards, tiny_config, tokenizer_path, tmp_path):
    settings = dict(mode="multitask", max_steps=24, save_every=save_every, trace_samples=True)
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    run_trainer(common_args(shards, tiny_config, tokenizer_path, whole, **settings))
    run_trainer(common_args(shards, tiny_config, tokenizer_path, broken, stop_after_steps=stop_after, **settings))
    # the "killed" run got past its last checkpoint; that progress is lost and redone
    assert read_jsonl(broken / "metrics.jsonl")[-1]["step"] == stop_after
    resumed = run_trainer(common_args(shards, tiny_config, tokenizer_path, broken, **settings))
    checkpoint_step = stop_after - stop_after % save_every
    assert f"at step {checkpoint_step}" in resumed.stderr

    expected = read_jsonl(whole / "metrics.jsonl")
    got = read_jsonl(broken / "metrics.jsonl")
    assert [m["step"] for m in got] == list(range(1, 25))
    for a, b in zip(expected, got):
        assert (a["step"], a["loss"], a["label_loss"], a["rationale_loss"], a["lr"], a["epoch"]) == \
               (b["step"], b["loss"], b["label_loss"], b["rationale_loss"], b["lr"], b["epoch"])
    expected_ids = read_jsonl(whole / "samples" / "rank-0.jsonl")
    got_ids = read_jsonl(broken / "samples" / "rank-0.jsonl")
    assert got_ids == expected_ids
    assert got_ids[checkpoint_step]["step"] == checkpoint_step + 1  # the next batch after the checkpoint
