"""Phrases more than one report section says: the answers behind a reason, a change of answer
that would change the verdict, the needs a gap is about, and the cost of the verdict.

One function each, so the summary and the detail say a thing in the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aichoice.models import Assessment, Change, Reason
from aichoice.render.blocks import Inline, Span, own, said
from aichoice.render.cost_section import money
from aichoice.wording import TITLES, UNNAMED, answer_words, question_label

if TYPE_CHECKING:
    from aichoice.render import Context


def because(reason: Reason, context: Context) -> list[Span]:
    """The answers that fired a reason, as a person reads them: each question's text and the answer's
    label (a list answer names the user's own values, never the rule's list)."""
    spans: list[Span] = []
    for index, (qid, value) in enumerate(reason.answers.items()):
        question = context.questions.get(qid)
        spans += [own("; ")] if index else []
        named = reason.matched.get(qid)
        spans += [
            said(question_label(question, qid)),
            own(": "),
            said(answer_words(question, value, named, brief=True), "strong"),
        ]
    return spans


def change_words(change: Change, context: Context, several: bool) -> Inline:
    """One change of answer that would change the verdict, in words (each answer by its label's head,
    as the reasons name them)."""
    question = context.questions.get(change.question)
    scope: Inline = ()
    if several:
        scope = (own(" (in "), said(change.need), own(")")) if change.need else (own(" (shared by the needs)"),)
    verb = ("Raising" if change.direction == "up" else "Lowering") if change.kind == "threshold" else "Changing"
    return (
        own(f"{verb} the answer to "),
        said(question_label(question, change.question), "em"),
        *scope,
        own(" from “"),
        said(answer_words(question, change.from_, brief=True)),
        own("” to “"),
        said(answer_words(question, change.to, brief=True)),
        own("” gives "),
        own(TITLES[change.recommendation], "strong"),
        own("."),
    )


def for_needs(names: list[str | None], several: bool) -> Inline:
    """' (for Staff assistant, Support bot)': which needs a gap is about, when there are several."""
    if not several:
        return ()
    spans: list[Span] = [own(" (for ")]
    for index, name in enumerate(names):
        spans += [own(", ")] if index else []
        spans.append(said(name or UNNAMED))
    return tuple(spans) + (own(")"),)


def verdict_cost(result: Assessment) -> Inline:
    """The cost of the verdict, with its currency: one need's monthly cost on its recommended
    channel, or the budget of several needs, or why it is not added up (the summary's table gives
    each need's cost on the other channel)."""
    budget = result.budget
    assert budget is not None
    currency = budget.currency or ""
    if budget.monthly is None:
        return (own("not added up: "), said("; ".join(budget.missing)), own("."))
    total = (money(currency, budget.monthly), own(" a month ("), money(currency, budget.yearly), own(" a year)"))
    if result.several:
        return (*total, own(", each need on its recommended channel."))
    return (*total, own(f" on the recommended channel ({TITLES[budget.needs[0].channel].lower()})."))
