"""Cost per completed outcome: the arithmetic on hand-computed cases, list prices, nothing missing
as zero, a currency on every figure, a cost for every need and the budget of the verdict."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from aichoice.cli import app
from aichoice.cost import CostInputs, compare
from tests.conftest import EXAMPLES

PRICING = str(EXAMPLES / "pricing.yaml")
HAND = dict(
    seats=10,
    seat_price=30,
    tasks=20_000,
    tokens_in=1_500,
    tokens_out=500,
    price_in=3,
    price_out=15,
    build_cost=60_000,
    months=12,
    maintenance=2_000,
    chat_minutes=6,
    review_minutes=1,
    hourly_rate=40,
    currency="USD",
)


def test_hand_computed_case_with_a_break_even() -> None:
    result = compare(CostInputs(**HAND))
    # chat: 10 x 30 + 20,000 x 6/60 x 40 = 300 + 80,000
    assert result.chat.monthly == 80_300 and result.chat.yearly == 963_600
    assert result.chat.per_task == pytest.approx(4.015)
    # api: 60,000/12 + 2,000 + 20,000 x [(1,500 x 3 + 500 x 15)/1e6 + 1/60 x 40] = 7,000 + 20,000 x 0.678667
    assert result.api.monthly == pytest.approx(20_573.3333, abs=1e-3)
    assert result.api.per_task == pytest.approx(1.0287, abs=1e-4)
    assert result.cheaper == "api" and result.currency == "USD"
    # 300 + 4t = 7,000 + 0.678667t  =>  t = 6,700 / 3.321333
    assert result.break_even_tasks == pytest.approx(2017.26, abs=0.01)
    assert "above 2,017 tasks a month the API is cheaper per outcome" in result.summary


def test_the_breakdown_adds_up_to_each_side() -> None:
    result = compare(CostInputs(**HAND))
    assert [line.item for line in result.chat.lines] == ["licences", "people's time"]
    assert [line.item for line in result.api.lines] == [
        "tokens",
        "review time",
        "build, spread over its months",
        "running costs",
    ]
    assert [line.monthly for line in result.api.lines] == [240, pytest.approx(13_333.3333), 5_000, 2_000]
    for side in (result.chat, result.api):
        assert sum(line.monthly for line in side.lines) == pytest.approx(side.monthly, abs=1e-3)
        assert all(line.yearly == pytest.approx(12 * line.monthly, abs=1e-3) for line in side.lines)


def test_no_break_even_when_chat_is_cheaper_at_every_volume() -> None:
    # chat: 5 x 20 = 100 fixed, nothing per task; api: 1,000 fixed and 0.01 a task
    inputs = CostInputs(
        seats=5,
        seat_price=20,
        tasks=300,
        build_cost=12_000,
        months=12,
        price_in=10,
        price_out=0,
        tokens_in=1_000,
        tokens_out=0,
        currency="EUR",
    )
    result = compare(inputs)
    assert result.break_even_tasks is None and result.cheaper == "chat"
    assert (result.chat.monthly, result.api.monthly) == (100, pytest.approx(1_003))
    assert "chat is cheaper per outcome at every volume" in result.summary and "EUR" in result.summary


def test_regression_equal_costs_per_task_have_no_break_even() -> None:
    """10 minutes at 20 an hour against 3.00 of tokens plus 1 minute: the same per task. Floats put the
    break-even at 1.8e19 tasks (or inf, and then JSON crashed); exact fractions say none."""
    inputs = CostInputs(
        seats=1,
        seat_price=10,
        tasks=50,
        chat_minutes=10,
        review_minutes=1,
        hourly_rate=20,
        tokens_in=1,
        tokens_out=0,
        price_in=3_000_000,
        price_out=0,
        currency="USD",
    )
    result = compare(inputs)
    assert result.break_even_tasks is None and result.cheaper == "api"
    assert "cheaper per outcome at every volume" in result.summary
    from aichoice.render.cost import to_dict

    for minutes in (1e-300, 5e-324):  # a denormal difference made the break-even inf, and JSON crashed
        tiny = compare(CostInputs(**{**HAND, "chat_minutes": 60 / 40 * 0.678666 + minutes, "review_minutes": 1}))
        json.dumps(to_dict(tiny), allow_nan=False)  # every figure finite


def test_regression_nothing_missing_counts_as_zero(runner) -> None:
    """`--seats 350 --seat-price 30 --tasks 14000` showed an API cost of 0.00: the API side is now
    not computed, and says what it lacks."""
    result = runner.invoke(
        app, ["cost", "--seats", "350", "--seat-price", "30", "--tasks", "14000", "--currency", "USD", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["api"]["monthly"] is None and data["cheaper"] is None
    assert data["api"]["missing"] == ["tokens_in", "tokens_out", "price_in (or model)", "price_out (or model)"]
    assert data["chat"]["monthly"] == 10_500 and "USD 0.00" not in data["summary"]
    text = runner.invoke(app, ["cost", "--seats", "350", "--seat-price", "30", "--tasks", "14000", "--currency", "USD"])
    assert "not computed" in text.stdout and "lacks tokens_in" in text.stdout
    neither = runner.invoke(app, ["cost", "--tasks", "14000", "--currency", "USD"])
    assert neither.exit_code == 2 and "missing for chat: seats, seat_price; for the API: tokens_in" in neither.stderr


def test_a_model_gives_the_token_cost_genai_prices_computes(runner) -> None:
    import datetime

    from genai_prices import Usage, calc_price

    result = runner.invoke(
        app,
        [
            "cost",
            "--model",
            "openai:gpt-4.1",
            "--tokens-in",
            "1500",
            "--tokens-out",
            "500",
            "--tasks",
            "10000",
            "--format",
            "json",
        ],
        env={"SOURCE_DATE_EPOCH": "1764590400"},
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    when = datetime.datetime(2025, 12, 1, 12, tzinfo=datetime.timezone.utc)
    per_task = calc_price(
        Usage(input_tokens=1500, output_tokens=500),
        model_ref="gpt-4.1",
        provider_id="openai",
        genai_request_timestamp=when,
    ).total_price
    assert data["api"]["lines"][0] == {
        "item": "tokens",
        "monthly": float(per_task * 10000),
        "yearly": float(per_task * 120000),
        "given": True,
    }
    assert data["currency"] == "USD"
    (price,) = data["prices"]
    assert price["kind"] == "model" and price["id"] == "openai:gpt-4.1" and "genai-prices" in price["source"]
    assert "list prices" in price["source"]


def test_a_seat_product_brings_its_list_price_currency_and_date(runner) -> None:
    from aichoice.prices import seat_product

    product = seat_product("chatgpt-business")
    result = runner.invoke(
        app,
        [
            "cost",
            "--seat-product",
            "chatgpt-business",
            "--seats",
            "350",
            "--tasks",
            "14000",
            "--model",
            "openai:gpt-4.1",
            "--tokens-in",
            "1500",
            "--tokens-out",
            "500",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["inputs"]["seat_price"] == float(product.price) and data["currency"] == product.currency
    assert data["chat"]["lines"][0]["monthly"] == 350 * float(product.price)
    seat = next(p for p in data["prices"] if p["kind"] == "seat product")
    assert seat["source"] == product.source and seat["as_of"] == product.as_of.isoformat() and seat["old"] is False
    later = runner.invoke(
        app,
        ["cost", "--seat-product", "chatgpt-business", "--seats", "3", "--tasks", "10", "--currency", "USD"],
        env={"SOURCE_DATE_EPOCH": str(4_000_000_000)},
    )
    assert "read over a year ago: check the current price" in later.stdout


def test_explicit_prices_override_the_lists(runner) -> None:
    data = json.loads(
        runner.invoke(
            app,
            [
                "cost",
                "--seat-product",
                "chatgpt-business",
                "--seat-price",
                "17",
                "--seats",
                "2",
                "--tasks",
                "10",
                "--model",
                "openai:gpt-4.1",
                "--price-in",
                "1",
                "--tokens-in",
                "1000",
                "--tokens-out",
                "0",
                "-f",
                "json",
            ],
        ).stdout
    )
    assert data["inputs"]["seat_price"] == 17 and data["inputs"]["price_in"] == 1
    assert data["api"]["lines"][0]["monthly"] == pytest.approx(10 * 1000 * 1 / 1e6)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--model", "openai:gpt-4.l"], "did you mean"),
        (["--seat-product", "chatgpt-busines"], "did you mean 'chatgpt-business'?"),
        (["--seat-product", "chatgpt-business", "--currency", "EUR"], "different currencies"),
        (["--currency", "US$"], "three-letter code"),
    ],
)
def test_unknown_prices_and_mixed_currencies_are_refused(runner, args, words) -> None:
    result = runner.invoke(
        app, ["cost", "--seats", "3", "--tasks", "10", "--tokens-in", "1", "--tokens-out", "1", *args]
    )
    assert result.exit_code == 2 and words in result.stderr, result.output


def test_every_figure_carries_its_currency(runner) -> None:
    args = ["cost", "--pricing", PRICING, "--seats", "25", "--tasks", "20000"]
    text = " ".join(runner.invoke(app, args).stdout.split())  # a figure may wrap onto the next line
    figures = re.findall(r"(?<![\w.,])(\S+ )?\d[\d,]*\.\d\d\b", text)
    assert figures and all(prefix == "USD " for prefix in figures), figures
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    for line in markdown.splitlines():
        if line.startswith("| ") and re.search(r"\d\.\d\d", line):
            assert all("USD " in cell for cell in line.split("|")[2:-1] if re.search(r"\d\.\d\d", cell)), line
    assert "Monthly cost, USD" in markdown


def test_cost_command_text_and_json(runner) -> None:
    result = runner.invoke(app, ["cost", "--pricing", PRICING, "--seats", "10", "--tasks", "20000", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"currency", "chat", "api", "cheaper", "break_even_tasks", "inputs", "prices", "chart_marks"}
    assert set(data["chat"]) == {"monthly", "yearly", "per_task", "lines", "missing"}
    assert data["inputs"]["seats"] == 10 and data["inputs"]["hourly_rate"] == 40
    assert data["chart_marks"]["yours"] == 20_000 and 20_000 in [point[0] for point in data["chart"]]
    text = runner.invoke(app, ["cost", "--pricing", PRICING, "--seats", "10", "--tasks", "20000"]).stdout
    assert "Break-even: " in text and "c chat   a API" in text and max(len(line) for line in text.splitlines()) <= 80


def test_flags_override_the_pricing_file(runner) -> None:
    data = json.loads(
        runner.invoke(
            app, ["cost", "--pricing", PRICING, "--tasks", "100", "--hourly-rate", "0", "--seats", "1", "-f", "json"]
        ).stdout
    )
    assert data["inputs"]["hourly_rate"] == 0 and data["inputs"]["model"] == "openai:gpt-4.1"


@pytest.mark.parametrize(
    "args, words",
    [
        (["--tasks", "0.001"], "0 or at least 0.01"),
        (["--tasks", "10", "--seats", "-3"], "greater than or equal to 0"),
        (["--tasks", "ten"], "valid number"),
        (["--tasks", "10", "--months", "0"], "greater than or equal to 1"),
        (["--tasks", "10", "--pricing", "nope.yaml"], "pricing file not found"),
    ],
)
def test_cost_command_bad_input_exits_2(runner, args: list[str], words: str) -> None:
    result = runner.invoke(app, ["cost", *args])
    assert result.exit_code == 2
    assert words in result.output


def test_bad_pricing_file(runner, tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("cost:\n  seat_price: cheap\n")
    result = runner.invoke(app, ["cost", "--pricing", str(path), "--tasks", "5"])
    assert result.exit_code == 2 and f"{path}:2:15: cost.seat_price: expected a number" in result.stderr
    path.write_text("cost:\n  seat_prise: 3\n")
    result = runner.invoke(app, ["cost", "--pricing", str(path), "--tasks", "5"])
    assert result.exit_code == 2 and "did you mean 'seat_price'?" in result.stderr


def test_answers_cost_section(runner) -> None:
    data = json.loads(runner.invoke(app, ["assess", "-a", str(EXAMPLES / "support-desk.yaml"), "-f", "json"]).stdout)
    cost = data["cost"]
    assert cost["inputs"]["seats"] == 12 == data["answers"]["team_size"]  # seats default to team_size
    assert cost["inputs"]["tasks"] == 20_000 == data["answers"]["monthly_volume"]
    assert cost["cheaper"] == "api" and cost["break_even_tasks"] > 0 and cost["currency"] == "USD"
    assert data["budget"]["monthly"] is not None and data["budget"]["currency"] == "USD"
    report = runner.invoke(app, ["assess", "-a", str(EXAMPLES / "support-desk.yaml"), "-f", "markdown"]).stdout
    assert "## Cost per completed outcome" in report and "xychart-beta" in report
    assert "Cost per completed outcome: At 20,000 tasks" in report and "(yours)" in report


def test_answers_without_cost_have_none(runner) -> None:
    data = json.loads(runner.invoke(app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "-f", "json"]).stdout)
    assert data["cost"] is None and data["budget"] is None


@pytest.mark.parametrize(
    "section, words",
    [
        ("cost:\n  seat_price: -5\n", "cost.seat_price: cannot be negative"),
        ("cost:\n  seat_price: lots\n", "cost.seat_price: expected a number"),
        ("cost:\n  months: 0\n", "cost.months: must be at least 1"),
        ("cost:\n  seatprice: 5\n", "unknown cost field 'seatprice'"),
        ("cost: 5\n", "'cost' must be a mapping"),
        ("cost:\n  seat_price: 20\n", "cost: cannot compare costs: missing currency"),
    ],
)
def test_bad_cost_sections_are_located(runner, section: str, words: str) -> None:
    text = (EXAMPLES / "design-studio.yaml").read_text() + section
    result = runner.invoke(app, ["assess", "-f", "json"], input=text)
    assert result.exit_code == 2 and words in result.stderr, result.stderr
    line = text.splitlines().index("cost:" if section.startswith("cost:\n") else section.strip()) + 1
    assert f"<stdin>:{line}" in result.stderr or f"<stdin>:{line + 1}" in result.stderr


def test_a_volume_of_zero_costs_the_month_without_a_cost_per_task(runner) -> None:
    text = (EXAMPLES / "design-studio.yaml").read_text().replace("monthly_volume: 200", "monthly_volume: 0")
    result = runner.invoke(app, ["assess", "-f", "json"], input=text + "cost:\n  seat_price: 20\n  currency: USD\n")
    assert result.exit_code == 0, result.output
    chat = json.loads(result.stdout)["cost"]["chat"]
    assert chat["monthly"] > 0 and chat["per_task"] is None


def test_saved_answers_keep_the_cost_section(ruleset) -> None:
    from aichoice.answers import dump_answers, load_answers

    answers = load_answers((EXAMPLES / "support-desk.yaml").read_bytes(), "x", ruleset)
    again = load_answers(dump_answers(answers).encode(), "y", ruleset)
    assert again.cost == answers.cost


def test_cost_markdown_is_the_reports_section(runner) -> None:
    args = ["cost", "--pricing", str(EXAMPLES / "pricing.yaml"), "--seats", "25", "--tasks", "20000"]
    result = runner.invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## Cost per completed outcome\n") and "xychart-beta" in result.stdout
    report = runner.invoke(app, ["assess", "-a", str(EXAMPLES / "support-desk.yaml"), "-f", "markdown"]).stdout
    assert "## Cost per completed outcome" in report and "The figures it uses: " in report


# -- a cost for every need, and the budget of the verdict -----------------------------------------

TWO = yaml.safe_load((EXAMPLES / "staff-and-support.yaml").read_text())


def _two_with_cost(tmp_path, shared: dict, bot: dict | None = None, staff: dict | None = None):
    document = {
        **TWO,
        "cost": shared,
        "needs": [
            {**TWO["needs"][0], **({"cost": staff} if staff else {})},
            {**TWO["needs"][1], **({"cost": bot} if bot else {})},
        ],
    }
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


SHARED = {
    "seat_product": "chatgpt-business",
    "model": "openai:gpt-4.1",
    "currency": "USD",
    "tokens_in": 1500,
    "tokens_out": 500,
    "hourly_rate": 40,
    "chat_minutes": 6,
    "review_minutes": 1,
}


def test_each_need_is_costed_from_its_own_people_and_tasks_and_the_verdict_has_a_budget(runner, tmp_path) -> None:
    path = _two_with_cost(tmp_path, SHARED, bot={"build_cost": 60_000, "maintenance": 2_000}, staff={"tasks": 8_000})
    result = runner.invoke(app, ["assess", "-a", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    staff, bot = data["needs"]
    assert staff["cost"]["inputs"]["tasks"] == 8_000 and bot["cost"]["inputs"]["tasks"] == 60_000
    assert staff["cost"]["inputs"]["seats"] == 400 == bot["cost"]["inputs"]["seats"]
    assert "build_cost" not in staff["cost"]["inputs"] and bot["cost"]["inputs"]["build_cost"] == 60_000
    budget = data["budget"]
    assert [(p["name"], p["channel"]) for p in budget["needs"]] == [("Staff assistant", "chat"), ("Support bot", "api")]
    assert budget["needs"][0]["monthly"] == staff["cost"]["chat"]["monthly"]
    assert budget["needs"][1]["monthly"] == bot["cost"]["api"]["monthly"]
    assert budget["needs"][1]["other_monthly"] == bot["cost"]["chat"]["monthly"]
    assert budget["monthly"] == pytest.approx(staff["cost"]["chat"]["monthly"] + bot["cost"]["api"]["monthly"])
    assert budget["yearly"] == pytest.approx(12 * budget["monthly"]) and budget["currency"] == "USD"
    assert "cost" not in data  # the whole has a budget; each need its own comparison
    report = runner.invoke(app, ["assess", "-a", str(path), "-f", "markdown"]).stdout
    assert "| **Budget of the verdict** |" in report and "### Staff assistant" in report


def test_regression_a_need_with_no_volume_is_not_refused_and_the_message_names_its_need(runner, tmp_path) -> None:
    """A top-level cost: was checked against every need, and the staff need's monthly_volume 0 made the
    file invalid with no need named; now a volume of 0 is costed, and a mistake names its need."""
    path = _two_with_cost(tmp_path, SHARED)
    assert runner.invoke(app, ["assess", "-a", str(path), "-f", "json"]).exit_code == 0
    bad = _two_with_cost(tmp_path, SHARED, bot={"seat_product": "nope"})
    result = runner.invoke(app, ["assess", "-a", str(bad)])
    assert result.exit_code == 2 and "needs[2] (Support bot): cost: unknown seat product 'nope'" in result.stderr


def test_external_people_need_their_seats_given(runner, tmp_path) -> None:
    """Seats default to the organisation's own people: a tool handed to students or citizens must say how many."""
    document = {**TWO, "cost": SHARED}
    document["needs"] = [
        {**TWO["needs"][0], "answers": {**TWO["needs"][0]["answers"], "audience": ["employees", "external_people"]}},
        TWO["needs"][1],
    ]
    path = tmp_path / "students.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    data = json.loads(runner.invoke(app, ["assess", "-a", str(path), "-f", "json"]).stdout)
    staff = data["needs"][0]
    assert "seats" not in staff["cost"]["inputs"] and "seats" in staff["cost"]["chat"]["missing"]
    assert data["budget"]["monthly"] is None and any("Staff assistant" in m for m in data["budget"]["missing"])


