"""Cost per completed outcome: chat seats against API usage, the break-even volume, the budget.

The article: chat has predictable per-seat pricing; APIs are usage-based
plus build and maintenance; "the important metric is not cost per request.
It is cost per completed business outcome." The model, per month:

    chat = licences (seats x seat_price) + people's time (tasks x chat_minutes / 60 x hourly_rate)
    api  = tokens (tasks x token cost of a task) + review time (tasks x review_minutes / 60 x hourly_rate)
           + build (build_cost / months) + running costs (maintenance)

Both are straight lines in the number of tasks, so they cross at most once.
Prices come from what the user gives, a seat product of the shipped catalog
(`seat_product`), or a model's list prices from `genai-prices` (`model`).
Nothing missing counts as zero: a side that lacks an input it needs is not
computed, and says what it lacks. Sums are exact fractions (no float decides
the break-even); figures are rounded only to be shown. Every figure is in one
currency: mixing them is refused, never converted.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any

from aichoice.errors import AichoiceError
from aichoice.loader import describe

MAX_COST = 1e15  # no price, volume or count is larger; bigger numbers are mistakes
MIN_TASKS = 0.01  # a volume below this (but above 0) gives no meaningful cost per task
FIELDS_HELP = {
    "seats": "chat seats: the people handed the chat product",
    "seat_price": "price of a chat seat per month",
    "tasks": "completed tasks per month",
    "tokens_in": "input tokens per task",
    "tokens_out": "output tokens per task",
    "price_in": "price per million input tokens",
    "price_out": "price per million output tokens",
    "build_cost": "one-off cost of building the API integration",
    "months": "months over which the build cost is spread",
    "maintenance": "API running costs per month",
    "chat_minutes": "human minutes per task done through chat",
    "review_minutes": "human minutes per task reviewing API output",
    "hourly_rate": "loaded cost of an hour of that time",
}
TEXT_HELP = {
    "seat_product": "a seat product of the shipped catalog (aichoice prices)",
    "model": "PROVIDER:MODEL, whose list prices genai-prices gives (aichoice prices --provider NAME)",
    "currency": "the currency of the figures given (ISO code, e.g. USD, EUR)",
}
COST_FIELDS = tuple(FIELDS_HELP)
TEXT_FIELDS = tuple(TEXT_HELP)
ALL_FIELDS = COST_FIELDS + TEXT_FIELDS
CURRENCY = re.compile(r"[A-Za-z]{3}")  # an ISO 4217 code: it is printed in every output, so nothing else


@dataclass
class CostInputs:
    """What the comparison is given; None is not given (never zero)."""

    seats: float | None = None
    seat_price: float | None = None
    tasks: float | None = None
    tokens_in: float | None = None
    tokens_out: float | None = None
    price_in: float | None = None
    price_out: float | None = None
    build_cost: float | None = None
    months: float | None = None  # 12 when not given
    maintenance: float | None = None
    chat_minutes: float | None = None
    review_minutes: float | None = None
    hourly_rate: float | None = None
    seat_product: str | None = None
    model: str | None = None
    currency: str | None = None

    def check(self) -> None:
        """Refuse what the arithmetic cannot take: negative values, a volume of almost nothing, less than a month."""
        for name in COST_FIELDS:
            value = getattr(self, name)
            problem = None if value is None else field_problem(name, value)
            if problem is not None:
                raise AichoiceError(f"{name}: {problem}")
        if self.currency is not None and not CURRENCY.fullmatch(self.currency):
            raise AichoiceError(f"currency must be a three-letter code such as USD or EUR, got {self.currency!r}")


@dataclass
class CostLine:
    """One part of a side's cost: licences, people's time, tokens, review time, build, running costs."""

    item: str
    monthly: float
    yearly: float
    given: bool = True  # False: an optional input not given, so this line is 0 by the user's silence


@dataclass
class CostSide:
    """One delivery model's cost per month and year, per completed task, and its parts; or, when
    an input it needs is missing, which ones (and no figures)."""

    monthly: float | None
    yearly: float | None
    per_task: float | None  # None without tasks, or when not computed
    lines: list[CostLine] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class PriceSource:
    """Where a price came from: a catalog seat product or a model's list prices, with its date."""

    kind: str  # "seat product" | "model"
    id: str
    name: str
    price: str  # as a person reads it: "USD 20 per user per month, billed annually"
    source: str  # the page, or the price data ("genai-prices 0.2.3 (list prices)")
    as_of: str | None  # the date the price was read (a catalog entry), ISO
    old: bool = False  # read more than a year before this run


