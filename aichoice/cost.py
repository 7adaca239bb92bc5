"""Cost per completed outcome: chat seats against API usage, and the break-even volume.

The article: chat has predictable per-seat pricing; APIs are usage-based
plus build and maintenance; "the important metric is not cost per request.
It is cost per completed business outcome." The model, per month:

    chat = seats x seat_price + tasks x chat_minutes / 60 x hourly_rate
    api  = build_cost / months + maintenance
           + tasks x [(tokens_in x price_in + tokens_out x price_out) / 1,000,000
                      + review_minutes / 60 x hourly_rate]

Both are straight lines in the number of tasks, so they cross at most once.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from aichoice.errors import AichoiceError, AnswerError, suggest_then
from aichoice.loader import Marks, describe, load_yaml, read_file, read_text

MAX_COST = 1e15  # no price, volume or count is larger; bigger numbers are mistakes
MIN_TASKS = 0.01  # fewer completed tasks a month gives no meaningful cost per task (and can overflow it)
FIELDS_HELP = {
    "seats": "chat seats",
    "seat_price": "price of a chat seat per month",
    "tasks": "completed tasks per month",
    "tokens_in": "input tokens per task",
    "tokens_out": "output tokens per task",
    "price_in": "price per million input tokens",
    "price_out": "price per million output tokens",
    "build_cost": "one-off cost of building the API integration",
    "months": "months over which the build cost is spread",
    "maintenance": "API maintenance per month",
    "chat_minutes": "human minutes per task done through chat",
    "review_minutes": "human minutes per task reviewing API output",
    "hourly_rate": "loaded cost of an hour of that time",
}


@dataclass
class CostInputs:
    """What the comparison needs; unset values are 0 (months 12)."""

    seats: float = 0
    seat_price: float = 0
    tasks: float = 0
    tokens_in: float = 0
    tokens_out: float = 0
    price_in: float = 0
    price_out: float = 0
    build_cost: float = 0
    months: float = 12
    maintenance: float = 0
    chat_minutes: float = 0
    review_minutes: float = 0
    hourly_rate: float = 0

    def check(self) -> None:
        """Refuse what the arithmetic cannot take: negative values, no tasks, less than a month."""
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not -MAX_COST < value < MAX_COST:
                raise AichoiceError(f"{item.name} must be a number below {MAX_COST:,.0f}, got {value!r}")
            if value < 0:
                raise AichoiceError(f"{item.name} ({FIELDS_HELP[item.name]}) cannot be negative, got {value:g}")
        if self.tasks < MIN_TASKS:
            raise AichoiceError(f"tasks (completed tasks per month) must be at least {MIN_TASKS:g} to give a cost "
                                f"per task, got {self.tasks:g}")
        if self.months < 1:
            raise AichoiceError(f"months (amortisation horizon) must be at least 1, got {self.months:g}")

    # Each side is fixed + per_task x tasks.
    @property
    def chat_fixed(self) -> float:
        return self.seats * self.seat_price

    @property
    def chat_per_task(self) -> float:
        return self.chat_minutes / 60 * self.hourly_rate

    @property
    def api_fixed(self) -> float:
        return self.build_cost / self.months + self.maintenance

    @property
    def api_per_task(self) -> float:
        tokens = (self.tokens_in * self.price_in + self.tokens_out * self.price_out) / 1_000_000
        return tokens + self.review_minutes / 60 * self.hourly_rate

    def monthly(self, tasks: float) -> tuple[float, float]:
        """(chat, api) monthly cost at a volume of `tasks`."""
        return self.chat_fixed + self.chat_per_task * tasks, self.api_fixed + self.api_per_task * tasks


@dataclass
class CostSide:
    """One delivery model's cost: per month, and per completed task."""

    monthly: float
    per_task: float


@dataclass
class CostResult:
    """The comparison: both sides, which is cheaper, where they cross, and one sentence saying so."""

    chat: CostSide
    api: CostSide
    cheaper: str
    break_even_tasks: float | None
    summary: str
    inputs: dict[str, float]
    chart: list[tuple[float, float, float]]  # (tasks, chat monthly, api monthly) across volumes


def compare(inputs: CostInputs) -> CostResult:
    """Both sides per month and per task at `inputs.tasks`, which is cheaper, the break-even
    volume and the chart's points; refuses inputs that fail `CostInputs.check`."""
    inputs.check()
    chat_monthly, api_monthly = inputs.monthly(inputs.tasks)
    break_even = break_even_tasks(inputs)
    cheaper = "api" if api_monthly < chat_monthly else "chat"  # a tie goes to the lighter commitment
    return CostResult(
        chat=CostSide(monthly=_money(chat_monthly), per_task=_money(chat_monthly / inputs.tasks)),
        api=CostSide(monthly=_money(api_monthly), per_task=_money(api_monthly / inputs.tasks)),
        cheaper=cheaper,
        break_even_tasks=None if break_even is None else round(break_even, 2),
        summary=_summary(inputs, chat_monthly, api_monthly, break_even),
        inputs={k: _plain_number(v) for k, v in asdict(inputs).items()},
        chart=_chart_points(inputs, break_even),
    )


