"""The worker pool of a batch: input files assessed in worker processes, in chunks, rows back in input order.

Workers pay off only from `PARALLEL_FROM` inputs on, and a batch uses at
most `max_jobs()` of them. Each worker takes the parent's rule set (a forked
worker has it without loading) or loads the same one, and reports a failure
to start through its first chunk: a worker that cannot start, or dies, ends
the batch with one `AichoiceError`.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from pathlib import Path
from typing import Any, Iterator

from aichoice.answers import Overrides
from aichoice.batch.rows import Row, assess_file, one_line
from aichoice.errors import AichoiceError
from aichoice.models import RuleSet

PARALLEL_FROM = 256  # inputs: below this, starting workers costs more than it saves
CHUNK = 64  # files a worker takes at a time

# In a worker process: the rule set and settings it assesses with, or why it could not start.
_worker: tuple[RuleSet, bool, Overrides] | str | None = None


def max_jobs() -> int:
    """The most worker processes a batch uses: one per CPU (more only contend for the same cores)."""
    return os.cpu_count() or 1


def start_worker(
    rules_dir: Path | None,
    sha256: str,
    fill_defaults: bool,
    overrides: Overrides | None = None,
    inherited: RuleSet | None = None,
) -> None:
    """Start a worker (the pool's initializer, run in each worker process): take the parent's rule
    set, `inherited` (a forked worker has it without loading), or load the same one from `rules_dir`;
    and leave signals to the parent.

    A worker that cannot start never raises here (a pool would start it again
    and again): the failure is kept, and `assess_chunk` reports it.
    """
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ruleset = inherited
        if ruleset is None or ruleset.sha256 != sha256:
            from aichoice.ruleset import load_ruleset

            ruleset = load_ruleset(rules_dir)
        if ruleset.sha256 != sha256:
            raise AichoiceError("the rule set changed on disk while the batch was starting; run the batch again")
        _worker = (ruleset, fill_defaults, overrides or Overrides())
    except AichoiceError as error:
        _worker = one_line(error)
    except BaseException as exc:  # noqa: BLE001 - reported as one message by the parent
        _worker = f"{type(exc).__name__}: {exc}"


def assess_chunk(items: list[str | AichoiceError]) -> list[tuple[Any, ...]]:
    """In a started worker: the rows of a chunk of input files, packed (`Row.pack`), in order.
    An AichoiceError if the worker could not start, saying why."""
    if not isinstance(_worker, tuple):
        raise AichoiceError(f"a worker process could not start: {_worker or 'unknown reason'}")
    ruleset, fill_defaults, overrides = _worker
    return [row.pack() for item in items for row in assess_file(ruleset, item, fill_defaults, overrides)]


def run_parallel(
    files: Iterator[str | AichoiceError],
    ruleset: RuleSet,
    rules_dir: Path | None,
    fill_defaults: bool,
    jobs: int,
    overrides: Overrides | None = None,
) -> Iterator[Row]:
    """Chunks of files to `jobs` workers (at most `max_jobs()`), a bounded number in flight,
    rows yielded in input order.

    A worker that cannot start, or dies, ends the batch with one AichoiceError.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    chunks = iter(lambda: list(itertools.islice(files, CHUNK)), [])
    # A forked worker is handed the rule set as it is in memory (its arguments are not pickled);
    # a spawned one loads it from `rules_dir`.
    pool = ProcessPoolExecutor(
        min(jobs, max_jobs()),
        mp_context=context,
        initializer=start_worker,
        initargs=(rules_dir, ruleset.sha256, fill_defaults, overrides or Overrides(), ruleset if fork else None),
    )
    try:
        pending: deque[Any] = deque()
        for chunk in itertools.islice(chunks, 2 * jobs):
            pending.append(pool.submit(assess_chunk, chunk))
        while pending:
            try:
                rows = pending.popleft().result()
            except BrokenProcessPool:
                raise AichoiceError("a worker process stopped unexpectedly; the batch was not finished") from None
            more = next(chunks, [])
            if more:
                pending.append(pool.submit(assess_chunk, more))
            for packed in rows:
                yield Row.unpack(packed)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
