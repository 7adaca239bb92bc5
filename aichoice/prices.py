"""Prices a cost comparison can start from: chat seats from the shipped catalog, API usage from genai-prices.

Two sources, each dated:

- `seat_products()`: the public list prices of chat seats in
  `aichoice/data/seat_prices.yaml`, each with the vendor page it was read
  from, the date it was read and the words that state it (`is_old` says
  when a price was read more than a year ago).
- `model_price`, `token_cost`, `api_models`: the list prices per million
  tokens of the `genai-prices` package (maintained by Pydantic, bundled
  with the package, no network), in USD. A price that changes on a date is
  the one in force at the `when` given, so results are reproducible.

`genai_prices` costs a third of a second to import, so it is imported only
inside the functions that need it: importing this module (or the CLI) never
loads it. Pure library: nothing here prints; text from the catalog or the
package is sanitised by whoever shows it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aichoice.errors import AichoiceError, suggest_then
from aichoice.loader import Marks, describe, load_yaml, read_file, read_text

if TYPE_CHECKING:
    from types import ModuleType

    from genai_prices.types import ModelInfo, Provider

CATALOG = Path(__file__).resolve().parent / "data" / "seat_prices.yaml"
PACKAGE = "genai-prices"
API_CURRENCY = "USD"  # genai-prices prices everything in US dollars
OLD_AFTER_DAYS = 365
MAX_SEAT_PRICE = Decimal(1_000_000)

_FIELDS = ("id", "name", "vendor", "price", "currency", "billing", "source", "as_of", "quote", "note")
_OPTIONAL = frozenset({"note"})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# -- chat seats ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatProduct:
    """One chat seat on one billing basis, at its public list price.

    `price` is per seat per month, as the vendor's page writes it, in
    `currency` (an ISO 4217 code); `billing` says on what basis ("per user
    per month, billed annually"); `source` is the page's address, `as_of`
    the date it was read and `quote` the page's words that state the price.
    """

    id: str
    name: str
    vendor: str
    price: Decimal
    currency: str
    billing: str
    source: str
    as_of: datetime.date
    quote: str
    note: str | None = None


def seat_products() -> list[SeatProduct]:
    """The shipped catalog of chat seat list prices, in the catalog's order (read once, then cached).

    A malformed catalog is an AichoiceError naming the file and line.
    """
    return list(shipped_catalog())


@cache
def shipped_catalog() -> tuple[SeatProduct, ...]:
    """The shipped catalog, read once per process (a tuple: no caller can change it)."""
    return tuple(read_catalog(str(CATALOG)))


def seat_product(product_id: str) -> SeatProduct:
    """The catalog's seat product `product_id`; an unknown id is an AichoiceError with a did-you-mean."""
    products = shipped_catalog()
    for product in products:
        if product.id == product_id:
            return product
    ids = [product.id for product in products]
    raise AichoiceError(
        f"unknown seat product {product_id!r}",
        hint=suggest_then(str(product_id).lower(), ids, f"known seat products: {', '.join(ids)}"),
    )


def is_old(product: SeatProduct, today: datetime.date) -> bool:
    """Whether the product's price was read more than a year (365 days) before `today`."""
    return (today - product.as_of).days > OLD_AFTER_DAYS


def read_catalog(path: str) -> list[SeatProduct]:
    """The seat products of a catalog file (`seat_products:`, a list of entries), every mistake
    an AichoiceError at the file's line and column. `seat_products()` reads the shipped one."""
    document, marks = load_yaml(read_text(read_file(path, "seat price catalog", "the catalog"), path), path)
    if not isinstance(document, dict) or set(document) != {"seat_products"}:
        raise marks.error(
            "a seat price catalog is a mapping with one key, 'seat_products'",
            hint="seat_products: a list of entries with " + ", ".join(_FIELDS),
        )
    entries = document["seat_products"]
    if not isinstance(entries, list) or not entries:
        raise marks.error(f"'seat_products' must be a list of entries, got {describe(entries)}", ("seat_products",))
    products: list[SeatProduct] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        product = _product(entry, marks, ("seat_products", index))
        if product.id in seen:
            raise marks.error(f"seat product {product.id!r} is listed twice", ("seat_products", index, "id"))
        seen.add(product.id)
        products.append(product)
    return products


def _product(entry: Any, marks: Marks, where: tuple[Any, ...]) -> SeatProduct:
    """One catalog entry, checked field by field."""
    if not isinstance(entry, dict):
        raise marks.error(f"a seat product must be a mapping, got {describe(entry)}", where)
    for key in entry:
        if key not in _FIELDS:
            raise marks.error(
                f"unknown field {key!r} in a seat product",
                where + (key,),
                at_key=True,
                hint=suggest_then(str(key), list(_FIELDS), f"fields: {', '.join(_FIELDS)}"),
            )
    missing = [key for key in _FIELDS if key not in _OPTIONAL and key not in entry]
    if missing:
        raise marks.error(f"a seat product lacks {', '.join(repr(key) for key in missing)}", where)
    text = {key: _text(entry, key, marks, where) for key in _FIELDS if key not in ("price", "as_of")}
    if not _ID.fullmatch(text["id"]):
        raise marks.error(f"id {text['id']!r}: use lower-case letters, digits and dashes", where + ("id",))
    if not _CURRENCY.fullmatch(text["currency"]):
        raise marks.error(
            f"currency {text['currency']!r}: expected an ISO 4217 code such as USD", where + ("currency",)
        )
    if not text["source"].startswith("https://") or any(c.isspace() for c in text["source"]):
        raise marks.error("source: expected the address of the page (https://...)", where + ("source",))
    return SeatProduct(
        id=text["id"],
        name=text["name"],
        vendor=text["vendor"],
        price=_price(entry["price"], marks, where + ("price",)),
        currency=text["currency"],
        billing=text["billing"],
        source=text["source"],
        as_of=_date(entry["as_of"], marks, where + ("as_of",)),
        quote=text["quote"],
        note=text["note"] or None,
    )


def _text(entry: dict[Any, Any], key: str, marks: Marks, where: tuple[Any, ...]) -> str:
    """A text field ('' for an absent or empty optional one)."""
    value = entry.get(key)
    if value is None and key in _OPTIONAL:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise marks.error(f"{key}: expected text, got {describe(value)}", where + (key,))
    return value.strip()


def _price(value: Any, marks: Marks, where: tuple[Any, ...]) -> Decimal:
    """A price as written in the file (`19.99` is exactly 19.99), from 0 up to a bound."""
    raw = marks.raw(where)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or raw is None:
        raise marks.error(f"price: expected a number, got {describe(value)}", where)
    try:
        price = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the loader accepts only plain digits
        raise marks.error(f"price: {raw!r} is not a number", where) from None
    if not price.is_finite() or not 0 <= price < MAX_SEAT_PRICE:
        raise marks.error(f"price: expected 0 or more and below {MAX_SEAT_PRICE:,}, got {raw}", where)
    return price


def _date(value: Any, marks: Marks, where: tuple[Any, ...]) -> datetime.date:
    """A date written YYYY-MM-DD (the loader keeps a YAML date as its text)."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise marks.error(f"as_of: expected a date such as 2026-12-01, got {describe(value)}", where)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise marks.error(f"as_of: {value!r} is not a date", where) from None


# -- API usage (genai-prices) -------------------------------------------------------------------


@dataclass(frozen=True)
class ModelPrice:
    """An API model's list prices: USD per million input and output tokens (None where the
    package has no such price, as for an embedding or image model).

    For a tiered price (one that changes above a number of input tokens) the
    prices are the base tier's, and `tiered` is true.
    """

    provider: str
    model: str
    name: str | None
    input_mtok: Decimal | None
    output_mtok: Decimal | None
    currency: str = API_CURRENCY
    tiered: bool = False


def _genai() -> ModuleType:
    """The genai_prices package, imported on first use."""
    try:
        import genai_prices
    except ImportError:
        raise AichoiceError(
            f"API prices need the {PACKAGE} package, which is not installed", hint=f"pip install '{PACKAGE}>=0.1.13'"
        ) from None
    return genai_prices


def price_data() -> str:
    """Where API prices come from, with the package's version: 'genai-prices 0.2.3 (list prices)'."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{PACKAGE} {version(PACKAGE)} (list prices)"
    except PackageNotFoundError:
        raise AichoiceError(
            f"API prices need the {PACKAGE} package, which is not installed", hint=f"pip install '{PACKAGE}>=0.1.13'"
        ) from None