@dataclass
class CostResult:
    """The comparison: both sides (or the one that can be computed), which is cheaper, where they
    cross, one sentence saying so, the prices used and the chart's points."""

    currency: str
    tasks: float | None
    chat: CostSide
    api: CostSide
    cheaper: str | None  # "chat" | "api", None when a side is not computed
    break_even_tasks: float | None
    summary: str
    inputs: dict[str, float | str]  # what was given, and the prices taken from a seat product or model
    prices: list[PriceSource]
    chart: list[tuple[float, float, float]]  # (tasks, chat monthly, api monthly) across volumes; both sides only
    chart_marks: dict[str, float] = field(default_factory=dict)  # "yours", "break-even": volumes on the chart


@dataclass
class _Priced:
    """The inputs as exact fractions, with the prices a seat product or a model brought."""

    values: dict[str, Fraction | None]
    token_cost: Fraction | None  # the token cost of one task
    currency: str | None
    prices: list[PriceSource]
    inputs: dict[str, float | str]


def compare(inputs: CostInputs, today: datetime.date | None = None) -> CostResult:
    """Both sides per month, year and task, which is cheaper, the break-even volume and the chart.

    A side missing an input it needs is shown without figures, listing what it
    lacks; when neither side can be computed the comparison is refused, saying
    what each lacks. `today` dates the run (old catalog prices, price data by date).
    """
    inputs.check()
    if today is None:
        from aichoice.clock import today as run_date

        today = run_date()
    priced = _price(inputs, today)
    v = priced.values
    chat_missing = _missing(v, ["seats", "seat_price"], inputs.chat_minutes)
    api_missing = _missing(v, [], inputs.review_minutes)
    if priced.token_cost is None:  # what the token cost of a task lacks
        prices = [
            name + ("" if inputs.model else " (or model)") for name in ("price_in", "price_out") if v[name] is None
        ]
        api_missing = [name for name in ("tokens_in", "tokens_out") if v[name] is None] + prices + api_missing
    if v["tasks"] is None:
        chat_missing, api_missing = ["tasks"] + chat_missing, ["tasks"] + api_missing
    if chat_missing and api_missing:
        raise AichoiceError(
            "cannot compare costs: missing "
            + "; ".join(
                f"for {side}: {', '.join(missing)}"
                for side, missing in (("chat", chat_missing), ("the API", api_missing))
            ),
            hint="give them as flags (aichoice cost --help) or in the cost: section",
        )
    if priced.currency is None:
        raise AichoiceError(
            "cannot compare costs: missing currency (the currency of the prices given)",
            hint="give --currency USD (or EUR, ...), or take prices that carry one: --seat-product, --model",
        )
    tasks = v["tasks"] or Fraction(0)
    chat = None if chat_missing else _chat(v)
    api = None if api_missing else _api(v, priced.token_cost or Fraction(0))
    chat_side = _side(chat, tasks, chat_missing)
    api_side = _side(api, tasks, api_missing)
    break_even = _break_even(chat, api)
    cheaper = None
    if chat is not None and api is not None:
        cheaper = "api" if _total(api, tasks) < _total(chat, tasks) else "chat"  # a tie: the lighter commitment
    return CostResult(
        currency=priced.currency,
        tasks=_plain_number(tasks) if v["tasks"] is not None else None,
        chat=chat_side,
        api=api_side,
        cheaper=cheaper,
        break_even_tasks=None if break_even is None else round(float(break_even), 2),
        summary=_summary(priced.currency, tasks, chat, api, break_even, chat_missing, api_missing),
        inputs=priced.inputs,
        prices=priced.prices,
        chart=_chart_points(tasks, chat, api, break_even) if chat is not None and api is not None else [],
        chart_marks=({"yours": _plain_number(tasks)} if tasks else {})
        | ({"break-even": round(float(break_even), 2)} if break_even is not None else {}),
    )


