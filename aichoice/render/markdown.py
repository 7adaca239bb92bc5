"""The markdown report: pasted into a design doc, a pull request or an ADR.

The report document (render/document.py) written as GitHub- and
GitLab-flavoured markdown only: pipe tables, task lists, mermaid charts in the
fixed colours of render/charts.py, no raw HTML. Given the same result,
questions and date, the output is byte-identical.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from aichoice import sanitize
from aichoice.gate import Gate
from aichoice.models import Assessment, Option
from aichoice.render import Context, assert_never
from aichoice.render.blocks import (
    Beside,
    Block,
    Callout,
    CostChart,
    Heading,
    Inline,
    ItemList,
    Paragraph,
    QuadrantChart,
    Table,
)
from aichoice.render.charts import (
    COLOURS,
    INK,
    QUADRANTS,
    X_AXIS,
    Y_AXIS,
    cost_axis,
    mermaid_points,
    volume_label,
)
from aichoice.render.document import assessment
from aichoice.wording import TITLES, UNNAMED, in_favour

md = sanitize.markdown  # every string from an input passes it


class MarkdownRenderer:
    """`--format markdown` and `--report`: the report, dated `context.date`."""

    def render(self, assessment: Assessment, context: Context) -> str:
        return report(assessment, context)


def report(result: Assessment, context: Context) -> str:
    """The whole report as one markdown string."""
    return write(assessment(result, context).blocks)


def write(blocks: Iterable[Block]) -> str:
    """Blocks as markdown, one blank line between them."""
    return "\n\n".join(_block(block) for block in blocks) + "\n"


def inline(spans: Inline) -> str:
    """A run of spans as markdown: input text escaped, styles as markup."""
    out = []
    for span in spans:
        text = span.text if span.own or span.style == "code" else md(span.text)
        out.append({"": text, "strong": f"**{text}**", "em": f"*{text}*", "code": f"`{text}`"}[span.style])
    return "".join(out)


def _block(block: Block) -> str:
    match block:
        case Heading(level, text):
            return "#" * level + " " + inline(text)
        case Paragraph(text):
            return inline(text)
        case Callout(text):
            return "> " + inline(text)
        case ItemList(items, kind):
            lines = []
            for index, item in enumerate(items, 1):
                marker = f"{index}. " if kind == "numbered" else "- [ ] " if kind == "checklist" else "- "
                lines.append(marker + inline(item.text))
                if item.quote:  # indented to stay inside the list item
                    lines.append(" " * len(marker) + "> " + inline(item.quote))
            return "\n".join(lines)
        case Table(header, align, rows):
            lines = [
                _cells(inline(cell) for cell in header),
                _cells("---:" if side == "right" else "---" for side in align),
            ]
            lines += [_cells(inline(cell) for cell in row) for row in rows]
            return "\n".join(lines)
        case QuadrantChart():
            return quadrant_chart(block)
        case CostChart():
            return cost_chart(block)
        case Beside(columns):
            return write(block for column in columns for block in column).rstrip("\n")
        case _:
            assert_never(block)


def _cells(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def mermaid_init(variables: dict[str, Any]) -> str:
    """Mermaid's init directive setting theme variables: the fixed colours, whatever the theme."""
    return "%%{init: " + json.dumps({"themeVariables": variables}, sort_keys=True) + "}%%"


def quadrant_chart(chart: QuadrantChart) -> str:
    """A mermaid quadrant chart: each region in its option's colour, a point per need with a
    quoted, sanitised label."""
    colours = {f"quadrant{n}Fill": COLOURS[option] for n, (_, option) in QUADRANTS.items()}
    colours |= {f"quadrant{n}TextFill": INK for n in QUADRANTS}
    colours |= {
        "quadrantPointFill": INK,
        "quadrantPointTextFill": INK,
        "quadrantInternalBorderStrokeFill": "#ffffff",
        "quadrantExternalBorderStrokeFill": "#ffffff",
    }
    lines = [
        "```mermaid",
        mermaid_init(colours),
        "quadrantChart",
        f"    title {chart.title}",
        f"    x-axis {X_AXIS[0]} --> {X_AXIS[1]}",
        f"    y-axis {Y_AXIS[0]} --> {Y_AXIS[1]}",
    ]
    lines += [f"    quadrant-{n} {title}" for n, (title, _) in QUADRANTS.items()]
    placed = mermaid_points([(sanitize.line(spot.label), spot.x, spot.y, option) for spot, option in chart.points])
    lines += [f"    {sanitize.mermaid(label)}: [{x:.3f}, {y:.3f}]" for label, x, y in placed]
    return "\n".join(lines + ["```"]) + _full_labels(chart, [label for label, _, _ in placed])


