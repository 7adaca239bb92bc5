"""Portfolio batch mode: many answers files or a CSV survey, one verdict each, streamed.

Inputs are read one at a time and results are yielded one at a time, so
memory stays flat in the number of inputs. A bad input becomes a row with an
error; it never stops the batch.
"""

from __future__ import annotations

import csv
import errno
import itertools
import os
import re
import signal
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from aichoice.answers import (Draft, Overrides, complete_needs, raw_from_text, read_document, validate_value,
                              with_overrides)
from aichoice.cost import is_pricing
from aichoice.engine import combine, score
from aichoice.errors import AichoiceError, ManyErrors, suggest
from aichoice.explain import flagged_checks
from aichoice.files import open_regular, read_capped
from aichoice.loader import MAX_BYTES, load_yaml, read_text
from aichoice.models import OPTIONS, Option, RuleSet

YAML_SUFFIXES = (".yaml", ".yml")
NAME_COLUMNS = ("team", "name", "project")
MAX_CSV_BYTES = 256 * 1024 * 1024


@dataclass
class NeedRow:
    """One need of an input: its name, verdict, confidence and scores."""

    name: str
    recommendation: Option
    confidence: float
    scores: dict[Option, int]


@dataclass
class Row:
    """One input's outcome: a verdict, or the error that kept it from one."""

    source: str  # where the input is: its file, or a CSV file and line
    project: str | None = None  # who it is for: the project's name, or the team's in a CSV survey
    recommendation: Option | None = None
    confidence: float | None = None
    close_call: bool | None = None
    scores: dict[Option, int] | None = None  # one need's scores (several needs: each need's, in `needs`)
    gaps: list[str] = field(default_factory=list)
    error: str | None = None
    needs: list[NeedRow] = field(default_factory=list)
    skipped: str | None = None  # why the file is no input (a pricing file): counted apart, noted at the end
    set_needs: list[str] = field(default_factory=list)  # the needs of --set NEED:... that this input has

    def pack(self) -> tuple[Any, ...]:
        """Plain values only, to cross from a worker process cheaply (enums pickle slowly)."""
        scores = None if self.scores is None else tuple(self.scores[o] for o in OPTIONS)
        verdict = None if self.recommendation is None else self.recommendation.value
        needs = [(n.name, n.recommendation.value, n.confidence, tuple(n.scores[o] for o in OPTIONS))
                 for n in self.needs]
        return (self.source, self.project, verdict, self.confidence, self.close_call, scores, self.gaps, self.error,
                needs, self.skipped, self.set_needs)

    @classmethod
    def unpack(cls, packed: tuple[Any, ...]) -> "Row":
        source, project, verdict, confidence, close_call, scores, gaps, error, needs, skipped, set_needs = packed
        return cls(source=source, project=project, recommendation=None if verdict is None else Option(verdict),
                   confidence=confidence, close_call=close_call,
                   scores=None if scores is None else dict(zip(OPTIONS, scores)), gaps=gaps, error=error,
                   needs=[NeedRow(name, Option(option), confidence, dict(zip(OPTIONS, need_scores)))
                          for name, option, confidence, need_scores in needs],
                   skipped=skipped, set_needs=set_needs)


