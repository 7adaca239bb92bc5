"""Portfolio batch mode: many answers files or a CSV survey, one verdict each, streamed.

Inputs are read one at a time and results are yielded one at a time, so
memory stays flat in the number of inputs. A bad input becomes a row with an
error; it never stops the batch.
"""

from __future__ import annotations

import csv
import itertools
import os
import signal
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from aichoice.answers import Draft, complete, load_draft, raw_from_text, suggest, validate_value
from aichoice.engine import decision
from aichoice.errors import AichoiceError, ManyErrors
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

    def pack(self) -> tuple[Any, ...]:
        """Plain values only, to cross from a worker process cheaply (enums pickle slowly)."""
        scores = None if self.scores is None else tuple(self.scores[o] for o in OPTIONS)
        verdict = None if self.recommendation is None else self.recommendation.value
        return self.source, verdict, self.confidence, self.close_call, scores, self.gaps, self.error

    @classmethod
    def unpack(cls, packed: tuple[Any, ...]) -> "Row":
        source, verdict, confidence, close_call, scores, gaps, error = packed
        return cls(source=source, recommendation=None if verdict is None else Option(verdict),
                   confidence=confidence, close_call=close_call,
                   scores=None if scores is None else dict(zip(OPTIONS, scores)), gaps=gaps, error=error)

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


def run(ruleset: RuleSet, paths: Iterable[Path], fill_defaults: bool = False, jobs: int = 1,
        rules_dir: Path | None = None) -> Iterator[Row]:
    """Assess every input under `paths`, in a stable order, one row at a time.

    With `jobs` > 1 and enough inputs to pay for it, files are assessed in
    that many worker processes (which load the rule set from `rules_dir`,
    the one `ruleset` came from); the rows come back in the same order.
    """
    files = iter_files(paths)
    if jobs > 1:
        first = list(itertools.islice(files, PARALLEL_FROM))
        files = itertools.chain(first, files)
        if len(first) == PARALLEL_FROM:
            yield from _run_parallel(files, rules_dir, fill_defaults, jobs)
            return
    for item in files:
        yield from assess_file(ruleset, item, fill_defaults)


def iter_files(paths: Iterable[Path]) -> Iterator[str | AichoiceError]:
    """Every answers file and CSV file under `paths`, in order; an error for a path that is not there.

    Paths are plain strings: tens of thousands of them cross to worker processes.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield str(path)
        else:
            yield AichoiceError(f"{path}: no such file or folder", str(path))


def assess_file(ruleset: RuleSet, item: str | AichoiceError, fill_defaults: bool) -> Iterator[Row]:
    """The rows of one input file: one for an answers file, one per team for a CSV file."""
    if isinstance(item, AichoiceError):
        yield Row(source=item.path or "", error=item.message)
        return
    for source, draft in _file_drafts(ruleset, item):
        yield assess_draft(ruleset, source, draft, fill_defaults)


def assess_draft(ruleset: RuleSet, source: str, draft: Draft | AichoiceError, fill_defaults: bool) -> Row:
    """One input's row: its verdict, or the error that kept it from one."""
    if isinstance(draft, AichoiceError):
        return Row(source=source, error=one_line(draft))
    try:
        answers = complete(ruleset, draft, fill_defaults)
    except AichoiceError as error:
        return Row(source=source, error=one_line(error))
    verdict = decision(ruleset, answers.values)
    return Row(
        source=source,
        recommendation=verdict.recommendation,
        confidence=verdict.confidence,
        close_call=verdict.close_call,
        scores=verdict.scores,
        gaps=[c.id for c in flagged_checks(ruleset, verdict.recommendation, answers.values)],
    )


def one_line(error: AichoiceError) -> str:
    """The located message and its hint on one line, for a row of a table or a JSON line."""
    if isinstance(error, ManyErrors):
        return "; ".join(one_line(each) for each in error.errors)
    text = f"{error.location}: {error.message}" if error.location else error.message
    return f"{text} (hint: {error.hint})" if error.hint else text


# -- worker processes -----------------------------------------------------------------

PARALLEL_FROM = 256  # inputs: below this, starting workers costs more than it saves
CHUNK = 64  # files a worker takes at a time
_WORKER: tuple[RuleSet, bool] | None = None


def _start_worker(rules_dir: Path | None, fill_defaults: bool) -> None:
    """In a worker: load the rule set once, and leave Ctrl-C to the parent."""
    global _WORKER
    from aichoice.ruleset import load_ruleset

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (load_ruleset(rules_dir), fill_defaults)


def _assess_chunk(items: list[str | AichoiceError]) -> list[tuple[Any, ...]]:
    assert _WORKER is not None
    ruleset, fill_defaults = _WORKER
    return [row.pack() for item in items for row in assess_file(ruleset, item, fill_defaults)]


def _run_parallel(files: Iterator[str | AichoiceError], rules_dir: Path | None, fill_defaults: bool,
                  jobs: int) -> Iterator[Row]:
    """Chunks of files to `jobs` workers, a bounded number in flight, rows yielded in input order."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunks = iter(lambda: list(itertools.islice(files, CHUNK)), [])
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(rules_dir, fill_defaults))
    try:
        pending: deque[Any] = deque()
        for chunk in itertools.islice(chunks, 2 * jobs):
            pending.append(pool.apply_async(_assess_chunk, (chunk,)))
        while pending:
            rows = pending.popleft().get()
            chunk = next(chunks, None)
            if chunk is not None:
                pending.append(pool.apply_async(_assess_chunk, (chunk,)))
            for packed in rows:
                yield Row.unpack(packed)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _walk(folder: Path) -> Iterator[str]:
    """Answers files below `folder`, recursively, in sorted order, without listing all first."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)


def _file_drafts(ruleset: RuleSet, path: str) -> Iterator[tuple[str, Draft | AichoiceError]]:
    if path.lower().endswith(".csv"):
        yield from csv_drafts(ruleset, Path(path))
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        yield path, load_draft(data, path, ruleset)
    except AichoiceError as error:
        yield path, error
    except OSError as exc:
        yield path, AichoiceError(f"{path}: cannot read: {exc.strerror}")


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
