"""Running `stepwise-train` from tests: as a subprocess (a fresh process per run, as users
run it, so StreamingDataset's shared memory and the random generators start clean)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")}
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def common_args(shards: Path, config: Path, tokenizer: Path, out: Path, **overrides) -> list[str]:
    """Test-sized settings: a tiny model, small batches, a high learning rate."""
    settings = {"data": shards, "model": config, "tokenizer": tokenizer, "output-dir": out, "batch-size": 8,
                "learning-rate": 3e-3, "max-steps": 30, "log-every": 1, "eval-every": 1000, "save-every": 1000,
                "eval-batch-size": 12, "eval-max-samples": 24, "num-workers": 0, "max-new-tokens": 24}
    settings.update({k.replace("_", "-"): v for k, v in overrides.items()})
    args = []
    for key, value in settings.items():
        if value is True:
            args.append(f"--{key}")
        elif value is not None and value is not False:
            args += [f"--{key}", str(value)]
    return args


def run_trainer(args: list[str], *, launcher: list[str] | None = None, timeout: int = 240) -> subprocess.CompletedProcess:
    command = (launcher or [sys.executable]) + ["-m", "stepwise_train", "--no-progress", *args]
    done = subprocess.run(command, env=clean_env(), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
