"""Checkpoints that let a killed run continue exactly where it stopped.

Layout: `DIR/checkpoints/step-0000123/` holds `model/` (`save_pretrained`), `state.pt`
(optimizer, scheduler, step, the StreamingDataLoader state, settings) and one
`rng-rank-R.pt` per rank (Python, NumPy, torch and CUDA generator states, so dropout
continues identically). A checkpoint is written into `step-N.partial/` and renamed when
complete, so a kill during saving leaves the previous checkpoint as the latest.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np
import torch

_NAME = re.compile(r"^step-(\d+)$")


@dataclass
class Checkpoint:
    """A complete checkpoint on disk."""

    path: Path
    step: int

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    def load_state(self) -> dict[str, Any]:
        return torch.load(self.path / "state.pt", map_location="cpu", weights_only=False)

    def load_rng(self, rank: int) -> Optional[dict[str, Any]]:
        path = self.path / f"rng-rank-{rank}.pt"
        return torch.load(path, map_location="cpu", weights_only=False) if path.is_file() else None


def checkpoints_dir(output_dir: str | Path) -> Path:
    return Path(output_dir) / "checkpoints"


def list_checkpoints(output_dir: str | Path) -> list[Checkpoint]:
    """Complete checkpoints, oldest first (partial ones are ignored)."""
    root = checkpoints_dir(output_dir)
    if not root.is_dir():
        return []
    found = []
    for entry in root.iterdir():
        match = _NAME.match(entry.name)
        if match and entry.is_dir() and (entry / "state.pt").is_file():
            found.append(Checkpoint(entry, int(match.group(1))))
    return sorted(found, key=lambda c: c.step)


def latest_checkpoint(output_dir: str | Path) -> Optional[Checkpoint]:
    found = list_checkpoints(output_dir)
    return found[-1] if found else None


def partial_path(output_dir: str | Path, step: int) -> Path:
    return checkpoints_dir(output_dir) / f"step-{step:07d}.partial"


def final_path(output_dir: str | Path, step: int) -> Path:
    return checkpoints_dir(output_dir) / f"step-{step:07d}"


def rng_state() -> dict[str, Any]:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def write_rng(directory: Path, rank: int) -> None:
    torch.save(rng_state(), directory / f"rng-rank-{rank}.pt")


def write_main(directory: Path, model: Any, state: dict[str, Any]) -> None:
    """Rank 0's part: the model and the shared training state."""
    model.save_pretrained(directory / "model")
    torch.save(state, directory / "state.pt")


def commit(output_dir: str | Path, step: int, keep: int) -> Checkpoint:
    """Renames the partial directory into place and deletes all but the newest `keep`."""
    target = final_path(output_dir, step)
    if target.exists():
        shutil.rmtree(target)
    partial_path(output_dir, step).rename(target)
    for old in list_checkpoints(output_dir)[:-keep]:
        shutil.rmtree(old.path, ignore_errors=True)
    return Checkpoint(target, step)


def prepare(output_dir: str | Path, step: int) -> Path:
    """Creates an empty partial directory for `step` (removing a leftover one)."""
    path = partial_path(output_dir, step)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path