# -- prices: given, from a seat product, from a model --------------------------------------


def _price(inputs: CostInputs, today: datetime.date) -> _Priced:
    """Exact values of the inputs, with a seat product's and a model's prices where none was given,
    and the one currency of all of them (mixing currencies is refused)."""
    values: dict[str, Fraction | None] = {name: _exact(getattr(inputs, name)) for name in COST_FIELDS}
    given = {name: _plain_number(getattr(inputs, name)) for name in ALL_FIELDS if getattr(inputs, name) is not None}
    currencies: dict[str, str] = {}
    if inputs.currency is not None:
        currencies["the currency given"] = inputs.currency.upper()
    prices: list[PriceSource] = []
    if inputs.seat_product is not None:
        from aichoice.prices import is_old, seat_product

        product = seat_product(inputs.seat_product)
        currencies[f"seat product {product.id}"] = product.currency
        if values["seat_price"] is None:
            values["seat_price"] = Fraction(product.price)
            given["seat_price"] = _plain_number(float(product.price))
        prices.append(
            PriceSource(
                "seat product",
                product.id,
                product.name,
                f"{product.currency} {product.price} {product.billing}",
                product.source,
                product.as_of.isoformat(),
                is_old(product, today),
            )
        )
    token_cost = None
    if inputs.model is not None:
        token_cost = _model_prices(inputs, values, given, prices, currencies, today)
    elif all(values[k] is not None for k in ("tokens_in", "tokens_out", "price_in", "price_out")):
        token_cost = _tokens(values)
    if len(set(currencies.values())) > 1:
        raise AichoiceError(
            "the prices are in different currencies: "
            + ", ".join(f"{where} {code}" for where, code in currencies.items())
            + "; aichoice does not convert them",
            hint="give prices in one currency (a model's list prices are USD)",
        )
    currency = next(iter(currencies.values()), None)
    return _Priced(values, token_cost, currency, prices, given)


def _model_prices(
    inputs: CostInputs,
    values: dict[str, Fraction | None],
    given: dict[str, Any],
    prices: list[PriceSource],
    currencies: dict[str, str],
    today: datetime.date,
) -> Fraction | None:
    """A model's list prices per million tokens where none was given, and the token cost of one task:
    exactly what genai-prices computes for the task's usage (explicit prices override it)."""
    from aichoice.prices import model_price, price_data, token_cost

    assert inputs.model is not None
    when = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.timezone.utc)
    price = model_price(inputs.model, when)
    currencies[f"model {inputs.model}"] = price.currency
    for name, listed in (("price_in", price.input_mtok), ("price_out", price.output_mtok)):
        if values[name] is None and listed is not None:
            values[name] = Fraction(listed)
            given[name] = _plain_number(float(listed))
    listing = f"{price.currency} {price.input_mtok} in, {price.output_mtok} out per million tokens"
    prices.append(
        PriceSource("model", f"{price.provider}:{price.model}", price.name or price.model, listing, price_data(), None)
    )
    tokens_in, tokens_out = values["tokens_in"], values["tokens_out"]
    if tokens_in is None or tokens_out is None:
        return None
    if inputs.price_in is None and inputs.price_out is None and tokens_in.denominator == tokens_out.denominator == 1:
        return Fraction(token_cost(inputs.model, int(tokens_in), int(tokens_out), when))
    if values["price_in"] is None or values["price_out"] is None:
        return None
    return _tokens(values)