@dataclass
class Summary:
    """Running totals of a batch: counts per verdict, close calls, the gaps teams share."""

    total: int = 0
    invalid: int = 0
    close_calls: int = 0
    verdicts: Counter[Option] = field(default_factory=Counter)
    gaps: Counter[str] = field(default_factory=Counter)
    needs: Counter[Option] = field(default_factory=Counter)  # every need of every input, by its channel
    skipped: list[tuple[str, str]] = field(default_factory=list)  # files that are no input, and why
    set_needs: set[str] = field(default_factory=set)  # the needs of --set NEED:... some input has

    def add(self, row: Row) -> None:
        if row.skipped is not None:
            self.skipped.append((row.source, row.skipped))
            return
        self.total += 1
        if row.error is not None:
            self.invalid += 1
            return
        assert row.recommendation is not None
        self.verdicts[row.recommendation] += 1
        self.needs.update(need.recommendation for need in row.needs)
        self.set_needs.update(row.set_needs)
        self.close_calls += bool(row.close_call)
        self.gaps.update(row.gaps)

    def shared_gaps(self, top: int = 5) -> list[tuple[str, int]]:
        """The readiness gaps most teams share, most common first (ties by id)."""
        return sorted(self.gaps.items(), key=lambda item: (-item[1], item[0]))[:top]

    def counts(self) -> list[tuple[Option, int]]:
        return [(option, self.verdicts[option]) for option in OPTIONS]

    def need_counts(self) -> list[tuple[Option, int]]:
        """How many needs, across the inputs, go to each channel."""
        return [(option, self.needs[option]) for option in OPTIONS]

    @property
    def several_needs(self) -> bool:
        """Whether some input had more than one need (then needs are counted apart from inputs)."""
        return sum(self.needs.values()) > self.total - self.invalid


def run(ruleset: RuleSet, paths: Iterable[Path], fill_defaults: bool = False, jobs: int = 1,
        rules_dir: Path | None = None, overrides: Overrides | None = None) -> Iterator[Row]:
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
            yield from _run_parallel(files, ruleset, rules_dir, fill_defaults, jobs, overrides or Overrides())
            return
    for item in files:
        yield from assess_file(ruleset, item, fill_defaults, overrides)


def assess_all(ruleset: RuleSet, paths: Iterable[Path], writers: Iterable[Any], fill_defaults: bool = False,
               jobs: int = 1, rules_dir: Path | None = None, progress: Any = None,
               overrides: Overrides | None = None) -> Summary:
    """Assess every input (with `overrides` in place of its answers), hand each row to every
    writer (`row(row)`) as it comes, and return the summary; `progress.advance()` per row."""
    writers = list(writers)
    summary = Summary()
    for row in run(ruleset, paths, fill_defaults=fill_defaults, jobs=jobs, rules_dir=rules_dir, overrides=overrides):
        summary.add(row)
        if row.skipped is not None:
            continue  # no input: the summary notes it
        for writer in writers:
            writer.row(row)
        if progress is not None:
            progress.advance()
    return summary


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
            yield AichoiceError(f"{display(str(path))}: no such file or folder", display(str(path)))


def assess_file(ruleset: RuleSet, item: str | AichoiceError, fill_defaults: bool,
                overrides: Overrides | None = None) -> Iterator[Row]:
    """The rows of one input file: one for an answers file, one per team for a CSV file."""
    if isinstance(item, AichoiceError):
        yield Row(source=item.path or "", error=item.message)
        return
    for source, draft in _file_drafts(ruleset, item):
        yield assess_draft(ruleset, source, draft, fill_defaults, overrides)


class Skipped(str):
    """A file in a batch folder that is no input, with the reason (a pricing file)."""


def assess_draft(ruleset: RuleSet, source: str, draft: Draft | AichoiceError | Skipped, fill_defaults: bool,
                 overrides: Overrides | None = None) -> Row:
    """One input's row: each need's verdict and the whole's (combined as `aichoice assess` combines
    them), or the error that kept it from one. A --set for a need the input lacks passes it by."""
    if isinstance(draft, Skipped):
        return Row(source=source, skipped=str(draft))
    if isinstance(draft, AichoiceError):
        return Row(source=source, error=one_line(draft))
    overrides = overrides or Overrides()
    try:
        needs = complete_needs(ruleset, with_overrides(draft, overrides, strict=False), fill_defaults)
    except AichoiceError as error:
        return Row(source=source, error=one_line(error))
    verdicts = [score(ruleset, answers.values) for answers in needs]
    whole = combine(verdicts)
    gaps = {c.id: None for answers, v in zip(needs, verdicts)
            for c in flagged_checks(ruleset, v.recommendation, answers.values)}
    return Row(
        source=source,
        project=draft.project,
        recommendation=whole.recommendation,
        confidence=whole.confidence,
        close_call=whole.close_call,
        scores=verdicts[0].scores if len(verdicts) == 1 else None,
        gaps=list(gaps),
        needs=[NeedRow(answers.name or answers.project or source, v.recommendation, v.confidence, v.scores)
               for answers, v in zip(needs, verdicts)],
        set_needs=[need.name for need in draft.needs if need.name in overrides.by_need],
    )


