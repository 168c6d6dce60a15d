"""Loading the student model (the tokenizer: tokenizer_source.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transformers import T5Config, T5ForConditionalGeneration


class ModelSourceError(ValueError):
    """`--model` names nothing loadable."""


def load_model(source: str) -> T5ForConditionalGeneration:
    """A T5 from a local directory or hub name, or a random one from a `T5Config` JSON file.

    A random model's weights come from torch's generator, so seed it before calling.
    """
    path = Path(source)
    if path.is_file():
        if path.suffix != ".json":
            raise ModelSourceError(f"{source}: a model file must be a T5Config JSON file")
        try:
            config = T5Config.from_json_file(str(path))
        except (ValueError, OSError) as error:
            raise ModelSourceError(f"{source}: not a T5Config JSON file ({error})") from None
        return T5ForConditionalGeneration(config)
    try:
        return T5ForConditionalGeneration.from_pretrained(source)
    except (OSError, ValueError) as error:
        raise ModelSourceError(f"--model {source}: neither a local model directory, a T5Config JSON file "
                               f"nor a reachable hub model ({error})") from None


def special_ids(model: Any) -> tuple[int, int]:
    """(pad id, EOS id) from the model's config, T5's 0 and 1 when unset."""
    config = model.config
    pad = config.pad_token_id if config.pad_token_id is not None else 0
    eos = config.eos_token_id if config.eos_token_id is not None else 1
    return int(pad), int(eos)
