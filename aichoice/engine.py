"""evaluate(ruleset, answers) -> Result: a pure, deterministic function.

Rules add weight (evidence) to the option they support. The policy in the
rule set then scores 'both' as chat + api + its own evidence, less the
overhead of running two delivery models, so 'both' wins exactly when the
weaker side's evidence plus the evidence for combining them exceeds that
overhead; an option the policy's requirements rule out scores 0. The highest
score wins (ties by the policy's order). How sure the verdict is comes from
how often verdicts with its lead over the runner-up agreed with cases whose
right verdict is known (the policy's `confidence`, `aichoice rules calibrate`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol, Sequence

from aichoice.digest import fingerprint
from aichoice.models import (
    OPTIONS,
    Answers,
    Compare,
    Condition,
    NeedResult,
    Option,
    Policy,
    Reason,
    RuleSet,
    Scores,
    Values,
)


def holds(cond: Condition, values: Values) -> bool:
    """Whether a condition is true for these answers."""
    return cond.holds(values)


def tally(ruleset: RuleSet, values: Values) -> dict[Option, int]:
    """The evidence for each option: the summed weights of the rules that fire.

    Weights are whole numbers, so sums are exact and do not depend on rule order.
    """
    sums = [0, 0, 0]  # by position in OPTIONS: enum keys hash slowly in this hot loop
    for test, index, weight in ruleset.plan:
        if test(values):
            sums[index] += weight
    return dict(zip(OPTIONS, sums))


def ruled_out(policy: Policy, values: Values) -> frozenset[Option]:
    """The options the policy's requirements (`both.requires`, `chat.requires`) rule out for these answers."""
    both, chat = policy.both.requires, policy.chat.requires if policy.chat is not None else None
    return frozenset(
        option
        for option, cond in ((Option.both, both), (Option.chat, chat))
        if cond is not None and not cond.holds(values)
    )


def rank_options(
    policy: Policy, evidence: dict[Option, int], out: frozenset[Option] = frozenset()
) -> tuple[dict[Option, int], list[Option]]:
    """Scores from evidence, and the options from best to worst (ties by the policy's order).

    An option ruled `out` scores 0 and ranks last whatever the tie order says.
    """
    scores = dict(evidence)
    both = evidence[Option.chat] + evidence[Option.api] + evidence[Option.both] - policy.both.overhead
    scores[Option.both] = max(0, both)  # below zero says no more than zero
    for option in out:
        scores[option] = 0
    rank = policy.rank
    return scores, sorted(OPTIONS, key=lambda o: (o in out, -scores[o], rank[o]))


@dataclass
class Scored:
    """The verdict and its numbers, without the explanation: what batch runs need."""

    recommendation: Option
    runner_up: Option
    scores: dict[Option, int]
    evidence: dict[Option, int]
    margin: int
    confidence: float
    close_call: bool
    both_possible: bool = True
    chat_possible: bool = True


def score(ruleset: RuleSet, values: Values) -> Scored:
    """Decide chat, api or both for these answers; `evaluate` adds the reasons.

    Scores and the lead are exact whole numbers: the tie order and the close-call
    margin mean exactly what the rule set says.
    """
    policy = ruleset.info.policy
    evidence = tally(ruleset, values)
    out = ruled_out(policy, values)
    scores, ordered = rank_options(policy, evidence, out)
    winner, runner_up = ordered[0], ordered[1]
    margin = scores[winner] - scores[runner_up]
    return Scored(
        recommendation=winner,
        runner_up=runner_up,
        scores=scores,
        evidence=evidence,
        margin=margin,
        confidence=policy.sure(margin),
        close_call=margin <= policy.close_call_margin,
        both_possible=Option.both not in out,
        chat_possible=Option.chat not in out,
    )


class Scorer:
    """One need's answers scored once, so that what-ifs are scored incrementally: a change re-tests
    only the rules that name a question whose answer changed (the rest fire as they did)."""

    def __init__(self, ruleset: RuleSet, values: Values) -> None:
        self.ruleset = ruleset
        self.values = values
        self.fired = [test(values) for test, _, _ in ruleset.plan]
        self.sums = [0, 0, 0]
        for fired, (_, index, weight) in zip(self.fired, ruleset.plan):
            if fired:
                self.sums[index] += weight

    def verdict(self, values: Values, changed: Iterable[str]) -> Option:
        """The verdict for `values`, which differ from the scored answers only in the `changed` questions."""
        naming = self.ruleset.rules_naming
        return self._ranked_first(values, self._rescored(values, {i for qid in changed for i in naming.get(qid, ())}))

    def walk(self, qid: str, values_at: Callable[[int], Values] | None = None) -> Callable[[int], Option]:
        """The verdict as one number answer moves away from the scored one in one direction, scored
        step by step: a step re-tests the rules of this question whose truth can change at the
        points it crosses, and the rules of any other answer the step changed. `values_at(x)` gives
        the answers with this one at x when a change can change others (`RuleSet.walked_again`:
        a `when` walked again); without it, only this answer changes."""
        at = self.ruleset.rules_at.get(qid, {})
        points = sorted(at)
        naming = self.ruleset.rules_naming
        plan = self.ruleset.plan
        state = {"values": self.values}
        fired, sums = list(self.fired), list(self.sums)

        def verdict_at(value: int) -> Option:
            before = state["values"]
            values = values_at(value) if values_at is not None else {**before, qid: value}
            last = before[qid]
            assert isinstance(last, int)
            low, high = min(last, value), max(last, value)
            retest = {
                index
                for point in points[bisect.bisect_right(points, low) : bisect.bisect_right(points, high)]
                for index in at[point]
            }
            if values_at is not None:
                retest.update(
                    i for key, now in values.items() if key != qid and now != before[key] for i in naming.get(key, ())
                )
            for index in retest:
                test, option, weight = plan[index]
                now = test(values)
                if now != fired[index]:
                    fired[index] = now
                    sums[option] += weight if now else -weight
            state["values"] = values
            return self._ranked_first(values, sums)

        return verdict_at

    def _rescored(self, values: Values, indices: set[int]) -> list[int]:
        sums = list(self.sums)
        plan = self.ruleset.plan
        for index in indices:
            test, option, weight = plan[index]
            now = test(values)
            if now != self.fired[index]:
                sums[option] += weight if now else -weight
        return sums

    def _ranked_first(self, values: Values, sums: list[int]) -> Option:
        policy = self.ruleset.info.policy
        return rank_options(policy, dict(zip(OPTIONS, sums)), ruled_out(policy, values))[1][0]


