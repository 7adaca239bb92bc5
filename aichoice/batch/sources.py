"""Where a batch's inputs come from: answers files found in folders, CSV survey exports, and their names.

Each input file yields its drafts (one for an answers file, one per team of
a CSV survey), each named by where it is (`teams/a.yaml`, `survey.csv:3`).
A file that cannot be read, a folder that cannot be listed and a bad CSV
row are each an `AichoiceError` in their place, located by its fields.
"""

from __future__ import annotations

import csv
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from aichoice.answers import Draft, raw_from_text, read_document, validate_value
from aichoice.cost_files import is_pricing
from aichoice.errors import AichoiceError, AnswerError, suggest
from aichoice.files import open_regular, read_capped
from aichoice.loader import MAX_BYTES, Marks, load_yaml, read_text
from aichoice.loader import Path as KeyPath
from aichoice.models import RuleSet

YAML_SUFFIXES = (".yaml", ".yml")
NAME_COLUMNS = ("team", "name", "project")
MAX_CSV_BYTES = 256 * 1024 * 1024


class Skipped(str):
    """A file in a batch folder that is no input, with the reason (a pricing file)."""


def display(path: str) -> str:
    """A path as a person can read it: bytes of a name that were not UTF-8 shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def iter_files(paths: Iterable[Path]) -> Iterator[str | AichoiceError]:
    """Every answers file and CSV file under `paths`, in order; an error for a path that is not
    there or a folder that cannot be read, in its place.

    Paths are plain strings: tens of thousands of them cross to worker processes.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif os.path.lexists(path):
            yield str(path)
        else:
            yield AichoiceError("no such file or folder", display(str(path)))


def _walk(folder: Path) -> Iterator[str | AichoiceError]:
    """Answers files below `folder`, recursively, in sorted order, without listing all first.

    A folder that cannot be read is an error in its place, never silently skipped.
    """
    failures: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=failures.append):
        while failures:
            yield _unreadable(failures.pop(0))
        dirs.sort()
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)
    while failures:
        yield _unreadable(failures.pop(0))


def _unreadable(exc: OSError) -> AichoiceError:
    return AichoiceError(
        f"cannot read this folder: {exc.strerror}; its files were not assessed", display(str(exc.filename))
    )


def file_drafts(ruleset: RuleSet, path: str) -> Iterator[tuple[str, Draft | AichoiceError | Skipped]]:
    """Each input of one file, named by where it is: the file's answers (or why they cannot be
    read, or why the file is no input), or one per team of a CSV survey."""
    source = display(path)
    if path.lower().endswith(".csv"):
        yield from csv_drafts(ruleset, Path(path))
        return
    try:
        document, marks = load_yaml(read_text(read_capped(path, MAX_BYTES), source), source)
        if is_pricing(document):  # beside the answers files, as in examples/: not an input, and not a mistake
            yield source, Skipped("a pricing file (cost:), not answers")
            return
        yield source, read_document(document, marks, ruleset)
    except AichoiceError as error:
        yield source, error
    except IsADirectoryError:
        yield source, AichoiceError("is a folder", source)
    except OSError as exc:
        yield source, AichoiceError(f"cannot read: {exc.strerror}", source)


@dataclass
class RowMarks(Marks):
    """Where the answers of one CSV row stand: all at the row's line."""

    line: int | None = None

    def locate(self, path: KeyPath, at_key: bool = False) -> tuple[int | None, int | None]:
        return self.line, None


def csv_drafts(ruleset: RuleSet, path: Path) -> Iterator[tuple[str, Draft | AichoiceError]]:
    """One draft per row of a survey export: a header of question ids and an optional name column.

    A bad row (bytes that are not UTF-8, an oversized cell, a wrong number of
    cells) is an error at its line; every other row is still assessed.
    """
    source = display(str(path))
    try:
        handle = _open_csv(path)
    except IsADirectoryError:
        yield source, AichoiceError("is a folder", source)
        return
    except OSError as exc:
        yield source, AichoiceError(f"cannot read: {exc.strerror}", source)
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = [cell.strip() for cell in next(reader, [])]
        except csv.Error as exc:
            yield source, AichoiceError(f"the header row cannot be read ({exc})", source, 1)
            return
        problem = _check_header(header, ruleset.questions)
        if problem:
            yield source, AichoiceError(display(problem), source, 1)
            return
        name_index = next((i for i, col in enumerate(header) if col.lower() in NAME_COLUMNS), None)
        teams = 0
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                teams += 1
                yield f"{source}:{start}", AichoiceError(f"this row cannot be read ({exc})", source, start)
                continue
            except OSError as exc:
                yield source, AichoiceError(f"cannot read: {exc.strerror}", source)
                return
            if not any(cell.strip() for cell in row):
                continue  # blank lines are not teams
            teams += 1
            name = row[name_index].strip() if name_index is not None and name_index < len(row) else ""
            yield f"{source}:{start}", _csv_row(ruleset.questions, header, row, source, start, display(name))
        if not teams:
            yield source, AichoiceError("no teams: the file has a header row but no rows of answers", source)


def _open_csv(path: Path) -> IO[str]:
    """The file as text, decoded leniently: a byte that is not UTF-8 spoils its own row only."""
    fd, size = open_regular(path)
    try:
        if size > MAX_CSV_BYTES:
            raise OSError(errno.EFBIG, f"over the {MAX_CSV_BYTES:,}-byte limit for a CSV file")
        return open(fd, "r", encoding="utf-8-sig", errors="surrogateescape", newline="", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def _check_header(header: list[str], questions: dict[str, Any]) -> str | None:
    if not any(header):
        return "empty CSV file: the first row must name the questions"
    seen: set[str] = set()
    names = [col for col in header if col.lower() in NAME_COLUMNS]
    for col in header:
        if not col:
            continue  # an unnamed column (a trailing comma, as spreadsheets export): its cells must be empty
        if _SURROGATES.search(col):
            return "the header row is not valid UTF-8 text"
        if col in seen:
            return f"column {col!r} appears twice"
        seen.add(col)
        if col not in questions and col not in names:
            hint = suggest(col, list(questions))
            return f"unknown column {col!r}" + (
                f"; {hint}" if hint else f"; columns are question ids and one of {', '.join(NAME_COLUMNS)}"
            )
    if len(names) > 1:
        return f"more than one name column: {', '.join(names)}"
    return None


_SURROGATES = re.compile(r"[\udc80-\udcff]")


def _csv_row(
    questions: dict[str, Any], header: list[str], row: list[str], source: str, line: int, name: str
) -> Draft | AichoiceError:
    if len(row) != len(header):
        return AichoiceError(f"{len(row)} cells, but the header has {len(header)}", source, line)
    if any(_SURROGATES.search(cell) for cell in row):
        return AichoiceError("this row is not valid UTF-8 text", source, line)
    values = {}
    for column, cell in zip(header, row):
        if not column:
            if cell.strip():
                return AichoiceError("a value in a column with no name in the header", source, line)
            continue
        question = questions.get(column)
        if question is None or not cell.strip():
            continue  # the name column, or no answer given
        try:
            values[column] = validate_value(question, raw_from_text(question, cell, separator=";"))
        except AichoiceError as error:
            return AnswerError(f"column {column!r}: {error.message}", source, line, hint=error.hint)
    return Draft(project=name or None, values=values, source=f"{source}:{line}", marks=RowMarks(source, line=line))
