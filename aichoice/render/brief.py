"""`--format brief`: the verdict in a few plain lines, for a log a reviewer reads (a failing
pre-commit hook, a CI step): the whole's verdict and how sure, then each need's."""

from __future__ import annotations

from aichoice.models import Assessment
from aichoice.render import Context
from aichoice.sanitize import terminal as clean
from aichoice.wording import TITLES, UNNAMED


class BriefRenderer:
    """A line for the whole, then a line per need when there are several; no Rich, no colour.
    Each line starts with "aichoice:", so no name can begin a line a CI runner reads as a
    command (GitHub's `::error ...`)."""

    def render(self, assessment: Assessment, context: Context) -> str:
        close = ", a close call" if assessment.close_call else ""
        lines = [
            f"aichoice: {clean(assessment.project or UNNAMED)}: {TITLES[assessment.recommendation]} "
            f"({assessment.confidence:.0%} sure{close})"
        ]
        if assessment.several:
            for need in assessment.needs:
                close = ", a close call" if need.close_call else ""
                lines.append(
                    f"aichoice:   {clean(need.name or UNNAMED)}: {TITLES[need.recommendation]} "
                    f"({need.confidence:.0%} sure{close})"
                )
        return "\n".join(lines) + "\n"
