"""render/charts.py: the fixed colours are readable where the charts are drawn, and the cost
axis needs no thousands separators; point labels fit the quadrant chart, whatever their length."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aichoice.models import OPTIONS, Option, Position
from aichoice.render.blocks import QuadrantChart
from aichoice.render.charts import (
    BACKGROUNDS,
    CHART_REGIONS,
    COLOURS,
    ELLIPSIS,
    INK,
    LABEL_FONT_PX,
    MERMAID_PLOT_PX,
    contrast,
    label_em,
    mermaid_point,
    mermaid_points,
    money_scale,
    shorten,
    ticks,
)
from aichoice.render.html import Q_LEFT, Q_SIZE, quadrant_svg
from aichoice.render.markdown import quadrant_chart


@pytest.mark.parametrize("background", BACKGROUNDS.values(), ids=list(BACKGROUNDS))
@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.value)
def test_each_option_colour_has_3_to_1_contrast_against_each_background(option, background: str) -> None:
    assert contrast(COLOURS[option], background) >= 3.0


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.value)
def test_text_drawn_on_an_option_colour_is_readable(option) -> None:
    assert contrast(INK, COLOURS[option]) >= 4.5


def test_every_option_has_its_own_colour() -> None:
    assert set(COLOURS) == set(OPTIONS) and len(set(COLOURS.values())) == len(OPTIONS)


def test_contrast_matches_wcag_figures() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    "top, divisor, unit",
    [
        (0, 1, ""),
        (999.99, 1, ""),
        (1000, 1e3, "thousands"),
        (160_360, 1e3, "thousands"),
        (999_999, 1e3, "thousands"),
        (2_500_000, 1e6, "millions"),
    ],
)
def test_money_scale_keeps_ticks_below_a_thousand(top: float, divisor: float, unit: str) -> None:
    assert money_scale(top) == (divisor, unit)


@pytest.mark.parametrize(
    "top, expected",
    [
        (160.36, [0, 50, 100, 150, 200]),
        (40_000, [0, 10_000, 20_000, 30_000, 40_000]),
        (0, [0, 1]),
        (7, [0, 2, 4, 6, 8]),
        (1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_ticks_are_round_and_reach_the_top(top: float, expected: list[float]) -> None:
    got = ticks(top, 4) if top == 40_000 else ticks(top)
    assert got == pytest.approx(expected)
    assert got[0] == 0 and got[-1] >= top


def test_label_width_is_an_upper_bound_for_wide_letters() -> None:
    assert label_em("W" * 70) == 70  # DejaVu Sans draws W at 0.99em, the widest common Latin capital
    assert label_em("顧客") == 2
    assert label_em("abc") == pytest.approx(1.95)


@given(st.text(min_size=1, max_size=300), st.floats(min_value=3, max_value=60))
def test_a_shortened_label_fits_and_keeps_its_start_and_end(label: str, room: float) -> None:
    shown = shorten(label, room)
    if shown == label:
        assert label_em(label) <= room
    else:
        head, tail = shown.split(ELLIPSIS, 1) if label.count(ELLIPSIS) == 0 else (shown[:1], "")
        assert label.startswith(head) and label.endswith(tail)
        assert label_em(shown) <= max(room, 3)


@pytest.mark.parametrize("label", ["Staff assistant", "W" * 70, "x" * 200, "顧客サポート" * 20])
@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.value)
@pytest.mark.parametrize("x", [0.0, 0.1, 0.46, 0.54, 0.97, 1.0])
def test_a_mermaid_label_fits_between_its_point_and_the_nearer_side(label: str, option: Option, x: float) -> None:
    shown, at = mermaid_point(label, x, option)
    (low, _), (high, _) = CHART_REGIONS[option]
    assert low <= at <= high, "the point stays in its verdict's region"
    assert label_em(shown) * LABEL_FONT_PX / 2 <= min(at, 1 - at) * MERMAID_PLOT_PX - 4


def test_a_short_label_is_never_shortened_in_mermaid() -> None:
    assert mermaid_point("Design studio writing help", 0.238, Option.chat)[0] == "Design studio writing help"


def _spot(label: str, x: float = 0.3, y: float = 0.6) -> tuple[Position, Option]:
    return Position(conversation=y, capability=x, x=x, y=y, label=label), Option.chat


def _label_spans(svg: str) -> list[tuple[float, float, float]]:
    """Each point label's left, right (by label_em's bound) and baseline in the SVG."""
    spans = []
    for x, y, anchor, words in re.findall(
        r'<g class="data-point">.*?<text [^>]*x="([\d.]+)" y="([\d.]+)" '
        r'text-anchor="(\w+)">(.*?)</text>',
        svg,
    ):
        width = label_em(words.replace("&amp;", "&")) * LABEL_FONT_PX
        left = float(x) - {"start": 0, "middle": width / 2, "end": width}[anchor]
        spans.append((left, left + width, float(y)))
    return spans


def test_svg_labels_of_any_length_stay_inside_the_plot_and_are_given_in_full() -> None:
    names = ["W" * 70, "x" * 200, "Staff assistant"]
    svg = quadrant_svg(QuadrantChart("Where", tuple(_spot(n, x) for n, x in zip(names, (0.1, 0.45, 0.2)))), "c")
    for left, right, _ in _label_spans(svg):
        assert Q_LEFT <= left and right <= Q_LEFT + Q_SIZE
    assert "W" * 70 in svg.split('<p class="chart-note">')[1], "the note under the chart names it in full"


def test_svg_labels_of_points_in_one_place_do_not_overlap() -> None:
    svg = quadrant_svg(QuadrantChart("Where", (_spot("Staff assistant"), _spot("Support bot"), _spot("Claims"))), "c")
    spans = _label_spans(svg)
    assert len({baseline for _, _, baseline in spans}) == 3
    assert '<p class="chart-note">' not in svg, "no note when every label fits"


def test_a_shortened_mermaid_label_is_named_in_full_under_the_chart() -> None:
    block = quadrant_chart(QuadrantChart("Where", (_spot("`search-api` " + "W" * 60),)))
    assert ELLIPSIS in block.split("```mermaid")[1].split("```")[0]
    assert block.endswith("Points: **\\`search-api\\` " + "W" * 60 + "** (chat).")


def test_mermaid_points_of_needs_that_sit_alike_do_not_overlap_their_labels() -> None:
    alike = [
        ("Staff assistant", 0.3, 0.6, Option.chat),
        ("Support bot", 0.3, 0.6, Option.chat),
        ("Claims", 0.31, 0.6, Option.chat),
        ("At the top", 0.25, 0.86, Option.chat),
        ("At the top too", 0.25, 0.86, Option.chat),
    ]
    placed = mermaid_points(alike)
    (_, low), (_, high) = CHART_REGIONS[Option.chat]
    assert len({y for _, _, y in placed}) == 5
    for label, x, y in placed:
        assert low <= y <= high, "each point stays in its verdict's region"
    assert [x for _, x, _ in placed] == [mermaid_point(label, x, o)[1] for label, x, _, o in alike]


def test_mermaid_points_far_apart_keep_their_places() -> None:
    apart = [("Staff assistant", 0.1, 0.6, Option.chat), ("Support bot", 0.8, 0.3, Option.api)]
    assert [y for _, _, y in mermaid_points(apart)] == [0.6, 0.3]