def one_line(error: AichoiceError) -> str:
    """The located message and its hint on one line, for a row of a table or a JSON line."""
    if isinstance(error, ManyErrors):
        more = f"; and {error.more:,} more" if error.more else ""
        return "; ".join(one_line(each) for each in error.errors) + more
    return str(error).replace("\n  hint: ", " (hint: ") + (")" if error.hint else "")


# -- worker processes -----------------------------------------------------------------

PARALLEL_FROM = 256  # inputs: below this, starting workers costs more than it saves
CHUNK = 64  # files a worker takes at a time
_WORKER: tuple[RuleSet, bool, Overrides] | None = None
_WORKER_FAILURE: str | None = None
_INHERITED: RuleSet | None = None  # the parent's rule set: a forked worker has it without loading


def max_jobs() -> int:
    """The most worker processes a batch uses: one per CPU (more only contend for the same cores)."""
    return os.cpu_count() or 1


def _start_worker(rules_dir: Path | None, sha256: str, fill_defaults: bool,
                  overrides: Overrides | None = None) -> None:
    """In a worker: take the parent's rule set (or load the same one), and leave signals to the parent.

    A worker that cannot start never raises here (a pool would start it again
    and again): the failure is kept and reported by its first chunk.
    """
    global _WORKER, _WORKER_FAILURE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ruleset = _INHERITED
        if ruleset is None or ruleset.sha256 != sha256:
            from aichoice.ruleset import load_ruleset

            ruleset = load_ruleset(rules_dir)
        if ruleset.sha256 != sha256:
            raise AichoiceError("the rule set changed on disk while the batch was starting; run the batch again")
        _WORKER = (ruleset, fill_defaults, overrides or Overrides())
    except AichoiceError as error:
        _WORKER_FAILURE = one_line(error)
    except BaseException as exc:  # noqa: BLE001 - reported as one message by the parent
        _WORKER_FAILURE = f"{type(exc).__name__}: {exc}"


def _assess_chunk(items: list[str | AichoiceError]) -> list[tuple[Any, ...]]:
    if _WORKER is None:
        raise AichoiceError(f"a worker process could not start: {_WORKER_FAILURE or 'unknown reason'}")
    ruleset, fill_defaults, overrides = _WORKER
    return [row.pack() for item in items for row in assess_file(ruleset, item, fill_defaults, overrides)]


