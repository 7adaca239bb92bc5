"""Cost comparison outputs: the terminal table and chart, the JSON contract, and the report's
cost section in markdown (built by render/document.py)."""

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
            from aichoice.render.document import cost_section
            from aichoice.render.markdown import write

            return write(cost_section(result))
        case _:
            assert_never(output)


def to_dict(result: CostResult) -> dict[str, Any]:
    """The JSON contract of `aichoice cost --format json` (and of `cost` in an assessment's JSON)."""
    data: dict[str, Any] = to_plain(result)
    return data


def draw(result: CostResult, console: Console) -> None:
    """A table of both sides, the break-even volume, and a small chart of cost against volume."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Cost per completed outcome", title_justify="left")
    table.add_column("")
    table.add_column("per month", justify="right")
    table.add_column("per task", justify="right")
    for name, side in (("Chat", result.chat), ("API", result.api)):
        mark = " (cheaper)" if name.lower() == result.cheaper else ""
        table.add_row(name + mark, f"{side.monthly:,.2f}", f"{side.per_task:,.4g}")
    console.print(table)
    even = "none: one is cheaper at every volume" if result.break_even_tasks is None \
        else f"{result.break_even_tasks:,.0f} tasks a month"
    console.print(Text(f"Break-even: {even}"))
    console.print(Text(clean(result.summary)))
    console.print()
    for line in chart_lines(result):
        console.print(Text(line), no_wrap=True)


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
    label = f"{top:,.0f}"
    pad = len(label)
    lines = [f"{label if i == 0 else '0'.rjust(pad) if i == CHART_HEIGHT - 1 else ' ' * pad} |{''.join(row)}"
             for i, row in enumerate(grid)]
    lines.append(" " * pad + " +" + "-" * CHART_WIDTH)
    end = f"{most:,.0f} tasks a month"
    lines.append(" " * (pad + 2) + "0" + end.rjust(CHART_WIDTH - 1))
    lines.append(" " * (pad + 2) + "c chat   a API   * both")
    return lines


def _at(points: list[tuple[float, float, float]], tasks: float) -> tuple[float, float]:
    """Both costs at `tasks`, between the computed points (the lines are straight)."""
    for (t0, c0, a0), (t1, c1, a1) in zip(points, points[1:]):
        if t0 <= tasks <= t1:
            share = (tasks - t0) / (t1 - t0) if t1 > t0 else 0.0
            return c0 + (c1 - c0) * share, a0 + (a1 - a0) * share
    return points[-1][1], points[-1][2]
