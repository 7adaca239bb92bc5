"""Batch outputs: streamed table, JSON lines and CSV rows, and the portfolio report in markdown.

Every writer has one interface (`RowWriter`): rows one at a time, then the
summary. `writers(...)` picks them from the format with an exhaustive match.
The markdown report keeps its per-verdict tables in temporary files, so
memory stays flat however many inputs there are.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any, Callable, Protocol

from aichoice import __version__
from aichoice.batch import Row, Summary
from aichoice.models import OPTIONS, Option, RuleSet
from aichoice.render import BatchFormat, assert_never
from aichoice.render.markdown import md, pie_chart
from aichoice.sanitize import csv_cell, json_document
from aichoice.sanitize import terminal as clean
from aichoice.wording import TITLES


class RowWriter(Protocol):
    """Takes the rows of a batch one at a time, then its summary."""

    def row(self, row: Row) -> None: ...

    def finish(self, summary: Summary) -> None: ...


Opener = Callable[[], AbstractContextManager[IO[str]]]


def gap_titles(ruleset: RuleSet) -> dict[str, str]:
    """Each readiness check's title by its id."""
    return {check.id: check.title for check in ruleset.readiness.checks}


def gap_title(gap: str, titles: dict[str, str]) -> str:
    """A gap (a readiness check's id) as every batch output names it: by its title (`titles`,
    from `gap_titles`), or by its id if the rule set has no such check."""
    return titles.get(gap, gap)


def shared_gaps(summary: Summary, titles: dict[str, str]) -> list[tuple[str, int]]:
    """The readiness gaps most teams share, by title, each with how many teams have it."""
    return [(gap_title(gap, titles), count) for gap, count in summary.shared_gaps()]


def progress_line(output: BatchFormat, out: IO[str]) -> AbstractContextManager[Any]:
    """A progress line on a terminal's stderr (yields an object with `advance()`), or nothing:
    not when stderr is no terminal, nor when the rows themselves stream to that terminal."""
    import sys

    streaming = output is not BatchFormat.markdown and out.isatty()
    return Progress() if sys.stderr.isatty() and not streaming else nullcontext(None)


def writers(
    output: BatchFormat,
    out: IO[str],
    ruleset: RuleSet,
    date: str,
    ascii_only: bool = False,
    report: Opener | None = None,
) -> list[RowWriter]:
    """The writers of a batch: one for `output` on `out`, and the portfolio report to `report`'s file."""
    titles = gap_titles(ruleset)
    chosen: list[RowWriter]
    match output:
        case BatchFormat.table:
            chosen = [TableWriter(out, titles)]
        case BatchFormat.jsonl:
            chosen = [JsonLinesWriter(out, ascii_only)]
        case BatchFormat.csv:
            chosen = [CsvWriter(out)]
        case BatchFormat.markdown:
            chosen = [MarkdownReport(lambda: nullcontext(out), ruleset, date)]
        case _:
            assert_never(output)
    if report is not None:
        chosen.append(MarkdownReport(report, ruleset, date))
    return chosen


def row_to_dict(row: Row) -> dict[str, Any]:
    """The JSON-lines contract: the verdict's fields, or {source, error}."""
    if row.error is not None:
        return {"source": row.source, "error": row.error}
    assert row.recommendation is not None
    return {
        "source": row.source,
        "project": row.project,
        "recommendation": row.recommendation.value,
        "confidence": row.confidence,
        "close_call": row.close_call,
        "scores": None if row.scores is None else {o.value: s for o, s in row.scores.items()},
        "gaps": row.gaps,
        "needs": [
            {
                "name": need.name,
                "recommendation": need.recommendation.value,
                "confidence": need.confidence,
                "scores": {o.value: s for o, s in need.scores.items()},
            }
            for need in row.needs
        ],
    }


CSV_FIELDS = [
    "source",
    "project",
    "recommendation",
    "confidence",
    "close_call",
    "score_chat",
    "score_api",
    "score_both",
    "gaps",
    "needs",
    "error",
]


