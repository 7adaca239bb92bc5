"""Cost per completed outcome: the arithmetic on hand-computed cases, and every way to give the numbers."""

from __future__ import annotations

import json

import pytest

from aichoice.cli import app
from aichoice.cost import CostInputs, break_even_tasks, compare
from aichoice.errors import AichoiceError
from tests.conftest import EXAMPLES

PRICING = str(EXAMPLES / "pricing.yaml")


def test_hand_computed_case_with_a_break_even() -> None:
    inputs = CostInputs(seats=10, seat_price=30, tasks=20_000, tokens_in=1_500, tokens_out=500, price_in=3,
                        price_out=15, build_cost=60_000, months=12, maintenance=2_000, chat_minutes=6,
                        review_minutes=1, hourly_rate=40)
    result = compare(inputs)
    # chat: 10 x 30 + 20,000 x 6/60 x 40 = 300 + 80,000
    assert result.chat.monthly == 80_300
    assert result.chat.per_task == pytest.approx(4.015)
    # api: 60,000/12 + 2,000 + 20,000 x [(1,500 x 3 + 500 x 15)/1e6 + 1/60 x 40] = 7,000 + 20,000 x 0.678667
    assert result.api.monthly == pytest.approx(20_573.3333, abs=1e-3)
    assert result.api.per_task == pytest.approx(1.0287, abs=1e-4)
    assert result.cheaper == "api"
    # 300 + 4t = 7,000 + 0.678667t  =>  t = 6,700 / 3.321333
    assert result.break_even_tasks == pytest.approx(2017.26, abs=0.01)
    assert "above 2,017 tasks a month the API is cheaper per outcome" in result.summary


def test_no_break_even_when_chat_is_cheaper_at_every_volume() -> None:
    # chat: 5 x 20 = 100 fixed, nothing per task; api: 1,000 fixed and 0.01 a task
    inputs = CostInputs(seats=5, seat_price=20, tasks=300, build_cost=12_000, months=12, price_in=10, tokens_in=1_000)
    assert break_even_tasks(inputs) is None
    result = compare(inputs)
    assert result.break_even_tasks is None
    assert (result.chat.monthly, result.api.monthly) == (100, pytest.approx(1_003))
    assert result.cheaper == "chat"
    assert "chat is cheaper per outcome at every volume" in result.summary


def test_parallel_lines_have_no_break_even() -> None:
    inputs = CostInputs(seats=1, seat_price=10, tasks=50, chat_minutes=3, review_minutes=3, hourly_rate=60)
    assert break_even_tasks(inputs) is None
    assert compare(inputs).cheaper == "api"  # same slope, lower fixed cost


def test_default_months_is_twelve() -> None:
    assert CostInputs().months == 12
    assert compare(CostInputs(tasks=1, build_cost=1_200)).api.monthly == 100


@pytest.mark.parametrize(
    "inputs, words",
    [
        (CostInputs(tasks=0), "tasks"),
        (CostInputs(tasks=10, seats=-1), "cannot be negative"),
        (CostInputs(tasks=10, months=0.5), "at least 1"),
        (CostInputs(tasks=10, price_in=float("nan")), "must be a number"),
        (CostInputs(tasks=10, price_in=float("inf")), "must be a number"),
    ],
)
def test_bad_inputs_are_refused(inputs: CostInputs, words: str) -> None:
    with pytest.raises(AichoiceError, match=words):
        compare(inputs)


