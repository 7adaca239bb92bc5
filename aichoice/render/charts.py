"""What every chart shares: one colour per option, where the quadrant chart draws each case
(for mermaid and SVG alike), and the cost chart's scale and ticks.

The colours are fixed per option in every chart (mermaid in markdown, SVG in
HTML), so "Both" is the same green in the quadrant chart, the cost chart and
the portfolio pie. Each has a contrast of at least 3:1 (WCAG's figure for
graphics) against a white page, GitHub's dark page (#0d1117) and mermaid's dark
chart background (#333333); black text on each is at least 5.5:1.
tests/test_charts.py checks these figures.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from typing import NamedTuple

from aichoice.cost import nice_step
from aichoice.models import Assessment, Option, Position

COLOURS = {Option.chat: "#2E86DE", Option.api: "#D55E00", Option.both: "#1B9E77"}
COLOUR_NAMES = {Option.chat: "blue", Option.api: "vermilion", Option.both: "green"}  # for a caption
INK = "#000000"  # text and points drawn on an option's colour
BACKGROUNDS = {"light": "#ffffff", "dark": "#0d1117", "mermaid dark": "#333333"}


# The quadrant chart's regions, numbered as mermaid numbers them (1 top right, 2 top left,
# 3 bottom left, 4 bottom right): title and option. Chat's region is the whole left half
# (CHART_REGIONS), so both left quadrants are chat's.
QUADRANTS = {
    1: ("Both", Option.both),
    2: ("Chat", Option.chat),
    3: ("Start small with chat", Option.chat),
    4: ("API", Option.api),
}
X_AXIS = ("Low capability need", "High capability need")
Y_AXIS = ("Low conversation need", "High conversation need")


# The quadrant chart's layout, as fractions of its plotting area. Mermaid draws a point's
# label centred under it in 12 px type on a plot about 460 px wide: a column of text takes
# about 0.016 of the width (a wide East Asian character two columns). A label wider than
# about 56 columns cannot fit beside the edge and runs past it.
CHART_EDGE = 0.03
CHART_WIDTH_PER_COLUMN = 0.016
CHART_MAX_HALF_LABEL = 0.45
CHART_MIDLINE_GAP = 0.04
CHART_LABEL_DROP = 0.08  # a label's depth under its point (about 30 px of 460), so it stays in the region
_MID_LOW, _MID_HIGH = 0.5 - CHART_MIDLINE_GAP, 0.5 + CHART_MIDLINE_GAP
CHART_REGIONS: dict[Option, tuple[tuple[float, float], tuple[float, float]]] = {
    # (lowest x, lowest y), (highest x, highest y): y stops short of the quadrant titles at the top
    # and leaves the label, drawn under the point, room at the bottom of the region.
    Option.chat: ((0.0, CHART_LABEL_DROP), (_MID_LOW, 0.86)),
    Option.api: ((_MID_HIGH, CHART_LABEL_DROP), (1.0, _MID_LOW)),
    Option.both: ((_MID_HIGH, 0.5 + CHART_LABEL_DROP), (1.0, 0.86)),
}


def place(spot: Position, verdict: Option) -> Position:
    """Where the quadrant chart draws a case (`x`, `y`; what the JSON's position gives too): the
    measured point moved into its verdict's region (chat left, api bottom right, both top right),
    since a both verdict can rest on less than half the scale of conversation need; and far
    enough from the sides that its label, drawn centred under it, stays inside the chart."""
    low, high = CHART_REGIONS[verdict]
    half_label = min(CHART_MAX_HALF_LABEL, label_width(spot.label) * CHART_WIDTH_PER_COLUMN / 2)
    x_low, x_high = max(low[0], CHART_EDGE + half_label), min(high[0], 1 - CHART_EDGE - half_label)
    x = min(max(spot.capability, x_low), x_high)
    y = min(max(spot.conversation, low[1]), high[1])
    return dataclasses.replace(spot, x=round(x, 3), y=round(y, 3))


def placed(assessment: Assessment) -> Assessment:
    """The assessment with each need's point placed for the chart (`place`)."""
    for need in assessment.needs:
        if need.position is not None:
            need.position = place(need.position, need.recommendation)
    return assessment


def label_width(text: str) -> int:
    """Columns a label takes: two for a wide East Asian character, one for any other."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, 1 to 21."""
    low, high = sorted((luminance(first), luminance(second)))
    return (high + 0.05) / (low + 0.05)


def money_scale(top: float) -> tuple[float, str]:
    """A divisor and its name so that the largest cost on an axis stays below 1,000 units:
    mermaid prints axis ticks without thousands separators, so none are ever needed."""
    if top >= 1e6:
        return 1e6, "millions"
    if top >= 1e3:
        return 1e3, "thousands"
    return 1.0, ""


class CostAxis(NamedTuple):
    """The cost chart's vertical axis, the same in mermaid and in SVG."""

    top: float  # the largest monthly cost on the chart
    divisor: float  # costs are drawn divided by this (money_scale)
    title: str  # "Monthly cost", or "Monthly cost, thousands"


def cost_axis(points: list[tuple[float, float, float]], currency: str) -> CostAxis:
    """The axis for a CostResult's chart points (tasks, chat monthly, api monthly), in its currency."""
    top = max(max(chat, api) for _, chat, api in points)
    divisor, unit = money_scale(top)
    return CostAxis(top, divisor, f"Monthly cost, {currency}" + (f" {unit}" if unit else ""))


def volume_label(tasks: float, marks: dict[str, float]) -> str:
    """A volume on the cost chart's axis, marked when it is your volume or the break-even."""
    named = [name for name, volume in marks.items() if volume == tasks]
    return f"{tasks:,.0f}" + (f" ({' and '.join(named)})" if named else "")


def ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2 or 5 times a power of ten
    (cost.nice_step, which also spaces the cost chart's volumes)."""
    if top <= 0:
        return [0.0, 1.0]
    step = nice_step(top / count)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


# A point's label, in mermaid (its default point text size) and in the SVG, in pixels.
LABEL_FONT_PX = 12
MERMAID_PLOT_PX = 460  # the width of mermaid's four regions in its default 500-pixel chart
ELLIPSIS = "\u2026"
# Characters no wider than 0.65em in the sans-serif fonts a reader may have (DejaVu Sans, the
# widest common one, draws "d" at 0.635em); every other character is counted as 1em, wider
# than "W" (0.99em in DejaVu Sans) and as wide as a wide East Asian character, so an estimate
# is never short of what a browser draws.
_NARROW = frozenset("abcdefghijklnopqrstuvxyz0123456789 .,:;'!|()[]{}-_/\\\"`*+=?")
_NARROW_EM, _WIDE_EM = 0.65, 1.0


def label_em(label: str) -> float:
    """An upper bound of a label's drawn width, in em: labels are fitted by it, never overflow."""
    return sum(_NARROW_EM if ch in _NARROW else _WIDE_EM for ch in label)


def shorten(label: str, room_em: float) -> str:
    """The label, or its start and end around an ellipsis, no wider than `room_em`.

    The end is kept as well as the start because needs are often named alike and differ at
    the end ("Rollout 1", "Rollout 2"); the full label is given beside the chart.
    """
    if label_em(label) <= room_em:
        return label
    budget = max(room_em - _WIDE_EM, 2 * _WIDE_EM)  # the ellipsis is counted as 1em
    tail = _fit(label[::-1], budget / 3)[::-1]
    head = _fit(label, budget - label_em(tail))
    return head.rstrip() + ELLIPSIS + tail.lstrip()


def _fit(text: str, room_em: float) -> str:
    """The longest start of `text` no wider than `room_em` (at least one character)."""
    used, end = 0.0, 0
    for end, ch in enumerate(text, 1):
        used += label_em(ch)
        if used > room_em:
            return text[: max(end - 1, 1)]
    return text[:end]


MERMAID_LINE = 0.05  # a point with its label under it, as a fraction of mermaid's plot (23 of 460 px)


def mermaid_points(points: list[tuple[str, float, float, Option]]) -> list[tuple[str, float, float]]:
    """Each (label, x, y, verdict) as mermaid draws it: label and x by mermaid_point, and y moved
    down (else up) in steps of a label's line, within the verdict's region, until its label
    overlaps no label placed before it: needs that sit alike stay readable."""
    placed: list[tuple[float, float, float]] = []  # left, right, y of the labels so far, 0..1
    out = []
    for raw, x, y, option in points:
        label, x = mermaid_point(raw, x, option)
        half = label_em(label) * LABEL_FONT_PX / 2 / MERMAID_PLOT_PX
        (_, low), (_, high) = CHART_REGIONS[option]

        def free(at: float) -> bool:
            return not any(
                x - half < right and left < x + half and abs(at - other) < MERMAID_LINE - 1e-9
                for left, right, other in placed
            )

        steps = range(2 * len(placed) + 1)  # each label placed closes at most two lines
        y = next(
            (
                at
                for step in steps
                for at in (round(y - step * MERMAID_LINE, 3), round(y + step * MERMAID_LINE, 3))
                if low <= at <= high and free(at)
            ),
            y,
        )
        placed.append((x - half, x + half, y))
        out.append((label, x, y))
    return out


def mermaid_point(label: str, x: float, option: Option) -> tuple[str, float]:
    """A point's label and across-position for mermaid, which centres the label under the point.

    `place` keeps a label inside by an average letter width; by label_em's upper
    bound the point moves inward, within its verdict's region, until the label fits, and a label
    too long for any place there is shortened to the room between the point and the nearer side.
    """
    (low, _), (high, _) = CHART_REGIONS[option]
    half = (label_em(label) * LABEL_FONT_PX / 2 + 4) / MERMAID_PLOT_PX
    least, most = max(low, half), min(high, 1 - half)
    least, most = math.ceil(least * 1000) / 1000, math.floor(most * 1000) / 1000  # as written, to 3 places
    if least <= most:
        x = min(max(round(x, 3), least), most)
    else:  # the region's side nearest the middle leaves the most room
        x = high if high <= 0.5 else low
    room_px = 2 * min(x, 1 - x) * MERMAID_PLOT_PX - 8
    return shorten(label, room_px / LABEL_FONT_PX), x
