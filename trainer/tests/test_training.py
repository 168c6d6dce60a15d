"""End to end on shards: the loss goes down in every mode; metrics and evaluation are written."""

import pytest

from runner import common_args, read_jsonl, run_trainer


@pytest.mark.parametrize("mode", ["standard", "distill", "multitask", "single"])
def test_loss_goes_down(mode, shards, tiny_config, tokenizer_path, tmp_path):
    out = tmp_path / mode
    run_trainer(common_args(shards, tiny_config, tokenizer_path, out, mode=mode, max_steps=30, eval_every=30))
    metrics = read_jsonl(out / "metrics.jsonl")
    assert [m["step"] for m in metrics] == list(range(1, 31))
    losses = [m["loss"] for m in metrics]
    first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
    print(f"{mode}: loss first5={first:.3f} last5={last:.3f} curve={[round(x, 3) for x in losses]}")
    # at least one nat lower: holds for a 43-word and a 32k-piece vocabulary alike
    assert last < first - 1.0, f"{mode}: loss {first:.3f} -> {last:.3f}"
    assert (out / "final" / "config.json").is_file() and (out / "final" / "tokenizer.json").is_file()
    if mode == "multitask":
        assert all("label_loss" in m and "rationale_loss" in m for m in metrics)
    if not any((shards / split / "index.json").is_file() for split in ("valid", "test")):
        assert not (out / "eval.jsonl").exists()
        return
    evaluations = read_jsonl(out / "eval.jsonl")
    assert evaluations and evaluations[-1]["step"] == 30
    assert 0.0 <= evaluations[-1]["accuracy"] <= 1.0 and evaluations[-1]["samples"] > 0
    predictions = read_jsonl(out / "predictions" / f"{evaluations[-1]['split']}-step-0000030.jsonl")
    assert len(predictions) == evaluations[-1]["samples"]
    assert all(p["prediction"] is not None and p["gold"] for p in predictions)
