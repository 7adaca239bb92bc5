"""Typed models of the rule set (questions, conditions, rules, policy), answers and results.

These are plain dataclasses, so that the engine, the CLI's JSON path and
batch runs never import pydantic (it would double a run's start-up time).
Rule files are still validated by pydantic: `rulecheck.py` validates the YAML
data against these same classes, which carry pydantic's configuration
(`extra="forbid"`, aliases) in `__pydantic_config__` and their other checks
(ranges, non-empty lists, ids, cross-field rules) in `__post_init__`.
How a rule set is loaded is in `ruleset.py`, checked in `rulecheck.py`, and
cached and rebuilt (with `from_plain`, here) in `rulecache.py`.

One module a subject; import the names from here:

    options        Option, the three delivery models
    fields         the exact field types, pydantic's configuration, FieldError
    answers        answer values and validated Answers
    conditions     the operator table and the condition tree
    questionnaire  sections and questions
    rules          scoring rules, readiness checks, the policy, RuleSet
    results        a need's verdict and explanation, the whole Assessment
    plain          to_plain and from_plain: the models as plain data and back
"""

from aichoice.models.answers import Answers, AnswerValue, Values
from aichoice.models.conditions import (
    OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Operator,
    condition_kind,
)
from aichoice.models.fields import Exact, FieldError, Number, Scalar, WholeNumber, written_name
from aichoice.models.options import OPTIONS, Option
from aichoice.models.plain import ShapeError, from_plain, to_plain
from aichoice.models.questionnaire import SHORT_LABEL_MAX, Absent, Choice, Question, Questionnaire, Section
from aichoice.models.results import (
    RESULT_CONTRACT,
    Assessment,
    AssessmentGap,
    Budget,
    Change,
    Gap,
    GovernanceItem,
    NeedBudget,
    NeedResult,
    Position,
    Reason,
    Scores,
    WhyNot,
)
from aichoice.models.rules import (
    Band,
    BothPolicy,
    Calibration,
    ChatPolicy,
    Check,
    GovernanceQuestion,
    Policy,
    Readiness,
    Rule,
    RuleSet,
    RuleSetInfo,
    Scoring,
)

__all__ = [
    "Absent",
    "AllOf",
    "AnswerValue",
    "Answers",
    "AnyOf",
    "Assessment",
    "AssessmentGap",
    "Band",
    "BothPolicy",
    "Calibration",
    "ChatPolicy",
    "Budget",
    "Change",
    "Check",
    "Choice",
    "Compare",
    "Condition",
    "Exact",
    "FieldError",
    "Gap",
    "GovernanceItem",
    "GovernanceQuestion",
    "NeedBudget",
    "NeedResult",
    "Not",
    "Number",
    "OPERATORS",
    "OPTIONS",
    "Operator",
    "Option",
    "Policy",
    "Position",
    "Question",
    "Questionnaire",
    "RESULT_CONTRACT",
    "Readiness",
    "Reason",
    "Rule",
    "RuleSet",
    "RuleSetInfo",
    "SHORT_LABEL_MAX",
    "Scalar",
    "Scores",
    "Scoring",
    "Section",
    "ShapeError",
    "Values",
    "WhyNot",
    "WholeNumber",
    "condition_kind",
    "from_plain",
    "to_plain",
    "written_name",
]
