"""The CI gate: `--expect chat|api|both` for the whole assessment, `--expect NEED=chat|api|both` for
one need. Pure: the CLI turns a failed gate into exit 1 and its lines into messages."""

from __future__ import annotations

from dataclasses import dataclass

from aichoice.errors import AichoiceError
from aichoice.models import OPTIONS, Assessment, Option

USAGE = "write --expect chat|api|both for the whole, or --expect 'NEED=chat|api|both' for one need"


@dataclass(frozen=True)
class Expectation:
    """What a pipeline expects: the whole's verdict (`need` None) or one need's."""

    option: Option
    need: str | None = None

    def describe(self) -> str:
        """As a person wrote it: `both`, `Support bot=api`."""
        return self.option.value if self.need is None else f"{self.need}={self.option.value}"


@dataclass(frozen=True)
class Drift:
    """An expectation the assessment does not meet, and the verdict it has instead."""

    expected: Expectation
    actual: Option

    def message(self) -> str:
        """One line: 'expected api, but the recommendation is both'."""
        whose = "the recommendation" if self.expected.need is None else "that need's recommendation"
        return f"expected {self.expected.describe()}, but {whose} is {self.actual.value}"


@dataclass(frozen=True)
class Gate:
    """The gate's outcome: every expectation, and those that drifted."""

    expectations: tuple[Expectation, ...]
    drifts: tuple[Drift, ...]

    @property
    def passed(self) -> bool:
        return not self.drifts


def parse_expectations(texts: list[str]) -> list[Expectation]:
    """`--expect` values, case-insensitive: `both`, `Both`, `Support bot=api` (the last `=` ends the need's name)."""
    expectations = []
    for text in texts:
        need, equals, value = text.rpartition("=")
        option = _option(value.strip())
        if option is None or (equals and not need.strip()):
            from aichoice.sanitize import terminal as clean

            problem = "the need's name before '=' is empty" if option is not None else "expected chat, api or both"
            raise AichoiceError(f"--expect {clean(text)!r}: {problem}", hint=USAGE)
        expectations.append(Expectation(option, need.strip() if equals else None))
    return expectations


def _option(value: str) -> Option | None:
    return next((option for option in OPTIONS if option.value == value.lower()), None)


def check(assessment: Assessment, expectations: list[Expectation]) -> Gate:
    """Each expectation against the assessment; a need the assessment does not have is an error."""
    from aichoice.answers import unknown_need

    by_name = {need.name: need for need in assessment.needs if assessment.several}
    drifts = []
    for expected in expectations:
        if expected.need is None:
            actual = assessment.recommendation
        elif expected.need in by_name:
            actual = by_name[expected.need].recommendation
        else:
            raise unknown_need(expected.need, [name for name in by_name if name is not None], "--expect")
        if actual is not expected.option:
            drifts.append(Drift(expected, actual))
    return Gate(tuple(expectations), tuple(drifts))
