"""Typed models of the rule set (questions, rules, policy), answers and results.

Rule files are validated into these models with `extra="forbid"`, so a typo
in a rule file is an error rather than a silently ignored key. Checks that
need more than one file (a rule naming an unknown question) live in
`rules.py`, which knows where each value came from.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator


class Option(str, Enum):
    """The three delivery models the article compares."""

    chat = "chat"
    api = "api"
    both = "both"


OPTIONS: tuple[Option, ...] = (Option.chat, Option.api, Option.both)

Scalar = Union[bool, int, str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------
# Conditions: a small typed tree, never an expression string.


class Compare(_Strict):
    """Compare one answer: `equals`, `in` (any of), `gte`/`lte` (numbers), `includes` (lists)."""

    question: str
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    gte: int | None = None
    lte: int | None = None
    includes: str | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> "Compare":
        used = [name for name in ("equals", "in_", "gte", "lte", "includes") if getattr(self, name) is not None]
        if len(used) != 1:
            raise ValueError(
                "a comparison needs exactly one of equals, in, gte, lte, includes "
                f"(found {len(used)})"
            )
        return self

    @property
    def operator(self) -> str:
        """The operator's name as written in rule files."""
        for name in ("equals", "in_", "gte", "lte", "includes"):
            if getattr(self, name) is not None:
                return name.rstrip("_")
        raise AssertionError("validated to have one operator")  # pragma: no cover

    def questions(self) -> list[str]:
        return [self.question]

    def describe(self) -> str:
        """The comparison as a person would read it."""
        op = self.operator
        operand = getattr(self, "in_" if op == "in" else op)
        if op == "in":
            return f"{self.question} in [{', '.join(str(v).lower() if isinstance(v, bool) else str(v) for v in operand)}]"
        symbol = {"equals": "=", "gte": ">=", "lte": "<=", "includes": "includes"}[op]
        shown = str(operand).lower() if isinstance(operand, bool) else operand
        return f"{self.question} {symbol} {shown}"


class AllOf(_Strict):
    """True when every condition is true."""

    all: list["Condition"] = Field(min_length=1)

    def questions(self) -> list[str]:
        return _unique(q for c in self.all for q in c.questions())

    def describe(self) -> str:
        return " and ".join(_grouped(c) for c in self.all)


class AnyOf(_Strict):
    """True when at least one condition is true."""

    any: list["Condition"] = Field(min_length=1)

    def questions(self) -> list[str]:
        return _unique(q for c in self.any for q in c.questions())

    def describe(self) -> str:
        return " or ".join(_grouped(c) for c in self.any)


class Not(_Strict):
    """True when the condition is false."""

    not_: "Condition" = Field(alias="not")

    def questions(self) -> list[str]:
        return self.not_.questions()

    def describe(self) -> str:
        return f"not {_grouped(self.not_)}"


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "test"
    return {AllOf: "all", AnyOf: "any", Not: "not"}.get(type(value), "test")


Condition = Annotated[
    Union[
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[Not, Tag("not")],
        Annotated[Compare, Tag("test")],
    ],
    Discriminator(_condition_kind),
]


def _grouped(cond: Any) -> str:
    text = cond.describe()
    return f"({text})" if isinstance(cond, (AllOf, AnyOf)) and len(cond.all if isinstance(cond, AllOf) else cond.any) > 1 else text


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------
# The questionnaire.


class Choice(_Strict):
    """One allowed value of a choice or list question, with a short label."""

    value: str
    label: str
    neutral: bool = False  # deliberately scores nothing: `rules check` does not warn about it


class Question(_Strict):
    """One question of the questionnaire, and what a valid answer to it is."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str
    help: str
    type: Literal["choice", "list", "bool", "int"]
    choices: list[Choice] | None = None
    default: Scalar | list[str]
    min: int | None = None
    max: int | None = None
    min_items: int = 0
    unit: str | None = None
    when: Condition | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> "Question":
        has_choices = self.type in ("choice", "list")
        if has_choices and not self.choices:
            raise ValueError(f"a {self.type} question needs choices")
        if not has_choices and self.choices:
            raise ValueError(f"a {self.type} question takes no choices")
        if self.type != "int" and (self.min is not None or self.max is not None):
            raise ValueError("min and max apply to int questions only")
        return self

    @property
    def values(self) -> list[str]:
        """The allowed values of a choice or list question, in order."""
        return [c.value for c in self.choices or []]

    def label(self, value: str) -> str:
        """The short label of an allowed value."""
        for choice in self.choices or []:
            if choice.value == value:
                return choice.label
        return value


class Section(_Strict):
    """A titled group of questions, asked together."""

    id: str
    title: str
    questions: list[Question] = Field(min_length=1)


class Questionnaire(_Strict):
    """The questions file: sections of questions."""

    sections: list[Section] = Field(min_length=1)


# --------------------------------------------------------------------------
# Scoring rules and the decision policy.


class Rule(_Strict):
    """When `when` holds, add `weight` to the option it `supports`, for `reason`."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    supports: Option
    principle: str
    weight: float = Field(gt=0, le=100)
    when: Condition
    reason: str
    source: str


