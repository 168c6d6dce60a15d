"""The training loop: stream batches, step the optimizer, log, checkpoint, evaluate.

`train(settings)` is what `stepwise-train` runs, on one process or on each `torchrun`
rank. Determinism: with the same settings a run's batches, dropout masks and losses are
the same every time, and a run resumed from a checkpoint continues exactly as the
uninterrupted run would have (same next batch, same losses): the checkpoint holds the
model, optimizer, scheduler, step, epoch, the StreamingDataLoader state and every rank's
random generator states.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader
from transformers import get_constant_schedule_with_warmup, get_linear_schedule_with_warmup

from . import checkpoint as ckpt
from .batching import Collator, TrainBatch
from .data import ResumableLoader, has_split, open_split
from .distributed import World, init_world
from .evaluation import EvalCollator, Prediction, accuracy, evaluate_batches
from .modeling import load_model, special_ids
from .objective import Objective
from .reporting import Reporter, truncate_after
from .labels import metric_for
from .settings import TrainSettings
from .tokenizer_source import TokenizerSource, find_tokenizer, load_tokenizer, save_with_model

DEFAULT_SINGLE_MAX_NEW_TOKENS = 256


class TrainingError(RuntimeError):
    """A run cannot go on (empty split, a separator that encodes to nothing, …)."""


@dataclass
class TrainResult:
    """What a finished (or stopped) run reports back to its caller, on every rank."""

    step: int
    epoch: int
    rank: int = 0
    losses: list[tuple[int, float]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    final_model_dir: Optional[Path] = None


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)


def autocast_dtype(precision: str, device: torch.device) -> Optional[torch.dtype]:
    """bf16 autocast when asked for, or with `auto` on a CUDA device that supports it."""
    if precision == "bf16":
        return torch.bfloat16
    if precision == "auto" and device.type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return None


def train(settings: TrainSettings) -> TrainResult:
    """Runs (or resumes) one training run as described by `settings`."""
    settings.validate()
    world = init_world(settings.device)
    try:
        return _Run(settings, world).run()
    finally:
        world.close()


class _Run:
    def __init__(self, settings: TrainSettings, world: World):
        self.s = settings
        self.world = world
        self.out = Path(settings.output_dir)

    # -- setup ---------------------------------------------------------------------------

    def _separator_ids(self, tokenizer: Any) -> list[int]:
        if self.s.mode != "single":
            return []
        ids = tokenizer.encode(self.s.single_separator, add_special_tokens=False).ids
        if not ids:
            raise TrainingError(f"--single-separator {self.s.single_separator!r} encodes to no tokens")
        return ids

    def _scheduler(self, optimizer: torch.optim.Optimizer):
        if self.s.lr_scheduler == "constant":
            return get_constant_schedule_with_warmup(optimizer, self.s.warmup_steps)
        return get_linear_schedule_with_warmup(optimizer, self.s.warmup_steps, self.s.max_steps)

    def run(self) -> TrainResult:
        s, world = self.s, self.world
        resume_from = ckpt.latest_checkpoint(self.out) if s.resume else None
        train_set = open_split(s.data, s.train_split, batch_size=s.batch_size, shuffle=s.shuffle,
                               shuffle_seed=s.shuffle_seed)
        # Before the model: a run without its tokenizer should fail in seconds, not minutes.
        tokenizer_source = find_tokenizer(s.tokenizer, s.data)
        tokenizer = load_tokenizer(tokenizer_source)
        self.metric, metric_source = metric_for(s.data, s.metric)
        seed_everything(s.seed)
        model = load_model(str(resume_from.model_dir) if resume_from else s.model).to(world.device)
        pad_id, eos_id = special_ids(model)
        vocab_size = model.get_input_embeddings().num_embeddings
        collator = Collator(s.mode, label_source=s.label_source, pad_id=pad_id, eos_id=eos_id,
                            separator_ids=self._separator_ids(tokenizer))
        objective = Objective(model, s.alpha)
        wrapped = DistributedDataParallel(objective) if world.distributed else objective
        optimizer = torch.optim.AdamW(model.parameters(), lr=s.learning_rate, weight_decay=s.weight_decay)
        scheduler = self._scheduler(optimizer)

        step, epoch, samples, loader_state = 0, 0, 0, None
        if resume_from is not None:
            state = resume_from.load_state()
            optimizer.load_state_dict(state["optimizer"])
            scheduler.load_state_dict(state["scheduler"])
            step, epoch, samples, loader_state = state["step"], state["epoch"], state["samples"], state["loader"]

        # A private generator: DataLoader draws a base seed from it at every `iter()`, which
        # must not disturb the global generator that drives dropout.
        loader = ResumableLoader(train_set, batch_size=s.batch_size, collate=collator, num_workers=s.num_workers,
                                 world_size=world.world_size, generator=torch.Generator().manual_seed(s.seed))
        if loader_state is not None:
            loader.load_state_dict(loader_state)
        eval_sets = {split: open_split(s.data, split, batch_size=s.eval_batch_size, shuffle=False)
                     for split in s.eval_splits if has_split(s.data, split)}

        reporter = Reporter(self.out, enabled=world.is_main, start_step=step, max_steps=s.max_steps,
                            progress=s.progress, tensorboard=s.tensorboard)
        trace_path = self.out / "samples" / f"rank-{world.rank}.jsonl"
        if s.trace_samples:
            trace_path.parent.mkdir(parents=True, exist_ok=True)
            truncate_after(trace_path, step)
        if world.is_main:
            (self.out / "settings.json").write_text(json.dumps(s.to_json(), indent=2) + "\n")
            if resume_from is not None:
                reporter.note(f"resuming from {resume_from.path} at step {step}")
            missing = [split for split in s.eval_splits if split not in eval_sets]
            if missing:
                reporter.note(f"no {', '.join(missing)} split in {s.data}; not evaluated")
            reporter.note(f"tokenizer {tokenizer_source.path} (from {tokenizer_source.found_in})")
            reporter.note(f"metric {self.metric} ({metric_source})")
            if tokenizer_source.note:
                reporter.note(tokenizer_source.note)
        if resume_from is not None:
            rng = resume_from.load_rng(world.rank)
            if rng is not None:
                ckpt.restore_rng(rng)

        self.model, self.objective, self.tokenizer = model, objective, tokenizer
        self.tokenizer_source: TokenizerSource = tokenizer_source
        self.pad_id, self.eos_id = pad_id, eos_id
        self.collator, self.eval_sets, self.reporter = collator, eval_sets, reporter
        amp = autocast_dtype(s.precision, world.device)
        result = TrainResult(step=step, epoch=epoch, rank=world.rank)

        started = time.monotonic()
        # Losses stay on the device until a log step, so steps do not wait on a host sync.
        interval: list[torch.Tensor] = []
        interval_parts: list[torch.Tensor] = []
        iterator = iter(loader)
        empty_epochs = 0
        while step < s.max_steps:
            try:
                batch: TrainBatch = next(iterator)
            except StopIteration:
                empty_epochs += 1
                if empty_epochs > 1:
                    raise TrainingError(f"{s.data}/{s.train_split}: the loader yields no batches") from None
                epoch += 1
                iterator = iter(loader)
                continue
            empty_epochs = 0
            batch.check_vocabulary(vocab_size)
            wrapped.train()
            with torch.autocast(world.device.type, dtype=amp, enabled=amp is not None):
                parts = wrapped(batch.to(world.device))
            parts.loss.backward()
            if s.max_grad_norm > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), s.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            samples += len(batch) * world.world_size
            interval.append(parts.loss.detach())
            if parts.label_loss is not None:
                interval_parts.append(torch.stack([parts.label_loss, parts.rationale_loss]))
            if s.trace_samples:
                with trace_path.open("a") as f:
                    f.write(json.dumps({"step": step, "epoch": epoch, "ids": batch.ids}) + "\n")
            reporter.advance()

            if step % s.log_every == 0 or step == s.max_steps:
                losses = torch.stack(interval).float().tolist()
                loss = world.mean(sum(losses) / len(losses))
                record: dict[str, Any] = {"step": step, "loss": loss, "lr": scheduler.get_last_lr()[0],
                                          "epoch": epoch, "samples": samples,
                                          "elapsed_s": round(time.monotonic() - started, 3)}
                if interval_parts:
                    pairs = torch.stack(interval_parts).float().tolist()
                    record["label_loss"] = world.mean(sum(p[0] for p in pairs) / len(pairs))
                    record["rationale_loss"] = world.mean(sum(p[1] for p in pairs) / len(pairs))
                if not math.isfinite(loss):
                    raise TrainingError(f"loss is {loss} at step {step}")
                reporter.log(record)
                result.losses.append((step, loss))
                interval, interval_parts = [], []

            if step % s.save_every == 0 or step == s.max_steps:
                self._save(step, epoch, samples, optimizer, scheduler, loader)
            if step % s.eval_every == 0 or step == s.max_steps:
                result.evaluations.extend(self._evaluate(step, amp))
            if s.stop_after_steps is not None and step >= s.stop_after_steps:
                reporter.note(f"stopping after step {step} (--stop-after-steps)")
                break

        result.step, result.epoch = step, epoch
        if step >= s.max_steps:
            result.final_model_dir = self._save_final()
        reporter.close()
        return result

    # -- checkpoints ---------------------------------------------------------------------

    def _save(self, step: int, epoch: int, samples: int, optimizer, scheduler, loader) -> None:
        world = self.world
        partial = ckpt.partial_path(self.out, step)
        if world.is_main:
            ckpt.prepare(self.out, step)
        world.barrier()
        ckpt.write_rng(partial, world.rank)
        world.barrier()
        if world.is_main:
            state = {"step": step, "epoch": epoch, "samples": samples, "optimizer": optimizer.state_dict(),
                     "scheduler": scheduler.state_dict(), "loader": loader.state_dict(),
                     "world_size": world.world_size, "settings": self.s.to_json()}
            ckpt.write_main(partial, self.model, state)
            ckpt.commit(self.out, step, self.s.keep_checkpoints)
        world.barrier()

    def _save_final(self) -> Optional[Path]:
        target = self.out / "final"
        if self.world.is_main:
            self.model.save_pretrained(target)
            save_with_model(self.tokenizer_source, self.tokenizer, target)
        self.world.barrier()
        return target

    # -- evaluation ----------------------------------------------------------------------

    def _evaluate(self, step: int, amp: Optional[torch.dtype]) -> list[dict[str, Any]]:
        if not self.eval_sets:
            return []
        s, world = self.s, self.world
        max_new = s.max_new_tokens or (DEFAULT_SINGLE_MAX_NEW_TOKENS if s.mode == "single" else 64)
        per_rank = None if s.eval_max_samples is None else math.ceil(s.eval_max_samples / world.world_size)
        records = []
        for split, dataset in self.eval_sets.items():
            loader = DataLoader(dataset, batch_size=s.eval_batch_size, num_workers=0,
                                collate_fn=EvalCollator(self.collator, self.tokenizer, pad_id=self.pad_id,
                                                        eos_id=self.eos_id),
                                generator=torch.Generator().manual_seed(s.seed))
            predictions, loss_sum, batches = evaluate_batches(
                self.objective, self.model, loader, tokenizer=self.tokenizer, device=world.device,
                metric=self.metric, max_new_tokens=max_new, pad_id=self.pad_id, eos_id=self.eos_id,
                separator_ids=self.collator.separator_ids,
                max_samples=per_rank, autocast=amp)
            gathered = world.gather(([asdict(p) for p in predictions], loss_sum, batches))
            if not world.is_main:
                continue
            merged = [Prediction(**p) for part in gathered for p in part[0]]
            total_batches = sum(part[2] for part in gathered)
            distinct = {p.id: p for p in merged}
            record = {"step": step, "split": split, "accuracy": accuracy(merged),
                      "eval_loss": sum(part[1] for part in gathered) / max(total_batches, 1),
                      "samples": len(distinct)}
            predictions_dir = self.out / "predictions"
            predictions_dir.mkdir(parents=True, exist_ok=True)
            with (predictions_dir / f"{split}-step-{step:07d}.jsonl").open("w") as f:
                for p in distinct.values():
                    f.write(json.dumps(asdict(p)) + "\n")
            self.reporter.log_eval(record)
            records.append(record)
        return records
