"""The explanation of a verdict: why not the others, what would change it, what must be in place.

`assess` is what the CLI calls: evaluate, then explain. Everything here is
computed from the rule set and the answers, so every output format shows the
same explanation.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from typing import Callable

from aichoice.answers import resolve
from aichoice.engine import Scorer, channel, evaluate, holds
from aichoice.engine import combine as combine_verdicts
from aichoice.models import (
    OPTIONS,
    Answers,
    AnswerValue,
    Assessment,
    AssessmentGap,
    Budget,
    Change,
    Check,
    Gap,
    GovernanceItem,
    NeedBudget,
    NeedResult,
    Option,
    Position,
    Question,
    Reason,
    RuleSet,
    Values,
    WhyNot,
)
from aichoice.wording import SUBJECTS, UNNAMED

TOP_AGAINST = 3


def explain_need(ruleset: RuleSet, answers: Answers, sensitivity: bool = True) -> NeedResult:
    """Evaluate the answers and explain the verdict.

    `sensitivity=False` skips the what-if analysis (dozens of re-evaluations),
    for callers that assess many inputs and show only the verdict.
    """
    return explain(ruleset, answers, evaluate(ruleset, answers), sensitivity)


def explain(ruleset: RuleSet, answers: Answers, result: NeedResult, sensitivity: bool = True) -> NeedResult:
    """A need's result with its explanation filled in."""
    gaps = find_gaps(ruleset, result.recommendation, result.answers)
    return dataclasses.replace(
        result,
        why_not=why_not(result),
        sensitivity=what_would_change(ruleset, answers, result.recommendation) if sensitivity else [],
        gaps=gaps,
        governance=governance_checklist(ruleset, result.answers),
        next_steps=next_steps(ruleset, result.recommendation, gaps),
        position=position(ruleset, result, answers.name or answers.project or UNNAMED),
        cost=answers.costed,  # worked out as the answers were read (located mistakes)
        name=answers.name or answers.project,
    )


def next_steps(ruleset: RuleSet, verdict: Option, gaps: list[Gap] | list[AssessmentGap]) -> list[str]:
    """The verdict's next steps, then each gap's."""
    return list(ruleset.readiness.next_steps[verdict]) + [g.next_step for g in gaps]


# -- why not the others ---------------------------------------------------------


def why_not(result: NeedResult) -> list[WhyNot]:
    """For each losing option, a sentence and the strongest evidence against it."""
    winner = result.recommendation
    explained = []
    for option in OPTIONS:
        if option is winner:
            continue
        against = _evidence_against(option, winner, result.reasons)
        explained.append(
            WhyNot(option=option, summary=_summary(option, result, against), against=[r.rule for r in against])
        )
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


