"""Writing output files atomically: whole or not at all, never over a file by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from aichoice.errors import AichoiceError


def write_atomic(path: str | Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` via a temporary file in the same folder and os.replace.

    An existing file is kept, and an AichoiceError raised, unless `force`.
    """
    target = Path(path)
    if target.is_dir():
        raise AichoiceError(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise AichoiceError(f"{target} already exists; pass --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AichoiceError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
        raise
