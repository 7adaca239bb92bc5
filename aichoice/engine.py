"""evaluate(ruleset, answers) -> Result: a pure, deterministic function.

Rules add weight (evidence) to the option they support. The policy in the
rule set then scores 'both' as chat + api + its own evidence, less the
overhead of running two delivery models, so 'both' wins exactly when the
weaker side's evidence plus the evidence for combining them exceeds that
overhead. The highest score wins (ties by the policy's order), and the lead
over the runner-up becomes the confidence.
"""

from __future__ import annotations

from aichoice.models import (
    OPTIONS,
    AllOf,
    AnswerValue,
    Answers,
    AnyOf,
    Condition,
    Not,
    Option,
    Reason,
    Result,
    RuleSet,
    Scores,
    Compare,
)


def holds(cond: Condition, values: dict[str, AnswerValue]) -> bool:
    """Whether a condition is true for these answers."""
    if isinstance(cond, Compare):
        return _test(cond, values[cond.question])
    if isinstance(cond, AllOf):
        return all(holds(c, values) for c in cond.all)
    if isinstance(cond, AnyOf):
        return any(holds(c, values) for c in cond.any)
    if isinstance(cond, Not):
        return not holds(cond.not_, values)
    raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover


def _test(test: Compare, answer: AnswerValue) -> bool:
    if isinstance(answer, list):
        if test.includes is not None:
            return test.includes in answer
        return test.in_ is not None and any(value in test.in_ for value in answer)
    if test.equals is not None:
        # bool is an int in Python: compare types too, so `equals: 1` never matches true.
        return type(answer) is type(test.equals) and answer == test.equals
    if test.in_ is not None:
        return answer in test.in_
    if test.gte is not None:
        return isinstance(answer, int) and answer >= test.gte
    if test.lte is not None:
        return isinstance(answer, int) and answer <= test.lte
    return False


def evaluate(ruleset: RuleSet, answers: Answers) -> Result:
    """Score the answers against the rules and decide: chat, api or both."""
    values = answers.values
    policy = ruleset.info.policy
    evidence = {option: 0.0 for option in OPTIONS}
    reasons: list[Reason] = []
    for rule in ruleset.rules:
        if not holds(rule.when, values):
            continue
        evidence[rule.supports] += rule.weight
        questions = rule.when.questions()
        reasons.append(
            Reason(
                rule=rule.id,
                text=rule.reason,
                supports=rule.supports,
                weight=rule.weight,
                question=questions[0],
                questions=questions,
                answer=values[questions[0]],
                source=rule.source,
            )
        )
    # Strongest first; rule-file order breaks ties (sorted() is stable).
    reasons.sort(key=lambda r: -r.weight)

    scores = dict(evidence)
    scores[Option.both] += evidence[Option.chat] + evidence[Option.api] - policy.both.overhead
    scores[Option.both] = max(0.0, scores[Option.both])  # below zero says no more than zero
    rank = {option: i for i, option in enumerate(policy.tie_order)}
    ordered = sorted(OPTIONS, key=lambda o: (-scores[o], rank[o]))
    winner, runner_up = ordered[0], ordered[1]
    margin = scores[winner] - scores[runner_up]
    # 'both' adds up all the evidence; chat and api count only their own.
    for reason in reasons:
        reason.in_favour = winner is Option.both or reason.supports is winner
    return Result(
        project=answers.project,
        recommendation=winner,
        scores=Scores(**{o.value: round(scores[o], 4) for o in OPTIONS}),
        evidence=Scores(**{o.value: round(evidence[o], 4) for o in OPTIONS}),
        confidence=round(min(1.0, margin / policy.decisive_margin), 4),
        close_call=margin <= policy.close_call_margin,
        margin=round(margin, 4),
        runner_up=runner_up,
        both_overhead=policy.both.overhead,
        reasons=reasons,
        answers=values,
        assumed=answers.assumed,
        skipped=answers.skipped,
        ruleset={"name": ruleset.info.name, "version": ruleset.info.version, "sha256": ruleset.sha256},
    )
