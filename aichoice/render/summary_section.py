"""The report's summary: first, to fit one screen and one printed page, for whoever signs.

The verdict and each need's channel, how sure, the cost of the verdict, the strongest reasons,
the most pressing gaps, what would change it and the next steps: a function each, in the
document model of render/blocks.py, in the same words as the detail (render/phrases.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aichoice.models import Assessment
from aichoice.render.blocks import Block, Heading, Inline, Item, ItemList, Paragraph, Table, cells, own, said
from aichoice.render.cost_section import money
from aichoice.render.phrases import because, change_words, for_needs, verdict_cost
from aichoice.wording import SUMMARIES, TITLES, UNNAMED, lead, strongest_reasons

if TYPE_CHECKING:
    from aichoice.render import Context

PRESSING = 3  # the gaps, reasons and next steps a summary names
CHANGES = 2  # the changes of answer it names


def summary(result: Assessment, context: Context) -> list[Block]:
    """The summary section, part by part."""
    words = SUMMARIES[result.recommendation]
    return [
        Heading(2, (own("Summary"),)),
        Paragraph((own(TITLES[result.recommendation], "strong"), own(f": {words[0].lower()}{words[1:]}"))),
        _channels(result),
        _facts(result),
        *_strongest(result, context),
        *_pressing_gaps(result),
        *_would_change(result, context),
        Paragraph((own("Decisions and next steps", "strong"),)),
        ItemList(tuple(Item((said(step),)) for step in result.next_steps[:PRESSING]), "numbered"),
    ]


def _channels(result: Assessment) -> Table:
    """Each need's channel and how sure, and its monthly cost beside the other channel's when
    cost is known."""
    budget = result.budget
    parts = {part.name: part for part in budget.needs} if budget is not None else {}
    costed = budget is not None and bool(budget.needs)
    currency = budget.currency or "" if budget is not None else ""
    rows = []
    for need in result.needs:
        sure = f"{need.confidence:.0%}" + (", a close call" if need.close_call else "")
        row: list[Inline] = [
            (said(need.name if result.several else result.project or UNNAMED),),
            (own(TITLES[need.recommendation]),),
            (own(sure),),
        ]
        if costed:
            part = parts.get(need.name)
            row.append((money(currency, part.monthly if part is not None else None),))
            row.append(
                (own(f"{TITLES[part.other]}: "), money(currency, part.other_monthly))
                if part is not None and part.other is not None
                else (own("-"),)
            )
        rows.append(tuple(row))
    header = cells(
        own("Need"),
        own("Channel"),
        own("How sure"),
        *((own("Per month"), own("Other channel, per month")) if costed else ()),
    )
    return Table(header, ("left", "left", "right") + (("right", "right") if costed else ()), tuple(rows))


def _facts(result: Assessment) -> ItemList:
    """How sure the whole is, and the cost of the verdict when cost is known."""
    close = "a close call: a small change in the answers could change it" if result.close_call else "not a close call"
    facts = [Item((own("How sure:", "strong"), own(f" {result.confidence:.0%} ({lead(result)}); {close}.")))]
    if result.budget is not None:
        facts.append(
            Item(
                (
                    own("Cost:", "strong"),
                    own(" "),
                    *verdict_cost(result),
                    own(" Cost informs the decision; it does not score it. See "),
                    own("Cost per completed outcome", "em"),
                    own(" for what each figure includes."),
                )
            )
        )
    return ItemList(tuple(facts))


def _strongest(result: Assessment, context: Context) -> list[Block]:
    """The strongest reasons for the verdict, each with the answers that fired it."""
    heading = Paragraph((own("Strongest reasons", "strong"),))
    strongest = strongest_reasons(result)
    if not strongest:
        return [
            heading,
            Paragraph((own("No rule fired in favour of this option; it wins on the rule set's tie order."),)),
        ]
    several = result.several
    items = tuple(
        Item(
            (
                said(reason.text),
                own(" ("),
                *((said(need.name or UNNAMED), own("; ")) if several else ()),
                *because(reason, context),
                own(")"),
            )
        )
        for need, reason in strongest
    )
    return [heading, ItemList(items, "numbered")]


def _pressing_gaps(result: Assessment) -> list[Block]:
    """The most pressing readiness gaps and risks, with the needs each is about."""
    heading = Paragraph((own("Most pressing gaps and risks", "strong"),))
    if not result.gaps:
        return [heading, Paragraph((own("None flagged for this verdict."),))]
    items = tuple(
        Item((said(gap.title, "strong"), *for_needs(gap.needs, result.several), own(": "), said(gap.detail)))
        for gap in result.gaps[:PRESSING]
    )
    return [heading, ItemList(items)]


def _would_change(result: Assessment, context: Context) -> list[Block]:
    """The first changes of answer that would change the verdict."""
    heading = Paragraph((own("What would change it", "strong"),))
    if not result.sensitivity:
        return [heading, Paragraph((own("No single change of answer would change it."),))]
    changes = result.sensitivity[:CHANGES]
    return [heading, ItemList(tuple(Item(change_words(change, context, result.several)) for change in changes))]
