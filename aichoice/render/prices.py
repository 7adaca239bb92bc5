"""`aichoice prices`: the seat catalog and the API prices, as Rich tables or as JSON.

Every text from the catalog or the price package passes the terminal
sanitiser before it is drawn. In JSON, prices are numbers (a whole price an
integer, any other a float of its exact decimal; all are finite), dates are
ISO 8601 text, and the API prices are USD per million tokens.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from aichoice.render import Context, PricesFormat, assert_never, drawn, report_date

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from aichoice.prices import ModelPrice, SeatProduct


class _View:
    """What the text view draws."""

    def __init__(
        self,
        products: list[SeatProduct],
        models: list[ModelPrice],
        provider: str | None,
        today: datetime.date,
        source: str,
    ) -> None:
        self.products, self.models, self.provider, self.today, self.source = products, models, provider, today, source


def render_prices(
    products: list[SeatProduct],
    models: list[ModelPrice],
    output: PricesFormat,
    context: Context,
    provider: str | None = None,
) -> str:
    """The seat products and API model prices in one output format.

    `context.date` (YYYY-MM-DD, today if empty) is the day a seat price is
    judged old against. The text view lists `models` one by one when they are
    the models of `provider`; without one it counts them per provider.
    """
    from aichoice.prices import price_data

    today = datetime.date.fromisoformat(context.date or report_date())
    match output:
        case PricesFormat.text:
            return drawn(draw, _View(products, models, provider, today, price_data()), context)
        case PricesFormat.json:
            from aichoice.render.json import json_text

            return json_text(to_dict(products, models, today), context.ascii_only)
        case _:
            assert_never(output)


def to_dict(products: list[SeatProduct], models: list[ModelPrice], today: datetime.date) -> dict[str, Any]:
    """The JSON contract of `aichoice prices --format json`."""
    from aichoice.prices import API_CURRENCY, is_old, price_data

    return {
        "seat_products": [
            {
                "id": p.id,
                "name": p.name,
                "vendor": p.vendor,
                "price": number(p.price),
                "currency": p.currency,
                "billing": p.billing,
                "source": p.source,
                "as_of": p.as_of.isoformat(),
                "old": is_old(p, today),
                "quote": p.quote,
                "note": p.note,
            }
            for p in products
        ],
        "api_prices": {
            "source": price_data(),
            "currency": API_CURRENCY,
            "unit": "per million tokens",
            "models": [
                {
                    "provider": m.provider,
                    "model": m.model,
                    "name": m.name,
                    "input_mtok": number(m.input_mtok),
                    "output_mtok": number(m.output_mtok),
                    "currency": m.currency,
                    "tiered": m.tiered,
                }
                for m in models
            ],
        },
    }


def number(value: Decimal | None) -> int | float | None:
    """A price as a JSON number: an integer when whole, else the nearest float; None stays null
    (and so would a value that is not finite, which no catalog or package price is)."""
    if value is None or not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def money(value: Decimal) -> str:
    """A seat price for reading: 20, 19.99, 3,250."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def per_mtok(value: Decimal | None) -> str:
    """A token price as the package states it, without exponent or trailing zeros ('-' if none)."""
    if value is None:
        return "-"
    text = format(value.normalize(), "f")
    return text if value.is_finite() else "-"


def draw(view: _View, console: Console) -> None:
    """The seat table, then the API prices: counted per provider, or one provider's models."""
    from rich import box
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    from aichoice.prices import API_CURRENCY, is_old
    from aichoice.sanitize import terminal as clean

    seats = Table(
        title="Chat seats: public list prices (they vary by region and contract)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    seats.add_column("id", style="cyan", no_wrap=True)
    seats.add_column("product", ratio=1, min_width=10, overflow="fold")
    seats.add_column("price", justify="right", no_wrap=True)
    seats.add_column("billing", ratio=1, min_width=10, overflow="fold")
    stale_ids = {product.id for product in view.products if is_old(product, view.today)}
    seats.add_column("as of", no_wrap=True, min_width=10)
    for product in view.products:
        stale = product.id in stale_ids
        as_of = Text(product.as_of.isoformat())
        if stale:
            as_of.append("\nold", style="bold yellow")
        seats.add_row(
            Text(clean(product.id)),
            Text(clean(product.name)),
            Text(clean(f"{product.currency} {money(product.price)}")),
            Text(clean(product.billing)),
            as_of,
        )
    console.print(seats)
    if stale_ids:
        console.print(Text("old: read more than a year ago; check the vendor's page before relying on it."))
    console.print(Text("Each price's source page, quote and notes: aichoice prices --format json"))
    console.print()
    source = clean(view.source)
    if view.provider is None:
        counts: dict[str, int] = {}
        for model in view.models:
            counts[model.provider] = counts.get(model.provider, 0) + 1
        console.print(
            Text(
                f"API prices: {source}, {API_CURRENCY} per million tokens; {len(view.models):,} models "
                f"from {len(counts)} providers:"
            )
        )
        console.print(
            Columns(
                [Text(f"{clean(name)} {count:,}", no_wrap=True) for name, count in sorted(counts.items())],
                padding=(0, 3),
                column_first=True,
            )
        )
        console.print(Text("One provider's models and prices: aichoice prices --provider NAME"))
        return
    name = view.models[0].provider if view.models else view.provider  # as the package spells it
    table = Table(
        title=f"API prices of {clean(name)}: per million tokens, from {source}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    table.add_column("model", style="cyan", overflow="fold")
    table.add_column("name", ratio=1)
    table.add_column("input", justify="right", no_wrap=True)
    table.add_column("output", justify="right", no_wrap=True)
    table.add_column("currency", no_wrap=True)
    for model in view.models:
        mark = " *" if model.tiered else ""
        table.add_row(
            Text(clean(model.model)),
            Text(clean(model.name or "")),
            Text(per_mtok(model.input_mtok) + mark),
            Text(per_mtok(model.output_mtok) + mark),
            Text(clean(model.currency)),
        )
    console.print(table)
    if any(model.tiered for model in view.models):
        console.print(Text("* the base tier: the price changes above a number of input tokens"))
    if not view.models:
        console.print(Text(f"{clean(name)}: no models listed"))
