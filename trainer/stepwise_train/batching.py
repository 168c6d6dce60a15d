"""Turning shard samples into padded model batches, per training mode.

A shard sample (see `Schemas/` and `docs` of the shard stage) holds token columns that
already end with EOS: `input_ids` (`predict: ` + input), `expl_input_ids` (`explain: ` +
input), `labels` (gold label), `teacher_labels` and `aux_labels` (rationale). Nothing is
re-tokenized here; batches are padded dynamically to their longest member.

Padding: encoder inputs with the pad id (attention mask 0 there), targets with -100 so the
loss ignores them. The EOS that ends every target is a real target token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import torch

IGNORE_INDEX = -100
TOKEN_COLUMNS = ("input_ids", "expl_input_ids", "labels", "teacher_labels", "aux_labels")


class SampleError(ValueError):
    """A shard sample lacks a column the mode needs or holds an unusable token column."""


@dataclass
class Seq2SeqBatch:
    """One task's tensors: what `T5ForConditionalGeneration.forward` takes."""

    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    labels: torch.Tensor

    def to(self, device: torch.device) -> "Seq2SeqBatch":
        return Seq2SeqBatch(self.input_ids.to(device), self.attention_mask.to(device), self.labels.to(device))

    def as_kwargs(self) -> dict[str, torch.Tensor]:
        return {"input_ids": self.input_ids, "attention_mask": self.attention_mask, "labels": self.labels}


@dataclass
class TrainBatch:
    """A collated batch: the sample ids, the label task, and (multitask) the rationale task."""

    ids: list[str]
    label_task: Seq2SeqBatch
    rationale_task: Optional[Seq2SeqBatch]

    def __len__(self) -> int:
        return len(self.ids)

    def check_vocabulary(self, vocab_size: int) -> None:
        """Raises `SampleError` naming a sample whose token ids the model cannot embed
        (the shards were tokenized with another vocabulary than the model's)."""
        for task in (self.label_task, self.rationale_task):
            if task is None:
                continue
            for name, tensor in (("input", task.input_ids), ("target", task.labels)):
                high = int(tensor.max()) if tensor.numel() else -1
                if high >= vocab_size:
                    row = int((tensor >= vocab_size).any(dim=1).nonzero()[0])
                    raise SampleError(f"sample {self.ids[row]!r}: {name} token id {high} is outside the model's "
                                      f"vocabulary of {vocab_size} (shards and model use different tokenizers?)")

    def to(self, device: torch.device) -> "TrainBatch":
        return TrainBatch(self.ids, self.label_task.to(device),
                          self.rationale_task.to(device) if self.rationale_task is not None else None)


def token_list(sample: Mapping[str, Any], column: str) -> list[int]:
    """A token column as Python ints; `uint16` and `int32` columns both work."""
    if column not in sample:
        raise SampleError(f"sample {sample.get('id', '?')!r} has no column {column!r} "
                          f"(columns: {', '.join(sorted(sample))})")
    value = sample[column]
    array = np.asarray(value)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise SampleError(f"sample {sample.get('id', '?')!r}: column {column!r} is not a 1-D integer array "
                          f"(dtype {array.dtype}, shape {array.shape})")
    return array.astype(np.int64).tolist()


def pad_inputs(sequences: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pads encoder inputs with `pad_id`; returns (ids, attention mask)."""
    width = max((len(s) for s in sequences), default=0)
    ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(sequences), width), dtype=torch.long)
    for row, sequence in enumerate(sequences):
        ids[row, : len(sequence)] = torch.tensor(sequence, dtype=torch.long)
        mask[row, : len(sequence)] = 1
    return ids, mask


def pad_targets(sequences: Sequence[Sequence[int]]) -> torch.Tensor:
    """Right-pads targets with -100 (ignored by the loss); EOS stays a target."""
    width = max((len(s) for s in sequences), default=0)
    labels = torch.full((len(sequences), width), IGNORE_INDEX, dtype=torch.long)
    for row, sequence in enumerate(sequences):
        labels[row, : len(sequence)] = torch.tensor(sequence, dtype=torch.long)
    return labels


def task_batch(inputs: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], pad_id: int) -> Seq2SeqBatch:
    ids, mask = pad_inputs(inputs, pad_id)
    return Seq2SeqBatch(ids, mask, pad_targets(targets))


class Collator:
    """Collates shard samples into a `TrainBatch` for one training mode.

    - `standard`: `input_ids` → `labels`
    - `distill`: `input_ids` → `teacher_labels`
    - `multitask`: `input_ids` → label target, and `expl_input_ids` → `aux_labels`
    - `single`: `input_ids` → rationale, separator, label target (one sequence)

    `label_source` (`gold` / `teacher`) picks the label target of `multitask` and `single`.
    """

    def __init__(self, mode: str, *, label_source: str = "gold", pad_id: int = 0, eos_id: int = 1,
                 separator_ids: Sequence[int] = ()):
        if mode == "single" and not separator_ids:
            raise ValueError("the single mode needs separator token ids (tokenize --single-separator)")
        self.mode = mode
        self.pad_id = pad_id
        self.eos_id = eos_id
        self.separator_ids = list(separator_ids)
        if mode == "standard":
            self.label_column = "labels"
        elif mode == "distill":
            self.label_column = "teacher_labels"
        else:
            self.label_column = "teacher_labels" if label_source == "teacher" else "labels"

    def single_target(self, rationale: list[int], label: list[int]) -> list[int]:
        """Rationale (its EOS dropped), the separator, then the label with its EOS."""
        if rationale and rationale[-1] == self.eos_id:
            rationale = rationale[:-1]
        return rationale + self.separator_ids + label

    def __call__(self, samples: Sequence[Mapping[str, Any]]) -> TrainBatch:
        ids = [str(s.get("id", "")) for s in samples]
        inputs = [token_list(s, "input_ids") for s in samples]
        labels = [token_list(s, self.label_column) for s in samples]
        rationale_task = None
        if self.mode == "single":
            rationales = [token_list(s, "aux_labels") for s in samples]
            targets = [self.single_target(r, l) for r, l in zip(rationales, labels)]
            label_task = task_batch(inputs, targets, self.pad_id)
        else:
            label_task = task_batch(inputs, labels, self.pad_id)
        if self.mode == "multitask":
            rationale_task = task_batch([token_list(s, "expl_input_ids") for s in samples],
                                        [token_list(s, "aux_labels") for s in samples], self.pad_id)
        return TrainBatch(ids, label_task, rationale_task)
