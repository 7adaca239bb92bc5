"""Results: a need's verdict and its explanation, and the whole assessment of its needs.

One subject, what an assessment produces. Renderers compute nothing of their
own: everything they show is here, and `Assessment.to_dict` is the JSON
contract (`aichoice schema result` describes it from these dataclasses).
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from aichoice.models.answers import AnswerValue
from aichoice.models.options import Option
from aichoice.models.plain import to_plain
from aichoice.models.rules import Band


@dataclass
class Reason:
    """A rule that fired: what it says, what triggered it, where it comes from."""

    rule: str
    text: str
    supports: Option
    weight: int
    question: str  # the first question its rule names
    questions: list[str]
    answers: dict[str, AnswerValue]  # the answers that made its condition true (of an `any`, the branch that held)
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
    """Where the case sits: conversation need and capability need, each 0..1, from its evidence.
    `x`, `y` and `label` are presentation: where the report's quadrant chart draws the point,
    moved into its verdict's region with its label inside (render.charts.place)."""

    conversation: float
    capability: float
    x: float = field(default=0.5, metadata={"description": "Presentation: where the chart draws the point across."})
    y: float = field(default=0.5, metadata={"description": "Presentation: where the chart draws the point up."})
    label: str = field(
        default="",
        metadata={
            "description": "Presentation: the point's label (the need's name, else the project's, else 'This case')."
        },
    )


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
    mapped: list[str] = field(default_factory=list)  # not in the input; read from its other answers
    chat_possible: bool = True  # whether the policy's `requires` for chat holds for these answers
    chat_requires_reason: str = ""  # the policy's words for why chat needs what it requires
    # The measured band of leads `confidence` comes from (None: the rule set measures none).
    measured: Band | None = None
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


# The version of the `--format json` document; 1 had one shape for one need and for several;
# 3 measures `confidence` on cases (`measured`) and adds `mapped`, `chat_possible`.
RESULT_CONTRACT = 3


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
    measured: Band | None = None  # the measured band of the weakest need's lead (None: none measured)

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