def _summary(option: Option, result: NeedResult, against: list[Reason]) -> str:
    scores, ev = result.scores, result.evidence
    winner = result.recommendation
    if option is Option.both and not result.both_possible:
        return result.both_requires_reason or "The rule set's policy does not allow both for these answers."
    if option is Option.chat and not result.chat_possible:
        return result.chat_requires_reason or "The rule set's policy does not allow chat for these answers."
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
    list), and for number questions the nearest value, each way, at which it changes.
    One need is the case of several where the need shares every answer."""
    return what_would_change_needs(ruleset, [answers], [set()], verdict)


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
    """The answers with one changed, exactly as re-running the edited input would read them: the
    input's own answers (an ignored one too, which the change may make apply) and the defaults
    that stood for the rest, then every `when` walked again (and what `absent` read, read again)."""
    given = {k: v for k, v in answers.values.items() if k not in answers.skipped and k not in answers.mapped}
    given.update(answers.given)
    given[qid] = value
    return resolve(ruleset.questions, given).values


def threshold_changes(
    ruleset: RuleSet,
    question: Question,
    current: int,
    verdict: Option,
    walk: Callable[[], Callable[[int], Option]],
    need: str | None = None,
) -> list[Change]:
    """The nearest value above and below `current` at which the outcome differs from `verdict`.

    The outcome can change only where a condition on this question changes
    truth, so only those points (each interval's ends) are tried. `walk()`
    gives a fresh outcome for each direction, asked for values moving away
    from `current` one interval at a time (so it can score each step by what
    the step crosses).
    """
    points = set(ruleset.thresholds.get(question.id, ()))
    points.add(question.min if question.min is not None else 0)
    # Without a min, the lowest interval starts wherever the answer or a bound is (negatives too).
    low = question.min if question.min is not None else min(points | {current})
    points.add(low)
    high = question.max
    starts = sorted(s for s in points if s >= low and (high is None or s <= high))
    # Each interval [starts[i], starts[i+1] - 1] has one outcome; find the current one.
    here = bisect.bisect_right(starts, current) - 1
    changes = []
    outcome_of = walk()
    for i in range(here + 1, len(starts)):  # upward: the first interval with another outcome
        outcome = outcome_of(starts[i])
        if outcome is not verdict:
            changes.append(
                Change(
                    question=question.id,
                    from_=current,
                    to=starts[i],
                    recommendation=outcome,
                    kind="threshold",
                    direction="up",
                    need=need,
                )
            )
            break
    outcome_of = walk()
    for i in range(here - 1, -1, -1):  # downward: the top of the nearest interval with another outcome
        top = starts[i + 1] - 1
        outcome = outcome_of(top)
        if outcome is not verdict:
            changes.append(
                Change(
                    question=question.id,
                    from_=current,
                    to=top,
                    recommendation=outcome,
                    kind="threshold",
                    direction="down",
                    need=need,
                )
            )
            break
    return changes


# -- readiness, governance, where the case sits -----------------------------------------------


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
        items.append(
            GovernanceItem(question=item.question, emphasised=emphasised, why=item.why if emphasised else None)
        )
    return items


def position(ruleset: RuleSet, result: NeedResult, label: str) -> Position:
    """Where the case sits: conversation need (chat evidence) and capability need (api
    evidence), each 0..1, named by `label`. The scale is twice the overhead of 'both', so the
    midline of each axis is the point where that side alone could justify adopting both.

    Where a chart draws the point (its x and y) is presentation: render.charts.place works it
    out as the assessment is built for output.
    """
    scale = 2 * ruleset.info.policy.both.overhead or max(result.evidence.chat, result.evidence.api, 1.0)
    conversation = round(min(1.0, result.evidence.chat / scale), 3)
    capability = round(min(1.0, result.evidence.api / scale), 3)
    return Position(conversation=conversation, capability=capability, x=capability, y=conversation, label=label)


# -- the whole assessment -------------------------------------------------------------


def assess_needs(ruleset: RuleSet, needs: list[Answers], own: list[set[str]], sensitivity: bool = True) -> Assessment:
    """Assess every need and the assessment as a whole (`combine`).

    `own[i]` names the questions need i answers itself (the others it shares).
    """
    return combine(ruleset, needs, own, [explain_need(ruleset, answers, sensitivity) for answers in needs], sensitivity)


def combine(
    ruleset: RuleSet, needs: list[Answers], own: list[set[str]], results: list[NeedResult], sensitivity: bool = True
) -> Assessment:
    """The whole assessment of its needs' results: the one place the whole is worked out.

    Its verdict, lead and confidence come from `engine.combine`; a gap is the
    whole's when any need's answers flag it (it names those needs); a governance
    question is pressing when it is for any need; what would change it lists
    every single change of a shared answer (for the needs that share it) or of
    one need's own answer that changes the whole's verdict. For one need the
    whole is that need: its why-not and its changes are the need's own. The
    budget, when the needs have costs, is `budget`.
    """
    verdict = combine_verdicts(results)
    option = verdict.recommendation
    gaps: dict[str, AssessmentGap] = {}
    for result in results:
        for gap in result.gaps:
            gaps.setdefault(gap.id, AssessmentGap(**vars(gap))).needs.append(result.name)
    governance = [
        dataclasses.replace(
            item,
            emphasised=any(r.governance[i].emphasised for r in results),
            why=next((r.governance[i].why for r in results if r.governance[i].emphasised), None),
        )
        for i, item in enumerate(results[0].governance)
    ]
    one = len(results) == 1
    if one:
        why, changes = results[0].why_not, results[0].sensitivity
    else:
        why = [WhyNot(option=o, summary=_why_not_channel(o, results), against=[]) for o in OPTIONS if o is not option]
        changes = what_would_change_needs(ruleset, needs, own, option) if sensitivity else []
    return Assessment(
        project=needs[0].project,
        recommendation=option,
        confidence=verdict.confidence,
        close_call=verdict.close_call,
        margin=verdict.margin,
        runner_up=verdict.runner_up,
        needs=results,
        ruleset=results[0].ruleset,
        answers_sha256=results[0].answers_sha256 if one else _digest(needs),
        why_not=why,
        sensitivity=changes,
        gaps=list(gaps.values()),
        governance=governance,
        next_steps=next_steps(ruleset, option, list(gaps.values())),
        budget=budget(results),
        measured=ruleset.info.policy.measured(verdict.margin),
    )


def budget(results: list[NeedResult]) -> Budget | None:
    """The budget of the verdict: each need's recommended channel (both: chat and the API added up),
    summed over the needs, beside what the other channel would cost each. Not summed when a need's
    recommended channel could not be costed (said in `missing`) or the needs' currencies differ."""
    from fractions import Fraction

    costed = [r for r in results if r.cost is not None]
    if not costed:
        return None
    parts, missing, total = [], [], Fraction(0)
    for result in results:
        cost = result.cost
        if cost is None:
            missing.append(f"{result.name or UNNAMED}: no cost section")
            continue
        sides = {Option.chat: cost.chat, Option.api: cost.api}
        channels = [Option.chat, Option.api] if result.recommendation is Option.both else [result.recommendation]
        monthly = None
        if all(sides[c].monthly is not None for c in channels):
            monthly = sum((Fraction(str(sides[c].monthly)) for c in channels), Fraction(0))
            total += monthly
        else:
            lacking = "; ".join(f"{c.value} lacks {', '.join(sides[c].missing)}" for c in channels if sides[c].missing)
            missing.append(f"{result.name or UNNAMED}: {lacking}")
        other = (
            None
            if result.recommendation is Option.both
            else (Option.api if result.recommendation is Option.chat else Option.chat)
        )
        parts.append(
            NeedBudget(
                result.name,
                result.recommendation,
                None if monthly is None else float(monthly),
                other,
                None if other is None else sides[other].monthly,
            )
        )
    currencies = {r.cost.currency for r in costed}
    if len(currencies) > 1:
        missing.append(
            "the needs' costs are in different currencies (" + ", ".join(sorted(currencies)) + "): not added up"
        )
    whole = None if missing else total
    return Budget(
        currency=currencies.pop() if len(currencies) == 1 else None,
        monthly=None if whole is None else round(float(whole), 2),
        yearly=None if whole is None else round(float(12 * whole), 2),
        needs=parts,
        missing=missing,
    )


def _why_not_channel(option: Option, results: list[NeedResult]) -> str:
    """Why the assessment is not `option`: the needs that go to another channel."""
    if option is Option.both:
        return f"Every need goes to {results[0].recommendation.value}, so one channel serves them all."
    others = [f"{r.name} ({r.recommendation.value})" for r in results if r.recommendation is not option]
    return f"{SUBJECTS[option]} alone leaves needs that go elsewhere: {', '.join(others)}."


def what_would_change_needs(
    ruleset: RuleSet, needs: list[Answers], own: list[set[str]], verdict: Option
) -> list[Change]:
    """Every single change of one answer in the file that changes the assessment's verdict: a shared
    answer (for every need that does not answer it itself) or one need's own answer.

    Near-linear in needs and rules: each need is scored once, a change re-scores only the rules it
    can flip in the needs it reaches, and the whole's channel follows from counts of the verdicts.
    """
    scorers = [Scorer(ruleset, answers.values) for answers in needs]
    base = [scorer.verdict(answers.values, ()) for scorer, answers in zip(scorers, needs)]
    counts = Counter(base)

    def whole(changed: dict[int, Option]) -> Option:
        """The channel with some needs' verdicts changed, from the counts (not a copy of every verdict)."""
        now = counts.copy()
        for i, option in changed.items():
            now[base[i]] -= 1
            now[option] += 1
        return channel([option for option, count in now.items() if count])

    def outcome(qid: str, value: AnswerValue, which: list[int]) -> Option:
        changed = {}
        for i in which:
            values = with_change(ruleset, needs[i], qid, value)
            changed[i] = scorers[i].verdict(values, [q for q, v in values.items() if v != needs[i].values[q]])
        return whole(changed)

    def walk(qid: str, which: list[int]) -> Callable[[], Callable[[int], Option]]:
        again = qid in ruleset.walked_again  # a change may change other answers: walk the questions again

        def values_at(i: int) -> Callable[[int], Values]:
            return lambda at: with_change(ruleset, needs[i], qid, at)

        def fresh() -> Callable[[int], Option]:
            walks = {i: scorers[i].walk(qid, values_at(i) if again else None) for i in which}
            return lambda at: whole({i: step(at) for i, step in walks.items()})

        return fresh

    changes: list[Change] = []
    for question in ruleset.questions.values():
        sharing = [i for i in range(len(needs)) if question.id not in own[i] and question.id not in needs[i].skipped]
        groups: list[tuple[str | None, list[int]]] = [(None, sharing)] if sharing else []
        groups += [
            (needs[i].name, [i])
            for i in range(len(needs))
            if question.id in own[i] and question.id not in needs[i].skipped
        ]
        for need, which in groups:
            current = needs[which[0]].values[question.id]
            if question.type == "int":
                assert isinstance(current, int)
                changes.extend(threshold_changes(ruleset, question, current, verdict, walk(question.id, which), need))
                continue
            for value in _alternatives(question, current):
                result = outcome(question.id, value, which)
                if result is not verdict:
                    changes.append(
                        Change(question=question.id, from_=current, to=value, recommendation=result, need=need)
                    )
    return changes


def _digest(needs: list[Answers]) -> str:
    """A fingerprint of everything assessed: the project and every need's name and answers."""
    from aichoice.digest import fingerprint

    return fingerprint({"project": needs[0].project, "needs": [[a.name, a.values] for a in needs]})