def _tokens(values: dict[str, Fraction | None]) -> Fraction:
    return (
        _of(values, "tokens_in") * _of(values, "price_in") + _of(values, "tokens_out") * _of(values, "price_out")
    ) / 1_000_000


def _of(values: dict[str, Fraction | None], name: str, otherwise: int = 0) -> Fraction:
    """A value, or `otherwise` where the user gave none (for an optional part only)."""
    value = values[name]
    return Fraction(otherwise) if value is None else value


def _missing(values: dict[str, Fraction | None], needed: list[str], minutes: float | None) -> list[str]:
    """The needed inputs not given; time per task needs the hourly rate it is paid at."""
    missing = [name for name in needed if values[name] is None]
    if minutes and values["hourly_rate"] is None:
        missing.append("hourly_rate")
    return missing


# -- the two sides: fixed + per task x tasks -------------------------------------------------

_Lines = list[tuple[str, Fraction, Fraction, bool]]  # item, fixed per month, per task, given


def _chat(v: dict[str, Fraction | None]) -> _Lines:
    rate, zero = _of(v, "hourly_rate"), Fraction(0)
    return [
        ("licences", _of(v, "seats") * _of(v, "seat_price"), zero, True),
        ("people's time", zero, _of(v, "chat_minutes") / 60 * rate, v["chat_minutes"] is not None),
    ]


def _api(v: dict[str, Fraction | None], token_cost: Fraction) -> _Lines:
    rate, zero = _of(v, "hourly_rate"), Fraction(0)
    return [
        ("tokens", zero, token_cost, True),
        ("review time", zero, _of(v, "review_minutes") / 60 * rate, v["review_minutes"] is not None),
        (
            "build, spread over its months",
            _of(v, "build_cost") / _of(v, "months", 12),
            zero,
            v["build_cost"] is not None,
        ),
        ("running costs", _of(v, "maintenance"), zero, v["maintenance"] is not None),
    ]


def _total(lines: _Lines, tasks: Fraction) -> Fraction:
    return sum((fixed + per_task * tasks for _, fixed, per_task, _ in lines), Fraction(0))


def _side(lines: _Lines | None, tasks: Fraction, missing: list[str]) -> CostSide:
    if lines is None:
        return CostSide(None, None, None, [], missing)
    monthly = _total(lines, tasks)
    parts = [
        CostLine(item, _money(fixed + per_task * tasks), _money(12 * (fixed + per_task * tasks)), given)
        for item, fixed, per_task, given in lines
    ]
    return CostSide(_money(monthly), _money(12 * monthly), _money(monthly / tasks) if tasks else None, parts, [])


def _slope_and_fixed(lines: _Lines) -> tuple[Fraction, Fraction]:
    return (
        sum((per_task for _, _, per_task, _ in lines), Fraction(0)),
        sum((fixed for _, fixed, _, _ in lines), Fraction(0)),
    )


def _break_even(chat: _Lines | None, api: _Lines | None) -> Fraction | None:
    """The monthly volume at which both cost the same, exactly; None when one is cheaper at every
    volume (equal costs per task included: parallel lines never cross)."""
    if chat is None or api is None:
        return None
    (chat_slope, chat_fixed), (api_slope, api_fixed) = _slope_and_fixed(chat), _slope_and_fixed(api)
    if chat_slope == api_slope:
        return None
    crossing = (api_fixed - chat_fixed) / (chat_slope - api_slope)
    return crossing if crossing > 0 else None


