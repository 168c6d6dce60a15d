"""The training loss of each mode, as one module so data parallelism wraps a single forward."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import torch
from torch import nn

from .batching import TrainBatch


@dataclass
class LossParts:
    """The loss to optimise and, in multitask mode, its two parts (detached)."""

    loss: torch.Tensor
    label_loss: Optional[torch.Tensor] = None
    rationale_loss: Optional[torch.Tensor] = None


class Objective(nn.Module):
    """Wraps the seq2seq model; `forward(batch)` returns the mode's loss.

    Each task's loss is the model's own mean cross-entropy over its target tokens (-100
    positions excluded). Multitask (distilling step-by-step) runs the batch through the
    model twice and combines `alpha * L_label + (1 - alpha) * L_rationale`; the other modes
    have one task. Wrapping both passes in one `forward` keeps DistributedDataParallel at
    one forward per backward.
    """

    def __init__(self, model: nn.Module, alpha: float = 0.5):
        super().__init__()
        self.model = model
        self.alpha = alpha

    def forward(self, batch: TrainBatch) -> LossParts:
        label_loss = self.model(**batch.label_task.as_kwargs()).loss
        if batch.rationale_task is None:
            return LossParts(label_loss)
        rationale_loss = self.model(**batch.rationale_task.as_kwargs()).loss
        loss = self.alpha * label_loss + (1.0 - self.alpha) * rationale_loss
        return LossParts(loss, label_loss.detach(), rationale_loss.detach())