def providers() -> list[str]:
    """The ids of every provider genai-prices has prices for, sorted."""
    return sorted(provider.id for provider in price_providers())


def price_providers() -> list[Provider]:
    """genai-prices' providers, with their models and dated prices (its offline snapshot)."""
    providers: list[Provider] = _genai().data_snapshot.get_snapshot().providers
    return providers


def split_ref(ref: str) -> tuple[str, str]:
    """`PROVIDER:MODEL` as (provider, model); anything else is an AichoiceError."""
    provider, colon, model = str(ref).partition(":")
    provider, model = provider.strip(), model.strip()
    if colon and provider and model:
        return provider, model
    hint = "for example openai:gpt-4.1 or anthropic:claude-sonnet-4; `aichoice prices` lists the providers"
    if not colon and provider:  # a bare model name: the package may know whose it is
        try:
            found, _ = _genai().data_snapshot.get_snapshot().find_provider_model(provider, None, None, None)
        except LookupError:
            pass
        else:
            hint = f"did you mean '{found.id}:{provider}'? {hint}"
    raise AichoiceError(f"an API model is written PROVIDER:MODEL, got {str(ref)!r}", hint=hint)


def model_price(ref: str, when: datetime.datetime) -> ModelPrice:
    """The list prices of the API model `ref` (`openai:gpt-4.1`) in force at `when`
    (a naive `when` is UTC). An unknown provider or model is an AichoiceError with a did-you-mean."""
    calculation = _calculate(ref, 0, 0, when)
    return _model_price(calculation.provider, calculation.model, calculation.model_price)