def break_even_tasks(inputs: CostInputs) -> float | None:
    """The monthly volume at which chat and API cost the same, or None when one is cheaper at every volume."""
    slope = inputs.chat_per_task - inputs.api_per_task
    if slope == 0:
        return None  # parallel lines: one is cheaper everywhere, or they are the same
    crossing = (inputs.api_fixed - inputs.chat_fixed) / slope
    return crossing if crossing > 0 else None


def _summary(inputs: CostInputs, chat: float, api: float, break_even: float | None) -> str:
    at = (f"At {inputs.tasks:,.0f} tasks a month the API costs {_fmt(api / inputs.tasks)} per completed task "
          f"against {_fmt(chat / inputs.tasks)} through chat")
    if break_even is None:
        if math.isclose(chat, api):
            return f"{at}: the same at every volume."
        side = "the API" if api < chat else "chat"
        return f"{at}; {side} is cheaper per outcome at every volume."
    above = "the API" if inputs.api_per_task < inputs.chat_per_task else "chat"
    return f"{at}; above {break_even:,.0f} tasks a month {above} is cheaper per outcome."


def _chart_points(inputs: CostInputs, break_even: float | None, steps: int = 8) -> list[tuple[float, float, float]]:
    """Monthly cost of both at evenly spaced volumes up to beyond both the volume and the crossing."""
    top = max(inputs.tasks, break_even or 0) * 1.5
    step = _nice_step(top / steps)
    points = []
    for i in range(steps + 1):
        tasks = step * i
        chat, api = inputs.monthly(tasks)
        points.append((tasks, _money(chat), _money(api)))
    return points


def _nice_step(raw: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) at least `raw`."""
    if not raw > 0 or not math.isfinite(raw):
        return 1
    power = 10.0 ** math.floor(math.log10(raw))
    return next((m * power for m in (1, 2, 5, 10) if m * power >= raw), raw)


def _money(value: float) -> float:
    return round(value, 4)


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _fmt(value: float) -> str:
    return f"{value:,.2f}" if value >= 0.01 or value == 0 else f"{value:.4f}"


def inputs_from(data: dict[str, Any], defaults: dict[str, float] | None = None) -> CostInputs:
    """CostInputs from a `cost:` mapping (already type-checked), over `defaults`."""
    values = dict(defaults or {})
    values.update(data)
    return CostInputs(**values)


COST_FIELDS = tuple(f.name for f in fields(CostInputs))


def read_cost(section: Any, marks: Marks, path: tuple[Any, ...]) -> dict[str, float]:
    """A `cost:` mapping (of an answers or pricing file): known fields only, each a number
    of 0 or more (months at least 1), each mistake located."""
    if not isinstance(section, dict):
        raise marks.error(f"'cost' must be a mapping of cost fields to numbers, got {describe(section)}",
                          path, cls=AnswerError, hint=f"fields: {', '.join(COST_FIELDS)}")
    numbers: dict[str, float] = {}
    for key, value in section.items():
        where = path + (key,)
        if key not in COST_FIELDS:
            raise marks.error(f"unknown cost field {key!r}", where, cls=AnswerError, at_key=True,
                              hint=suggest_then(str(key), list(COST_FIELDS), f"fields: {', '.join(COST_FIELDS)}"))
        value = _number(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -MAX_COST < value < MAX_COST:
            raise marks.error(f"cost.{key}: expected a number ({FIELDS_HELP[key]}) below {MAX_COST:,.0f}, "
                              f"got {describe(value)}", where, cls=AnswerError)
        if value < 0:
            raise marks.error(f"cost.{key}: cannot be negative, got {value:g}", where, cls=AnswerError)
        if key == "months" and value < 1:
            raise marks.error(f"cost.months: must be at least 1, got {value:g}", where, cls=AnswerError)
        numbers[key] = value
    return numbers


def _number(value: Any) -> Any:
    """A numeric text read as the number (`2e4`, which YAML 1.1 leaves as text, is 20000), as
    `aichoice cost --tasks 2e4` reads it; anything else as it is, for `read_cost` to refuse.
    Infinity and NaN stay text: no cost field can use them."""
    if not isinstance(value, str) or len(value) > 100:
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


PRICING_KEYS = ("label", "as_of", "cost")


def is_pricing(document: Any) -> bool:
    """Whether a YAML document is a pricing file (a `cost:` mapping, perhaps a label and date), not answers."""
    return isinstance(document, dict) and "cost" in document and set(document) <= set(PRICING_KEYS)


def read_pricing(path: str) -> dict[str, float]:
    """The `cost:` mapping of a pricing file (which may also carry a label and a date)."""
    document, marks = load_yaml(read_text(read_file(path, "pricing file", "--pricing"), path), path)
    if not isinstance(document, dict) or not isinstance(document.get("cost"), dict):
        raise marks.error("a pricing file needs a 'cost:' mapping", hint="see examples/pricing.yaml")
    for key in document:
        if key not in PRICING_KEYS:
            raise marks.error(f"unknown key {key!r} in a pricing file", (key,), at_key=True,
                              hint=f"allowed: {', '.join(PRICING_KEYS)}")
    return read_cost(document["cost"], marks, ("cost",))
