"""render/charts.py: the fixed colours are readable where the charts are drawn, and the cost
axis needs no thousands separators."""

from __future__ import annotations

import pytest

from aichoice.models import OPTIONS
from aichoice.render.charts import BACKGROUNDS, COLOURS, INK, contrast, money_scale, ticks


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


@pytest.mark.parametrize("top, divisor, unit", [
    (0, 1, ""), (999.99, 1, ""), (1000, 1e3, "thousands"), (160_360, 1e3, "thousands"),
    (999_999, 1e3, "thousands"), (2_500_000, 1e6, "millions"),
])
def test_money_scale_keeps_ticks_below_a_thousand(top: float, divisor: float, unit: str) -> None:
    assert money_scale(top) == (divisor, unit)


@pytest.mark.parametrize("top, expected", [
    (160.36, [0, 50, 100, 150, 200]), (40_000, [0, 10_000, 20_000, 30_000, 40_000]), (0, [0, 1]),
    (7, [0, 2, 4, 6, 8]), (1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
])
def test_ticks_are_round_and_reach_the_top(top: float, expected: list[float]) -> None:
    got = ticks(top, 4) if top == 40_000 else ticks(top)
    assert got == pytest.approx(expected)
    assert got[0] == 0 and got[-1] >= top