class Scoring(_Strict):
    """The scoring file: a list of rules."""

    rules: list[Rule] = Field(min_length=1)


class Check(_Strict):
    """A readiness check: an API challenge or a chat limitation, flagged when `when` holds."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    kind: Literal["api_challenge", "chat_limitation"]
    applies_to: list[Option] = Field(min_length=1)
    when: Condition
    detail: str
    next_step: str
    source: str


class GovernanceQuestion(_Strict):
    """One of the article's governance questions, emphasised when `emphasise_when` holds."""

    question: str
    emphasise_when: Condition
    why: str


class Readiness(_Strict):
    """The readiness file: checks, the governance checklist, first steps per verdict."""

    checks: list[Check]
    governance: list[GovernanceQuestion]
    next_steps: dict[Option, list[str]]

    @field_validator("next_steps")
    @classmethod
    def _every_option(cls, steps: dict[Option, list[str]]) -> dict[Option, list[str]]:
        if set(steps) != set(OPTIONS):
            raise ValueError("next_steps needs a list for each of chat, api and both")
        return steps


class BothPolicy(_Strict):
    """How 'both' is scored: chat + api + its own evidence, less an overhead.

    Adopting two delivery models pays off only when the weaker side's
    evidence, plus the evidence for combining them, exceeds the overhead of
    running both; below that, one model serves the case.
    """

    overhead: float = Field(ge=0)


class Policy(_Strict):
    """The decision policy: how 'both' wins, how sure a verdict is, ties."""

    both: BothPolicy
    decisive_margin: float = Field(gt=0)
    close_call_margin: float = Field(ge=0)
    tie_order: list[Option] = Field(min_length=3, max_length=3)

    @field_validator("tie_order")
    @classmethod
    def _tie_order_complete(cls, order: list[Option]) -> list[Option]:
        if set(order) != set(OPTIONS):
            raise ValueError("tie_order must list chat, api and both once each")
        return order


class RuleSetInfo(_Strict):
    """The ruleset file: a name, a version and the policy."""

    name: str
    version: str
    description: str = ""
    policy: Policy


class RuleSet(BaseModel):
    """A loaded, cross-checked rule set: questionnaire, rules and policy."""

    model_config = ConfigDict(frozen=True)

    info: RuleSetInfo
    questionnaire: Questionnaire
    rules: list[Rule]
    readiness: Readiness
    sha256: str
    path: str

    @property
    def questions(self) -> dict[str, Question]:
        """Every question by id, in questionnaire order."""
        return {q.id: q for s in self.questionnaire.sections for q in s.questions}


# --------------------------------------------------------------------------
# Answers and results.

AnswerValue = Union[bool, int, str, list[str]]


class Answers(BaseModel):
    """Validated answers: one value per question, in questionnaire order."""

    model_config = ConfigDict(frozen=True)

    project: str | None = None
    values: dict[str, AnswerValue]
    assumed: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    source: str = "<answers>"


class Reason(BaseModel):
    """A rule that fired: what it says, what triggered it, where it comes from."""

    rule: str
    text: str
    supports: Option
    weight: float
    question: str
    questions: list[str]
    answer: AnswerValue
    principle: str
    source: str
    in_favour: bool = Field(
        default=False, description="Whether this reason adds to the recommended option's score."
    )


class Scores(BaseModel):
    """One number per option; higher is a better fit."""

    chat: float
    api: float
    both: float

    def get(self, option: Option) -> float:
        return float(getattr(self, option.value))


class WhyNot(BaseModel):
    """Why an option lost: a sentence, and the strongest evidence against it."""

    option: Option
    summary: str
    against: list[str] = Field(description="Rule ids, strongest first.")


class Change(BaseModel):
    """A single-answer change that would change the recommendation."""

    model_config = ConfigDict(populate_by_name=True)

    question: str
    from_: AnswerValue = Field(alias="from")
    to: AnswerValue
    recommendation: Option
    kind: Literal["value", "threshold"] = "value"


class Gap(BaseModel):
    """A readiness check flagged for these answers."""

    id: str
    title: str
    kind: Literal["api_challenge", "chat_limitation"]
    detail: str
    next_step: str
    source: str


class GovernanceItem(BaseModel):
    """A governance question, and whether these answers make it pressing."""

    question: str
    emphasised: bool
    why: str | None = None


class Position(BaseModel):
    """Where the case sits: conversation need and capability need, each 0..1."""

    conversation: float
    capability: float


class Result(BaseModel):
    """Everything any renderer needs; renderers compute nothing of their own."""

    model_config = ConfigDict(populate_by_name=True)

    project: str | None
    recommendation: Option
    scores: Scores
    evidence: Scores
    confidence: float = Field(ge=0, le=1)
    close_call: bool
    margin: float
    runner_up: Option
    both_overhead: float
    reasons: list[Reason]
    answers: dict[str, AnswerValue]
    answers_sha256: str = Field(description="sha256 of the project name and answers as canonical JSON.")
    assumed: list[str]
    skipped: list[str]
    ruleset: dict[str, str]
    # The explanation (explain.py); empty until explained.
    why_not: list[WhyNot] = Field(default_factory=list)
    sensitivity: list[Change] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    governance: list[GovernanceItem] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    position: Position | None = None
