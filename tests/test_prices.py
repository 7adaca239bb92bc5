"""Prices: the shipped seat catalog, API prices from genai-prices, and `aichoice prices`.

Expected API prices are computed here with genai_prices itself (0.2.x on
Python 3.11+, 0.1.13 on 3.10: the data differ), at a fixed time, for models
both versions have.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from aichoice import prices
from aichoice.cli import app
from aichoice.errors import AichoiceError
from aichoice.prices import ModelPrice, SeatProduct
from aichoice.render import Context, PricesFormat
from aichoice.render.prices import number, render_prices

WHEN = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
REFS = ["openai:gpt-4.1", "anthropic:claude-sonnet-4"]
# The vendors' own sites: the catalog cites no third-party page.
VENDOR_HOSTS = {
    "OpenAI": {"help.openai.com"},
    "Anthropic": {"support.claude.com", "support.anthropic.com"},
    "Perplexity": {"intercom.help"},  # Perplexity's help centre
    "GitHub": {"docs.github.com"},
}


def genai_calc(ref: str, tokens_in: int, tokens_out: int):  # the package, called directly
    from genai_prices import Usage, calc_price

    provider, _, model = ref.partition(":")
    return calc_price(
        Usage(input_tokens=tokens_in, output_tokens=tokens_out),
        model_ref=model,
        provider_id=provider,
        genai_request_timestamp=WHEN,
    )


def spelled(price: Decimal) -> str:
    """A price as a page writes it: 20, 3,250, 19.99."""
    return f"{price:,.0f}" if price == price.to_integral_value() else f"{price:,.2f}"


# -- the seat catalog ------------------------------------------------------------------------------


def test_catalog_entries_are_complete_and_sourced() -> None:
    products = prices.seat_products()
    assert len(products) >= 8
    assert len({p.id for p in products}) == len(products)
    for product in products:
        assert isinstance(product, SeatProduct)
        assert product.id and product.name and product.vendor and product.billing and product.quote, product
        assert isinstance(product.price, Decimal) and product.price > 0, product.id
        assert product.currency == "USD", product.id
        assert "per month" in product.billing, product.id
        assert product.source.startswith("https://"), product.id
        assert urlsplit(product.source).hostname in VENDOR_HOSTS[product.vendor], product.id
        assert isinstance(product.as_of, datetime.date) and product.as_of == datetime.date(2026, 12, 1)
        assert f"${spelled(product.price)}" in product.quote or f"{spelled(product.price)} USD" in product.quote, (
            product.id
        )
        assert product.note is None or product.note.strip() == product.note


def test_catalog_leaves_out_third_party_and_unpriced_seats() -> None:
    ids = {p.id for p in prices.seat_products()}
    assert not any(i.startswith("microsoft") for i in ids)  # a third-party price, and a seat with none
    assert not any("enterprise" in i and i.startswith(("chatgpt", "claude")) for i in ids)  # no public price
    assert {"chatgpt-business", "chatgpt-business-monthly", "claude-team-standard"} <= ids


def test_the_claude_caveat_is_kept() -> None:
    for product in prices.seat_products():
        if product.vendor == "Anthropic":
            assert product.note and product.note.startswith("Possibly out of date"), product.id


def test_catalog_is_read_once_and_callers_cannot_change_it() -> None:
    first = prices.seat_products()
    first.clear()
    assert prices.seat_products() == prices.seat_products() != []
    assert prices.shipped_catalog.cache_info().hits >= 2


def test_seat_product_by_id() -> None:
    product = prices.seat_product("chatgpt-business")
    assert (product.price, product.currency, product.billing) == (
        Decimal(20),
        "USD",
        "per user per month, billed annually",
    )
    assert prices.seat_product("chatgpt-business-monthly").price == Decimal(25)


def test_unknown_seat_product_has_a_did_you_mean() -> None:
    with pytest.raises(AichoiceError) as caught:
        prices.seat_product("chatgpt-busines")
    assert caught.value.message == "unknown seat product 'chatgpt-busines'"
    assert caught.value.hint.startswith("did you mean 'chatgpt-business'? known seat products: chatgpt-business, ")
    assert "github-copilot-enterprise" in caught.value.hint


@pytest.mark.parametrize(("days", "old"), [(-1, False), (0, False), (365, False), (366, True), (5000, True)])
def test_is_old_after_365_days(days: int, old: bool) -> None:
    product = prices.seat_product("github-copilot-business")
    assert prices.is_old(product, product.as_of + datetime.timedelta(days=days)) is old


GOOD_ENTRY = """\
seat_products:
  - id: a-seat
    name: A seat
    vendor: Someone
    price: 19.99
    currency: EUR
    billing: per user per month
    source: https://example.com/pricing
    as_of: 2026-12-01
    quote: "19.99 EUR per user per month"
