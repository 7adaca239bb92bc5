"""The questionnaire: sections of questions, and what a valid answer to each question is.

One subject, the questions file's models. A question's own checks (its id,
choices for a choice or list question, min and max for a number, a short
label) run in `__post_init__`, on validation and on a rebuild from the cache
alike; the checks across questions (unique ids, defaults, `when` over earlier
questions) are rulecheck.py's.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal, Union

from aichoice.models.conditions import Condition
from aichoice.models.fields import STRICT, Exact, FieldError, WholeNumber, require

_QUESTION_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Choice:
    """One allowed value of a choice or list question, with a short label."""

    __pydantic_config__ = STRICT

    value: Annotated[str, Exact]
    label: str
    neutral: Annotated[bool, Exact] = False  # deliberately scores nothing: `rules check` does not warn about it


SHORT_LABEL_MAX = 40


@dataclass
class Absent:
    """What a file that lacks a question's answer means by it: `value` when `when` holds (always,
    without one). A question added to the contract lists these so that a file written before it
    reads as it always did."""

    __pydantic_config__ = STRICT

    value: Annotated[Union[bool, int, str, list[str]], Exact]
    when: Condition | None = None


@dataclass
class Question:
    """One question of the questionnaire, and what a valid answer to it is."""

    __pydantic_config__ = STRICT

    id: str
    text: str
    help: str
    type: Literal["choice", "list", "bool", "int"]
    default: Annotated[Union[bool, int, str, list[str]], Exact]
    choices: list[Choice] | None = None
    min: WholeNumber | None = None
    max: WholeNumber | None = None
    min_items: WholeNumber = 0
    unit: str | None = None
    # A few words naming the question where the report names many at once (a reason's answers,
    # a change that would flip the verdict); the text when none is given.
    short: str | None = None
    when: Condition | None = None
    # Whom the answer describes: the organisation (asked once, shared by every need; a need may
    # still answer it for itself in a file) or each need (asked for each need).
    scope: Literal["organisation", "need"] = "need"
    # A file that lacks this answer (one written before the question was added) means the first of
    # these whose `when` holds, judged on the earlier answers; the last has no `when`. Without
    # `absent`, a lacking answer is missing: an error, or the default with --defaults.
    absent: list[Absent] | None = None

    def __post_init__(self) -> None:
        if not _QUESTION_ID.fullmatch(self.id):
            raise FieldError("id", f"question id {self.id!r} must be lower case letters, digits and _")
        has_choices = self.type in ("choice", "list")
        if has_choices and not self.choices:
            raise FieldError("type", f"a {self.type} question needs choices")
        if not has_choices and self.choices:
            raise FieldError("choices", f"a {self.type} question takes no choices")
        if self.type != "int" and (self.min is not None or self.max is not None):
            raise FieldError("type", "min and max apply to int questions only")
        require(self.min_items >= 0, "min_items", "must be 0 or more")
        require(
            self.absent is None or (bool(self.absent) and self.absent[-1].when is None),
            "absent",
            "list at least one value, and end with one that has no 'when' (what the rest leaves)",
        )
        require(
            self.short is None or 0 < len(self.short.strip()) <= SHORT_LABEL_MAX,
            "short",
            f"must be 1 to {SHORT_LABEL_MAX} characters: a few words that name the question",
        )

    @property
    def conditions(self) -> list[Condition]:
        """The conditions on other answers this question rests on: its `when`, its `absent` ones."""
        found = [self.when] + [m.when for m in self.absent or ()]
        return [cond for cond in found if cond is not None]

    @cached_property
    def values(self) -> list[str]:
        """The allowed values of a choice or list question, in order."""
        return [c.value for c in self.choices or []]


@dataclass
class Section:
    """A titled group of questions, asked together."""

    __pydantic_config__ = STRICT

    id: str
    title: str
    questions: list[Question]

    def __post_init__(self) -> None:
        require(bool(self.questions), "questions", "list at least one question")


@dataclass
class Questionnaire:
    """The questions file: sections of questions."""

    __pydantic_config__ = STRICT

    sections: list[Section]

    def __post_init__(self) -> None:
        require(bool(self.sections), "sections", "list at least one section")
