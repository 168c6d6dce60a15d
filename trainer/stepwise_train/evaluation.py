"""Evaluation by generation: greedy-decode the label and compare it with the gold label.

Labels are compared by the task's label kind (see `labels`): classes and choices as exact
text, numbers and SVAMP/ASDiv equations by value, free text after QA normalisation. The
training run resolves `--metric auto` from `DATA/run.json`; `metric="auto"` here (outputs
without a task) compares a sample whose gold label is an arithmetic expression by value
and every other sample by exact text. Generations are decoded with the `tokenizers`
library, with the tokenizer the pipeline used (see tokenizer_source.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

import torch
from torch import nn

from . import equation, labels
from .batching import Collator, TrainBatch, token_list


@dataclass
class Prediction:
    """One evaluated sample: the generated label text, the gold text, and whether they match."""

    id: str
    prediction: str
    gold: str
    correct: bool


def is_correct(prediction: str, gold: str, metric: str) -> bool:
    """Compares one generated label with the gold label under `metric` (see `labels`)."""
    prediction, gold = prediction.strip(), gold.strip()
    if metric == "number":
        return labels.same_number(prediction, gold)
    if metric == "text":
        return labels.same_text(prediction, gold)
    if metric == "equation" or (metric == "auto" and equation.try_evaluate(gold) is not None):
        return equation.same_value(prediction, gold)
    return prediction == gold


def trim_generation(ids: Sequence[int], *, pad_id: int, eos_id: int) -> list[int]:
    """A generated sequence without the decoder start, pads, and anything from EOS on."""
    out: list[int] = []
    for token in ids:
        if token == eos_id:
            break
        if token != pad_id:
            out.append(token)
    return out


def after_separator(ids: Sequence[int], separator_ids: Sequence[int]) -> list[int]:
    """The label part of a `single`-mode generation: the ids after the last occurrence of
    the separator's ids (all of them when the separator is missing).

    Matching ids rather than decoded text is exact: the training targets were built by
    concatenating the same separator ids, whatever the tokenizer's decoder does with them.
    """
    width = len(separator_ids)
    if width:
        for start in range(len(ids) - width, -1, -1):
            if list(ids[start:start + width]) == list(separator_ids):
                return list(ids[start + width:])
    return list(ids)


class EvalCollator:
    """Collates eval samples: the training batch (for the loss) plus the gold label texts."""

    def __init__(self, collator: Collator, tokenizer: Any, *, pad_id: int = 0, eos_id: int = 1):
        self.collator = collator
        self.tokenizer = tokenizer
        self.pad_id = pad_id
        self.eos_id = eos_id

    def gold_text(self, sample: Mapping[str, Any]) -> str:
        """The `label` text column when kept, else the `labels` ids decoded without pads and
        EOS, trimmed by id as generations are: a tokenizer.json that does not mark `</s>` as
        special (T5's own among them) would otherwise decode it as text, and no prediction
        could equal `'66</s>'`."""
        label = sample.get("label")
        if isinstance(label, str):
            return label
        ids = trim_generation(token_list(sample, "labels"), pad_id=self.pad_id, eos_id=self.eos_id)
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def __call__(self, samples: Sequence[Mapping[str, Any]]) -> tuple[TrainBatch, list[str]]:
        return self.collator(samples), [self.gold_text(s) for s in samples]


@torch.no_grad()
def evaluate_batches(objective: nn.Module, model: nn.Module, batches: Iterable[tuple[TrainBatch, list[str]]], *,
                     tokenizer: Any, device: torch.device, metric: str, max_new_tokens: int,
                     separator_ids: Sequence[int] = (), pad_id: int = 0, eos_id: int = 1,
                     max_samples: Optional[int] = None,
                     autocast: Optional[torch.dtype] = None) -> tuple[list[Prediction], float, int]:
    """Runs generation over `batches`; returns the predictions, summed loss and batch count.

    `separator_ids` is set in `single` mode: the label is read after the separator.
    """
    model.eval()
    predictions: list[Prediction] = []
    loss_sum, loss_batches = 0.0, 0
    for batch, golds in batches:
        batch = batch.to(device)
        with torch.autocast(device.type, dtype=autocast, enabled=autocast is not None):
            loss_sum += float(objective(batch).loss)
            loss_batches += 1
            generated = model.generate(input_ids=batch.label_task.input_ids,
                                       attention_mask=batch.label_task.attention_mask,
                                       max_new_tokens=max_new_tokens, do_sample=False, num_beams=1)
        trimmed = [after_separator(trim_generation(row, pad_id=pad_id, eos_id=eos_id), separator_ids)
                   for row in generated.tolist()]
        texts = tokenizer.decode_batch(trimmed, skip_special_tokens=True)
        for sample_id, text, gold in zip(batch.ids, texts, golds):
            label = text.strip()
            predictions.append(Prediction(sample_id, label, gold, is_correct(label, gold, metric)))
        if max_samples is not None and len(predictions) >= max_samples:
            break
    return predictions, loss_sum, loss_batches


def accuracy(predictions: Sequence[Prediction]) -> float:
    """Accuracy over distinct ids (StreamingDataset repeats a few samples to even out ranks)."""
    distinct: dict[str, bool] = {}
    for p in predictions:
        distinct.setdefault(p.id, p.correct)
    return sum(distinct.values()) / len(distinct) if distinct else 0.0