def _run_parallel(files: Iterator[str | AichoiceError], ruleset: RuleSet, rules_dir: Path | None,
                  fill_defaults: bool, jobs: int, overrides: Overrides | None = None) -> Iterator[Row]:
    """Chunks of files to `jobs` workers, a bounded number in flight, rows yielded in input order.

    A worker that cannot start, or dies, ends the batch with one AichoiceError.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _INHERITED
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunks = iter(lambda: list(itertools.islice(files, CHUNK)), [])
    _INHERITED = ruleset
    pool = ProcessPoolExecutor(min(jobs, max_jobs()), mp_context=context, initializer=_start_worker,
                               initargs=(rules_dir, ruleset.sha256, fill_defaults, overrides or Overrides()))
    try:
        pending: deque[Any] = deque()
        for chunk in itertools.islice(chunks, 2 * jobs):
            pending.append(pool.submit(_assess_chunk, chunk))
        while pending:
            try:
                rows = pending.popleft().result()
            except BrokenProcessPool:
                raise AichoiceError("a worker process stopped unexpectedly; the batch was not finished") from None
            more = next(chunks, [])
            if more:
                pending.append(pool.submit(_assess_chunk, more))
            for packed in rows:
                yield Row.unpack(packed)
    finally:
        _INHERITED = None
        pool.shutdown(wait=False, cancel_futures=True)


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
    where = display(str(exc.filename))
    return AichoiceError(f"{where}: cannot read this folder: {exc.strerror}; its files were not assessed", where)


def display(path: str) -> str:
    """A path as a person can read it: bytes of a name that were not UTF-8 shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _file_drafts(ruleset: RuleSet, path: str) -> Iterator[tuple[str, Draft | AichoiceError | Skipped]]:
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
        yield source, AichoiceError(f"{source}: is a folder")
    except OSError as exc:
        yield source, AichoiceError(f"{source}: cannot read: {exc.strerror}")


def csv_drafts(ruleset: RuleSet, path: Path) -> Iterator[tuple[str, Draft | AichoiceError]]:
    """One draft per row of a survey export: a header of question ids and an optional name column.

    A bad row (bytes that are not UTF-8, an oversized cell, a wrong number of
    cells) is an error at its line; every other row is still assessed.
    """
    source = display(str(path))
    try:
        handle = _open_csv(path)
    except IsADirectoryError:
        yield source, AichoiceError(f"{source}: is a folder")
        return
    except OSError as exc:
        yield source, AichoiceError(f"{source}: cannot read: {exc.strerror}")
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = [cell.strip() for cell in next(reader, [])]
        except csv.Error as exc:
            yield source, AichoiceError(f"{source}:1: the header row cannot be read ({exc})")
            return
        problem = _check_header(header, ruleset.questions)
        if problem:
            yield source, AichoiceError(f"{source}:1: {display(problem)}")
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
                yield f"{source}:{start}", AichoiceError(f"{source}:{start}: this row cannot be read ({exc})")
                continue
            except OSError as exc:
                yield source, AichoiceError(f"{source}: cannot read: {exc.strerror}")
                return
            if not any(cell.strip() for cell in row):
                continue  # blank lines are not teams
            teams += 1
            name = row[name_index].strip() if name_index is not None and name_index < len(row) else ""
            yield f"{source}:{start}", _csv_row(ruleset.questions, header, row, source, start, display(name))
        if not teams:
            yield source, AichoiceError(f"{source}: no teams: the file has a header row but no rows of answers")


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
            return f"unknown column {col!r}" + (f"; {hint}" if hint else f"; columns are question ids and one of {', '.join(NAME_COLUMNS)}")
    if len(names) > 1:
        return f"more than one name column: {', '.join(names)}"
    return None


_SURROGATES = re.compile(r"[\udc80-\udcff]")


def _csv_row(questions: dict[str, Any], header: list[str], row: list[str], source: str, line: int,
             name: str) -> Draft | AichoiceError:
    where = f"{source}:{line}"
    if len(row) != len(header):
        return AichoiceError(f"{where}: {len(row)} cells, but the header has {len(header)}")
    if any(_SURROGATES.search(cell) for cell in row):
        return AichoiceError(f"{where}: this row is not valid UTF-8 text")
    values = {}
    for column, cell in zip(header, row):
        if not column:
            if cell.strip():
                return AichoiceError(f"{where}: a value in a column with no name in the header")
            continue
        question = questions.get(column)
        if question is None or not cell.strip():
            continue  # the name column, or no answer given
        try:
            values[column] = validate_value(question, raw_from_text(question, cell, separator=";"))
        except AichoiceError as error:
            hint = f" ({error.hint})" if error.hint else ""
            return AichoiceError(f"{where}: column {column!r}: {error.message}{hint}")
    return Draft(project=name or None, values=values, source=where)
