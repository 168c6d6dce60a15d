"""Kill after k steps, resume: the next batch and the loss curve continue exactly as an
uninterrupted run's (model, optimizer, scheduler, step, StreamingDataset state, RNG)."""

from runner import common_args, read_jsonl, run_trainer


def test_resume_continues_exactly(shards, tiny_config, tokenizer_path, train_split_size, tmp_path):
    batch, save_every = 8, 6
    max_steps = 24
    settings = dict(mode="multitask", batch_size=batch, max_steps=max_steps, save_every=save_every,
                    trace_samples=True)
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    run_trainer(common_args(shards, tiny_config, tokenizer_path, whole, **settings))

    # Two "kills" past a checkpoint: the progress since that checkpoint is lost and redone.
    # With the synthetic shards (96 samples, 12 batches an epoch) the first resume starts
    # exactly at an epoch boundary (step 12) and the second one mid-epoch (step 18).
    for stop_after in (15, 20):
        run_trainer(common_args(shards, tiny_config, tokenizer_path, broken, stop_after_steps=stop_after, **settings))
        assert read_jsonl(broken / "metrics.jsonl")[-1]["step"] == stop_after
    resumed = run_trainer(common_args(shards, tiny_config, tokenizer_path, broken, **settings))
    assert "at step 18" in resumed.stderr

    expected = read_jsonl(whole / "metrics.jsonl")
    got = read_jsonl(broken / "metrics.jsonl")
    assert [m["step"] for m in got] == list(range(1, max_steps + 1))
    keys = ("step", "loss", "label_loss", "rationale_loss", "lr", "epoch", "samples")
    for a, b in zip(expected, got):
        assert [a[k] for k in keys] == [b[k] for k in keys]
    expected_ids = read_jsonl(whole / "samples" / "rank-0.jsonl")
    got_ids = read_jsonl(broken / "samples" / "rank-0.jsonl")
    assert [t["step"] for t in got_ids] == list(range(1, max_steps + 1))
    assert got_ids == expected_ids
    # the run crossed an epoch, and the second epoch is a different order of the same samples
    if train_split_size == 96:
        first = [i for t in got_ids[:12] for i in t["ids"]]
        second = [i for t in got_ids[12:] for i in t["ids"]]
        assert got_ids[12]["epoch"] == 1 and sorted(first) == sorted(second) and first != second
