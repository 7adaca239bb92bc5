"""The HTML report: one self-contained file to email to someone who never opens GitHub.

The same document as the markdown report (render/document.py), written as
HTML with inline CSS and the charts drawn here as inline SVG: no JavaScript,
no fonts, images or styles from the network. Light and dark colour schemes
follow the reader's setting; printing gives light, clean A4 or Letter pages.
Given the same result, questions and date, the bytes are identical.
"""

from __future__ import annotations

import itertools
from html import escape
from typing import Callable

from aichoice import sanitize
from aichoice.models import Assessment, Option, Position
from aichoice.render import Context, assert_never
from aichoice.render.blocks import (
    Beside,
    Block,
    Callout,
    CostChart,
    Document,
    Heading,
    Inline,
    ItemList,
    Paragraph,
    QuadrantChart,
    Table,
    plain,
)
from aichoice.render.charts import (
    COLOURS,
    INK,
    LABEL_FONT_PX,
    QUADRANTS,
    X_AXIS,
    Y_AXIS,
    cost_axis,
    label_em,
    shorten,
    ticks,
)
from aichoice.render.document import assessment

text = sanitize.html  # every string from an input passes it


class HtmlRenderer:
    """`--format html` and `--report PATH.html`: the report as one HTML file, dated `context.date`."""

    def render(self, result: Assessment, context: Context) -> str:
        return page(assessment(result, context))


STYLE = (
    """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --rule: #d1d9e0;
  --panel: #f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --rule: #3d444d; --panel: #151b23; }
}
html { background: var(--bg); color: var(--fg); }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial,
  sans-serif; max-width: 56rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; border-bottom: 1px solid var(--rule); padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; }
table { border-collapse: collapse; margin: .8rem 0; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid var(--rule); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
.right { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: .9em; background: var(--panel); padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
blockquote { margin: .4rem 0; padding: 0 .9rem; color: var(--muted); border-left: .25rem solid var(--rule); }
li > blockquote { margin: .15rem 0 .4rem; } li > blockquote > p { margin: 0; }  /* a reason's source, under it */
.callout { color: var(--fg); border-left-color: #D55E00; }
ul.checklist { list-style: none; padding-left: 1.2rem; }
ul.checklist input { margin: 0 .5rem 0 -1.3rem; vertical-align: middle; }
li { margin: .25rem 0; }
h1, h2, h3, p, li, figcaption, th, td { overflow-wrap: anywhere; }  /* a long name wraps, never scrolls */
figure { margin: 1rem 0; }
.beside { display: flex; flex-wrap: wrap; align-items: flex-start; column-gap: 1.5rem; }
.beside > .column { flex: 1 1 20rem; min-width: 0; }  /* side by side where the page has room */
.beside figure { margin-top: .4rem; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
svg { max-width: 100%; height: auto; color: var(--fg); }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial,
  sans-serif; fill: currentColor; }
svg text.on-colour { fill: """
    + INK
    + """; }
svg .axis { stroke: var(--muted); }
svg .grid { stroke: var(--rule); }
@page { margin: 16mm 14mm; }
@media print {
  :root { color-scheme: light; --fg: #000000; --bg: #ffffff; --muted: #444444; --rule: #bbbbbb;
    --panel: #f2f2f2; }
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.2; }
  h1 { font-size: 15pt; } h2 { font-size: 12.5pt; margin: .75rem 0 .35rem; }
  h3 { font-size: 11pt; margin: .5rem 0 .25rem; }
  li > blockquote { display: inline; margin: 0; padding: 0; border: 0; }  /* a reason's source runs on */
  li > blockquote > p { display: inline; } li > blockquote::before { content: " — "; }
  p { margin: .35rem 0; } li { margin: .05rem 0; } .beside .column p { font-size: 8pt; }
  table { margin: .4rem 0; } th, td { padding: .15rem .45rem; }
  h2:nth-of-type(2) { break-before: page; }  /* the summary alone on page one, for whoever signs */
  h2, h3 { break-after: avoid; }
  figure, li, blockquote, tr { break-inside: avoid; }  /* a long table breaks between rows, its header repeated */
  table { display: table; font-size: 8pt; }
  /* Charts as small as their 12 px text allows at 6 pt (370 and 310 units tall): a few pages. */
  figure { margin: .5rem 0; } .beside > .column { flex-basis: 0; } svg.quadrant-chart { width: auto; height: 6.6cm; }
  svg.cost-chart { width: auto; height: 5.5cm; }
}
""".strip()
)


