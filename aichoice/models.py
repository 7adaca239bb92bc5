"""Typed models of the rule set (questions, rules, policy), answers and results.

These are plain dataclasses, so that the engine, the CLI's JSON path and
batch runs never import pydantic (it would double a run's start-up time).
Rule files are still validated by pydantic: `ruleset.py` validates the YAML
data against these same classes, which carry pydantic's configuration
(`extra="forbid"`, aliases) in `__pydantic_config__` and their other checks
(ranges, non-empty lists, ids, cross-field rules) in `__post_init__`.
How a rule set is validated, cached and rebuilt is in `ruleset.py`.
"""

import dataclasses
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Callable, Literal, Union



class Option(str, Enum):
    """The three delivery models the article compares."""

    chat = "chat"
    api = "api"
    both = "both"


OPTIONS: tuple[Option, ...] = (Option.chat, Option.api, Option.both)

class _Exact:
    """Pydantic hook: take a value only as the type written, never converted.

    `weight: true` is not 1, `gte: "10000"` is not a number and `equals: 2.0`
    is not the whole number 2: rule files say what they mean, and what was
    validated is exactly what was written. Floats must be finite.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        _strict(schema)
        return schema


def _strict(schema: dict[str, Any]) -> None:
    if schema.get("type") in ("int", "float", "bool", "str", "union", "list", "nullable"):
        schema["strict"] = True
    if schema.get("type") == "float":
        schema["allow_inf_nan"] = False
    for key in ("choices", "items_schema", "schema"):
        inner = schema.get(key)
        for item in inner if isinstance(inner, list) else [inner] if isinstance(inner, dict) else []:
            _strict(item[0] if isinstance(item, tuple) else item)


Exact = _Exact()
WholeNumber = Annotated[int, Exact]
Number = Annotated[float, Exact]
Scalar = Annotated[Union[bool, int, str], Exact]
AnswerValue = Union[bool, int, str, list[str]]
Values = dict[str, AnswerValue]


def _alias(name: str) -> str:
    """Field `in_` is written `in` in rule files, `not_` is `not`, `from_` is `from`."""
    return name[:-1] if name.endswith("_") else name


# How pydantic validates these classes from rule files (read by ruleset.py): unknown keys
# are errors, and a field `in_` is written `in`. A check in __post_init__ raises FieldError
# naming its field, so the error can point at that field's line.
_STRICT: dict[str, Any] = {"extra": "forbid", "alias_generator": _alias}

_RULE_ID = re.compile(r"[a-z][a-z0-9-]*")
_QUESTION_ID = re.compile(r"[a-z][a-z0-9_]*")


class FieldError(ValueError):
    """A check on one field of a rule-file model failed (pydantic reports it at that field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _require(ok: bool, field: str, message: str) -> None:
    """A check after pydantic's types, about `field`."""
    if not ok:
        raise FieldError(field, message)


# --------------------------------------------------------------------------
# Conditions: a small typed tree, never an expression string.


@dataclass(frozen=True)
class Operator:
    """One comparison a rule can make: everything that evaluation, description, `rules check`,
    lint and the what-if thresholds need to know of it, in one place."""

    name: str  # as written in rule files
    field: str  # the Compare field that holds its operand
    symbol: str  # as a person reads it
    fits: frozenset[str]  # the question types it applies to
    # (question, operand) -> a test of the answers: compiled once per comparison, called per assessment
    compile: Callable[[str, Any], Callable[[Values], bool]]
    breakpoints: Callable[[Any], tuple[int, ...]]  # for a number: where its truth can change


def _equals(q: str, x: Any) -> Callable[[Values], bool]:
    """The answer is `x`, of the same type: `equals: 1` never matches `true`."""
    kind = type(x)
    return lambda values: type(answer := values[q]) is kind and answer == x


def _in(q: str, x: list[Any]) -> Callable[[Values], bool]:
    """The answer is one of the values, or (for a list answer) any chosen value is."""
    options = frozenset(x)

    def holds(values: Values) -> bool:
        answer = values[q]
        return not options.isdisjoint(answer) if isinstance(answer, list) else answer in options
    return holds


def _gte(q: str, x: int) -> Callable[[Values], bool]:
    return lambda values: type(answer := values[q]) is int and answer >= x


def _lte(q: str, x: int) -> Callable[[Values], bool]:
    return lambda values: type(answer := values[q]) is int and answer <= x


def _includes(q: str, x: str) -> Callable[[Values], bool]:
    def holds(values: Values) -> bool:
        answer = values[q]
        return isinstance(answer, list) and x in answer
    return holds


def _whole(value: Any) -> bool:
    return type(value) is int


OPERATORS: dict[str, Operator] = {op.name: op for op in (
    Operator("equals", "equals", "=", frozenset({"choice", "bool", "int"}), _equals,
             lambda x: (x, x + 1) if _whole(x) else ()),
    Operator("in", "in_", "in", frozenset({"choice", "list"}), _in, lambda x: ()),
    Operator("gte", "gte", ">=", frozenset({"int"}), _gte, lambda x: (x,)),
    Operator("lte", "lte", "<=", frozenset({"int"}), _lte, lambda x: (x + 1,)),
    Operator("includes", "includes", "includes", frozenset({"list"}), _includes, lambda x: ()),
)}


@dataclass
class Compare:
    """Compare one answer with one operator of OPERATORS: `equals`, `in` (any of),
    `gte`/`lte` (numbers), `includes` (lists)."""

    __pydantic_config__ = _STRICT

    question: str
    equals: Scalar | None = None
    in_: Annotated[list[Union[bool, int, str]] | None, Exact] = None
    gte: WholeNumber | None = None
    lte: WholeNumber | None = None
    includes: Annotated[str | None, Exact] = None

    def __post_init__(self) -> None:
        used = [op for op in OPERATORS.values() if getattr(self, op.field) is not None]
        if len(used) != 1:
            raise ValueError(f"a comparison needs exactly one of {', '.join(OPERATORS)} (found {len(used)})")
        _require(self.in_ != [], "in", "list at least one value")

    @property
    def op(self) -> Operator:
        """The one operator this comparison uses."""
        return next(op for op in OPERATORS.values() if getattr(self, op.field) is not None)

    @property
    def operator(self) -> str:
        """The operator's name as written in rule files."""
        return self.op.name

    @property
    def operand(self) -> Any:
        """What the answer is compared with."""
        return getattr(self, self.op.field)

    def operands(self) -> list[Any]:
        """The values named (one, or each of `in`'s)."""
        return list(self.operand) if self.op.name == "in" else [self.operand]

    def compares(self) -> list["Compare"]:
        return [self]

    def questions(self) -> list[str]:
        return [self.question]

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        """Whether the answers meet this comparison (built once, called per assessment)."""
        return self.op.compile(self.question, self.operand)

    def describe(self) -> str:
        """The comparison as a person would read it."""
        if self.op.name == "in":
            return f"{self.question} in [{', '.join(_show(v) for v in self.operands())}]"
        return f"{self.question} {self.op.symbol} {_show(self.operand)}"


class _Combined:
    """What `all` and `any` share: a non-empty list of conditions, joined by a word."""

    joiner: str
    key: str  # the field holding the list, as the rule file names it

    @property
    def parts(self) -> list["Condition"]:
        return getattr(self, self.key)  # type: ignore[no-any-return]

    def __post_init__(self) -> None:
        _require(bool(self.parts), self.key, "list at least one condition")

    def compares(self) -> list["Compare"]:
        """Every comparison in the tree, in order."""
        return [test for c in self.parts for test in c.compares()]

    def questions(self) -> list[str]:
        return _unique(test.question for test in self.compares())

    def describe(self) -> str:
        return f" {self.joiner} ".join(_grouped(c) for c in self.parts)


@dataclass
class AllOf(_Combined):
    """True when every condition is true."""

    __pydantic_config__ = _STRICT
    joiner = "and"
    key = "all"

    all: list["Condition"]

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        tests = tuple(c.holds for c in self.all)

        def holds_all(values: Values) -> bool:  # a plain loop: the hot path of every assessment
            for test in tests:
                if not test(values):
                    return False
            return True
        return holds_all


@dataclass
class AnyOf(_Combined):
    """True when at least one condition is true."""

    __pydantic_config__ = _STRICT
    joiner = "or"
    key = "any"

    any: list["Condition"]

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        tests = tuple(c.holds for c in self.any)

        def holds_any(values: Values) -> bool:
            for test in tests:
                if test(values):
                    return True
            return False
        return holds_any


@dataclass
class Not:
    """True when the condition is false."""

    __pydantic_config__ = _STRICT

    not_: "Condition"

    def compares(self) -> list[Compare]:
        return self.not_.compares()

    def questions(self) -> list[str]:
        return self.not_.questions()

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        test = self.not_.holds
        return lambda values: not test(values)

    def describe(self) -> str:
        return f"not {_grouped(self.not_)}"


_KINDS: dict[str, type] = {"all": AllOf, "any": AnyOf, "not": Not, "test": Compare}


def condition_kind(value: Any) -> str:
    """Which kind of condition a mapping is, by its key: all, any, not, or a comparison."""
    if isinstance(value, dict):
        return next((key for key in ("all", "any", "not") if key in value), "test")
    return next((kind for kind, cls in _KINDS.items() if isinstance(value, cls)), "test")


class _TaggedByKey:
    """Pydantic hook: validate a condition as the one kind its key names.

    A tagged union gives one clear error for a bad condition instead of one
    per kind. Only called while validating rule files, so pydantic is
    imported there and not here.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        choices = {kind: handler.generate_schema(cls) for kind, cls in _KINDS.items()}
        return core_schema.tagged_union_schema(choices, discriminator=condition_kind)


Condition = Annotated[Union[AllOf, AnyOf, Not, Compare], _TaggedByKey()]


def _show(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _grouped(cond: Any) -> str:
    text = cond.describe()
    return f"({text})" if isinstance(cond, _Combined) and len(cond.parts) > 1 else text


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------
# The questionnaire.


@dataclass
class Choice:
    """One allowed value of a choice or list question, with a short label."""

    __pydantic_config__ = _STRICT

    value: Annotated[str, Exact]
    label: str
    neutral: Annotated[bool, Exact] = False  # deliberately scores nothing: `rules check` does not warn about it


SHORT_LABEL_MAX = 40


@dataclass
class Question:
    """One question of the questionnaire, and what a valid answer to it is."""

    __pydantic_config__ = _STRICT

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
        _require(self.min_items >= 0, "min_items", "must be 0 or more")
        _require(self.short is None or 0 < len(self.short.strip()) <= SHORT_LABEL_MAX, "short",
                 f"must be 1 to {SHORT_LABEL_MAX} characters: a few words that name the question")

    @cached_property
    def values(self) -> list[str]:
        """The allowed values of a choice or list question, in order."""
        return [c.value for c in self.choices or []]


@dataclass
class Section:
    """A titled group of questions, asked together."""

    __pydantic_config__ = _STRICT

    id: str
    title: str
    questions: list[Question]

    def __post_init__(self) -> None:
        _require(bool(self.questions), "questions", "list at least one question")


@dataclass
class Questionnaire:
    """The questions file: sections of questions."""

    __pydantic_config__ = _STRICT

    sections: list[Section]

    def __post_init__(self) -> None:
        _require(bool(self.sections), "sections", "list at least one section")


# --------------------------------------------------------------------------
# Scoring rules, readiness checks and the decision policy.


@dataclass
class Rule:
    """When `when` holds, add `weight` to the option it `supports`, for `reason`."""

    __pydantic_config__ = _STRICT

    id: str
    supports: Option
    principle: str
    weight: WholeNumber
    when: Condition
    reason: str
    source: str

    def __post_init__(self) -> None:
        if not _RULE_ID.fullmatch(self.id):
            raise FieldError("id", f"rule id {self.id!r} must be lower case letters, digits and -")
        _require(0 < self.weight <= 100, "weight", "must be a whole number from 1 to 100")


@dataclass
class Scoring:
    """The scoring file: a list of rules."""

    __pydantic_config__ = _STRICT

    rules: list[Rule]
    # Named conditions that rules reuse through YAML anchors; checked like any condition.
    definitions: dict[str, Condition] | None = None

    def __post_init__(self) -> None:
        _require(bool(self.rules), "rules", "list at least one rule")


@dataclass
class Check:
    """A readiness check: an API challenge or a chat limitation, flagged when `when` holds."""

    __pydantic_config__ = _STRICT

    id: str
    title: str
    kind: Literal["api_challenge", "chat_limitation"]
    applies_to: list[Option]
    when: Condition
    detail: str
    next_step: str
    source: str

    def __post_init__(self) -> None:
        if not _RULE_ID.fullmatch(self.id):
            raise FieldError("id", f"check id {self.id!r} must be lower case letters, digits and -")
        _require(bool(self.applies_to), "applies_to", "list at least one of chat, api, both")


@dataclass
class GovernanceQuestion:
    """One of the article's governance questions, emphasised when `emphasise_when` holds."""

    __pydantic_config__ = _STRICT

    question: str
    emphasise_when: Condition
    why: str


@dataclass
class Readiness:
    """The readiness file: the governance checklist, first steps per verdict, checks."""

    __pydantic_config__ = _STRICT

    governance: list[GovernanceQuestion]
    next_steps: dict[Option, list[str]]
    checks: list[Check]

    def __post_init__(self) -> None:
        if set(self.next_steps) != set(OPTIONS):
            raise FieldError("next_steps", "needs a list for each of chat, api and both")


@dataclass
class BothPolicy:
    """How 'both' is scored: chat + api + its own evidence, less an overhead, and when it may win.

    Adopting two delivery models pays off only when the weaker side's
    evidence, plus the evidence for combining them, exceeds the overhead of
    running both; below that, one model serves the case. `requires` says when
    a need can be served by both at all (the article: two consumers); when it
    does not hold, both scores 0 and cannot win.
    """

    __pydantic_config__ = _STRICT

    overhead: WholeNumber
    requires: Condition | None = None
    requires_reason: str = ""

    def __post_init__(self) -> None:
        _require(0 <= self.overhead <= 10_000, "overhead", "must be a whole number from 0 to 10000")


@dataclass
class Policy:
    """The decision policy: how 'both' wins, how sure a verdict is, ties."""

    __pydantic_config__ = _STRICT

    both: BothPolicy
    decisive_margin: Number
    close_call_margin: Number
    tie_order: list[Option]

    @cached_property
    def rank(self) -> dict[Option, int]:
        """Each option's place in the tie order."""
        return {option: i for i, option in enumerate(self.tie_order)}

    def __post_init__(self) -> None:
        _require(0 < self.decisive_margin <= 10_000, "decisive_margin", "must be greater than 0 and at most 10000")
        _require(0 <= self.close_call_margin <= 10_000, "close_call_margin", "must be from 0 to 10000")
        if sorted(self.tie_order) != sorted(OPTIONS):
            raise FieldError("tie_order", "must list chat, api and both once each")


@dataclass
class RuleSetInfo:
    """The ruleset file: a name, a version and the policy."""

    __pydantic_config__ = _STRICT

    name: str
    version: str
    policy: Policy
    description: str = ""


@dataclass
class RuleSet:
    """A loaded, cross-checked rule set: questionnaire, rules, readiness checks and policy."""

    info: RuleSetInfo
    questionnaire: Questionnaire
    rules: list[Rule]
    readiness: Readiness
    sha256: str
    path: str

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Every question by id, in questionnaire order."""
        return {q.id: q for s in self.questionnaire.sections for q in s.questions}

    @cached_property
    def plan(self) -> list[tuple[Callable[[Values], bool], int, int]]:
        """Each rule's test, its option's place in OPTIONS, and its weight: what scoring runs."""
        return [(rule.when.holds, OPTIONS.index(rule.supports), rule.weight) for rule in self.rules]

    @cached_property
    def rules_naming(self) -> dict[str, list[int]]:
        """Each question's rules, by their place in `rules`: the only ones a change of its answer can
        make fire or stop firing (what-ifs re-test these and no others)."""
        naming: dict[str, list[int]] = {qid: [] for qid in self.questions}
        for index, rule in enumerate(self.rules):
            for qid in dict.fromkeys(rule.when.questions()):
                naming.setdefault(qid, []).append(index)
        return naming

    @cached_property
    def rules_at(self) -> dict[str, dict[int, list[int]]]:
        """For each number question, each point where a rule's truth can change as its answer moves
        (with every other answer fixed), and the rules, by place, that can change there."""
        points: dict[str, dict[int, list[int]]] = {}
        for index, rule in enumerate(self.rules):
            for test in rule.when.compares():
                for point in test.op.breakpoints(test.operand):
                    at = points.setdefault(test.question, {}).setdefault(point, [])
                    if not at or at[-1] != index:
                        at.append(index)
        return points

    @cached_property
    def _beyond_rules(self) -> list[Condition]:
        """The conditions besides the rules' that a verdict rests on: each question's `when` and the
        policy's `both.requires`."""
        conditions = [q.when for q in self.questions.values() if q.when is not None]
        if self.info.policy.both.requires is not None:
            conditions.append(self.info.policy.both.requires)
        return conditions

    @cached_property
    def walked_again(self) -> frozenset[str]:
        """The questions a change of which can change more than its rules: those a question's `when`
        or the policy's `both.requires` names (the other answers are walked again, or both re-checked)."""
        return frozenset(qid for cond in self._beyond_rules for qid in cond.questions())

    @cached_property
    def thresholds(self) -> dict[str, list[int]]:
        """For each number question, every point where any condition on it (a rule's, a question's
        `when`, the policy's `both.requires`) can change truth, sorted: where a verdict can change."""
        conditions = [rule.when for rule in self.rules] + self._beyond_rules
        points: dict[str, set[int]] = {}
        for cond in conditions:
            for test in cond.compares():
                points.setdefault(test.question, set()).update(test.op.breakpoints(test.operand))
        return {qid: sorted(found) for qid, found in points.items()}


# --------------------------------------------------------------------------
# Answers and results.


@dataclass
class Answers:
    """Validated answers: one value per question, in questionnaire order."""

    values: dict[str, AnswerValue]
    project: str | None = None
    assumed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    source: str = "<answers>"
    cost: dict[str, float] | None = None  # the `cost:` section as given, numbers checked
    ignored: list[str] = field(default_factory=list)  # given, but their question does not apply
    overridden: list[str] = field(default_factory=list)  # set by --set QUESTION=VALUE
    name: str | None = None  # the need's name, for one need of several
    given: dict[str, AnswerValue] = field(default_factory=dict)  # the answers as given, ignored ones too
    costed: Any = None  # the cost comparison (a cost.CostResult) of the `cost:` section, worked out as read


@dataclass
class Reason:
    """A rule that fired: what it says, what triggered it, where it comes from."""

    rule: str
    text: str
    supports: Option
    weight: int
    question: str  # the first question its rule names
    questions: list[str]
    answers: dict[str, AnswerValue]  # the answer to every question its rule names
    principle: str
    source: str
    in_favour: bool  # whether it adds to the recommended option's score
    # For each list answer the rule names: the values given that its condition names (a reader is
    # told which of their use cases matched, never the rule's whole list).
    matched: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Scores:
    """One whole number per option (summed whole-number weights); higher is a better fit."""

    chat: int
    api: int
    both: int

    def get(self, option: Option) -> int:
        return int(getattr(self, option.value))


@dataclass
class WhyNot:
    """Why an option lost: a sentence, and the strongest evidence against it (rule ids)."""

    option: Option
    summary: str
    against: list[str]


@dataclass
class Change:
    """A single-answer change that would change the recommendation."""

    question: str
    from_: AnswerValue
    to: AnswerValue
    recommendation: Option
    kind: Literal["value", "threshold"] = "value"
    direction: Literal["up", "down"] | None = None  # for a threshold: raising or lowering the number
    need: str | None = None  # several needs: the need whose own answer it is (None: a shared answer)


@dataclass
class Gap:
    """A readiness check flagged for these answers."""

    id: str
    title: str
    kind: str
    detail: str
    next_step: str
    source: str


@dataclass
class GovernanceItem:
    """A governance question, and whether these answers make it pressing."""

    question: str
    emphasised: bool
    why: str | None = None


@dataclass
class Position:
    """Where the case sits: conversation need and capability need, each 0..1."""

    conversation: float
    capability: float
    x: float = 0.5  # where the chart plots it (capability): in its verdict's region, its label inside
    y: float = 0.5  # (conversation)
    label: str = ""  # the point's label: the need's name, else the project's, else "This case"


@dataclass
class AssessmentGap(Gap):
    """A readiness gap of the whole assessment, and the needs whose answers flag it."""

    needs: list[str | None] = field(default_factory=list)


@dataclass
class NeedResult:
    """One need's verdict and its full explanation; renderers compute nothing of their own."""

    project: str | None
    recommendation: Option
    scores: Scores
    evidence: Scores
    confidence: float
    close_call: bool
    margin: int
    runner_up: Option
    both_overhead: int
    both_possible: bool  # whether the policy's `requires` for both holds for these answers
    both_requires_reason: str  # the policy's words for why both needs what it requires
    reasons: list[Reason]
    answers: dict[str, AnswerValue]
    answers_sha256: str  # sha256 of the project name and answers as canonical JSON
    assumed: list[str]
    skipped: list[str]
    ruleset: dict[str, str]
    overridden: list[str]  # answers set by --set, not by the input
    # The explanation (explain.py); empty until explained.
    why_not: list[WhyNot] = field(default_factory=list)
    sensitivity: list[Change] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    governance: list[GovernanceItem] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    position: Position | None = None
    cost: Any = None  # a cost.CostResult when the answers have a `cost:` section
    name: str | None = None  # the need's name: its own in a file of several needs, else the project's


@dataclass
class NeedBudget:
    """One need's part of the budget: the channel it is recommended and what that costs a month,
    beside what the other channel would cost it (None: not computed, or no other channel)."""

    name: str | None
    channel: Option
    monthly: float | None  # chat, the API, or both added up, for a need recommended both
    other: Option | None  # the channel it is not recommended (None for both)
    other_monthly: float | None


@dataclass
class Budget:
    """The budget of the verdict: over its needs, what the channel each is recommended costs."""

    currency: str | None
    monthly: float | None  # None when a need's recommended channel could not be costed
    yearly: float | None
    needs: list[NeedBudget]
    missing: list[str]  # why a need's part is not costed


# The version of the `--format json` document; 1 had one shape for one need and for several.
RESULT_CONTRACT = 2


@dataclass
class Assessment:
    """The whole assessment: its needs, each with its own full explanation (`needs`), and what holds
    for all of them together, combined in one place (`explain.combine`). One need is an assessment
    of one need: the whole is then exactly that need's verdict and explanation."""

    project: str | None
    recommendation: Option  # chat when every need is chat, api when every need is api, else both
    confidence: float  # the weakest need's
    close_call: bool  # whether any need is a close call
    margin: int  # the weakest need's lead over its runner-up
    runner_up: Option | None  # the verdict if the weakest need went to its runner-up (None: no change)
    needs: list[NeedResult]
    ruleset: dict[str, str]
    answers_sha256: str  # sha256 of everything assessed: the project and each need's name and answers
    why_not: list[WhyNot] = field(default_factory=list)
    sensitivity: list[Change] = field(default_factory=list)  # changes of one answer in the file
    gaps: list[AssessmentGap] = field(default_factory=list)
    governance: list[GovernanceItem] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    budget: Budget | None = None  # when the needs have a `cost:` section

    @property
    def several(self) -> bool:
        """Whether the file has several needs (where a layout shows a column or a row per need)."""
        return len(self.needs) > 1

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (`aichoice assess --format json`, described by `aichoice schema result`).

        The top-level fields describe the whole and each of `needs` describes its
        need. For one need the whole is that need, so the top level also carries
        the need's own fields, as contract 1 did.
        """
        from aichoice import __version__

        whole: dict[str, Any] = to_plain(self)
        needs = whole.pop("needs")
        data = {**needs[0], **whole} if len(needs) == 1 else whole
        data["needs"] = needs
        data["result_contract"] = RESULT_CONTRACT
        data["aichoice_version"] = __version__
        return data


def to_plain(value: Any) -> Any:
    """JSON-ready data: dataclasses as dicts (fields by their written names), enums as values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {_alias(f.name): to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value
