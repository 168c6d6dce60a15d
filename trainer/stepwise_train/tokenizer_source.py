"""Which tokenizer a run uses, and loading it: the one the pipeline tokenized the shards
with, as `spiece.model` or HF `tokenizer.json` (told apart by content, as the pipeline does).

The shards hold token ids, so decoding generations (evaluation) and encoding the `single`
mode separator must use the pipeline's tokenizer. Looked for, in order:

1. `--tokenizer FILE`;
2. `DATA/tokenizer/<file>`: the copy `stepwise run` keeps of the tokenizer it used;
3. `DATA/run.json` (or, for a partitioned run, `DATA/run.rank-*.json`): its
   `config.tokenizer.path`.

When the run record has a `tokenizer_fingerprint` (`sha256:` + hex of the file's bytes),
a file found in 2 or 3 must match it (else it is not the file the shards were made with);
an explicit `--tokenizer` that differs is used with a note, since another file of the same
model (its tokenizer.json for its spiece.model) gives the same ids.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from tokenizers import Tokenizer

from .spiece import SpieceError, tokenizer_from_spiece


class TokenizerSourceError(ValueError):
    """No usable tokenizer: none given or found, unreadable, or not the run's."""


@dataclass(frozen=True)
class TokenizerSource:
    path: Path
    found_in: str
    note: Optional[str] = None


def fingerprint(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _run_records(data: Path) -> list[Path]:
    single = data / "run.json"
    return [single] if single.is_file() else sorted(data.glob("run.rank-*.json"))


def _read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TokenizerSourceError(f"{path}: not a readable run record ({error})") from None
    return record if isinstance(record, dict) else {}


def find_tokenizer(explicit: Optional[str], data: str) -> TokenizerSource:
    """The tokenizer file for the shards in `data` (see the module docstring)."""
    data_dir = Path(data)
    records = [(path, _read_record(path)) for path in _run_records(data_dir)]
    fingerprints = {r.get("tokenizer_fingerprint") for _, r in records} - {None}
    expected = next(iter(fingerprints)) if len(fingerprints) == 1 else None

    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise TokenizerSourceError(f"--tokenizer {explicit}: no such file")
        note = None
        if expected is not None and fingerprint(path) != expected:
            note = (f"--tokenizer {explicit} is not the file {data} was tokenized with "
                    f"({expected}); its ids must mean the same")
        return TokenizerSource(path, "--tokenizer", note)

    copies = sorted(p for p in (data_dir / "tokenizer").glob("*") if p.is_file() and not p.name.startswith("."))
    if copies:
        matching = [p for p in copies if expected is None or fingerprint(p) == expected]
        if len(matching) == 1:
            return TokenizerSource(matching[0], f"{data_dir / 'tokenizer'}")
        if not matching:
            raise TokenizerSourceError(f"{data_dir / 'tokenizer'}: no file matches the run's tokenizer_fingerprint "
                                       f"{expected}; pass --tokenizer")
        raise TokenizerSourceError(f"{data_dir / 'tokenizer'} holds {len(matching)} files "
                                   f"({', '.join(p.name for p in matching)}); pass --tokenizer")

    for record_path, record in records:
        config = record.get("config") if isinstance(record.get("config"), dict) else {}
        tokenizer = config.get("tokenizer") if isinstance(config.get("tokenizer"), dict) else {}
        recorded = tokenizer.get("path")
        if not isinstance(recorded, str) or not recorded:
            continue
        path = Path(recorded)
        if not path.is_absolute():
            path = record_path.parent / path
        if not path.is_file():
            raise TokenizerSourceError(f"{record_path} names the tokenizer {path}, which does not exist "
                                       "any more; pass --tokenizer")
        if expected is not None and fingerprint(path) != expected:
            raise TokenizerSourceError(f"{path} (named in {record_path}) changed since the run tokenized {data} "
                                       f"(fingerprint {fingerprint(path)}, the run's {expected}); pass --tokenizer "
                                       "with the file the run used")
        return TokenizerSource(path, f"{record_path.name} config.tokenizer.path")

    raise TokenizerSourceError(
        f"no tokenizer: pass --tokenizer (the spiece.model or tokenizer.json the pipeline used); none in "
        f"{data_dir / 'tokenizer'}/ and no config.tokenizer.path in {data_dir / 'run.json'}")


def sniff_format(head: bytes) -> str:
    stripped = head.lstrip(b" \t\r\n")
    if stripped.startswith(b"{"):
        return "tokenizer.json"
    if head[:1] == b"\x0a":  # a ModelProto starts with its first `pieces` entry
        return "spiece.model"
    return "unknown"


def load_tokenizer(source: TokenizerSource) -> Tokenizer:
    """The `tokenizers` tokenizer of a tokenizer.json or a bare spiece.model."""
    try:
        data = source.path.read_bytes()
    except OSError as error:
        raise TokenizerSourceError(f"{source.path}: cannot read ({error})") from None
    kind = sniff_format(data)
    try:
        if kind == "tokenizer.json":
            return Tokenizer.from_str(data.decode("utf-8"))
        if kind == "spiece.model":
            return tokenizer_from_spiece(data)
    except (SpieceError, UnicodeDecodeError) as error:
        raise TokenizerSourceError(f"{source.path}: not a usable {kind} ({error})") from None
    except Exception as error:  # tokenizers raises plain Exception subclasses
        raise TokenizerSourceError(f"{source.path}: not a usable {kind} ({error})") from None
    raise TokenizerSourceError(f"{source.path}: neither a SentencePiece model (spiece.model) nor a tokenizer.json")


def save_with_model(source: TokenizerSource, tokenizer: Tokenizer, target: Path) -> None:
    """Next to a saved model: `tokenizer.json` (a spiece.model also as itself, `spiece.model`)."""
    data = source.path.read_bytes()
    if sniff_format(data) == "spiece.model":
        (target / "spiece.model").write_bytes(data)
        tokenizer.save(str(target / "tokenizer.json"))
    else:
        (target / "tokenizer.json").write_bytes(data)