def page(document: Document) -> str:
    """The whole report as one HTML page."""
    counter = itertools.count(1)  # chart ids: chart-1, chart-2, ... in document order
    body = "\n".join(_block(block, counter.__next__) for block in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{text(plain(document.title))}</title>\n"
        f"<style>\n{STYLE}\n</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def inline(spans: Inline) -> str:
    """A run of spans as HTML: every span's text escaped, styles as elements."""
    out = []
    for span in spans:
        value = escape(span.text, quote=True) if span.own else text(span.text)
        out.append(f"<{span.style}>{value}</{span.style}>" if span.style else value)  # strong, em, code
    return "".join(out)


def _block(block: Block, next_id: Callable[[], int]) -> str:
    match block:
        case Heading(level, words):
            return f"<h{level}>{inline(words)}</h{level}>"
        case Paragraph(words):
            return f"<p>{inline(words)}</p>"
        case Callout(words):
            return f'<blockquote class="callout"><p>{inline(words)}</p></blockquote>'
        case ItemList(items, kind):
            tag = "ol" if kind == "numbered" else "ul"
            opening = '<ul class="checklist">' if kind == "checklist" else f"<{tag}>"
            lines = [opening]
            for item in items:
                quote = f"<blockquote><p>{inline(item.quote)}</p></blockquote>" if item.quote else ""
                lines.append(f"<li>{_item_text(inline(item.text), kind == 'checklist')}{quote}</li>")
            return "\n".join(lines + [f"</{tag}>"])
        case Table(header, align, rows):
            classes = [' class="right"' if side == "right" else "" for side in align]
            head = "".join(_header_cell(inline(cell), c) for cell, c in zip(header, classes))
            body = "\n".join(
                "<tr>" + "".join(f"<td{c}>{inline(cell)}</td>" for cell, c in zip(row, classes)) + "</tr>"
                for row in rows
            )
            return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
        case QuadrantChart():
            return quadrant_svg(block, f"chart-{next_id()}")
        case CostChart():
            return cost_svg(block, f"chart-{next_id()}")
        case Beside(columns):
            return "\n".join(
                [
                    '<div class="beside">',
                    *(
                        '<div class="column">\n' + "\n".join(_block(inner, next_id) for inner in column) + "\n</div>"
                        for column in columns
                    ),
                    "</div>",
                ]
            )
        case _:
            assert_never(block)


def _item_text(words: str, checklist: bool) -> str:
    """A list item's text; in a checklist, with its box, both inside one label so that a screen
    reader names the box by its item (axe-core: a form field needs a label)."""
    return f'<label><input type="checkbox" disabled> {words}</label>' if checklist else words


def _header_cell(words: str, attributes: str) -> str:
    """A column's header cell; an empty one (the cost table's corner) is a data cell, since a
    header that names nothing is announced as nothing (axe-core: empty-table-header)."""
    return f'<th scope="col"{attributes}>{words}</th>' if words.strip() else f"<td{attributes}></td>"


def _figure(
    chart_id: str, kind: str, title: str, description: str, width: int, height: int, drawing: list[str], note: str = ""
) -> str:
    """A figure whose SVG has a title and description that screen readers announce, and an
    optional visible note under the drawing (`note`, HTML)."""
    return "\n".join(
        [
            f'<figure aria-labelledby="{chart_id}-caption">',
            f'<figcaption id="{chart_id}-caption">{text(title)}</figcaption>',
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{kind}" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
            f'<title id="{chart_id}-title">{text(title)}</title>',
            f'<desc id="{chart_id}-desc">{text(description)}</desc>',
            *drawing,
            "</svg>",
            *([f'<p class="chart-note">{note}</p>'] if note else []),
            "</figure>",
        ]
    )


# The quadrant chart: a square plot with the axis titles outside it.
Q_LEFT, Q_TOP, Q_SIZE = 40, 10, 320  # small enough that its 12 px text prints at 6 pt or more
Q_WIDTH, Q_HEIGHT = Q_LEFT + Q_SIZE + 10, Q_TOP + Q_SIZE + 40
Q_CORNERS = {1: (0.5, 0.0), 2: (0.0, 0.0), 3: (0.0, 0.5), 4: (0.5, 0.5)}  # each quadrant's top left, 0..1
LABEL_ROOM_EM = (Q_SIZE - 8) / LABEL_FONT_PX  # the widest a point's label may be: the plot, less margins
LABEL_LINE_PX = 15  # labels nearer each other than this (and side by side) would overlap


def quadrant_svg(chart: QuadrantChart, chart_id: str) -> str:
    """Conversation need (up) against capability need (across): four regions in their options'
    colours, a point per need with its label under it."""
    half = Q_SIZE / 2
    drawing = []
    for number, (title, option) in QUADRANTS.items():
        x, y = Q_LEFT + Q_CORNERS[number][0] * Q_SIZE, Q_TOP + Q_CORNERS[number][1] * Q_SIZE
        drawing.append(
            f'<g class="quadrant"><rect x="{x:g}" y="{y:g}" width="{half:g}" height="{half:g}" '
            f'fill="{COLOURS[option]}" stroke="#ffffff" stroke-width="1"/>'
            f'<text class="on-colour" x="{x + half / 2:g}" y="{y + 20:g}" text-anchor="middle" '
            f'font-weight="600">{text(title)}</text></g>'
        )
    bottom = Q_TOP + Q_SIZE
    for fx, words in ((0.25, X_AXIS[0]), (0.75, X_AXIS[1])):
        drawing.append(f'<text x="{Q_LEFT + fx * Q_SIZE:g}" y="{bottom + 20}" text-anchor="middle">{words}</text>')
    for fy, words in ((0.25, Y_AXIS[1]), (0.75, Y_AXIS[0])):
        y = Q_TOP + fy * Q_SIZE
        drawing.append(
            f'<text x="{Q_LEFT - 12}" y="{y:g}" text-anchor="middle" '
            f'transform="rotate(-90 {Q_LEFT - 12} {y:g})">{words}</text>'
        )
    described = []
    placed: list[tuple[float, float, float]] = []  # the labels drawn so far: left, right, baseline
    for spot, option in chart.points:
        drawing.append(_point(spot, placed))
        described.append(f"{spot.label}: {option.value}")  # _figure sanitises the description
    description = (
        "Four regions: chat (low capability need), both (high capability and conversation need), "
        "API (high capability need, low conversation need). Points: " + "; ".join(described) + "."
    )
    return _figure(
        chart_id, "quadrant-chart", chart.title, description, Q_WIDTH, Q_HEIGHT, drawing, _full_labels(chart)
    )


def _full_labels(chart: QuadrantChart) -> str:
    """Every point's label in full, when one had to be shortened to fit: no letter typed is lost."""
    if all(shorten(sanitize.line(spot.label), LABEL_ROOM_EM) == sanitize.line(spot.label) for spot, _ in chart.points):
        return ""
    return (
        "Points: "
        + ", ".join(f"<strong>{text(spot.label)}</strong> ({option.value})" for spot, option in chart.points)
        + "."
    )


def _point(spot: Position, placed: list[tuple[float, float, float]]) -> str:
    """A point and its label (shortened to fit the plot), centred under it unless that would
    cross the plot's edge, and moved down or up clear of the labels in `placed` (which it joins).
    Widths are label_em's upper bound, so even a row of W's stays inside."""
    x, y = Q_LEFT + spot.x * Q_SIZE, Q_TOP + (1 - spot.y) * Q_SIZE
    shown = shorten(sanitize.line(spot.label), LABEL_ROOM_EM)
    width = label_em(shown) * LABEL_FONT_PX
    anchor, left = "middle", x - width / 2
    if left < Q_LEFT + 4:
        anchor, left = "start", Q_LEFT + 4
    elif left + width > Q_LEFT + Q_SIZE - 4:
        anchor, left = "end", Q_LEFT + Q_SIZE - 4 - width
    baseline = _free_baseline(y, left, left + width, placed)
    placed.append((left, left + width, baseline))
    label_x = {"start": left, "middle": x, "end": left + width}[anchor]
    return (
        f'<g class="data-point"><circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{INK}" stroke="#ffffff" '
        f'stroke-width="1"/><text class="on-colour" x="{label_x:.1f}" y="{baseline:.1f}" '
        f'text-anchor="{anchor}">{text(shown)}</text></g>'
    )


def _free_baseline(y: float, left: float, right: float, placed: list[tuple[float, float, float]]) -> float:
    """The baseline nearest under (else over) a point at `y` where a label from `left` to `right`
    overlaps no placed label and stays inside the plot; under the point if there is none."""

    def free(baseline: float) -> bool:
        return Q_TOP + LABEL_FONT_PX <= baseline <= Q_TOP + Q_SIZE - 4 and not any(
            left < other_right and other_left < right and abs(baseline - other) < LABEL_LINE_PX
            for other_left, other_right, other in placed
        )

    for step in range(len(placed) + 1):
        for baseline in (y + 18 + step * LABEL_LINE_PX, y - 10 - step * LABEL_LINE_PX):
            if free(baseline):
                return baseline
    return y + 18


# The cost chart: axes with round ticks, a line per option, a legend, the break-even volume.
C_LEFT, C_TOP, C_WIDTH, C_HEIGHT = 70, 34, 320, 220
C_SVG_WIDTH, C_SVG_HEIGHT = C_LEFT + C_WIDTH + 30, C_TOP + C_HEIGHT + 56


def cost_svg(chart: CostChart, chart_id: str) -> str:
    """Monthly cost (up, from zero) against tasks a month (across), chat and API lines in their
    options' colours, named in a legend, with the break-even volume marked."""
    cost = chart.cost
    most = cost.chart[-1][0] or 1.0
    top, divisor, axis_title = cost_axis(cost.chart, sanitize.html(cost.currency))
    y_ticks = ticks(top / divisor)
    y_max = y_ticks[-1] * divisor or 1.0

    def at(tasks: float, money: float) -> tuple[float, float]:
        return C_LEFT + tasks / most * C_WIDTH, C_TOP + C_HEIGHT - money / y_max * C_HEIGHT

    drawing = []
    for value in y_ticks:
        _, y = at(0, value * divisor)
        drawing.append(f'<line class="grid" x1="{C_LEFT}" y1="{y:.1f}" x2="{C_LEFT + C_WIDTH}" y2="{y:.1f}"/>')
        drawing.append(f'<text x="{C_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.4g}</text>')
    for value in ticks(most, 4):
        if value > most:
            break
        x, _ = at(value, 0)
        drawing.append(
            f'<line class="axis" x1="{x:.1f}" y1="{C_TOP + C_HEIGHT}" x2="{x:.1f}" y2="{C_TOP + C_HEIGHT + 5}"/>'
        )
        drawing.append(f'<text x="{x:.1f}" y="{C_TOP + C_HEIGHT + 18}" text-anchor="middle">{value:,.0f}</text>')
    drawing.append(
        f'<line class="axis" x1="{C_LEFT}" y1="{C_TOP + C_HEIGHT}" x2="{C_LEFT + C_WIDTH}" y2="{C_TOP + C_HEIGHT}"/>'
    )
    drawing.append(f'<line class="axis" x1="{C_LEFT}" y1="{C_TOP}" x2="{C_LEFT}" y2="{C_TOP + C_HEIGHT}"/>')
    drawing.append(
        f'<text x="{C_LEFT + C_WIDTH / 2:g}" y="{C_TOP + C_HEIGHT + 40}" text-anchor="middle">Tasks a month</text>'
    )
    middle = C_TOP + C_HEIGHT / 2
    drawing.append(
        f'<text x="16" y="{middle:g}" text-anchor="middle" transform="rotate(-90 16 {middle:g})">{axis_title}</text>'
    )
    for row, (name, volume) in enumerate(cost.chart_marks.items()):  # your volume, the break-even
        if not 0 < volume <= most:
            continue
        x, _ = at(volume, 0)
        drawing.append(
            f'<line class="axis" x1="{x:.1f}" y1="{C_TOP}" x2="{x:.1f}" y2="{C_TOP + C_HEIGHT}" '
            'stroke-dasharray="4 3"/>'
        )
        left_of_line = x > C_LEFT + C_WIDTH * 0.7  # near the right edge the words go left of the line
        drawing.append(
            f'<text x="{x - 4 if left_of_line else x + 4:.1f}" y="{C_TOP + 12 + 14 * row}" '
            f'text-anchor="{"end" if left_of_line else "start"}">'
            f"{name} {volume:,.0f}</text>"
        )
    for index, (option, name) in enumerate(((Option.chat, "Chat"), (Option.api, "API"))):
        line = " ".join("{:.1f},{:.1f}".format(*at(tasks, (chat, api)[index])) for tasks, chat, api in cost.chart)
        drawing.append(
            f'<g class="line-plot-{index}"><polyline points="{line}" fill="none" '
            f'stroke="{COLOURS[option]}" stroke-width="2.5"/></g>'
        )
        legend_x = C_LEFT + C_WIDTH - 130 + index * 70
        drawing.append(
            f'<g class="legend"><line x1="{legend_x}" y1="{C_TOP - 18}" x2="{legend_x + 18}" '
            f'y2="{C_TOP - 18}" stroke="{COLOURS[option]}" stroke-width="3"/>'
            f'<text x="{legend_x + 23}" y="{C_TOP - 14}">{name}</text></g>'
        )
    description = f"Monthly cost from 0 to {most:,.0f} tasks a month. {cost.summary} Break-even: " + (
        "none." if cost.break_even_tasks is None else f"{cost.break_even_tasks:,.0f} tasks a month."
    )
    return _figure(chart_id, "cost-chart", chart.title, description, C_SVG_WIDTH, C_SVG_HEIGHT, drawing)
