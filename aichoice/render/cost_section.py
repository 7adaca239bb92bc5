"""The report's cost section, in the document model of render/blocks.py: one need's comparison
(breakdown, break-even, chart, prices and figures), or the budget of several needs and each
need's comparison. Also `aichoice cost --format markdown`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aichoice.models import Assessment, Option
from aichoice.render.blocks import Beside, Block, CostChart, Heading, Inline, Paragraph, Span, Table, cells, own, said
from aichoice.render.charts import COLOUR_NAMES
from aichoice.wording import TITLES, UNNAMED

if TYPE_CHECKING:
    from aichoice.cost import CostResult

COST_TITLE = "Monthly cost against tasks a month"


def costs(result: Assessment, budget_words: Inline) -> list[Block]:
    """The cost section: one need's comparison; for several, the budget of the verdict (each need's
    recommended channel, beside the other channel; `budget_words` says it), then each need's own
    comparison."""
    if not result.several:
        cost = result.needs[0].cost
        return cost_section(cost) if cost is not None else []
    budget = result.budget
    assert budget is not None
    blocks: list[Block] = [
        Heading(2, (own("Cost per completed outcome"),)),
        Paragraph((own("The budget of the verdict is "), *budget_words)),
    ]
    rows = []
    for part in budget.needs:
        currency = budget.currency or ""
        rows.append(
            cells(
                said(part.name or UNNAMED),
                own(TITLES[part.channel]),
                money(currency, part.monthly),
                own(TITLES[part.other]) if part.other else own("-"),
                money(currency, part.other_monthly),
            )
        )
    if budget.monthly is not None:
        rows.append(
            cells(
                own("Budget of the verdict", "strong"),
                own(""),
                money(budget.currency or "", budget.monthly),
                own(""),
                own(""),
            )
        )
    blocks.append(
        Table(
            cells(own("Need"), own("Recommended"), own("Per month"), own("Other channel"), own("Per month")),
            ("left", "left", "right", "left", "right"),
            tuple(rows),
        )
    )
    for need in result.needs:
        if need.cost is not None:
            blocks.extend(cost_section(need.cost, (said(need.name or UNNAMED),), level=3))
    return blocks


def money(currency: str, value: float | None) -> Span:
    """An amount with its currency, or "not computed"."""
    return said(f"{currency} {value:,.2f}") if value is not None else own("not computed")


def cost_section(cost: CostResult, title: Inline = (own("Cost per completed outcome"),), level: int = 2) -> list[Block]:
    """The report's cost section (also `aichoice cost --format markdown`): the comparison, a table
    with the breakdown, the break-even volume, a chart of cost against volume marking your volume,
    the prices and the figures used. A side not computed says what it lacks."""
    currency = cost.currency
    rows = []
    for name, side in (("Chat", cost.chat), ("API", cost.api)):
        label = own(name, "strong" if name.lower() == cost.cheaper else "")
        if side.monthly is None:
            rows.append(cells(label, own("not computed"), (own("lacks "), said(", ".join(side.missing))), own("")))
            continue
        rows.append(
            cells(
                label,
                money(currency, side.monthly),
                money(currency, side.yearly),
                said(f"{currency} {side.per_task:,.4g}") if side.per_task is not None else own("-"),
            )
        )
        for line in side.lines:
            rows.append(
                cells(
                    own(f"- {line.item}" + ("" if line.given else " (not given)"), "em"),
                    money(currency, line.monthly),
                    money(currency, line.yearly),
                    own(""),
                )
            )
    figures = ", ".join(
        f"{key} {value:,}" if isinstance(value, (int, float)) else f"{key} {value}"
        for key, value in cost.inputs.items()
    )
    blocks: list[Block] = [
        Heading(level, title),
        Paragraph((said(cost.summary),)),
        Table(
            cells(own(""), own("Per month"), own("Per year"), own("Per task")),
            ("left", "right", "right", "right"),
            tuple(rows),
        ),
    ]
    words: list[Block] = []
    if cost.chart:
        even = (
            "none: one is cheaper at every volume"
            if cost.break_even_tasks is None
            else f"{cost.break_even_tasks:,.0f} tasks a month"
        )
        # Mermaid 10 draws no legend for the lines, so the words name them too.
        words.append(
            Paragraph(
                (
                    own(f"Break-even: {even}. "),
                    own(
                        f"Chat is the {COLOUR_NAMES[Option.chat]} line, the API the "
                        f"{COLOUR_NAMES[Option.api]} one; your volume and the break-even are marked "
                        "on the volume axis.",
                        "em",
                    ),
                )
            )
        )
    for price in cost.prices:
        dated = f", as of {price.as_of}" if price.as_of else ""
        old = (own(" Read over a year ago: check the current price.", "strong"),) if price.old else ()
        kind = "list price" if price.kind == "seat product" else ""
        words.append(
            Paragraph(
                (
                    own(f"Price, {price.kind} "),
                    said(price.id),
                    own(": "),
                    said(price.price),
                    own(" ("),
                    said(price.source),
                    own(f"{dated}{'; ' + kind if kind else ''})."),
                    *old,
                )
            )
        )
    words.append(Paragraph((own("The figures it uses: "), said(figures), own("."))))
    if cost.chart:
        blocks.append(Beside(((CostChart(COST_TITLE, cost),), tuple(words))))
    else:
        blocks.extend(words)
    return blocks
