"""Two ranks (torchrun, gloo): disjoint samples that together cover the split."""

import sys

from runner import common_args, read_jsonl, run_trainer


def test_two_ranks_split_the_data(shards, tiny_config, tokenizer_path, train_split_size, tmp_path):
    batch = 4
    per_rank = -(-train_split_size // 2)
    steps = -(-per_rank // batch)  # one epoch
    out = tmp_path / "ddp"
    launcher = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2"]
    run_trainer(common_args(shards, tiny_config, tokenizer_path, out, batch_size=batch, max_steps=steps,
                            trace_samples=True, eval_every=steps, save_every=steps), launcher=launcher, timeout=300)
    seen = []
    for rank in (0, 1):
        trace = read_jsonl(out / "samples" / f"rank-{rank}.jsonl")
        assert [t["step"] for t in trace] == list(range(1, steps + 1))
        assert all(t["epoch"] == 0 for t in trace)
        seen.append([i for t in trace for i in t["ids"]])
    first, second = set(seen[0]), set(seen[1])
    # StreamingDataset repeats at most one sample so both ranks get equal counts
    assert len(first & second) <= train_split_size % 2
    assert len(first | second) == train_split_size
    assert len(seen[0]) == len(seen[1]) == per_rank
    metrics = read_jsonl(out / "metrics.jsonl")
    assert [m["step"] for m in metrics] == list(range(1, steps + 1))
    assert metrics[-1]["samples"] >= train_split_size
