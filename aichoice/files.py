"""Writing output files atomically: whole or not at all, never over a file by accident."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from aichoice.errors import AichoiceError


def check_writable(path: str | Path, force: bool = False) -> Path:
    """Refuse, before any work is done, a target that is a folder, exists (unless `force`), or has no folder."""
    target = Path(path)
    if target.is_dir():
        raise AichoiceError(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise AichoiceError(f"{target} already exists; pass --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AichoiceError(f"cannot write {target}: the folder {folder} does not exist")
    return target


@contextmanager
def open_atomic(path: str | Path, force: bool = False) -> Iterator[IO[str]]:
    """A text file that appears at `path` only when the block finishes without an error.

    It is written to a temporary file in the same folder and moved into place
    with os.replace; on any error the temporary file is removed.
    """
    target = check_writable(path, force)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
        raise


def write_atomic(path: str | Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` atomically; an existing file is kept unless `force`."""
    with open_atomic(path, force) as out:
        out.write(text)