def token_cost(ref: str, tokens_in: int, tokens_out: int, when: datetime.datetime) -> Decimal:
    """The exact cost in USD of one task's usage of the API model `ref` at `when`: what
    `genai_prices.calc_price` gives as `total_price` (other priced units included)."""
    total: Decimal = _calculate(ref, tokens_in, tokens_out, when).total_price
    return total


def api_models(provider: str | None = None, when: datetime.datetime | None = None) -> list[ModelPrice]:
    """Every model genai-prices knows (or one provider's), sorted by provider then model, at
    its prices in force at `when` (default: now). An unknown provider is an AichoiceError."""
    moment = _utc(when) if when is not None else datetime.datetime.now(datetime.timezone.utc)
    chosen = [_provider(provider)] if provider is not None else price_providers()
    models = [_model_price(p, model, model.get_prices(moment)) for p in chosen for model in p.models]
    return sorted(models, key=lambda m: (m.provider, m.model))


def _calculate(ref: str, tokens_in: int, tokens_out: int, when: datetime.datetime) -> Any:
    """genai_prices' PriceCalculation for one usage of `ref` at `when`."""
    for name, count in (("tokens_in", tokens_in), ("tokens_out", tokens_out)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise AichoiceError(f"{name}: expected a whole number of tokens, 0 or more, got {describe(count)}")
    provider, model = split_ref(ref)
    genai = _genai()
    try:
        return genai.calc_price(
            genai.Usage(input_tokens=tokens_in, output_tokens=tokens_out),
            model_ref=model,
            provider_id=provider,
            genai_request_timestamp=_utc(when),
        )
    except LookupError:
        raise _unknown_model(provider, model) from None


def _utc(when: datetime.datetime) -> datetime.datetime:
    if not isinstance(when, datetime.datetime):
        raise TypeError(f"expected a datetime, got {type(when).__name__}")
    return when.replace(tzinfo=datetime.timezone.utc) if when.tzinfo is None else when


def _provider(name: str) -> Provider:
    """A provider by its id (any case) or one of the names the package accepts for it."""
    try:
        provider: Provider = _genai().data_snapshot.get_snapshot().find_provider(None, str(name), None)
    except LookupError:
        raise _unknown_provider(str(name)) from None
    return provider


def _unknown_provider(name: str) -> AichoiceError:
    ids = providers()
    return AichoiceError(
        f"unknown API price provider {name!r}",
        hint=suggest_then(name.lower(), ids, f"`aichoice prices` lists the {len(ids)} providers"),
    )


def _unknown_model(provider_name: str, model: str) -> AichoiceError:
    provider = _provider(provider_name)  # an unknown provider is said as such
    refs = sorted(_model_refs(provider))
    listing = f"`aichoice prices --provider {provider.id}` lists its {len(provider.models)} models"
    return AichoiceError(
        f"unknown model {model!r} of API price provider {provider.id!r}",
        hint=suggest_then(model.lower(), refs, listing),
    )


def _model_refs(provider: Provider) -> set[str]:
    """A provider's model ids and the exact names its models are matched by (`claude-sonnet-4`)."""
    genai_types = _genai().types

    def equals(clause: Any) -> Any:
        if isinstance(clause, genai_types.ClauseEquals):
            yield clause.equals
        for sub in getattr(clause, "or_", None) or getattr(clause, "and_", None) or ():
            yield from equals(sub)

    refs: set[str] = set()
    for model in provider.models:
        refs.add(model.id)
        refs.update(str(alias).lower() for alias in equals(model.match))
    return refs


def _model_price(provider: Provider, model: ModelInfo, prices: Any) -> ModelPrice:
    """Our plain record of the package's prices (a tiered price by its base tier)."""
    tiered_type = _genai().types.TieredPrices
    values = [getattr(prices, key, None) for key in ("input_mtok", "output_mtok")]
    tiered = any(isinstance(value, tiered_type) for value in values)
    base = [value.base if isinstance(value, tiered_type) else value for value in values]
    return ModelPrice(
        provider=provider.id,
        model=model.id,
        name=model.name,
        input_mtok=base[0] if isinstance(base[0], Decimal) else None,
        output_mtok=base[1] if isinstance(base[1], Decimal) else None,
        tiered=tiered,
    )
