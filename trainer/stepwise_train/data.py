"""Streaming the shards: one `StreamingDataset` per split, read in place.

The shard directory is `DATA/<split>/index.json` plus `shard.NNNNN.mds.zstd`. With
compressed shards StreamingDataset writes decompressed `.mds` copies next to the zips,
so `DATA` must be writable. StreamingDataset itself splits the samples across nodes,
ranks and DataLoader workers (from `RANK`, `WORLD_SIZE`, `LOCAL_WORLD_SIZE`), and its
`state_dict` lets a run resume on the next sample of the same epoch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import torch
from streaming import StreamingDataset
from torch.utils.data import DataLoader


class ShardDirectoryError(FileNotFoundError):
    """The shard directory or one of its splits is missing or unreadable."""


def split_index(data: str | os.PathLike, split: str) -> Path:
    return Path(data) / split / "index.json"


def has_split(data: str | os.PathLike, split: str) -> bool:
    return split_index(data, split).is_file()


def split_sample_count(data: str | os.PathLike, split: str) -> int:
    """The number of samples `index.json` lists for a split."""
    path = split_index(data, split)
    try:
        index = json.loads(path.read_text())
        return sum(int(shard["samples"]) for shard in index["shards"])
    except FileNotFoundError:
        raise ShardDirectoryError(f"{path}: no such index (is {data} a `stepwise run` output directory?)") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ShardDirectoryError(f"{path}: not an MDS index ({error})") from None


def open_split(data: str | os.PathLike, split: str, *, batch_size: int, shuffle: bool,
               shuffle_seed: int = 9176) -> StreamingDataset:
    """A `StreamingDataset` over `DATA/<split>`, local only (no remote)."""
    count = split_sample_count(data, split)
    if count == 0:
        raise ShardDirectoryError(f"{split_index(data, split)}: the split has no samples")
    if not os.access(Path(data) / split, os.W_OK):
        raise ShardDirectoryError(f"{Path(data) / split}: not writable; StreamingDataset decompresses "
                                  "shards next to their zips (copy the directory somewhere writable)")
    return StreamingDataset(local=str(Path(data).resolve()), remote=None, split=split, shuffle=shuffle,
                            shuffle_seed=shuffle_seed, batch_size=batch_size)


class ResumableLoader:
    """A DataLoader over a `StreamingDataset` that knows where it is in the epoch.

    `state_dict()` is the dataset's resumption state after the batches yielded so far by
    the current iteration, counted over all ranks (every rank yields the same number of
    samples per step). A new loader given that state yields the very next batch.
    (`streaming.StreamingDataLoader` does the same but only counts dict/tensor batches.)
    """

    def __init__(self, dataset: StreamingDataset, *, batch_size: int, collate: Callable, num_workers: int,
                 world_size: int, generator: Optional[torch.Generator] = None):
        self.dataset = dataset
        self.world_size = world_size
        self.samples_yielded = 0
        self.loader = DataLoader(dataset, batch_size=batch_size, collate_fn=collate, num_workers=num_workers,
                                 drop_last=False, generator=generator)

    def __iter__(self) -> Iterator[Any]:
        self.samples_yielded = 0
        for batch in self.loader:
            self.samples_yielded += len(batch)
            yield batch

    def state_dict(self) -> dict[str, Any]:
        return self.dataset.state_dict(self.samples_yielded * self.world_size, False)

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.dataset.load_state_dict(state)
