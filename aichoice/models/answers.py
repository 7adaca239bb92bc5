"""Answers: the values an answer can take, and a need's validated answers.

One subject, the input side of an assessment. Conditions test `Values`,
results quote `AnswerValue`s, and `Answers` is what answers.py (one module up)
produces from a file, the questionnaire or `--set`.
"""

from dataclasses import dataclass, field
from typing import Any, Union

AnswerValue = Union[bool, int, str, list[str]]
Values = dict[str, AnswerValue]


@dataclass
class Answers:
    """Validated answers: one value per question, in questionnaire order."""

    values: dict[str, AnswerValue]
    project: str | None = None
    assumed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)  # not given; read from the other answers (`Question.absent`)
    source: str = "<answers>"
    cost: dict[str, float] | None = None  # the `cost:` section as given, numbers checked
    ignored: list[str] = field(default_factory=list)  # given, but their question does not apply
    overridden: list[str] = field(default_factory=list)  # set by --set QUESTION=VALUE
    name: str | None = None  # the need's name, for one need of several
    given: dict[str, AnswerValue] = field(default_factory=dict)  # the answers as given, ignored ones too
    costed: Any = None  # the cost comparison (a cost.CostResult) of the `cost:` section, worked out as read
