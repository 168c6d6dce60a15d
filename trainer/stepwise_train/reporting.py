"""Where a run reports to: JSON lines, TensorBoard when installed, a progress bar on a terminal.

`DIR/metrics.jsonl` gets one object per log step (`step`, `loss`, `lr`, `epoch`,
`samples`, `elapsed_s`, and in multitask mode `label_loss` / `rationale_loss`).
`DIR/eval.jsonl` gets one object per evaluation (`step`, `split`, `accuracy`, `eval_loss`,
`samples`). Only rank 0 reports. On resume, lines past the checkpoint's step are dropped
so the files read as one uninterrupted run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional


def truncate_after(path: Path, step: int) -> None:
    """Keeps the lines of a JSONL file whose `step` is at most `step`."""
    if not path.is_file():
        return
    kept = []
    for line in path.read_text().splitlines():
        try:
            if int(json.loads(line).get("step", 0)) <= step:
                kept.append(line)
        except (json.JSONDecodeError, ValueError, TypeError, AttributeError):
            continue  # a line cut short by a kill
    path.write_text("".join(line + "\n" for line in kept))


class Reporter:
    """Writes metrics; a no-op object on ranks other than 0."""

    def __init__(self, output_dir: str | Path, *, enabled: bool, start_step: int, max_steps: int,
                 progress: Optional[bool], tensorboard: bool):
        self.enabled = enabled
        self.output_dir = Path(output_dir)
        self.metrics_path = self.output_dir / "metrics.jsonl"
        self.eval_path = self.output_dir / "eval.jsonl"
        self._tb = None
        self._bar = None
        if not enabled:
            return
        self.output_dir.mkdir(parents=True, exist_ok=True)
        truncate_after(self.metrics_path, start_step)
        truncate_after(self.eval_path, start_step)
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter  # needs the `tensorboard` package
            except ImportError:
                SummaryWriter = None
            if SummaryWriter is not None:
                self._tb = SummaryWriter(log_dir=str(self.output_dir / "tensorboard"), purge_step=start_step + 1)
        show = sys.stderr.isatty() if progress is None else progress
        if show:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm(total=max_steps, initial=start_step, unit="step", dynamic_ncols=True)

    def _append(self, path: Path, record: dict[str, Any]) -> None:
        with path.open("a") as f:
            f.write(json.dumps(record) + "\n")

    def log(self, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        self._append(self.metrics_path, record)
        if self._tb is not None:
            for key, value in record.items():
                if key != "step" and isinstance(value, (int, float)):
                    self._tb.add_scalar(f"train/{key}", value, record["step"])
        if self._bar is not None:
            self._bar.set_postfix(loss=f"{record['loss']:.4f}")

    def log_eval(self, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        self._append(self.eval_path, record)
        if self._tb is not None:
            for key in ("accuracy", "eval_loss"):
                if isinstance(record.get(key), (int, float)):
                    self._tb.add_scalar(f"{record['split']}/{key}", record[key], record["step"])
        message = (f"step {record['step']}: {record['split']} accuracy {record['accuracy']:.4f} "
                   f"eval_loss {record['eval_loss']:.4f} ({record['samples']} samples)")
        if self._bar is not None:
            self._bar.write(message)
        else:
            print(message, file=sys.stderr, flush=True)

    def advance(self, steps: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(steps)

    def note(self, message: str) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.write(message)
        else:
            print(message, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._tb is not None:
            self._tb.close()
        if self._bar is not None:
            self._bar.close()