class TableWriter:
    """Aligned text, one line per input as it is assessed, then the portfolio summary."""

    def __init__(self, out: IO[str], titles: dict[str, str]) -> None:
        self.out = out
        self.titles = titles
        out.write(f"{'VERDICT':<8} {'CONFIDENCE':>10}  {'CLOSE':<5}  {'NEEDS':>5}  SOURCE — PROJECT\n")

    def row(self, row: Row) -> None:
        """One line per input, whatever its name holds (a newline in a team name forges no row)."""
        if row.error is not None:
            text = row.error if row.error.startswith(row.source) else f"{row.source}: {row.error}"
            self.out.write(f"{'invalid':<8} {'':>10}  {'':<5}  {'':>5}  {clean(text)}\n")
            return
        assert row.recommendation is not None and row.confidence is not None
        close = "yes" if row.close_call else "no"
        named = f"{row.source} — {row.project}" if row.project else row.source
        self.out.write(
            f"{row.recommendation.value:<8} {row.confidence:>10.0%}  {close:<5}  {len(row.needs):>5}  {clean(named)}\n"
        )

    def finish(self, summary: Summary) -> None:
        self.out.write("\n" + summary_text(summary, self.titles))


class JsonLinesWriter:
    """One JSON object per input."""

    def __init__(self, out: IO[str], ascii_only: bool = False) -> None:
        self.out = out
        self.ascii_only = ascii_only

    def row(self, row: Row) -> None:
        self.out.write(
            json_document(json.dumps(row_to_dict(row), ensure_ascii=self.ascii_only, allow_nan=False)) + "\n"
        )

    def finish(self, summary: Summary) -> None:
        """JSON lines carry only the inputs; the summary goes to stderr."""


class CsvWriter:
    """One CSV row per input, with a header."""

    def __init__(self, out: IO[str]) -> None:
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(CSV_FIELDS)

    def row(self, row: Row) -> None:
        """Text cells pass `csv_cell`: a name starting with = + - @ is never a formula."""
        if row.error is not None:
            self.writer.writerow([csv_cell(row.source), "", "", "", "", "", "", "", "", "", csv_cell(row.error)])
            return
        assert row.recommendation is not None
        scores = ["", "", ""] if row.scores is None else [row.scores[o] for o in (Option.chat, Option.api, Option.both)]
        self.writer.writerow(
            [
                csv_cell(row.source),
                csv_cell(row.project or ""),
                row.recommendation.value,
                row.confidence,
                str(row.close_call).lower(),
                *scores,
                csv_cell(";".join(row.gaps)),
                len(row.needs),
                "",
            ]
        )

    def finish(self, summary: Summary) -> None:
        """CSV carries only the inputs; the summary goes to stderr."""


def summary_text(summary: Summary, titles: dict[str, str]) -> str:
    """The portfolio in a few lines of plain text."""
    counts = " · ".join(f"{option.value} {count:,}" for option, count in summary.counts())
    text = (
        f"Portfolio: {summary.total:,} input(s) · {counts} · invalid {summary.invalid:,}"
        f" · close calls {summary.close_calls:,}\n"
    )
    if summary.several_needs:
        needs = " · ".join(f"{option.value} {count:,}" for option, count in summary.need_counts())
        text += f"Needs: {sum(summary.needs.values()):,} · {needs}\n"
    shared = shared_gaps(summary, titles)
    if shared:
        text += (
            "Most shared readiness gaps: " + ", ".join(f"{clean(title)} ({count:,})" for title, count in shared) + "\n"
        )
    return text


