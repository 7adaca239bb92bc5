"""The interactive questionnaire, driven through CliRunner input: same path, same result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from aichoice import cli
from aichoice.answers import validate_value
from aichoice.cli import app
from aichoice.errors import AnswerError
from aichoice.prompt import parse_text
from aichoice.wording import format_value
from aichoice.ruleset import load_ruleset
from tests.conftest import EXAMPLES, load_scenarios, rules_variant

N_QUESTIONS = len(load_ruleset().questions)
N_SECTIONS = len(load_ruleset().questionnaire.sections)
NO_MORE_NEEDS = "\n"  # Enter at "Add another need?"


@pytest.fixture()
def terminal(monkeypatch):
    """Pretend standard input is a terminal, so assess runs the questionnaire."""
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)


def typed(ruleset, answers: dict) -> str:
    """The keystrokes that answer every question with `answers`, in order."""
    lines = []
    for qid, question in ruleset.questions.items():
        value = answers[qid]
        if question.type == "list":
            lines.append(",".join(value) if value else "-")
        elif question.type == "bool":
            lines.append("y" if value else "n")
        else:
            lines.append(str(value))
    return "\n".join(lines) + "\n"


def assess(runner, *args: str, input: str):
    return runner.invoke(app, ["assess", "--format", "json", *args], input=input)


SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS[::3], ids=lambda s: s["name"])
def test_prompt_result_equals_answers_file_result(runner, ruleset, terminal, tmp_path, scenario) -> None:
    keys = "My project\n" + typed(ruleset, scenario["answers"]) + "\n" + "n\n"
    prompted = assess(runner, input=keys)
    assert prompted.exit_code == 0, prompted.output
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"project": "My project", "answers": scenario["answers"]}))  # JSON is YAML
    from_file = assess(runner, "--answers", str(path), input="")
    assert json.loads(prompted.stdout) == json.loads(from_file.stdout)


def test_enter_accepts_every_default(runner, ruleset, terminal) -> None:
    result = assess(runner, input="\n" * (1 + N_QUESTIONS + 1) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"] == {q.id: q.default for q in ruleset.questions.values()}
    assert data["project"] is None
    assert f"Section 1/{N_SECTIONS}" in result.stderr and f"Question {N_QUESTIONS}/{N_QUESTIONS}" in result.stderr
    assert "Review your answers" in result.stderr


def test_help_wrong_value_and_back(runner, terminal) -> None:
    keys = "\n?\nnonsense\n2\n<\n3\n" + "\n" * (N_QUESTIONS - 1) + "\n\n"
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "whether your goal is conversation or capability" in err  # the help text
    assert "unknown value 'nonsense'" in err and "allowed values: conversation, capability, both" in err
    assert "(current)" in err  # back at question 1, the earlier answer is offered
    assert json.loads(result.stdout)["answers"]["primary_goal"] == "both"


def test_back_at_the_first_question_stays(runner, terminal) -> None:
    result = assess(runner, input="\n<\n" + "\n" * N_QUESTIONS + "\n\n")
    assert result.exit_code == 0
    assert "This is the first question." in result.stderr


def test_review_changes_an_answer(runner, ruleset, terminal) -> None:
    number = list(ruleset.questions).index("team_size") + 1
    keys = "\n" * (1 + N_QUESTIONS) + f"{number}\n250\n" + "99\n\n" + "\n"
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"]["team_size"] == 250
    assert f"Type a number from 1 to {N_QUESTIONS}" in result.stderr


def test_end_of_input_mid_questionnaire_exits_2(runner, terminal, tmp_path) -> None:
    save = tmp_path / "saved.yaml"
    result = assess(runner, "--save", str(save), input="\n\n\n")
    assert result.exit_code == 2
    assert "input ended before the questionnaire was finished" in result.stderr
    assert result.stdout == "" and not save.exists()


def test_save_writes_answers_that_reproduce_the_result(runner, ruleset, terminal, tmp_path) -> None:
    scenario = next(s for s in SCENARIOS if s["expect"] == "both")
    save = tmp_path / "saved.yaml"
    keys = "Saved\n" + typed(ruleset, scenario["answers"]) + "\n"
    prompted = assess(runner, "--save", str(save), input=keys)
    assert prompted.exit_code == 0, prompted.output
    assert f"answers saved to {save}" in prompted.stderr
    again = assess(runner, "--answers", str(save), input="")
    assert json.loads(again.stdout) == json.loads(prompted.stdout)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file is gone


def test_save_refuses_to_overwrite_before_asking(runner, terminal, tmp_path) -> None:
    save = tmp_path / "saved.yaml"
    save.write_text("keep me")
    result = assess(runner, "--save", str(save), input="")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert save.read_text() == "keep me"
    forced = assess(runner, "--save", str(save), "--force", input="\n" * (N_QUESTIONS + 2))
    assert forced.exit_code == 0 and "primary_goal" in save.read_text()


def test_offer_to_save(runner, terminal, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = assess(runner, input="\n" * (N_QUESTIONS + 2) + NO_MORE_NEEDS + "y\n\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "aichoice-answers.yaml").exists()
    declined = assess(runner, input="\n" * (N_QUESTIONS + 2) + NO_MORE_NEEDS + "y\n\nn\n")
    assert "answers not saved" in declined.stderr


def test_ask_missing_asks_only_what_the_file_lacks(runner, ruleset, terminal, tmp_path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("project: Partial\nanswers:\n  primary_goal: capability\n  team_size: 40\n")
    missing = N_QUESTIONS - 2
    result = assess(runner, "--answers", str(partial), "--ask-missing", input="\n" * missing + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"]["primary_goal"] == "capability" and data["answers"]["team_size"] == 40
    assert data["project"] == "Partial"
    assert f"Question {list(ruleset.questions).index('primary_goal') + 1}/{N_QUESTIONS}" not in result.stderr
    assert "(from file)" in result.stderr


def test_ask_missing_keeps_the_files_cost_section(runner, terminal, tmp_path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("answers:\n  team_size: 40\ncost:\n  seat_price: 25\n  chat_minutes: 5\n"
                       "  hourly_rate: 30\n")
    result = assess(runner, "--answers", str(partial), "--ask-missing", input="\n" * (N_QUESTIONS - 1) + "\n")
    assert result.exit_code == 0, result.output
    cost = json.loads(result.stdout)["cost"]
    assert cost["inputs"]["seat_price"] == 25 and cost["inputs"]["seats"] == 40


def test_ask_missing_needs_a_terminal(runner) -> None:
    result = assess(runner, "--answers", str(EXAMPLES / "design-studio.yaml"), "--ask-missing", input="")
    assert result.exit_code == 2 and "needs a terminal" in result.stderr


def test_save_needs_a_terminal(runner, tmp_path) -> None:
    result = assess(runner, "--answers", str(EXAMPLES / "design-studio.yaml"), "--save", str(tmp_path / "x"), input="")
    assert result.exit_code == 2 and "needs a terminal" in result.stderr


# -- one validation path -------------------------------------------------------

@pytest.mark.parametrize(
    "qid, text, raw",
    [
        ("primary_goal", "capabilty", "capabilty"),
        ("team_size", "0", 0),
        ("team_size", "-4", -4),
        ("monthly_volume", "lots", "lots"),
        ("product_infrastructure", "maybe", "maybe"),
        ("audience", "employees,robots", ["employees", "robots"]),
        ("audience", "-", []),
    ],
)
def test_prompt_rejects_with_the_files_reason(ruleset, qid: str, text: str, raw) -> None:
    question = ruleset.questions[qid]
    with pytest.raises(AnswerError) as typed_error:
        parse_text(question, text)
    with pytest.raises(AnswerError) as file_error:
        validate_value(question, raw)
    assert typed_error.value.message == file_error.value.message


@pytest.mark.parametrize(
    "qid, text, value",
    [
        ("primary_goal", "3", "both"),
        ("primary_goal", "capability", "capability"),
        ("audience", "4, 1", ["employees", "systems"]),
        ("use_cases", "-", []),
        ("product_infrastructure", "Y", True),
        ("monthly_volume", "250,000", 250000),
    ],
)
def test_typed_text_becomes_the_files_value(ruleset, qid: str, text: str, value) -> None:
    question = ruleset.questions[qid]
    assert parse_text(question, text) == value == validate_value(question, value)
    assert parse_text(question, format_value(value)) == value


# -- conditional questions -------------------------------------------------------

@pytest.fixture()
def rules_with_when(tmp_path: Path) -> Path:
    """The shipped rules plus a question asked only for sensitive data."""
    return rules_variant(tmp_path / "rules", append={"questions": (
        "      - id: residency\n"
        "        text: Must the data stay in the EU?\n"
        "        help: Where is data processed?\n"
        "        type: bool\n"
        "        default: false\n"
        "        when: {question: data_sensitivity, in: [confidential, regulated]}\n"
    )})


def test_when_skips_a_question_that_does_not_apply(runner, terminal, rules_with_when) -> None:
    result = assess(runner, "--rules", str(rules_with_when), input="\n" * (N_QUESTIONS + 2) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped"] == ["residency"] and data["answers"]["residency"] is False
    assert "Question 18/18" not in result.stderr
    assert "(skipped)" in result.stderr


def test_when_asks_a_question_that_applies(runner, terminal, rules_with_when) -> None:
    keys = "\n" * N_QUESTIONS + "regulated\n" + "y\n" + "\n\n"
    result = assess(runner, "--rules", str(rules_with_when), input=keys)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped"] == [] and data["answers"]["residency"] is True


def test_when_in_an_answers_file(runner, rules_with_when) -> None:
    text = (EXAMPLES / "design-studio.yaml").read_text()
    result = runner.invoke(app, ["assess", "-f", "json", "--rules", str(rules_with_when)], input=text)
    assert result.exit_code == 0, result.output  # residency does not apply: not missing
    assert json.loads(result.stdout)["skipped"] == ["residency"]


# -- several needs ----------------------------------------------------------------------------


def test_adding_a_need_asks_its_questions_with_the_last_needs_answers_as_defaults(runner, ruleset, terminal,
                                                                                tmp_path) -> None:
    staff = next(s for s in SCENARIOS if s["expect"] == "chat")["answers"]
    bot = next(s for s in SCENARIOS if s["expect"] == "api")["answers"]
    save = tmp_path / "two.yaml"
    keys = ("Acme\n" + typed(ruleset, staff) + "\n"  # project, the first need, its review
            + "y\n" + "Staff\n" + "Bot\n"  # add another need; name the first; name the new one
            + typed(ruleset, bot) + "\n"  # the new need and its review
            + "\n"  # the list of needs: go on
            + NO_MORE_NEEDS)
    result = assess(runner, "--save", str(save), input=keys)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(n["name"], n["recommendation"]) for n in data["needs"]] == [("Staff", "chat"), ("Bot", "api")]
    assert data["recommendation"] == "both" and "Your needs" in result.stderr
    saved = yaml.safe_load(save.read_text())
    assert [need["name"] for need in saved["needs"]] == ["Staff", "Bot"]
    again = assess(runner, "--answers", str(save), input="")
    assert json.loads(again.stdout)["needs"] == data["needs"]


def test_enter_through_a_new_need_copies_the_last_one_and_a_need_can_be_removed(runner, terminal) -> None:
    keys = ("\n" + "\n" * N_QUESTIONS + "\n"  # no project; defaults; review
            + "y\n\n\n" + "\n" * N_QUESTIONS + "\n"  # add a need named by default; Enter through it
            + "-2\n\n" + NO_MORE_NEEDS)  # remove need 2, go on, no more needs
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["needs"]) == 1 and "Need 2" in result.stderr
