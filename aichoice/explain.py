"""The explanation of a verdict: why not the others, what would change it, what must be in place.

`assess` is what the CLI calls: evaluate, then explain. Everything here is
computed from the rule set and the answers, so every output format shows the
same explanation.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from aichoice.answers import resolve
from aichoice.wording import SUBJECTS
from aichoice.engine import evaluate, holds, recommend
from aichoice.models import (
    OPTIONS,
    AnswerValue,
    Answers,
    Change,
    Check,
    Condition,
    Gap,
    GovernanceItem,
    Option,
    Position,
    Question,
    Reason,
    Result,
    RuleSet,
    Values,
    WhyNot,
)

TOP_AGAINST = 3


def assess(ruleset: RuleSet, answers: Answers, sensitivity: bool = True) -> Result:
    """Evaluate the answers and explain the verdict.

    `sensitivity=False` skips the what-if analysis (dozens of re-evaluations),
    for callers that assess many inputs and show only the verdict.
    """
    return explain(ruleset, answers, evaluate(ruleset, answers), sensitivity)


def explain(ruleset: RuleSet, answers: Answers, result: Result, sensitivity: bool = True) -> Result:
    """The result with its explanation filled in."""
    gaps = find_gaps(ruleset, result.recommendation, result.answers)
    return dataclasses.replace(
        result,
        why_not=why_not(result),
        sensitivity=what_would_change(ruleset, answers, result.recommendation) if sensitivity else [],
        gaps=gaps,
        governance=governance_checklist(ruleset, result.answers),
        next_steps=list(ruleset.readiness.next_steps[result.recommendation]) + [g.next_step for g in gaps],
        position=position(ruleset, result),
        cost=cost_of(answers),
    )


def cost_of(answers: Answers) -> Any:
    """The cost comparison, when the answers have a `cost:` section (checked when they were read)."""
    if answers.cost is None:
        return None
    from aichoice.answers import cost_defaults
    from aichoice.cost import compare, inputs_from

    return compare(inputs_from(answers.cost, cost_defaults(answers.values)))


# -- why not the others ---------------------------------------------------------

def why_not(result: Result) -> list[WhyNot]:
    """For each losing option, a sentence and the strongest evidence against it."""
    winner = result.recommendation
    explained = []
    for option in OPTIONS:
        if option is winner:
            continue
        against = _evidence_against(option, winner, result.reasons)
        explained.append(WhyNot(option=option, summary=_summary(option, result, against),
                                against=[r.rule for r in against]))
    return explained


def _evidence_against(option: Option, winner: Option, reasons: list[Reason]) -> list[Reason]:
    """Chat loses to what only an API does, an API to what people need; both to the winner's case."""
    if option is Option.chat:
        side = Option.api
    elif option is Option.api:
        side = Option.chat
    else:
        side = winner
    return [r for r in reasons if r.supports is side][:TOP_AGAINST]


def _summary(option: Option, result: Result, against: list[Reason]) -> str:
    scores, ev = result.scores, result.evidence
    winner = result.recommendation
    if option is Option.both and not result.both_possible:
        return result.both_requires_reason or "The rule set's policy does not allow both for these answers."
    if option is Option.both:
        weaker = min(ev.chat, ev.api)
        side = "chat" if ev.chat <= ev.api else "api"
        text = (
            f"Both pays off when the weaker side plus the evidence for combining exceeds the "
            f"{result.both_overhead:g}-point overhead of running two; here {side} {weaker:g} + "
            f"combining {ev.both:g} = {weaker + ev.both:g}."
        )
    else:
        text = f"{SUBJECTS[option]} scores {scores.get(option):g} against {winner.value} {scores.get(winner):g}."
        if winner is Option.both:
            text += f" {SUBJECTS[option]} alone leaves one of the need's two consumers unserved."
    if against and option is Option.both:
        text += f" The case rests on {winner.value}: {against[0].text}"
    elif against:
        text += f" Strongest against it: {against[0].text}"
    elif option is not Option.both:
        text += " Nothing in the answers calls for the other side."
    return text


# -- what would change the verdict -------------------------------------------------

def what_would_change(ruleset: RuleSet, answers: Answers, verdict: Option) -> list[Change]:
    """Every single change of one answer that changes the verdict: another value of a choice or
    yes/no question, one value added to or removed from a list (its `to` is the resulting
    list), and for number questions the nearest value, each way, at which it changes."""
    changes: list[Change] = []
    for question in ruleset.questions.values():
        if question.id in answers.skipped:
            continue
        current = answers.values[question.id]
        if question.type == "int":
            changes.extend(_thresholds(ruleset, answers, question, verdict))
            continue
        for value in _alternatives(question, current):
            outcome = recommend(ruleset, with_change(ruleset, answers, question.id, value))
            if outcome is not verdict:
                changes.append(Change(question=question.id, from_=current, to=value, recommendation=outcome))
    return changes


