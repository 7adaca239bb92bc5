"""One input's outcome in a batch: its row (a verdict, or the error that kept it from one), and the summary.

A row is what every batch writer shows and what crosses back from a worker
process (`Row.pack`); the summary keeps running totals, so a batch holds no
row once it is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from aichoice.answers import Draft, Overrides, complete_needs, with_overrides
from aichoice.batch.sources import Skipped, file_drafts
from aichoice.engine import combine, score
from aichoice.errors import AichoiceError, ManyErrors
from aichoice.explain import flagged_checks
from aichoice.models import OPTIONS, Option, RuleSet


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
        needs = [
            (n.name, n.recommendation.value, n.confidence, tuple(n.scores[o] for o in OPTIONS)) for n in self.needs
        ]
        return (
            self.source,
            self.project,
            verdict,
            self.confidence,
            self.close_call,
            scores,
            self.gaps,
            self.error,
            needs,
            self.skipped,
            self.set_needs,
        )

    @classmethod
    def unpack(cls, packed: tuple[Any, ...]) -> "Row":
        source, project, verdict, confidence, close_call, scores, gaps, error, needs, skipped, set_needs = packed
        return cls(
            source=source,
            project=project,
            recommendation=None if verdict is None else Option(verdict),
            confidence=confidence,
            close_call=close_call,
            scores=None if scores is None else dict(zip(OPTIONS, scores)),
            gaps=gaps,
            error=error,
            needs=[
                NeedRow(name, Option(option), confidence, dict(zip(OPTIONS, need_scores)))
                for name, option, confidence, need_scores in needs
            ],
            skipped=skipped,
            set_needs=set_needs,
        )


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


def assess_file(
    ruleset: RuleSet, item: str | AichoiceError, fill_defaults: bool, overrides: Overrides | None = None
) -> Iterator[Row]:
    """The rows of one input file: one for an answers file, one per team for a CSV file
    (`item` is an error in place of a path that could not be found or read: its row)."""
    if isinstance(item, AichoiceError):
        yield Row(source=item.path or "", error=one_line(item))
        return
    for source, draft in file_drafts(ruleset, item):
        yield assess_draft(ruleset, source, draft, fill_defaults, overrides)


def assess_draft(
    ruleset: RuleSet,
    source: str,
    draft: Draft | AichoiceError | Skipped,
    fill_defaults: bool,
    overrides: Overrides | None = None,
) -> Row:
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
    gaps = {
        c.id: None
        for answers, v in zip(needs, verdicts)
        for c in flagged_checks(ruleset, v.recommendation, answers.values)
    }
    return Row(
        source=source,
        project=draft.project,
        recommendation=whole.recommendation,
        confidence=whole.confidence,
        close_call=whole.close_call,
        scores=verdicts[0].scores if len(verdicts) == 1 else None,
        gaps=list(gaps),
        needs=[
            NeedRow(answers.name or answers.project or source, v.recommendation, v.confidence, v.scores)
            for answers, v in zip(needs, verdicts)
        ],
        set_needs=[need.name for need in draft.needs if need.name in overrides.by_need],
    )


def one_line(error: AichoiceError) -> str:
    """The located message and its hint on one line, for a row of a table or a JSON line."""
    if isinstance(error, ManyErrors):
        more = f"; and {error.more:,} more" if error.more else ""
        return "; ".join(one_line(each) for each in error.errors) + more
    return str(error).replace("\n  hint: ", " (hint: ") + (")" if error.hint else "")