# -- numbers as the flag reads them (issue 19) ------------------------------------------------------


@pytest.mark.parametrize("written, tasks", [("2e4", 20000), ("'2e4'", 20000), ("1.5e+3", 1500), ("1_000", 1000)])
def test_regression_a_cost_field_reads_numeric_text_as_the_flag_does(runner, tmp_path, written: str, tasks) -> None:
    pricing = tmp_path / "p.yaml"
    pricing.write_text(f"cost:\n  tasks: {written}\n  seats: 2\n  seat_price: 20\n  currency: USD\n")
    from_file = runner.invoke(app, ["cost", "--pricing", str(pricing), "--format", "json"])
    flag = written.strip("'")
    from_flag = runner.invoke(
        app, ["cost", "--tasks", flag, "--seats", "2", "--seat-price", "20", "--currency", "USD", "--format", "json"]
    )
    assert from_file.exit_code == 0 == from_flag.exit_code, from_file.output
    assert json.loads(from_file.stdout) == json.loads(from_flag.stdout)
    assert json.loads(from_file.stdout)["inputs"]["tasks"] == tasks
    answers = (
        EXAMPLES / "design-studio.yaml"
    ).read_text() + f"cost:\n  tasks: {written}\n  seat_price: 20\n  currency: USD\n"
    assessed = runner.invoke(app, ["assess", "-f", "json"], input=answers)
    assert assessed.exit_code == 0, assessed.output
    assert json.loads(assessed.stdout)["cost"]["inputs"]["tasks"] == tasks