def recommendation_of(ruleset: RuleSet, values: Values) -> Option:
    """Just the verdict: the fast path for what-if analysis."""
    policy = ruleset.info.policy
    return rank_options(policy, tally(ruleset, values), ruled_out(policy, values))[1][0]


class Verdict(Protocol):
    """What combining needs of each need's verdict: a Scored (batch) or a NeedResult."""

    recommendation: Option
    runner_up: Option
    margin: int
    confidence: float
    close_call: bool


@dataclass(frozen=True)
class WholeVerdict:
    """The verdict of a whole assessment, combined from its needs' verdicts by `combine`."""

    recommendation: Option
    runner_up: Option | None  # the verdict if the weakest need went to its runner-up; None: it stays
    margin: int
    confidence: float
    close_call: bool


def channel(verdicts: Sequence[Option]) -> Option:
    """The assessment's channel: chat when every need is chat, api when every need is api, else both."""
    if all(v is Option.chat for v in verdicts):
        return Option.chat
    if all(v is Option.api for v in verdicts):
        return Option.api
    return Option.both


def combine(verdicts: Sequence[Verdict]) -> WholeVerdict:
    """The one place needs' verdicts become the whole's: its channel (`channel`), the weakest need's
    lead and confidence, a close call when any need is one, and as runner-up the channel the whole
    would take if the weakest need (the first of equals) went to its own runner-up.

    One need: exactly that need's verdict.
    """
    options = [v.recommendation for v in verdicts]
    verdict = channel(options)
    weakest = min(range(len(verdicts)), key=lambda i: verdicts[i].margin)
    flipped = channel(options[:weakest] + [verdicts[weakest].runner_up] + options[weakest + 1 :])
    return WholeVerdict(
        recommendation=verdict,
        runner_up=None if flipped is verdict else flipped,
        margin=verdicts[weakest].margin,
        confidence=verdicts[weakest].confidence,
        close_call=any(v.close_call for v in verdicts),
    )


def answers_digest(answers: Answers) -> str:
    """A fingerprint of what was assessed, the same however the answers were given."""
    return fingerprint({"project": answers.project, "answers": answers.values})


def _matched(deciding: list[Compare], values: Values) -> dict[str, list[str]]:
    """For each list answer the deciding comparisons test: the given values among those they name."""
    matched: dict[str, list[str]] = {}
    for test in deciding:
        given = values.get(test.question)
        if isinstance(given, list):
            named = {str(v) for v in test.operands()} | set(matched.get(test.question, []))
            matched[test.question] = [v for v in given if v in named]
    return matched


def evaluate(ruleset: RuleSet, answers: Answers) -> NeedResult:
    """Score the answers against the rules and decide: chat, api or both, with the reasons."""
    values = answers.values
    policy = ruleset.info.policy
    verdict = score(ruleset, values)
    reasons: list[Reason] = []
    for rule in ruleset.rules:
        if not holds(rule.when, values):
            continue
        questions = rule.when.questions()
        deciding = rule.when.deciding(values)  # of an `any`, the branch that held, not the others
        reasons.append(
            Reason(
                rule=rule.id,
                text=rule.reason,
                supports=rule.supports,
                weight=rule.weight,
                question=questions[0],
                questions=questions,
                answers={test.question: values[test.question] for test in deciding},
                principle=rule.principle,
                source=rule.source,
                # 'both' adds up all the evidence; chat and api count only their own.
                in_favour=verdict.recommendation is Option.both or rule.supports is verdict.recommendation,
                matched=_matched(deciding, values),
            )
        )
    # Strongest first; rule-file order breaks ties (sorted() is stable).
    reasons.sort(key=lambda r: -r.weight)
    return NeedResult(
        project=answers.project,
        recommendation=verdict.recommendation,
        scores=Scores(**{o.value: v for o, v in verdict.scores.items()}),
        evidence=Scores(**{o.value: v for o, v in verdict.evidence.items()}),
        confidence=verdict.confidence,
        close_call=verdict.close_call,
        margin=verdict.margin,
        runner_up=verdict.runner_up,
        both_overhead=ruleset.info.policy.both.overhead,
        both_possible=verdict.both_possible,
        both_requires_reason=" ".join(ruleset.info.policy.both.requires_reason.split()),
        chat_possible=verdict.chat_possible,
        measured=policy.measured(verdict.margin),
        chat_requires_reason=" ".join(policy.chat.requires_reason.split()) if policy.chat else "",
        reasons=reasons,
        answers=values,
        answers_sha256=answers_digest(answers),
        assumed=answers.assumed,
        skipped=answers.skipped,
        overridden=answers.overridden,
        mapped=answers.mapped,
        ruleset={"name": ruleset.info.name, "version": ruleset.info.version, "sha256": ruleset.sha256},
    )
