"""Reading and writing files safely: bounded reads of regular files, whole-or-nothing writes.

Reading: every file the tool reads is opened without blocking and checked to
be a regular file before a byte is read, and read with a size cap, so a FIFO,
a device (`/dev/zero`) or a huge file can never hang it or fill its memory.

Writing: a file appears whole or not at all (a temporary file in the same
folder, moved into place). Without `force` an existing path is never
replaced, even by another process racing for it: the temporary file is
linked into place, which fails if the name was taken. With `force` only a
regular file (or a symlink, itself replaced) is replaced, never a FIFO or a
device. A new file gets the mode the umask gives; a replaced file keeps its
mode.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from aichoice.errors import AichoiceError


class NotRegularFile(OSError):
    """A path that is a FIFO, a device or a socket where a file was expected; `fifo` says
    whether it is a pipe (`<(cat f)`, a piped /dev/stdin), for a hint to pipe on stdin instead."""

    fifo = False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


# Windows has neither O_NONBLOCK nor O_NOCTTY (nor FIFOs to wait on), and reads text mode
# unless O_BINARY: getattr keeps each flag where the platform has it.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: str | Path) -> tuple[int, int]:
    """A descriptor open for reading on a regular file, and the file's size.

    Opened without blocking, so a FIFO never waits for a writer, and checked
    before a byte is read. Raises FileNotFoundError, IsADirectoryError,
    NotRegularFile or another OSError, with nothing left open.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            error = NotRegularFile(errno.EINVAL, f"{_kind(info.st_mode)}, not a regular file", str(path))
            error.fifo = stat.S_ISFIFO(info.st_mode)
            raise error
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_capped(path: str | Path, limit: int) -> bytes:
    """Up to `limit + 1` bytes of a regular file (one more than allowed shows it is too big).

    Raises FileNotFoundError, IsADirectoryError, NotRegularFile or another OSError.
    """
    fd, _ = open_regular(path)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_writable(path: str | Path, force: bool = False) -> Path:
    """Refuse, before any work is done, a target that is a folder, not a regular file,
    exists (unless `force`; a dangling symlink exists too), or has no folder."""
    target = Path(path)
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
    if link is not None:
        try:
            mode = os.stat(target).st_mode
        except OSError:
            mode = link.st_mode  # a dangling symlink: the link itself
        if stat.S_ISDIR(mode):
            raise AichoiceError(f"{target} is a folder; give a file name")
        if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
            raise AichoiceError(f"{target} is {_kind(mode)}; aichoice replaces only regular files")
        if not force:
            raise AichoiceError(f"{target} already exists; pass --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AichoiceError(f"cannot write {target}: the folder {folder} does not exist")
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def open_atomic(path: str | Path, force: bool = False) -> Iterator[IO[str]]:
    """A text file that appears at `path` only when the block finishes without an error.

    It is written to a temporary file in the same folder, then moved into
    place; on any error (or Ctrl-C) the temporary file is removed.
    """
    target = check_writable(path, force)
    try:
        existing = os.stat(target).st_mode if os.path.lexists(target) else None
    except OSError:
        existing = None
    mode = stat.S_IMODE(existing) if existing is not None else 0o666 & ~_umask()
    import tempfile  # only runs that write a file pay for importing it

    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
    try:
        _set_mode(handle, temp, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
        _move_into_place(temp, target, force)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise AichoiceError(f"cannot write {target}: {exc.strerror}") from None
        raise


def _set_mode(handle: int, temp: str, mode: int) -> None:
    """Give the temporary file its final mode: by descriptor where the platform can (POSIX), by
    name where it cannot (Windows Python before 3.13 has no os.fchmod)."""
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:
        os.chmod(temp, mode)


def _move_into_place(temp: str, target: Path, force: bool) -> None:
    """Replace `target` (with `force`), or take its name only if no one else has."""
    if force:
        check_writable(target, force=True)  # still not a FIFO or a device
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise AichoiceError(
            f"{target} already exists (it appeared while aichoice was working); pass --force to replace it"
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: reserve the name exclusively, then fill it.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise AichoiceError(f"{target} already exists; pass --force to replace it") from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def write_atomic(path: str | Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` atomically; an existing file is kept unless `force`."""
    with open_atomic(path, force) as out:
        out.write(text)


def same_file(one: str | Path, other: str | Path) -> bool:
    """Whether two paths name one file: the same inode when both exist (so a hard link, a symlink
    or `./x` against `x` is caught), else the same resolved path (a file yet to be written)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        pass
    try:
        return Path(one).resolve() == Path(other).resolve()
    except (OSError, RuntimeError):
        return str(one) == str(other)


def within(folder: str | Path, path: str | Path) -> bool:
    """Whether `path` is below `folder` (at any depth), comparing each folder above it as a real
    folder (its inode), so a symlinked or differently spelt route to the same folder counts."""
    try:
        target = os.stat(folder)
        above = Path(path).resolve().parent  # `..` and symlinks as the file system reads them
    except (OSError, RuntimeError):
        return False
    for candidate in (above, *above.parents):
        try:
            if os.path.samestat(os.stat(candidate), target):
                return True
        except OSError:
            continue
    return False


_APPEND_FLAGS = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def append_block(path: str, text: str, name: str) -> None:
    """Append `text` to a file on a line of its own, keeping what is there (a CI job summary).

    Bytes, not text: the last byte is read to know whether a newline is
    needed, and a text file cannot seek back into a UTF-8 character (a
    summary ending in "✅"). Only a regular file is written (a FIFO would block).
    A courtesy output: a file that cannot be written is a warning on stderr, never a failure.
    """
    from aichoice.sanitize import terminal as clean

    try:
        fd = os.open(path, _APPEND_FLAGS, 0o666)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise NotRegularFile(errno.EINVAL, f"{_kind(info.st_mode)}, not a regular file", path)
            size = info.st_size
            os.lseek(fd, max(size - 1, 0), os.SEEK_SET)
            block = text.encode("utf-8")
            _write_all(fd, block if not size or os.read(fd, 1) == b"\n" else b"\n" + block)
        finally:
            os.close(fd)
    except OSError as exc:
        sys.stderr.write(f"aichoice: warning: cannot write {name} ({clean(path)}): {exc.strerror or exc}\n")


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
