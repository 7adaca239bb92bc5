"""Completing a draft: the one ordered walk that decides which questions apply (`resolve`), and the
full answers of each need (`complete`, `complete_needs`), with every mistake located.
"""

from __future__ import annotations

from dataclasses import dataclass

from aichoice.answers.drafts import Draft, need_drafts
from aichoice.answers.need_cost import compare_costs
from aichoice.engine import holds
from aichoice.errors import AichoiceError, AnswerError, ManyErrors
from aichoice.models import Answers, AnswerValue, Question, RuleSet


def complete_needs(ruleset: RuleSet, draft: Draft, fill_defaults: bool = False) -> list[Answers]:
    """Every need's full answers (see `complete`); the mistakes of all needs are reported together."""
    completed: list[Answers] = []
    problems: list[AichoiceError] = []
    for need in need_drafts(draft):
        try:
            completed.append(complete(ruleset, need, fill_defaults))
        except AichoiceError as error:
            problems.append(error)
    if problems:
        raise problems[0] if len(problems) == 1 else ManyErrors(problems)
    return completed


def applies(question: Question, values: dict[str, AnswerValue]) -> bool:
    """Whether a question is asked, given the answers to the questions before it."""
    return question.when is None or holds(question.when, values)


@dataclass
class Resolved:
    """The one ordered walk's outcome: a value for every question, and what was not answered."""

    values: dict[str, AnswerValue]
    skipped: list[str]  # their `when` does not hold: the default, whatever was given
    missing: list[str]  # asked but not given: the default, if defaults are allowed
    mapped: list[str]  # asked, not given, and read from the earlier answers (the question's `absent`)


def resolve(questions: dict[str, Question], given: dict[str, AnswerValue]) -> Resolved:
    """Walk the questions in order: a question whose `when` does not hold (given the values
    before it) takes its default and is skipped, even if an answer was given for it;
    one that applies takes the given answer; else what its `absent` reads from the earlier answers
    (a file written before the question was added means that); else its default, and is missing.

    The same walk serves an answers file, the questionnaire, --ask-missing and
    what-if analysis, so a given answer counts the same way on every path.
    """
    values: dict[str, AnswerValue] = {}
    skipped: list[str] = []
    missing: list[str] = []
    mapped: list[str] = []
    for qid, question in questions.items():
        if not applies(question, values):
            values[qid] = question.default
            skipped.append(qid)
        elif qid in given:
            values[qid] = given[qid]
        elif question.absent:
            values[qid] = next(m.value for m in question.absent if m.when is None or holds(m.when, values))
            mapped.append(qid)
        else:
            values[qid] = question.default
            missing.append(qid)
    return Resolved(values, skipped, missing, mapped)


def complete(ruleset: RuleSet, draft: Draft, fill_defaults: bool = False) -> Answers:
    """Turn a draft into full answers, in questionnaire order (see `resolve`).

    With `fill_defaults`, unanswered questions take their defaults and are
    listed in `assumed`; without it, every missing id is an error. An answer
    given to a question that does not apply is ignored, as the questionnaire
    would never have asked it, and the question is listed in `skipped`.
    """
    resolved = resolve(ruleset.questions, draft.values)
    missing = resolved.missing
    if missing and not fill_defaults:
        message = (
            f"{draft.label}missing answers for {len(missing)} question{'s' if len(missing) > 1 else ''}: "
            f"{', '.join(missing)}"
        )
        hint = "answer them, or pass --defaults to assume each question's default"
        if draft.marks is None:
            raise AnswerError(message, draft.source, hint=hint)
        raise draft.marks.error(message, draft.answers_path, cls=AnswerError, hint=hint)
    costed = compare_costs(draft, resolved.values) if draft.cost is not None else None
    ignored = [qid for qid in resolved.skipped if qid in draft.values]
    return Answers(
        project=draft.project,
        values=resolved.values,
        assumed=missing,
        skipped=resolved.skipped,
        mapped=resolved.mapped,
        source=draft.source,
        cost=draft.cost,
        ignored=ignored,
        overridden=list(draft.overridden),
        name=draft.name,
        given=dict(draft.values),
        costed=costed,
    )