def _alternatives(question: Question, current: AnswerValue) -> list[AnswerValue]:
    """Every answer one step from `current`: another choice, the other yes/no, or a list with one
    value added or removed (never below `min_items`), in the question's order."""
    if question.type == "bool":
        return [not current]
    if question.type == "choice":
        return [value for value in question.values if value != current]
    chosen = set(current) if isinstance(current, list) else set()
    steps: list[AnswerValue] = []
    for value in question.values:
        changed = chosen ^ {value}
        if len(changed) >= question.min_items:
            steps.append([v for v in question.values if v in changed])
    return steps


def with_change(ruleset: RuleSet, answers: Answers, qid: str, value: AnswerValue) -> Values:
    """The answers with one changed, as the CLI would see them (skipped questions re-derived)."""
    given = {k: v for k, v in answers.values.items() if k not in answers.skipped}
    given[qid] = value
    return resolve(ruleset.questions, given).values


def _thresholds(ruleset: RuleSet, answers: Answers, question: Question, verdict: Option) -> list[Change]:
    """The nearest value above and below the answer at which the verdict changes."""
    current = answers.values[question.id]
    assert isinstance(current, int)
    # The verdict can change only where a condition on this question changes truth.
    points = {question.min if question.min is not None else 0}
    for cond in _conditions(ruleset):
        for test in (t for t in cond.compares() if t.question == question.id):
            points.update(test.op.breakpoints(test.operand))
    # Without a min, the lowest interval starts wherever the answer or a bound is (negatives too).
    low = question.min if question.min is not None else min(points | {current})
    points.add(low)
    high = question.max
    starts = sorted(s for s in points if s >= low and (high is None or s <= high))
    # Each interval [starts[i], starts[i+1] - 1] has one verdict; find the current one.
    here = max(i for i, s in enumerate(starts) if s <= current)
    changes = []
    for i in range(here + 1, len(starts)):  # upward: the first interval with another verdict
        outcome = recommend(ruleset, with_change(ruleset, answers, question.id, starts[i]))
        if outcome is not verdict:
            changes.append(Change(question=question.id, from_=current, to=starts[i],
                                  recommendation=outcome, kind="threshold", direction="up"))
            break
    for i in range(here - 1, -1, -1):  # downward: the top of the nearest interval with another verdict
        top = starts[i + 1] - 1
        outcome = recommend(ruleset, with_change(ruleset, answers, question.id, top))
        if outcome is not verdict:
            changes.append(Change(question=question.id, from_=current, to=top,
                                  recommendation=outcome, kind="threshold", direction="down"))
            break
    return changes


def _conditions(ruleset: RuleSet) -> list[Condition]:
    conditions: list[Condition] = [rule.when for rule in ruleset.rules]
    conditions += [q.when for q in ruleset.questions.values() if q.when is not None]
    return conditions


# -- readiness, governance, position -----------------------------------------------

def flagged_checks(ruleset: RuleSet, verdict: Option, values: Values) -> list[Check]:
    """The readiness checks that apply to the verdict and are flagged by the answers."""
    return [c for c in ruleset.readiness.checks if verdict in c.applies_to and holds(c.when, values)]


def find_gaps(ruleset: RuleSet, verdict: Option, values: Values) -> list[Gap]:
    """The flagged readiness checks, as gaps with their next steps."""
    return [
        Gap(id=c.id, title=c.title, kind=c.kind, detail=c.detail, next_step=c.next_step, source=c.source)
        for c in flagged_checks(ruleset, verdict, values)
    ]


def governance_checklist(ruleset: RuleSet, values: Values) -> list[GovernanceItem]:
    """The article's governance questions, each emphasised where the answers make it pressing."""
    items = []
    for item in ruleset.readiness.governance:
        emphasised = holds(item.emphasise_when, values)
        items.append(GovernanceItem(question=item.question, emphasised=emphasised,
                                    why=item.why if emphasised else None))
    return items


def position(ruleset: RuleSet, result: Result) -> Position:
    """Conversation need (chat evidence) and capability need (api evidence), each 0..1.

    The scale is twice the overhead of 'both', so the midline of each axis is
    the point where that side alone could justify adopting both.
    """
    scale = 2 * ruleset.info.policy.both.overhead or max(result.evidence.chat, result.evidence.api, 1.0)
    conversation = round(min(1.0, result.evidence.chat / scale), 3)
    capability = round(min(1.0, result.evidence.api / scale), 3)
    return Position(conversation=conversation, capability=capability,
                    x=min(max(capability, 0.02), 0.98), y=min(max(conversation, 0.02), 0.98))
