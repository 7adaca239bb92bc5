"""The rest of a rule set: scoring rules, readiness checks, the decision policy, and `RuleSet`.

One subject, the models of the scoring, readiness and ruleset files and of
the loaded rule set that joins them to the questionnaire. `RuleSet` also
keeps what scoring and the what-ifs read many times (each rule's compiled
test, the rules naming each question, the thresholds), worked out once.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Literal

from aichoice.models.answers import Values
from aichoice.models.conditions import Condition
from aichoice.models.fields import STRICT, FieldError, Number, WholeNumber, require
from aichoice.models.options import OPTIONS, Option
from aichoice.models.questionnaire import Question, Questionnaire

_RULE_ID = re.compile(r"[a-z][a-z0-9-]*")


@dataclass
class Rule:
    """When `when` holds, add `weight` to the option it `supports`, for `reason`."""

    __pydantic_config__ = STRICT

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
        require(0 < self.weight <= 100, "weight", "must be a whole number from 1 to 100")


@dataclass
class Scoring:
    """The scoring file: a list of rules."""

    __pydantic_config__ = STRICT

    rules: list[Rule]
    # Named conditions that rules reuse through YAML anchors; checked like any condition.
    definitions: dict[str, Condition] | None = None

    def __post_init__(self) -> None:
        require(bool(self.rules), "rules", "list at least one rule")


@dataclass
class Check:
    """A readiness check: an API challenge or a chat limitation, flagged when `when` holds."""

    __pydantic_config__ = STRICT

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
        require(bool(self.applies_to), "applies_to", "list at least one of chat, api, both")


@dataclass
class GovernanceQuestion:
    """One of the article's governance questions, emphasised when `emphasise_when` holds."""

    __pydantic_config__ = STRICT

    question: str
    emphasise_when: Condition
    why: str


@dataclass
class Readiness:
    """The readiness file: the governance checklist, first steps per verdict, checks."""

    __pydantic_config__ = STRICT

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

    __pydantic_config__ = STRICT

    overhead: WholeNumber
    requires: Condition | None = None
    requires_reason: str = ""

    def __post_init__(self) -> None:
        require(0 <= self.overhead <= 10_000, "overhead", "must be a whole number from 0 to 10000")


@dataclass
class Band:
    """Verdicts that lead by `min_lead` to `max_lead` points (None: no upper end), and of the
    measured cases with such a lead (documented adoptions, the article's scenarios), how many the
    verdict agreed with."""

    __pydantic_config__ = STRICT

    min_lead: WholeNumber
    agreed: WholeNumber
    cases: WholeNumber
    max_lead: WholeNumber | None = None  # (a default: the rule cache leaves out fields that are None)

    def __post_init__(self) -> None:
        require(self.max_lead is None or self.max_lead >= self.min_lead, "max_lead", "must be min_lead or more")
        require(self.agreed <= self.cases, "agreed", "must be at most cases")

    @property
    def confidence(self) -> float:
        """How often a verdict with this lead is right, as measured: (agreed + 1) / (cases + 2), the
        rule of succession, which is never 0% or 100% and is 50% where nothing was measured."""
        return round((self.agreed + 1) / (self.cases + 2), 4)


@dataclass
class Calibration:
    """How sure a verdict is, measured on cases whose right verdict is known (`aichoice rules
    calibrate` writes it): bands of leads from 0 up, the last with no upper end."""

    __pydantic_config__ = STRICT

    measured_on: str
    bands: list[Band]

    def __post_init__(self) -> None:
        bands = self.bands
        require(bool(bands) and bands[0].min_lead == 0, "bands", "must start at a lead of 0")
        require(bands[-1].max_lead is None, "bands", "the last band must have no max_lead (no upper end)")
        for before, after in zip(bands, bands[1:]):
            require(
                before.max_lead is not None and after.min_lead == before.max_lead + 1,
                "bands",
                "each band must start one point above the one before",
            )

    def band(self, lead: int) -> Band:
        """The band of a verdict that leads by `lead` points."""
        return next(b for b in reversed(self.bands) if lead >= b.min_lead)


@dataclass
class ChatPolicy:
    """When 'chat' may win at all: `requires` (the article: a ready-made interface for the people
    who work with AI directly); when it does not hold, chat scores 0 and cannot win."""

    __pydantic_config__ = STRICT

    requires: Condition
    requires_reason: str = ""


@dataclass
class Policy:
    """The decision policy: how 'both' wins, when chat may, how sure a verdict is, ties."""

    __pydantic_config__ = STRICT

    both: BothPolicy
    decisive_margin: Number
    close_call_margin: Number
    tie_order: list[Option]
    chat: ChatPolicy | None = None
    # How sure a verdict is, measured on cases; without it, the lead over decisive_margin.
    confidence: Calibration | None = None

    def measured(self, lead: int) -> Band | None:
        """The measured band of a verdict that leads by `lead` points (None: nothing measured)."""
        return self.confidence.band(lead) if self.confidence is not None else None

    def sure(self, lead: int) -> float:
        """How sure a verdict that leads by `lead` points is: its band's measured figure, or (a
        rule set with no measurement) the lead over `decisive_margin`, capped at 1."""
        band = self.measured(lead)
        return band.confidence if band is not None else round(min(1.0, lead / self.decisive_margin), 4)

    @cached_property
    def requirements(self) -> list[Condition]:
        """The conditions an option needs before it may win (`both.requires`, `chat.requires`)."""
        found = [self.both.requires, self.chat.requires if self.chat is not None else None]
        return [cond for cond in found if cond is not None]

    @cached_property
    def rank(self) -> dict[Option, int]:
        """Each option's place in the tie order."""
        return {option: i for i, option in enumerate(self.tie_order)}

    def __post_init__(self) -> None:
        require(0 < self.decisive_margin <= 10_000, "decisive_margin", "must be greater than 0 and at most 10000")
        require(0 <= self.close_call_margin <= 10_000, "close_call_margin", "must be from 0 to 10000")
        if sorted(self.tie_order) != sorted(OPTIONS):
            raise FieldError("tie_order", "must list chat, api and both once each")


@dataclass
class RuleSetInfo:
    """The ruleset file: a name, a version and the policy."""

    __pydantic_config__ = STRICT

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
        """The conditions besides the rules' that a verdict rests on: each question's `when` and
        `absent` conditions, and the policy's requirements (`both.requires`, `chat.requires`)."""
        return [cond for q in self.questions.values() for cond in q.conditions] + self.info.policy.requirements

    @cached_property
    def walked_again(self) -> frozenset[str]:
        """The questions a change of which can change more than its rules: those a question's `when`
        or `absent` or the policy's requirements name (the other answers are walked again, or the
        requirements re-checked)."""
        return frozenset(qid for cond in self._beyond_rules for qid in cond.questions())

    @cached_property
    def thresholds(self) -> dict[str, list[int]]:
        """For each number question, every point where any condition on it (a rule's, a question's
        `when` or `absent`, the policy's requirements) can change truth, sorted: where a verdict can change."""
        conditions = [rule.when for rule in self.rules] + self._beyond_rules
        points: dict[str, set[int]] = {}
        for cond in conditions:
            for test in cond.compares():
                points.setdefault(test.question, set()).update(test.op.breakpoints(test.operand))
        return {qid: sorted(found) for qid, found in points.items()}
