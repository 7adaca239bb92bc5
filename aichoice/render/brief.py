"""`--format brief`: the verdict in a few plain lines, for a log a reviewer reads (a failing
pre-commit hook, a CI step): the whole's verdict and how sure, then each need's."""

from __future__ import annotations

from aichoice.models import Assessment, Option
from aichoice.render import Context
from aichoice.sanitize import terminal as clean
from aichoice.wording import TITLES, UNNAMED


class BriefRenderer:
    """A line for the whole, then a line per need when there are several; no Rich, no colour.
    Each line starts with "aichoice:", so no name can begin a line a CI runner reads as a
    command (GitHub's `::error ...`)."""

    def render(self, assessment: Assessment, context: Context) -> str:
        lines = [_line("", assessment.project, assessment.recommendation, assessment.confidence, assessment.close_call)]
        if assessment.several:
            lines += [_line("  ", n.name, n.recommendation, n.confidence, n.close_call) for n in assessment.needs]
        return "\n".join(lines) + "\n"


def _line(indent: str, name: str | None, verdict: Option, confidence: float, close_call: bool) -> str:
    """One verdict: its name (sanitised), channel and how sure."""
    close = ", a close call" if close_call else ""
    return f"aichoice: {indent}{clean(name or UNNAMED)}: {TITLES[verdict]} ({confidence:.0%} sure{close})"
