"""Portfolio batch mode: many answers files or a CSV survey, one verdict each, streamed.

Inputs are read one at a time and results are yielded one at a time, so
memory stays flat in the number of inputs. A bad input becomes a row with an
error; it never stops the batch.

    sources.py  where the inputs come from: folders, answers files, CSV surveys
    rows.py     one input's row (a verdict, or its error) and the batch's summary
    pool.py     the worker processes: chunks of files, rows back in input order

This module runs a batch, serially or in the pool, and re-exports the names
of the three above.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Iterable, Iterator

from aichoice.answers import Overrides
from aichoice.batch.pool import CHUNK, PARALLEL_FROM, max_jobs, run_parallel
from aichoice.batch.rows import NeedRow, Row, Summary, assess_draft, assess_file, one_line
from aichoice.batch.sources import (
    MAX_CSV_BYTES,
    NAME_COLUMNS,
    YAML_SUFFIXES,
    Skipped,
    csv_drafts,
    display,
    file_drafts,
    iter_files,
)
from aichoice.models import RuleSet

__all__ = [
    "CHUNK",
    "MAX_CSV_BYTES",
    "NAME_COLUMNS",
    "PARALLEL_FROM",
    "YAML_SUFFIXES",
    "NeedRow",
    "Row",
    "Skipped",
    "Summary",
    "assess_all",
    "assess_draft",
    "assess_file",
    "csv_drafts",
    "display",
    "file_drafts",
    "iter_files",
    "max_jobs",
    "one_line",
    "run",
]


def run(
    ruleset: RuleSet,
    paths: Iterable[Path],
    fill_defaults: bool = False,
    jobs: int = 1,
    rules_dir: Path | None = None,
    overrides: Overrides | None = None,
) -> Iterator[Row]:
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
            yield from run_parallel(files, ruleset, rules_dir, fill_defaults, jobs, overrides or Overrides())
            return
    for item in files:
        yield from assess_file(ruleset, item, fill_defaults, overrides)


def assess_all(
    ruleset: RuleSet,
    paths: Iterable[Path],
    writers: Iterable[Any],
    fill_defaults: bool = False,
    jobs: int = 1,
    rules_dir: Path | None = None,
    progress: Any = None,
    overrides: Overrides | None = None,
) -> Summary:
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
