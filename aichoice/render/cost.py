"""Cost comparison outputs: the terminal table and chart, the JSON contract, and the report's
cost section in markdown (built by render/cost_section.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aichoice.cost import CostResult
from aichoice.models import to_plain
from aichoice.render import Context, CostFormat, assert_never, drawn

if TYPE_CHECKING:
    from rich.console import Console
from aichoice.sanitize import terminal as clean

CHART_WIDTH, CHART_HEIGHT = 48, 10


def render_cost(result: CostResult, output: CostFormat, context: Context) -> str:
    """The comparison in one output format."""
    match output:
        case CostFormat.text:
            return drawn(draw, result, context)
        case CostFormat.json:
            from aichoice.render.json import json_text

            return json_text(to_dict(result), context.ascii_only)
        case CostFormat.markdown:  # the same section the assessment report has
            from aichoice.render.cost_section import cost_section
            from aichoice.render.markdown import write

            return write(cost_section(result))
        case _:
            assert_never(output)


def to_dict(result: CostResult) -> dict[str, Any]:
    """The JSON contract of `aichoice cost --format json` (and of `cost` in an assessment's JSON)."""
    data: dict[str, Any] = to_plain(result)
    return data


def draw(result: CostResult, console: Console) -> None:
    """A table of both sides (a side not computed says what it lacks), the breakdown, the break-even
    volume, the prices used and a small chart of cost against volume; every figure in its currency."""
    from rich.table import Table
    from rich.text import Text

    money = result.currency
    table = Table(title=f"Cost per completed outcome ({clean(money)})", title_justify="left")
    table.add_column("")
    table.add_column("per month", justify="right")
    table.add_column("per year", justify="right")
    table.add_column("per task", justify="right")
    for name, side in (("Chat", result.chat), ("API", result.api)):
        mark = " (cheaper)" if name.lower() == result.cheaper else ""
        if side.monthly is None:
            table.add_row(name, "not computed", f"lacks {', '.join(side.missing)}", "")
            continue
        table.add_row(
            name + mark,
            amount(money, side.monthly),
            amount(money, side.yearly),
            amount(money, side.per_task, 4) if side.per_task is not None else "-",
        )
        for part in side.lines:
            table.add_row(
                Text(f"  {part.item}" + ("" if part.given else " (not given)"), style="dim"),
                Text(amount(money, part.monthly), style="dim"),
                Text(amount(money, part.yearly), style="dim"),
                "",
            )
    console.print(table)
    if result.chat.monthly is not None and result.api.monthly is not None:
        even = (
            "none: one is cheaper at every volume"
            if result.break_even_tasks is None
            else f"{result.break_even_tasks:,.0f} tasks a month"
        )
        console.print(Text(f"Break-even: {even}"))
    console.print(Text(clean(result.summary)))
    for price in result.prices:
        old = " — read over a year ago: check the current price" if price.old else ""
        dated = f", as of {price.as_of}" if price.as_of else ""
        console.print(Text(clean(f"Price: {price.kind} {price.id}: {price.price} ({price.source}{dated}){old}")))
    if result.chart:
        console.print()
        for row in chart_lines(result):
            console.print(Text(row), no_wrap=True)


def amount(currency: str, value: float | None, digits: int = 2) -> str:
    """A figure with its currency: 'USD 1,234.50' (small per-task figures to `digits` places)."""
    if value is None:
        return "-"
    shown = f"{value:,.2f}" if digits == 2 or value >= 0.01 or value == 0 else f"{value:.{digits}f}"
    return f"{clean(currency)} {shown}"


def chart_lines(result: CostResult) -> list[str]:
    """Monthly cost (up) against tasks a month (across): c for chat, a for the API, * where they meet."""
    points = result.chart
    top = max(max(chat, api) for _, chat, api in points) or 1.0
    most = points[-1][0] or 1.0
    grid = [[" "] * CHART_WIDTH for _ in range(CHART_HEIGHT)]
    for column in range(CHART_WIDTH):
        tasks = most * column / (CHART_WIDTH - 1)
        chat, api = _at(points, tasks)
        for value, mark in ((chat, "c"), (api, "a")):
            row = CHART_HEIGHT - 1 - round((CHART_HEIGHT - 1) * value / top)
            grid[row][column] = "*" if grid[row][column] not in (" ", mark) else mark
    label = f"{result.currency} {top:,.0f}"
    pad = len(label)
    lines = [
        f"{label if i == 0 else '0'.rjust(pad) if i == CHART_HEIGHT - 1 else ' ' * pad} |{''.join(row)}"
        for i, row in enumerate(grid)
    ]
    lines.append(" " * pad + " +" + "-" * CHART_WIDTH)
    end = f"{most:,.0f} tasks a month"
    lines.append(" " * (pad + 2) + "0" + end.rjust(CHART_WIDTH - 1))
    lines.append(" " * (pad + 2) + "c chat   a API   * both")
    marks = "   ".join(f"{name}: {volume:,.0f} tasks" for name, volume in result.chart_marks.items())
    if marks:
        lines.append(" " * (pad + 2) + marks)
    return lines


def _at(points: list[tuple[float, float, float]], tasks: float) -> tuple[float, float]:
    """Both costs at `tasks`, between the computed points (the lines are straight)."""
    for (t0, c0, a0), (t1, c1, a1) in zip(points, points[1:]):
        if t0 <= tasks <= t1:
            share = (tasks - t0) / (t1 - t0) if t1 > t0 else 0.0
            return c0 + (c1 - c0) * share, a0 + (a1 - a0) * share
    return points[-1][1], points[-1][2]