class MarkdownReport:
    """The portfolio report: summary, a mermaid pie of the verdicts, a table per verdict.

    Rows are spooled to temporary files per verdict (in memory up to 1 MiB
    each, on disk beyond), so the report can be assembled in order at the end.
    """

    def __init__(self, opener: Opener, ruleset: RuleSet, date: str) -> None:
        self.opener = opener  # where the report goes, opened only when it is complete
        self.date = date
        self.ruleset = ruleset
        self.titles = gap_titles(ruleset)
        self.parts = {
            key: tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
            for key in [o.value for o in OPTIONS] + ["invalid"]
        }

    def row(self, row: Row) -> None:
        if row.error is not None:
            self.parts["invalid"].write(f"| {md(row.source)} | {md(row.error)} |\n")
            return
        assert row.recommendation is not None and row.confidence is not None
        gaps = ", ".join(gap_title(gap, self.titles) for gap in row.gaps) or "none"
        self.parts[row.recommendation.value].write(
            f"| {md(row.project or '')} | {md(row.source)} | {row.confidence:.0%} | "
            f"{'yes' if row.close_call else 'no'} | {md(gaps)} |\n"
        )

    def finish(self, summary: Summary) -> None:
        """Assemble the report where it goes; the spooled rows are freed either way."""
        try:
            with self.opener() as out:
                self.write(out, summary, self.date)
        finally:
            for part in self.parts.values():
                part.close()

    def write(self, out: IO[str], summary: Summary, date: str) -> None:
        """Assemble the report onto `out`."""
        out.write("# AI adoption portfolio\n\n")
        out.write("## Summary\n\n")
        out.write("| Verdict | Inputs |\n| --- | ---: |\n")
        for option, count in summary.counts():
            out.write(f"| {TITLES[option]} | {count:,} |\n")
        out.write(f"| Invalid | {summary.invalid:,} |\n| **Total** | {summary.total:,} |\n\n")
        if summary.several_needs:
            out.write("| Channel | Needs |\n| --- | ---: |\n")
            for option, count in summary.need_counts():
                out.write(f"| {TITLES[option]} | {count:,} |\n")
            out.write("\n")
        out.write(f"Close calls: {summary.close_calls:,}.\n\n")
        if summary.total - summary.invalid:
            out.write(pie_chart("Verdicts", list(summary.counts())) + "\n\n")
        shared = shared_gaps(summary, self.titles)
        out.write("## Readiness gaps most teams share\n\n")
        if shared:
            out.write("| Gap | Teams |\n| --- | ---: |\n")
            for title, count in shared:
                out.write(f"| {md(title)} | {count:,} |\n")
        else:
            out.write("None flagged.\n")
        out.write("\n")
        for option in OPTIONS:
            if not summary.verdicts[option]:
                continue
            out.write(f"## {TITLES[option]} ({summary.verdicts[option]:,})\n\n")
            out.write(
                "| Project | Source | Confidence | Close call | Readiness gaps |\n| --- | --- | ---: | --- | --- |\n"
            )
            self._copy(option.value, out)
            out.write("\n")
        if summary.invalid:
            out.write(f"## Invalid inputs ({summary.invalid:,})\n\n| Source | Error |\n| --- | --- |\n")
            self._copy("invalid", out)
            out.write("\n")
        info = self.ruleset.info
        out.write("## Provenance\n\n| Item | Value |\n| --- | --- |\n")
        out.write(f"| Tool | aichoice {__version__} |\n| Rule set | {md(info.name)} {md(info.version)} |\n")
        out.write(f"| Rule set sha256 | `{self.ruleset.sha256}` |\n| Date | {date} |\n")

    def _copy(self, key: str, out: IO[str]) -> None:
        part = self.parts[key]
        part.seek(0)
        shutil.copyfileobj(part, out)


class Progress:
    """A progress line on stderr: how many inputs have been assessed (Rich, imported only here)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress as Bar
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        # No redirection of stdout: the rows must go where stdout goes, not to the terminal.
        self.bar = Bar(
            SpinnerColumn(),
            TextColumn("assessed {task.completed:,} input(s)"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task("batch", total=None)

    def __enter__(self) -> "Progress":
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self) -> None:
        self.bar.advance(self.task)