"""


def test_read_catalog_keeps_the_price_as_written(tmp_path: Path) -> None:
    path = tmp_path / "seats.yaml"
    path.write_text(GOOD_ENTRY, encoding="utf-8")
    [product] = prices.read_catalog(str(path))
    assert product.price == Decimal("19.99") and product.as_of == datetime.date(2026, 12, 1)
    assert product.note is None and product.currency == "EUR"


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("    price: 19.99\n", "    price: '19.99'\n", 5, "price: expected a number"),
        ("    price: 19.99\n", "    price: -1\n", 5, "expected 0 or more"),
        ("    as_of: 2026-12-01\n", "    as_of: 2026-13-01\n", 9, "is not a date"),
        ("    as_of: 2026-12-01\n", "    as_of: December 2026\n", 9, "expected a date"),
        ("    currency: EUR\n", "    currency: euro\n", 6, "ISO 4217"),
        ("    source: https://example.com/pricing\n", "    source: http://example.com/pricing\n", 8, "https://"),
        ("  - id: a-seat\n", "  - id: A Seat\n", 2, "lower-case"),
        ('    quote: "19.99 EUR per user per month"\n', "", 2, "lacks 'quote'"),
        ("    vendor: Someone\n", "    vendor: Someone\n    vendr: x\n", 5, "did you mean 'vendor'?"),
        ("seat_products:\n", "seat_product:\n", 1, "one key, 'seat_products'"),
    ],
)
def test_a_malformed_catalog_names_the_file_and_line(tmp_path: Path, old: str, new: str, line: int, words: str) -> None:
    path = tmp_path / "seats.yaml"
    assert old in GOOD_ENTRY
    path.write_text(GOOD_ENTRY.replace(old, new), encoding="utf-8")
    with pytest.raises(AichoiceError) as caught:
        prices.read_catalog(str(path))
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert words in str(caught.value)


def test_a_catalog_lists_an_id_once(tmp_path: Path) -> None:
    path = tmp_path / "seats.yaml"
    path.write_text(GOOD_ENTRY + GOOD_ENTRY.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(AichoiceError, match="'a-seat' is listed twice") as caught:
        prices.read_catalog(str(path))
    assert caught.value.line == 11


# -- API prices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", REFS)
def test_model_price_is_the_packages(ref: str) -> None:
    expected = genai_calc(ref, 0, 0)
    got = prices.model_price(ref, WHEN)
    assert got == ModelPrice(
        provider=expected.provider.id,
        model=expected.model.id,
        name=expected.model.name,
        input_mtok=expected.model_price.input_mtok,
        output_mtok=expected.model_price.output_mtok,
        currency="USD",
        tiered=False,
    )
    assert isinstance(got.input_mtok, Decimal)


def test_model_price_of_gpt_4_1() -> None:
    got = prices.model_price("openai:gpt-4.1", WHEN)
    assert (got.provider, got.model, got.input_mtok, got.output_mtok) == ("openai", "gpt-4.1", Decimal(2), Decimal(8))
    assert prices.model_price("anthropic:claude-sonnet-4", WHEN).model == "claude-sonnet-4-0"  # by its alias


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize(("tokens_in", "tokens_out"), [(1500, 500), (0, 0), (1, 1), (123_457, 9_999)])
def test_token_cost_is_the_packages_total_exactly(ref: str, tokens_in: int, tokens_out: int) -> None:
    cost = prices.token_cost(ref, tokens_in, tokens_out, WHEN)
    assert isinstance(cost, Decimal)
    assert cost == genai_calc(ref, tokens_in, tokens_out).total_price


def test_token_cost_of_gpt_4_1() -> None:
    assert prices.token_cost("openai:gpt-4.1", 1500, 500, WHEN) == Decimal("0.007")


def test_a_naive_time_is_utc() -> None:
    naive = WHEN.replace(tzinfo=None)
    assert prices.token_cost("openai:gpt-4.1", 1000, 1000, naive) == prices.token_cost(
        "openai:gpt-4.1", 1000, 1000, WHEN
    )


@pytest.mark.parametrize(("count", "name"), [(-1, "tokens_in"), (1.5, "tokens_in"), (True, "tokens_in")])
def test_token_counts_are_whole_numbers(count, name: str) -> None:
    with pytest.raises(AichoiceError, match=name):
        prices.token_cost("openai:gpt-4.1", count, 1, WHEN)


def test_a_tiered_price_is_its_base_tier() -> None:
    from genai_prices import types

    for model in prices.api_models(when=WHEN):
        if model.tiered:
            break
    else:
        pytest.skip("no tiered price in this genai-prices")
    info = next(m for p in prices.price_providers() if p.id == model.provider for m in p.models if m.id == model.model)
    raw = info.get_prices(WHEN)
    values = [getattr(raw, key) for key in ("input_mtok", "output_mtok")]
    assert any(isinstance(v, types.TieredPrices) for v in values)
    assert [model.input_mtok, model.output_mtok] == [v.base if isinstance(v, types.TieredPrices) else v for v in values]


@pytest.mark.parametrize(
    ("ref", "message", "hint"),
    [
        ("anthropc:claude-sonnet-4", "unknown API price provider 'anthropc'", "did you mean 'anthropic'?"),
        ("openai:gpt4.1", "unknown model 'gpt4.1' of API price provider 'openai'", "did you mean 'gpt-4.1'?"),
        (
            "anthropic:claude-sonet-4",
            "unknown model 'claude-sonet-4' of API price provider 'anthropic'",
            "did you mean 'claude-sonnet-4'?",
        ),
        ("gpt-4.1", "an API model is written PROVIDER:MODEL, got 'gpt-4.1'", "did you mean 'openai:gpt-4.1'?"),
        ("openai:", "an API model is written PROVIDER:MODEL, got 'openai:'", "for example openai:gpt-4.1"),
    ],
)
def test_unknown_provider_or_model_has_a_did_you_mean(ref: str, message: str, hint: str) -> None:
    for call in (lambda: prices.model_price(ref, WHEN), lambda: prices.token_cost(ref, 10, 10, WHEN)):
        with pytest.raises(AichoiceError) as caught:
            call()
        assert caught.value.message == message
        assert caught.value.hint.startswith(hint), caught.value.hint


def test_api_models_sorted_and_by_provider() -> None:
    every = prices.api_models(when=WHEN)
    assert every == sorted(every, key=lambda m: (m.provider, m.model))
    assert {m.provider for m in every} == set(prices.providers())
    openai = prices.api_models("openai", when=WHEN)
    assert openai == [m for m in every if m.provider == "openai"]
    assert prices.model_price("openai:gpt-4.1", WHEN) in openai
    assert prices.api_models("OpenAI", when=WHEN) == openai
    assert all(m.currency == "USD" for m in every)


def test_api_models_unknown_provider() -> None:
    with pytest.raises(AichoiceError) as caught:
        prices.api_models("opena")
    assert caught.value.message == "unknown API price provider 'opena'"
    assert caught.value.hint.startswith("did you mean 'openai'? `aichoice prices` lists the ")


def test_providers_and_price_data() -> None:
    import genai_prices

    ids = prices.providers()
    assert ids == sorted(ids) and {"openai", "anthropic"} <= set(ids)
    assert prices.price_data() == f"genai-prices {genai_prices.__version__} (list prices)"


# -- rendering -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal(20), 20), (Decimal("19.99"), 19.99), (Decimal("0.10"), 0.1), (Decimal("2.0"), 2), (None, None)],
)
def test_prices_are_json_numbers(value, expected) -> None:
    got = number(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("output", list(PricesFormat))
def test_every_format_renders(output: PricesFormat) -> None:
    models = prices.api_models("openai", when=WHEN)
    text = render_prices(prices.seat_products(), models, output, Context(date="2026-12-01"), "openai")
    assert "chatgpt-business" in text and "gpt-4.1" in text


HOSTILE = "Evil\x1b]52;c;cGF5bG9hZA==\x07 seat\u202e\x1b[2J\r\nforged"


def test_text_from_the_catalog_and_package_passes_the_sanitiser() -> None:
    product = SeatProduct(
        id="evil\x1b[31m",
        name=HOSTILE,
        vendor=HOSTILE,
        price=Decimal(1),
        currency="USD",
        billing=HOSTILE,
        source="https://example.com",
        as_of=datetime.date(2026, 12, 1),
        quote=HOSTILE,
        note=HOSTILE,
    )
    model = ModelPrice(
        provider="openai", model="m\x1b[2J", name=HOSTILE, input_mtok=Decimal(1), output_mtok=None, currency="USD"
    )
    for output in PricesFormat:
        text = render_prices([product], [model], output, Context(date="2026-12-01"), "openai")
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\r" not in text, output
    text = render_prices([product], [model], PricesFormat.text, Context(date="2026-12-01"), "openai")
    assert "Evil" in text and "forged" in text
    data = json.loads(render_prices([product], [model], PricesFormat.json, Context(date="2026-12-01")))
    assert data["seat_products"][0]["name"] == HOSTILE  # JSON keeps the exact text, escaped


# -- the command -----------------------------------------------------------------------------------


def test_prices_json_lists_the_seats_and_models(runner) -> None:
    result = runner.invoke(app, ["prices", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    seats = data["seat_products"]
    assert [s["id"] for s in seats] == [p.id for p in prices.seat_products()]
    for seat in seats:
        assert isinstance(seat["price"], (int, float)) and seat["price"] > 0
        assert seat["currency"] == "USD" and seat["source"].startswith("https://")
        assert datetime.date.fromisoformat(seat["as_of"]) and seat["old"] in (True, False)
        assert set(seat) == {
            "id",
            "name",
            "vendor",
            "price",
            "currency",
            "billing",
            "source",
            "as_of",
            "old",
            "quote",
            "note",
        }
    api = data["api_prices"]
    assert api["source"] == prices.price_data() and api["currency"] == "USD"
    assert len(api["models"]) == len(prices.api_models())
    gpt = next(m for m in api["models"] if (m["provider"], m["model"]) == ("openai", "gpt-4.1"))
    assert set(gpt) == {"provider", "model", "name", "input_mtok", "output_mtok", "currency", "tiered"}
    assert gpt["currency"] == "USD" and gpt["tiered"] is False
    assert (gpt["input_mtok"], gpt["output_mtok"]) == (2, 8)


def test_prices_marks_old_seat_prices(runner, monkeypatch) -> None:
    late = datetime.datetime(2028, 1, 1, tzinfo=datetime.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(late.timestamp())))
    data = json.loads(runner.invoke(app, ["prices", "--format", "json"]).stdout)
    assert all(seat["old"] for seat in data["seat_products"])
    text = runner.invoke(app, ["prices"], env={"COLUMNS": "120"}).stdout
    assert "old: read more than a year ago" in text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(WHEN.timestamp())))
    assert not any(
        seat["old"] for seat in json.loads(runner.invoke(app, ["prices", "-f", "json"]).stdout)["seat_products"]
    )
    assert "old:" not in runner.invoke(app, ["prices"]).stdout


def test_prices_text_counts_models_per_provider(runner) -> None:
    result = runner.invoke(app, ["prices"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "chatgpt-business" in result.stdout and "USD 20" in result.stdout
    assert f"API prices: {prices.price_data()}" in result.stdout
    openai = len(prices.api_models("openai"))
    assert f"openai {openai:,}" in result.stdout
    assert "aichoice prices --provider NAME" in result.stdout


def test_prices_provider_lists_its_models(runner) -> None:
    result = runner.invoke(app, ["prices", "--provider", "openai"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.split()[:1] == ["gpt-4.1"])
    assert row.split()[-3:] == ["2", "8", "USD"]
    assert "API prices of openai: per million tokens" in result.stdout


def test_prices_unknown_provider_exits_2_with_a_hint(runner) -> None:
    result = runner.invoke(app, ["prices", "--provider", "opena"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "aichoice: unknown API price provider 'opena'"
    assert lines[1].startswith("  hint: did you mean 'openai'?") and len(lines) == 2


def test_importing_the_cli_does_not_load_genai_prices() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import aichoice.cli, sys; print('genai_prices' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_seat_catalog_alone_does_not_load_genai_prices() -> None:
    code = (
        "import sys, aichoice.prices as p; p.seat_products(); p.seat_product('chatgpt-business'); "
        "print('genai_prices' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