def _full_labels(chart: QuadrantChart, shown: list[str]) -> str:
    """When a label had to be shortened to fit the chart, a line under it naming every point in
    full with its verdict, so no letter typed is lost; nothing when every label fits."""
    if all(label == sanitize.line(spot.label) for label, (spot, _) in zip(shown, chart.points)):
        return ""
    named = ", ".join(f"**{md(spot.label)}** ({option.value})" for spot, option in chart.points)
    return f"\n\nPoints: {named}."


def cost_chart(chart: CostChart) -> str:
    """A mermaid xychart of monthly cost against tasks a month: a named line per option (so
    mermaid draws a legend), axis titles, zero on the cost axis, thousands separators."""
    points = chart.cost.chart
    top, divisor, title = cost_axis(points, chart.cost.currency)  # three letters: cost.CURRENCY
    palette = f"{COLOURS[Option.chat]}, {COLOURS[Option.api]}"
    xs = ", ".join(f'"{volume_label(tasks, chart.cost.chart_marks)}"' for tasks, _, _ in points)
    return "\n".join(
        [
            "```mermaid",
            mermaid_init({"xyChart": {"plotColorPalette": palette}}),
            "xychart-beta",
            f'    title "{chart.title}"',
            f'    x-axis "Tasks a month" [{xs}]',
            f'    y-axis "{title}" 0 --> {max(top / divisor, 1):.2f}',
            f'    line "Chat" [{", ".join(f"{chat / divisor:.2f}" for _, chat, _ in points)}]',
            f'    line "API" [{", ".join(f"{api / divisor:.2f}" for _, _, api in points)}]',
            "```",
        ]
    )


def pie_chart(title: str, counts: list[tuple[Option, int]]) -> str:
    """A mermaid pie with a slice per option, each in its option's colour.

    Mermaid gives slices the colours pie1, pie2, ... in order: the order written
    in mermaid 11 and 12, largest first in mermaid 10. Slices are written largest
    first (ties in the options' order), so both orders agree.
    """
    present = sorted(((option, count) for option, count in counts if count), key=lambda pair: -pair[1])
    colours = {f"pie{n}": COLOURS[option] for n, (option, _) in enumerate(present, 1)}
    colours |= {
        "pieOpacity": "1",
        "pieSectionTextColor": INK,
        "pieStrokeColor": "#ffffff",
        "pieOuterStrokeColor": "#ffffff",
    }
    # The counts go in the labels, with separators: mermaid's showData prints 12345 without them.
    lines = ["```mermaid", mermaid_init(colours), f"pie title {title}"]
    lines += [f'    "{TITLES[option]} ({count:,})" : {count}' for option, count in present]
    return "\n".join(lines + ["```"])


def summary(result: Assessment, gate: Gate | None = None, top: int = 3) -> str:
    """A short block for a CI job summary (GITHUB_STEP_SUMMARY): the verdict and how sure, the gate's
    outcome when `--expect` was given, the channel map, and each need's strongest reasons."""
    name = f" · {md(result.project)}" if result.project else ""
    close = " · **close call**" if result.close_call else ""
    lines = [
        f"### aichoice{name}: {TITLES[result.recommendation]}",
        "",
        f"Confidence {result.confidence:.0%}{close} · rule set {md(result.ruleset['name'])} "
        f"{md(result.ruleset['version'])}",
        "",
    ]
    if gate is not None:
        expected = ", ".join(md(e.describe()) for e in gate.expectations)
        if gate.passed:
            lines += [f"**Gate passed**: expected {expected}.", ""]
        else:
            lines += ["**Gate failed**:", ""] + [f"- {md(drift.message())}" for drift in gate.drifts] + [""]
    lines += ["| Need | Channel | Confidence |", "| --- | --- | ---: |"]
    lines += [
        f"| {md(need.name or UNNAMED)} | {TITLES[need.recommendation]} | {need.confidence:.0%} |"
        for need in result.needs
    ]
    lines.append("")
    for need in result.needs:
        whose = f"**{md(need.name or UNNAMED)}**: " if result.several else ""
        for reason in in_favour(need)[:top]:
            lines.append(f"- {whose}{md(reason.text)} ({reason.supports.value} +{reason.weight:g})")
    return "\n".join(lines) + "\n\n"
