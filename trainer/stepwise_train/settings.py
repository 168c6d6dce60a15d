"""Training settings: one dataclass, defaults as in the paper (Hsieh et al. 2023)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Optional

MODES = ("standard", "distill", "multitask", "single")
LABEL_SOURCES = ("gold", "teacher")
PRECISIONS = ("auto", "bf16", "fp32")
SCHEDULERS = ("linear", "constant")
METRICS = ("auto", "exact", "equation", "number", "text")

# The separator the `single` mode puts between the rationale and the label in its one
# target sequence; tokenized once with the run's tokenizer (no special tokens).
DEFAULT_SINGLE_SEPARATOR = "So the answer is"


@dataclass
class TrainSettings:
    """Everything one training run needs; `stepwise-train --help` documents each field."""

    data: str
    model: str
    output_dir: str
    mode: str = "multitask"
    alpha: float = 0.5
    label_source: str = "gold"
    tokenizer: Optional[str] = None
    single_separator: str = DEFAULT_SINGLE_SEPARATOR

    train_split: str = "train"
    eval_splits: tuple[str, ...] = ("valid", "test")

    learning_rate: float = 5e-5
    weight_decay: float = 0.0
    lr_scheduler: str = "linear"
    warmup_steps: int = 0
    max_grad_norm: float = 1.0
    batch_size: int = 64
    eval_batch_size: int = 64
    max_steps: int = 10_000
    eval_every: int = 250
    eval_max_samples: Optional[int] = None
    max_new_tokens: Optional[int] = None
    save_every: int = 250
    keep_checkpoints: int = 2
    log_every: int = 10
    seed: int = 0
    shuffle: bool = True
    shuffle_seed: int = 9176
    num_workers: int = 2
    precision: str = "auto"
    device: str = "auto"
    metric: str = "auto"
    resume: bool = True
    stop_after_steps: Optional[int] = None
    trace_samples: bool = False
    progress: Optional[bool] = None
    tensorboard: bool = True

    def validate(self) -> None:
        """Raises `ValueError` naming the offending setting."""
        def one_of(name: str, value: str, allowed: tuple[str, ...]) -> None:
            if value not in allowed:
                raise ValueError(f"--{name.replace('_', '-')} must be one of {', '.join(allowed)}, got {value!r}")

        one_of("mode", self.mode, MODES)
        one_of("label_source", self.label_source, LABEL_SOURCES)
        one_of("precision", self.precision, PRECISIONS)
        one_of("lr_scheduler", self.lr_scheduler, SCHEDULERS)
        one_of("metric", self.metric, METRICS)
        if not 0.0 <= self.alpha <= 1.0:
            raise ValueError(f"--alpha must lie in [0, 1], got {self.alpha}")
        for name in ("batch_size", "eval_batch_size", "max_steps", "eval_every", "save_every",
                     "log_every", "keep_checkpoints"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be at least 1, got {getattr(self, name)}")
        if self.max_new_tokens is not None and self.max_new_tokens < 1:
            raise ValueError(f"--max-new-tokens must be at least 1, got {self.max_new_tokens}")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ValueError(f"--device must be auto, cpu or cuda, got {self.device!r}")
        if self.num_workers < 0 or self.warmup_steps < 0:
            raise ValueError("--num-workers and --warmup-steps must not be negative")

    def to_json(self) -> dict:
        out = dataclasses.asdict(self)
        out["eval_splits"] = list(self.eval_splits)
        return out
