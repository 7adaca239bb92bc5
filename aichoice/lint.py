"""Warnings about a rule set that loads: rules that can never fire, questions and values no rule uses."""

from __future__ import annotations

import itertools
from typing import Any

from aichoice.engine import holds
from aichoice.errors import AichoiceError, RulesError
from aichoice.loader import Marks
from aichoice.models import Compare, Condition, Question, RuleSet

MAX_COMBINATIONS = 20_000


def lint_ruleset(ruleset: RuleSet, question_marks: Marks, scoring_marks: Marks) -> list[AichoiceError]:
    """Every warning, located in the file it concerns."""
    warnings: list[AichoiceError] = []
    questions = ruleset.questions
    for index, rule in enumerate(ruleset.rules):
        if not satisfiable(rule.when, questions):
            warnings.append(
                scoring_marks.error(
                    f"rule {rule.id!r} can never fire: no answers satisfy its condition",
                    ("rules", index, "when"),
                    cls=RulesError,
                )
            )

    used: set[str] = set()
    referenced: dict[str, set[Any]] = {qid: set() for qid in questions}
    conditions = [rule.when for rule in ruleset.rules]
    for cond in conditions:
        for test in cond.compares():
            referenced[test.question].update(test.operands())
    for cond in (
        conditions
        + [c.when for c in ruleset.readiness.checks]
        + [g.emphasise_when for g in ruleset.readiness.governance]
        + [cond for q in questions.values() for cond in q.conditions]
        + ruleset.info.policy.requirements
    ):
        used.update(cond.questions())

    for s_index, section in enumerate(ruleset.questionnaire.sections):
        for q_index, question in enumerate(section.questions):
            path = ("sections", s_index, "questions", q_index)
            if question.id not in used:
                warnings.append(
                    question_marks.error(
                        f"question {question.id!r} is used by no rule, check or condition",
                        path + ("id",),
                        cls=RulesError,
                    )
                )
                continue
            for c_index, choice in enumerate(question.choices or []):
                if choice.value not in referenced[question.id] and not choice.neutral:
                    warnings.append(
                        question_marks.error(
                            f"value {choice.value!r} of {question.id!r} is referenced by no scoring rule",
                            path + ("choices", c_index),
                            cls=RulesError,
                            hint="mark it 'neutral: true' if it deliberately scores nothing",
                        )
                    )
    return warnings


def satisfiable(cond: Condition, questions: dict[str, Question]) -> bool:
    """Whether some answers make the condition true, searched over the values that matter.

    The search is bounded: its size is worked out before any combination is
    built, and a condition with more than MAX_COMBINATIONS gets the benefit of
    the doubt, so checking a rule set takes time linear in its rules.
    """
    tests = cond.compares()
    names = cond.questions()
    sizes = [_domain_size(questions[name], [t for t in tests if t.question == name]) for name in names]
    total = 1
    for size in sizes:
        total *= max(1, size)
        if total > MAX_COMBINATIONS:
            return True  # too many to search: give it the benefit of the doubt
    domains = [_domain(questions[name], [t for t in tests if t.question == name]) for name in names]
    return any(holds(cond, dict(zip(names, combo))) for combo in itertools.product(*domains))


def _int_points(question: Question, tests: list[Compare]) -> list[int]:
    low = question.min
    points = {low if low is not None else 0}
    for t in tests:
        for point in t.op.breakpoints(t.operand):  # a value on each side of every place truth can change
            points.update((point - 1, point))
    return sorted(p for p in points if (low is None or p >= low) and (question.max is None or p <= question.max))


def _list_pool(question: Question, tests: list[Compare]) -> list[str]:
    named = {v for t in tests for v in t.operands() if v in question.values}
    others = [v for v in question.values if v not in named][:1]
    return sorted(named, key=question.values.index) + others


def _domain_size(question: Question, tests: list[Compare]) -> int:
    """How many representative answers `_domain` would give (for a list: 2 ** values named)."""
    if question.type == "choice":
        return len(question.values)
    if question.type == "bool":
        return 2
    if question.type == "int":
        return len(_int_points(question, tests))
    return int(2 ** len(_list_pool(question, tests)))


def _domain(question: Question, tests: list[Compare]) -> list[Any]:
    """Representative answers: enough to meet every comparison on this question either way."""
    if question.type == "choice":
        return list(question.values)
    if question.type == "bool":
        return [True, False]
    if question.type == "int":
        return _int_points(question, tests)
    pool = _list_pool(question, tests)
    subsets = [list(c) for r in range(len(pool) + 1) for c in itertools.combinations(pool, r)]
    return [s for s in subsets if len(s) >= question.min_items]
