"""Portfolio batch mode: many answers files or a CSV survey, one verdict each, streamed.

Inputs are read one at a time and results are yielded one at a time, so
memory stays flat in the number of inputs. A bad input becomes a row with an
error; it never stops the batch.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from aichoice.answers import Draft, complete, load_draft, raw_from_text, suggest, validate_value
from aichoice.engine import decision
from aichoice.errors import AichoiceError
from aichoice.explain import flagged_checks
from aichoice.loader import MAX_BYTES
from aichoice.models import OPTIONS, Option, RuleSet

YAML_SUFFIXES = (".yaml", ".yml")
NAME_COLUMNS = ("team", "name", "project")
MAX_CSV_BYTES = 256 * 1024 * 1024


@dataclass
class Row:
    """One input's outcome: a verdict, or the error that kept it from one."""

    source: str
    recommendation: Option | None = None
    confidence: float | None = None
    close_call: bool | None = None
    scores: dict[Option, float] | None = None
    gaps: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-lines object: the verdict's fields, or {source, error}."""
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        assert self.recommendation is not None and self.scores is not None
        return {
            "source": self.source,
            "recommendation": self.recommendation.value,
            "confidence": self.confidence,
            "close_call": self.close_call,
            "scores": {o.value: s for o, s in self.scores.items()},
            "gaps": self.gaps,
        }


@dataclass
class Summary:
    """Running totals of a batch: counts per verdict, close calls, the gaps teams share."""

    total: int = 0
    invalid: int = 0
    close_calls: int = 0
    verdicts: Counter[Option] = field(default_factory=Counter)
    gaps: Counter[str] = field(default_factory=Counter)
    gap_titles: dict[str, str] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.total += 1
        if row.error is not None:
            self.invalid += 1
            return
        assert row.recommendation is not None
        self.verdicts[row.recommendation] += 1
        self.close_calls += bool(row.close_call)
        self.gaps.update(row.gaps)

    def shared_gaps(self, top: int = 5) -> list[tuple[str, int]]:
        """The readiness gaps most teams share, most common first (ties by id)."""
        return sorted(self.gaps.items(), key=lambda item: (-item[1], item[0]))[:top]

    def counts(self) -> list[tuple[Option, int]]:
        return [(option, self.verdicts[option]) for option in OPTIONS]


def run(ruleset: RuleSet, paths: Iterable[Path], fill_defaults: bool = False) -> Iterator[Row]:
    """Assess every input under `paths`, in a stable order, one row at a time."""
    for source, draft in iter_drafts(ruleset, paths):
        if isinstance(draft, AichoiceError):
            yield Row(source=source, error=one_line(draft))
            continue
        try:
            answers = complete(ruleset, draft, fill_defaults)
        except AichoiceError as error:
            yield Row(source=source, error=one_line(error))
            continue
        verdict = decision(ruleset, answers.values)
        yield Row(
            source=source,
            recommendation=verdict.recommendation,
            confidence=verdict.confidence,
            close_call=verdict.close_call,
            scores=verdict.scores,
            gaps=[c.id for c in flagged_checks(ruleset, verdict.recommendation, answers.values)],
        )


def one_line(error: AichoiceError) -> str:
    """The located message and its hint on one line, for a row of a table or a JSON line."""
    text = f"{error.location}: {error.message}" if error.location else error.message
    return f"{text} (hint: {error.hint})" if error.hint else text


def iter_drafts(ruleset: RuleSet, paths: Iterable[Path]) -> Iterator[tuple[str, Draft | AichoiceError]]:
    """(source, draft or error) for every answers file and CSV row under `paths`."""
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                yield from _file_drafts(ruleset, file)
        elif path.exists():
            yield from _file_drafts(ruleset, path)
        else:
            yield str(path), AichoiceError(f"{path}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Answers files below `folder`, recursively, in sorted order, without listing all first."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def _file_drafts(ruleset: RuleSet, path: Path) -> Iterator[tuple[str, Draft | AichoiceError]]:
    if path.suffix.lower() == ".csv":
        yield from csv_drafts(ruleset, path)
        return
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        yield str(path), load_draft(data, str(path), ruleset)
    except AichoiceError as error:
        yield str(path), error
    except OSError as exc:
        yield str(path), AichoiceError(f"{path}: cannot read: {exc.strerror}")


def csv_drafts(ruleset: RuleSet, path: Path) -> Iterator[tuple[str, Draft | AichoiceError]]:
    """One draft per row of a survey export: a header of question ids and an optional name column."""
    questions = ruleset.questions
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            yield str(path), AichoiceError(f"{path}: over the {MAX_CSV_BYTES:,}-byte limit for a CSV file")
            return
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [cell.strip() for cell in next(reader, [])]
            problem = _check_header(header, questions)
            if problem:
                yield str(path), AichoiceError(f"{path}:1: {problem}")
                return
            name_index = next((i for i, col in enumerate(header) if col.lower() in NAME_COLUMNS), None)
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue  # blank lines are not teams
                name = row[name_index].strip() if name_index is not None and name_index < len(row) else ""
                source = name or f"{path}:{line}"
                yield source, _csv_row(questions, header, row, path, line, name)
    except (csv.Error, UnicodeDecodeError, ValueError) as exc:
        yield str(path), AichoiceError(f"{path}: not a readable CSV file ({exc})")
    except OSError as exc:
        yield str(path), AichoiceError(f"{path}: cannot read: {exc.strerror}")


def _check_header(header: list[str], questions: dict[str, Any]) -> str | None:
    if not any(header):
        return "empty CSV file: the first row must name the questions"
    seen: set[str] = set()
    names = [col for col in header if col.lower() in NAME_COLUMNS]
    for col in header:
        if col in seen:
            return f"column {col!r} appears twice"
        seen.add(col)
        if col not in questions and col not in names:
            hint = suggest(col, list(questions))
            return f"unknown column {col!r}" + (f"; {hint}" if hint else f"; columns are question ids and one of {', '.join(NAME_COLUMNS)}")
    if len(names) > 1:
        return f"more than one name column: {', '.join(names)}"
    return None


def _csv_row(questions: dict[str, Any], header: list[str], row: list[str], path: Path, line: int,
             name: str) -> Draft | AichoiceError:
    if len(row) != len(header):
        return AichoiceError(f"{path}:{line}: {len(row)} cells, but the header has {len(header)}")
    values = {}
    for column, cell in zip(header, row):
        question = questions.get(column)
        if question is None or not cell.strip():
            continue  # the name column, or no answer given
        try:
            values[column] = validate_value(question, raw_from_text(question, cell, separator=";"))
        except AichoiceError as error:
            hint = f" ({error.hint})" if error.hint else ""
            return AichoiceError(f"{path}:{line}: column {column!r}: {error.message}{hint}")
    return Draft(project=name or None, values=values, source=f"{path}:{line}")
