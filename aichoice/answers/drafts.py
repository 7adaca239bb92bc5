"""Drafts: the answers an input has given so far (each already valid), shared and per need.

A draft comes from an answers file, the questionnaire or a CSV row; `--set`
changes it; completing it (`completion.py`) makes the full answers of each
of its needs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from aichoice.loader import Marks
from aichoice.models import AnswerValue


@dataclass
class Draft:
    """Answers given so far, each already valid; questions may still be missing."""

    project: str | None = None
    values: dict[str, AnswerValue] = field(default_factory=dict)
    source: str = "<answers>"
    marks: Marks | None = None  # where the draft's values stand in its file, if it has one
    cost: dict[str, Any] | None = None
    overridden: list[str] = field(default_factory=list)  # answers set by --set, not by the input
    needs: list["Need"] = field(default_factory=list)  # several needs; none: the draft is one need
    name: str | None = None  # the need's name, for one need of several
    label: str = ""  # how messages name the need: "needs[2] (Support bot): "
    answers_path: tuple[Any, ...] = ("answers",)  # where the need's answers stand in the file
    cost_path: tuple[Any, ...] = ("cost",)  # where its cost section stands (its own, or the file's)


@dataclass
class Need:
    """One need of an answers file with `needs:`: its name and the answers that differ for it."""

    name: str
    values: dict[str, AnswerValue]
    index: int  # its place in `needs:`, from 0
    overridden: list[str] = field(default_factory=list)  # its own answers set by --set NEED:QUESTION=VALUE
    cost: dict[str, Any] | None = None  # its own `cost:` fields, over the file's shared ones

    @property
    def label(self) -> str:
        return f"needs[{self.index + 1}] ({self.name}): "


def need_drafts(draft: Draft) -> list[Draft]:
    """The draft of each need: the shared answers with the need's own over them (one need: the draft)."""
    if not draft.needs:
        return [draft]
    return [
        dataclasses.replace(
            draft,
            values={**draft.values, **need.values},
            needs=[],
            name=need.name,
            label=need.label,
            answers_path=("needs", need.index, "answers"),
            overridden=list(dict.fromkeys(draft.overridden + need.overridden)),
            cost=None if draft.cost is None and need.cost is None else {**(draft.cost or {}), **(need.cost or {})},
            cost_path=("needs", need.index, "cost") if need.cost is not None else ("cost",),
        )
        for need in draft.needs
    ]