def test_cost_command_text_and_json(runner) -> None:
    result = runner.invoke(app, ["cost", "--pricing", PRICING, "--seats", "10", "--tasks", "20000", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"chat", "api", "cheaper", "break_even_tasks", "inputs"}
    assert set(data["chat"]) == {"monthly", "per_task"}
    assert data["break_even_tasks"] == pytest.approx(2017.26, abs=0.01)
    assert data["inputs"]["seats"] == 10 and data["inputs"]["hourly_rate"] == 40
    text = runner.invoke(app, ["cost", "--pricing", PRICING, "--seats", "10", "--tasks", "20000"]).stdout
    assert "Break-even: 2,017 tasks a month" in text
    assert "c chat   a API" in text and max(len(line) for line in text.splitlines()) <= 80


def test_flags_override_the_pricing_file(runner) -> None:
    data = json.loads(runner.invoke(app, ["cost", "--pricing", PRICING, "--tasks", "100", "--hourly-rate", "0",
                                          "-f", "json"]).stdout)
    assert data["inputs"]["hourly_rate"] == 0 and data["inputs"]["seat_price"] == 30


@pytest.mark.parametrize(
    "args, words",
    [
        (["--tasks", "0"], "must be at least 0.01"),
        ([], "must be at least 0.01"),
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
    assert cost["cheaper"] == "api" and cost["break_even_tasks"] > 0
    report = runner.invoke(app, ["assess", "-a", str(EXAMPLES / "support-desk.yaml"), "-f", "markdown"]).stdout
    assert "## Cost per completed outcome" in report and "xychart-beta" in report
    assert "Break-even: 1,999 tasks a month." in report
    assert "Cost per completed outcome: At 20,000 tasks" in report


def test_answers_without_cost_have_none(runner) -> None:
    data = json.loads(runner.invoke(app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "-f", "json"]).stdout)
    assert data["cost"] is None


@pytest.mark.parametrize(
    "section, words",
    [
        ("cost:\n  seat_price: -5\n", "cost.seat_price: cannot be negative"),
        ("cost:\n  seat_price: lots\n", "cost.seat_price: expected a number"),
        ("cost:\n  months: 0\n", "cost.months: must be at least 1"),
        ("cost:\n  seatprice: 5\n", "unknown cost field 'seatprice'"),
        ("cost: 5\n", "'cost' must be a mapping"),
    ],
)
def test_bad_cost_sections_are_located(runner, section: str, words: str) -> None:
    text = (EXAMPLES / "design-studio.yaml").read_text() + section
    result = runner.invoke(app, ["assess", "-f", "json"], input=text)
    assert result.exit_code == 2 and words in result.stderr
    line = text.splitlines().index("cost:" if section.startswith("cost:\n") else section.strip()) + 1
    assert f"<stdin>:{line}" in result.stderr or f"<stdin>:{line + 1}" in result.stderr


def test_cost_with_zero_monthly_volume_needs_tasks(runner) -> None:
    text = (EXAMPLES / "design-studio.yaml").read_text().replace("monthly_volume: 200", "monthly_volume: 0")
    result = runner.invoke(app, ["assess", "-f", "json"], input=text + "cost:\n  seat_price: 20\n")
    assert result.exit_code == 2 and "must be at least 0.01" in result.stderr and "cost.tasks" in result.stderr
    fixed = runner.invoke(app, ["assess", "-f", "json"], input=text + "cost:\n  seat_price: 20\n  tasks: 50\n")
    assert fixed.exit_code == 0


def test_saved_answers_keep_the_cost_section(ruleset) -> None:
    from aichoice.answers import dump_answers, load_answers

    answers = load_answers((EXAMPLES / "support-desk.yaml").read_bytes(), "x", ruleset)
    again = load_answers(dump_answers(answers).encode(), "y", ruleset)
    assert again.cost == answers.cost


def test_cost_markdown_is_the_reports_section(runner) -> None:
    from aichoice.cli import app
    from tests.conftest import EXAMPLES

    args = ["cost", "--pricing", str(EXAMPLES / "pricing.yaml"), "--seats", "25", "--tasks", "20000"]
    result = runner.invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## Cost per completed outcome\n") and "xychart-beta" in result.stdout
    report = runner.invoke(app, ["assess", "-a", str(EXAMPLES / "support-desk.yaml"), "-f", "markdown"]).stdout
    assert "## Cost per completed outcome" in report and "The figures it uses: " in report


@pytest.mark.parametrize("written, tasks", [("2e4", 20000), ("'2e4'", 20000), ("1.5e+3", 1500), ("1_000", 1000)])
def test_regression_a_cost_field_reads_numeric_text_as_the_flag_does(runner, tmp_path, written: str, tasks) -> None:
    pricing = tmp_path / "p.yaml"
    pricing.write_text(f"cost:\n  tasks: {written}\n  seats: 2\n  seat_price: 20\n")
    from_file = runner.invoke(app, ["cost", "--pricing", str(pricing), "--format", "json"])
    flag = written.strip("'")
    from_flag = runner.invoke(app, ["cost", "--tasks", flag, "--seats", "2", "--seat-price", "20", "--format", "json"])
    assert from_file.exit_code == 0 == from_flag.exit_code, from_file.output
    assert json.loads(from_file.stdout) == json.loads(from_flag.stdout)
    assert json.loads(from_file.stdout)["inputs"]["tasks"] == tasks
    answers = (EXAMPLES / "design-studio.yaml").read_text() + f"cost:\n  tasks: {written}\n"
    assessed = runner.invoke(app, ["assess", "-f", "json"], input=answers)
    assert assessed.exit_code == 0 and json.loads(assessed.stdout)["cost"]["inputs"]["tasks"] == tasks


@pytest.mark.parametrize("written, words", [
    ("inf", "got the text 'inf'"), ("nan", "got the text 'nan'"), ("'-1e400'", "got the text '-1e400'"),
    ("1e400", "got the text '1e400'"), ("-2e4", "cannot be negative, got -20000"), ("2e4x", "got the text '2e4x'"),
    ("0x10", "'0x10' is not a plain whole number"),
])
def test_regression_a_cost_field_still_refuses_what_is_no_finite_number(runner, written: str, words: str) -> None:
    answers = (EXAMPLES / "design-studio.yaml").read_text() + f"cost:\n  tasks: {written}\n"
    result = runner.invoke(app, ["assess", "-f", "json"], input=answers)
    assert result.exit_code == 2 and words in result.stderr and "tasks" in result.stderr, result.stderr