@pytest.mark.parametrize(
    "written, words",
    [
        ("inf", "got the text 'inf'"),
        ("nan", "got the text 'nan'"),
        ("'-1e400'", "got the text '-1e400'"),
        ("1e400", "got the text '1e400'"),
        ("-2e4", "cannot be negative, got -20000"),
        ("2e4x", "got the text '2e4x'"),
        ("0x10", "'0x10' is not a plain whole number"),
    ],
)
def test_regression_a_cost_field_still_refuses_what_is_no_finite_number(runner, written: str, words: str) -> None:
    answers = (EXAMPLES / "design-studio.yaml").read_text() + f"cost:\n  tasks: {written}\n"
    result = runner.invoke(app, ["assess", "-f", "json"], input=answers)
    assert result.exit_code == 2 and words in result.stderr and "tasks" in result.stderr, result.stderr


def test_a_mistake_in_a_needs_own_cost_section_names_the_need(runner, tmp_path) -> None:
    path = _two_with_cost(tmp_path, SHARED, bot={"chat_minuts": 6})
    result = runner.invoke(app, ["assess", "-a", str(path)])
    assert result.exit_code == 2 and "needs[2] (Support bot): unknown cost field 'chat_minuts'" in result.stderr
    assert "did you mean 'chat_minutes'?" in result.stderr