def _summary(
    currency: str,
    tasks: Fraction,
    chat: _Lines | None,
    api: _Lines | None,
    break_even: Fraction | None,
    chat_missing: list[str],
    api_missing: list[str],
) -> str:
    if chat is None or api is None:
        side, other, missing = ("chat", "the API", api_missing) if api is None else ("the API", "chat", chat_missing)
        figures = chat if api is None else api
        assert figures is not None
        return (
            f"Only {side} can be costed: {_fmt(currency, _total(figures, tasks))} a month; {other} lacks "
            f"{', '.join(missing)}."
        )
    chat_total, api_total = _total(chat, tasks), _total(api, tasks)
    if not tasks:
        at = (
            f"With no tasks a month the API costs {_fmt(currency, api_total)} against {_fmt(currency, chat_total)} "
            "through chat"
        )
    else:
        at = (
            f"At {float(tasks):,.0f} tasks a month the API costs {_fmt(currency, api_total / tasks)} per completed "
            f"task against {_fmt(currency, chat_total / tasks)} through chat"
        )
    if break_even is None:
        if chat_total == api_total and _slope_and_fixed(chat) == _slope_and_fixed(api):
            return f"{at}: the same at every volume."
        side = "the API" if api_total < chat_total else "chat"
        return f"{at}; {side} is cheaper per outcome at every volume."
    above = "the API" if _slope_and_fixed(api)[0] < _slope_and_fixed(chat)[0] else "chat"
    return f"{at}; above {float(break_even):,.0f} tasks a month {above} is cheaper per outcome."


def _chart_points(
    tasks: Fraction, chat: _Lines, api: _Lines, break_even: Fraction | None, steps: int = 8
) -> list[tuple[float, float, float]]:
    """Monthly cost of both at evenly spaced volumes up to beyond both the volume and the crossing,
    and at those two volumes themselves, so that a chart can mark them."""
    top = float(max(tasks, break_even or 0)) * 1.5
    step = nice_step(top / steps)
    volumes = {_exact(step * i) or Fraction(0) for i in range(steps + 1)} | {tasks}
    if break_even is not None:
        volumes.add(Fraction(round(float(break_even), 2)).limit_denominator(100))
    return [
        (_plain_number(float(volume)), _money(_total(chat, volume)), _money(_total(api, volume)))
        for volume in sorted(volumes)
    ]


def nice_step(raw: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) at least `raw`."""
    if not raw > 0 or not math.isfinite(raw):
        return 1
    power = 10.0 ** math.floor(math.log10(raw))
    return next((m * power for m in (1, 2, 5, 10) if m * power >= raw), raw)


def _exact(value: float | Decimal | None) -> Fraction | None:
    """A number as the exact decimal it was written as (0.1 is 1/10, not the float nearest it)."""
    if value is None:
        return None
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def _money(value: Fraction) -> float:
    return round(float(value), 4)


def _plain_number(value: Any) -> Any:
    if isinstance(value, Fraction):
        value = float(value)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _fmt(currency: str, value: Fraction) -> str:
    amount = float(value)
    return f"{currency} {amount:,.2f}" if amount >= 0.01 or amount == 0 else f"{currency} {amount:.4f}"


# -- the inputs: from a `cost:` mapping, and the one rule for each number (files: cost_files.py)


def inputs_from(data: dict[str, Any], defaults: dict[str, Any] | None = None) -> CostInputs:
    """CostInputs from a `cost:` mapping (already type-checked), over `defaults`."""
    values = dict(defaults or {})
    values.update(data)
    return CostInputs(**values)


def field_problem(name: str, value: Any) -> str | None:
    """What is wrong with a number given for cost field `name`, in words, or None: the one rule
    for flags, pricing files and answers files (each adds where the number was written)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -MAX_COST < value < MAX_COST:
        return f"expected a number ({FIELDS_HELP[name]}) below {MAX_COST:,.0f}, got {describe(value)}"
    if value < 0:
        return f"cannot be negative, got {value:g}"
    if name == "months" and value < 1:
        return f"must be at least 1, got {value:g}"
    if name == "tasks" and 0 < value < MIN_TASKS:
        return f"must be 0 or at least {MIN_TASKS:g}, got {value:g}"
    return None


assert set(f.name for f in fields(CostInputs)) == set(ALL_FIELDS)
