"""The interactive questionnaire, driven through CliRunner input (same path, same result) and,
for several needs, through a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from rich.console import Console

from aichoice import cli
from aichoice.answers import Draft, resolve, validate_value
from aichoice.cli import app
from aichoice.errors import AnswerError
from aichoice.prompt import Interview, parse_text
from aichoice.ruleset import load_ruleset
from aichoice.wording import format_value
from tests.conftest import EXAMPLES, load_scenarios, rules_variant

# The asking order: the organisation's questions once, then the need's own (the review numbers
# every question so). Enter through the defaults skips those the defaults make not apply
# (own_tool_for: the default people's tool is ready-made), so OWN is what each need is asked.
_QUESTIONS = load_ruleset().questions
_NOT_ASKED = set(resolve(_QUESTIONS, {}).skipped)
ORGANISATION = [q.id for q in _QUESTIONS.values() if q.scope == "organisation"]
OWN = [q.id for q in _QUESTIONS.values() if q.scope == "need" and q.id not in _NOT_ASKED]
ORDER = ORGANISATION + [q.id for q in _QUESTIONS.values() if q.scope == "need"]
N_QUESTIONS = len(ORGANISATION) + len(OWN)
NO_MORE_NEEDS = "\n"  # Enter at "Add another need?"


@pytest.fixture()
def terminal(monkeypatch):
    """Pretend standard input is a terminal, so assess runs the questionnaire."""
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)


def key(question, value) -> str:
    """What a person types to answer `question` with `value`."""
    if question.type == "list":
        return ",".join(value) if value else "-"
    if question.type == "bool":
        return "y" if value else "n"
    return str(value)


def asked(ruleset, answers: dict) -> dict:
    """The answers the questionnaire asks for, given `answers`: every question that applies, with
    what a file without it would mean where `answers` lacks it (a contract v2 scenario)."""
    walked = resolve(ruleset.questions, answers)
    return {qid: value for qid, value in walked.values.items() if qid not in walked.skipped}


def own_asked(ruleset, answers: dict) -> list[str]:
    """The need's own questions the questionnaire asks, given `answers`, in order."""
    return [qid for qid in asked(ruleset, answers) if ruleset.questions[qid].scope == "need"]


def typed(ruleset, answers: dict, scope: str | None = None) -> str:
    """The keystrokes that answer every question that applies (or those of one `scope`) with
    `answers`, in the order asked: the organisation's questions first, then the need's."""
    answers = asked(ruleset, answers)
    questions = [q for q in ruleset.questions.values() if q.scope == "organisation"] + [
        q for q in ruleset.questions.values() if q.scope != "organisation"
    ]
    return "".join(key(q, answers[q.id]) + "\n" for q in questions if scope in (None, q.scope) and q.id in answers)


def assess(runner, *args: str, input: str):
    return runner.invoke(app, ["assess", "--format", "json", *args], input=input)


SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS[::3], ids=lambda s: s["name"])
def test_prompt_result_equals_answers_file_result(runner, ruleset, terminal, tmp_path, scenario) -> None:
    keys = "My project\n" + typed(ruleset, scenario["answers"]) + "\n" + "n\n"
    prompted = assess(runner, input=keys)
    assert prompted.exit_code == 0, prompted.output
    path = tmp_path / "a.json"
    answers = asked(ruleset, scenario["answers"])
    path.write_text(json.dumps({"project": "My project", "answers": answers}))  # JSON is YAML
    from_file = assess(runner, "--answers", str(path), input="")
    assert json.loads(prompted.stdout) == json.loads(from_file.stdout)


def test_enter_accepts_every_default(runner, ruleset, terminal) -> None:
    result = assess(runner, input="\n" * (1 + N_QUESTIONS + 1) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"] == {q.id: q.default for q in ruleset.questions.values()}
    assert data["project"] is None
    err = result.stderr
    assert "Organisation · Section 1/" in err and f"Question {len(ORGANISATION)}/{len(ORGANISATION)}" in err
    assert "Your need · Section 1/" in err and f"Question {len(OWN)}/{len(OWN)}" in err
    assert f"/{N_QUESTIONS}" not in err  # each pass counts only its own questions
    assert "Review your answers" in err and "Enter: go on to 'Add another need?'" in err
    assert "Enter to see the recommendation" not in err  # the next step is the question about another need


def test_help_wrong_value_and_back(runner, terminal) -> None:
    assert ORGANISATION[0] == "adoption_stage"
    keys = "\n?\nnonsense\n2\n<\n3\n" + "\n" * (N_QUESTIONS - 1) + "\n\n"
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "adoption is experimental" in err  # the help text
    assert "unknown value 'nonsense'" in err and "allowed values: experimental, pilot, production" in err
    assert "(current)" in err  # back at question 1, the earlier answer is offered
    assert json.loads(result.stdout)["answers"]["adoption_stage"] == "production"


def test_back_at_the_needs_first_question_says_where_the_organisation_is_changed(runner, terminal) -> None:
    keys = "\n" * (1 + len(ORGANISATION)) + "<\n" + "\n" * len(OWN) + "\n\n"
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    assert (
        "This is the first question about this need; the organisation's answers can be changed at the "
        "review." in " ".join(result.stderr.split())
    )  # as wrapped on the screen


def test_back_at_the_first_question_stays(runner, terminal) -> None:
    result = assess(runner, input="\n<\n" + "\n" * N_QUESTIONS + "\n\n")
    assert result.exit_code == 0
    assert "This is the first question." in result.stderr


def test_review_changes_an_answer(runner, ruleset, terminal) -> None:
    number = ORDER.index("team_size") + 1  # the review numbers the questions as they were asked
    keys = "\n" * (1 + N_QUESTIONS) + f"{number}\n250\n" + "99\n\n" + "\n"
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"]["team_size"] == 250
    assert f"Type a number from 1 to {len(ORDER)}" in result.stderr


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
    err = result.stderr
    assert "Organisation · Section 1/" in err and f"Question {len(ORGANISATION) - 1}/{len(ORGANISATION) - 1}" in err
    assert f"Question {len(OWN) - 1}/{len(OWN) - 1}" in err and f"Question {len(OWN)}/" not in err
    assert "(from file)" in err


def test_ask_missing_keeps_the_files_cost_section(runner, terminal, tmp_path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        "answers:\n  team_size: 40\ncost:\n  seat_price: 25\n  chat_minutes: 5\n  hourly_rate: 30\n  currency: EUR\n"
    )
    keys = "\n" + "\n" * (N_QUESTIONS - 1) + "\n"  # the file has no project: its name is asked
    result = assess(runner, "--answers", str(partial), "--ask-missing", input=keys)
    assert result.exit_code == 0, result.output
    assert "Project name" in result.stderr
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
    return rules_variant(
        tmp_path / "rules",
        append={
            "questions": (
                "      - id: residency\n"
                "        text: Must the data stay in the EU?\n"
                "        help: Where is data processed?\n"
                "        type: bool\n"
                "        default: false\n"
                "        when: {question: data_sensitivity, in: [confidential, regulated]}\n"
            )
        },
    )


def test_when_skips_a_question_that_does_not_apply(runner, terminal, rules_with_when) -> None:
    result = assess(runner, "--rules", str(rules_with_when), input="\n" * (N_QUESTIONS + 2) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped"] == ["own_tool_for", "residency"] and data["answers"]["residency"] is False
    assert f"Question {len(OWN)}/{len(OWN)}" in result.stderr  # residency is a need's question: not counted
    assert f"Question {len(OWN) + 1}/" not in result.stderr
    assert "(skipped)" in result.stderr


def test_when_asks_a_question_that_applies(runner, terminal, rules_with_when) -> None:
    assert ORGANISATION[-1] == "data_sensitivity"
    keys = "\n" * len(ORGANISATION) + "regulated\n" + "\n" * len(OWN) + "y\n" + "\n\n"
    result = assess(runner, "--rules", str(rules_with_when), input=keys)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped"] == ["own_tool_for"] and data["answers"]["residency"] is True


def test_when_in_an_answers_file(runner, rules_with_when) -> None:
    text = (EXAMPLES / "design-studio.yaml").read_text()
    result = runner.invoke(app, ["assess", "-f", "json", "--rules", str(rules_with_when)], input=text)
    assert result.exit_code == 0, result.output  # residency does not apply: not missing
    assert json.loads(result.stdout)["skipped"] == ["own_tool_for", "residency"]


# -- several needs ----------------------------------------------------------------------------

# Two needs from the example: the insurer's shared answers, its staff assistant's and its support bot's.
# The questionnaire asks the organisation once, so the bot keeps the shared budget_preference.
_EXAMPLE = yaml.safe_load((EXAMPLES / "staff-and-support.yaml").read_text())
SHARED = {qid: _EXAMPLE["answers"][qid] for qid in ORGANISATION}
STAFF = {**_EXAMPLE["answers"], **_EXAMPLE["needs"][0]["answers"]}
BOT = {**_EXAMPLE["answers"], **_EXAMPLE["needs"][1]["answers"], **SHARED}


def two_needs(ruleset, first: str = "Staff\n", second: str = "Bot\n", review: str = "\n", listing: str = "\n") -> str:
    """Keys for the example's two needs: project, the organisation, the staff need, its review,
    add a need, both names, the bot's own questions, its `review`, the `listing` of needs, no more."""
    return (
        "Acme\n"
        + typed(ruleset, STAFF, "organisation")
        + typed(ruleset, STAFF, "need")
        + "\n"
        + "y\n"
        + first
        + second
        + typed(ruleset, BOT, "need")
        + review
        + listing
        + NO_MORE_NEEDS
    )


def test_a_second_need_is_asked_only_its_own_questions_and_both_share_the_organisations(
    runner, ruleset, terminal, tmp_path
) -> None:
    save = tmp_path / "two.yaml"
    result = assess(runner, "--save", str(save), input=two_needs(ruleset))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(n["name"], n["recommendation"]) for n in data["needs"]] == [("Staff", "chat"), ("Bot", "api")]
    assert data["recommendation"] == "both" and "Your needs" in result.stderr
    for need in data["needs"]:  # each need has the organisation's answers, asked once
        assert {qid: need["answers"][qid] for qid in ORGANISATION} == SHARED
    staff, bot = own_asked(ruleset, STAFF), own_asked(ruleset, BOT)  # the bot has no people: no people_tool
    assert result.stderr.count("Enter = ") == len(ORGANISATION) + len(staff) + len(bot)  # organisation asked once
    saved = yaml.safe_load(save.read_text())
    assert saved["answers"] == SHARED
    assert [(need["name"], sorted(need["answers"])) for need in saved["needs"]] == [
        ("Staff", sorted(staff)),
        ("Bot", sorted(bot)),
    ]
    again = assess(runner, "--answers", str(save), input="")
    assert json.loads(again.stdout) == data  # the saved file is the same assessment


def test_an_organisation_answer_changed_at_a_needs_review_holds_for_every_need(runner, ruleset, terminal) -> None:
    team = ORDER.index("team_size") + 1
    keys = two_needs(ruleset, review=f"{team}\n250\n\n", listing="1\n\n\n")  # then review need 1 from the list
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "Organisation · Section 2/" in err and "Review your answers · Need 1 of 2 · Staff" in err
    assert "Enter: back to the list of needs; or a number to change an answer" in err
    data = json.loads(result.stdout)
    assert [need["answers"]["team_size"] for need in data["needs"]] == [250, 250]


def test_enter_through_a_new_need_copies_the_last_one_and_a_need_can_be_removed(runner, terminal) -> None:
    keys = (
        "\n"
        + "\n" * N_QUESTIONS
        + "\n"  # no project; defaults; review
        + "y\n\n\n"
        + "\n" * len(OWN)
        + "\n"  # add a need named by default; Enter through its own questions
        + "-2\n\n"
        + NO_MORE_NEEDS
    )  # remove need 2, go on, no more needs
    result = assess(runner, input=keys)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["needs"]) == 1 and "Need 2 of 2 · Need 2 · Section 1/" in result.stderr
    assert "(as in Need 1)" in result.stderr  # the first need's answers are offered


def test_set_holds_for_every_need_and_is_never_asked(runner, ruleset, terminal, tmp_path) -> None:
    save = tmp_path / "set.yaml"
    automation = ORDER.index("automation") + 1
    keys = (
        "Acme\n"
        + "\n" * (len(ORGANISATION) - 1)
        + "\n" * (len(OWN) - 1)  # project; both passes
        + f"{automation}\n"
        + "\n"  # the review: automation cannot be changed here; go on
        + "y\n\n\n"
        + "\n" * (len(OWN) - 1)
        + "\n"
        + "\n"
        + NO_MORE_NEEDS
    )  # a second need, by default
    result = assess(runner, "--set", "automation=full", "--set", "team_size=40", "--save", str(save), input=keys)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "Project name" in err  # --set gives answers, not a name: still asked
    assert err.count("Enter = ") == len(ORGANISATION) - 1 + 2 * (len(OWN) - 1)
    assert f"Question {len(OWN) - 1}/{len(OWN) - 1}" in err and f"/{len(OWN)}" not in err
    assert f"Question {automation} is set by --set, for every need" in err
    assert "(set by --set, for every need)" in err
    data = json.loads(result.stdout)
    assert data["project"] == "Acme"
    for need in data["needs"]:
        assert need["answers"]["automation"] == "full" and need["answers"]["team_size"] == 40
        assert set(need["overridden"]) == {"automation", "team_size"}
    saved = yaml.safe_load(save.read_text())
    assert saved["answers"]["automation"] == "full" and saved["answers"]["team_size"] == 40
    assert all("automation" not in need["answers"] for need in saved["needs"])


def test_set_with_one_need_asks_the_project(runner, terminal) -> None:
    keys = "Acme\n" + "\n" * (N_QUESTIONS - 1) + "\n" + NO_MORE_NEEDS
    result = assess(runner, "--set", "automation=full", input=keys)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["project"] == "Acme" and data["answers"]["automation"] == "full"
    assert data["overridden"] == ["automation"] and "(set by --set)" in result.stderr


def test_a_typed_need_name_is_shown_and_saved_without_control_characters(runner, ruleset, terminal, tmp_path) -> None:
    save = tmp_path / "names.yaml"
    hostile = "Bot {n}\x1b]0;pwned\x07\x1b[2J\u202e\n"  # braces too: a name is never a format string
    result = assess(runner, "--save", str(save), input=two_needs(ruleset, second=hostile))
    assert result.exit_code == 0, result.output
    assert not re.search("[\x1b\x07\u202e]", result.stderr)
    assert "Need 2 of 2 · Bot {n}]0;pwned[2J · Section" in result.stderr
    assert yaml.safe_load(save.read_text())["needs"][1]["name"] == "Bot {n}]0;pwned[2J"


def test_regression_a_typed_need_name_that_shows_like_another_is_asked_again(ruleset) -> None:
    """Names are compared as they are shown: 'Staff' and 'Staff' + a zero-width space are one name
    (a file holding both is refused when it is read back)."""
    names = iter(["Staff", "Staff\u200b", "Staff\x1b", "Bot"])
    said: list[str] = []

    def read(prompt: str) -> str:
        said.append(prompt)
        if prompt.startswith("Add another need?"):
            return "y" if sum(p.startswith("Add another need?") for p in said) == 1 else ""
        return next(names) if prompt.startswith("Name ") else ""

    out = io.StringIO()
    draft = Interview(Console(file=out, width=100), read).run(ruleset, None)
    assert [need.name for need in draft.needs] == ["Staff", "Bot"]
    assert out.getvalue().count("Another need is called 'Staff'") == 2


def test_regression_the_save_dialog_never_writes_over_an_input(ruleset, tmp_path) -> None:
    """A path typed in the save dialog is held to what --save is: not the answers file of the run."""
    from aichoice.errors import AichoiceError

    answers = tmp_path / "team.yaml"
    answers.write_text("original\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    typed = iter([str(other)])

    def refuse(path) -> None:
        if path == answers:
            raise AichoiceError("the file is the answers file; aichoice never writes over an input")

    out = io.StringIO()
    interview = Interview(Console(file=out, width=100), lambda prompt: next(typed))
    saved = interview.save(Draft(values={"team_size": 3}), (answers, True), refuse)
    assert saved == other and answers.read_text(encoding="utf-8") == "original\n"
    assert "never writes over an input" in out.getvalue() and "team_size: 3" in other.read_text()


def test_prompts_for_two_needs(ruleset) -> None:
    """Enter through two needs: one prompt per question asked, plus the few around them."""
    prompts: list[str] = []

    def read(prompt: str) -> str:  # yes to the first "Add another need?", Enter everywhere else
        prompts.append(prompt)
        adding = [p for p in prompts if p.startswith("Add another need?")]
        return "y" if prompt.startswith("Add another need?") and len(adding) == 1 else ""

    draft = Interview(Console(file=io.StringIO(), width=100), read).run(ruleset, None)
    assert [need.name for need in draft.needs] == ["Need 1", "Need 2"]
    assert set(draft.values) == set(ORGANISATION) and all(set(n.values) == set(OWN) for n in draft.needs)
    # project, organisation, need 1, review, add?, two names, need 2, review, list, add?
    assert len(prompts) == 1 + len(ORGANISATION) + 2 * len(OWN) + 7 == 38
    assert prompts.count("> ") == len(ORGANISATION) + 2 * len(OWN)


# -- a real terminal --------------------------------------------------------------------------

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LINES": "40", "TERM": "xterm"}


def spawn(tmp_path, *args: str):
    return pexpect.spawn(
        sys.executable,
        ["-m", "aichoice", "assess", *args],
        cwd=str(tmp_path),
        env=ENV,
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
        dimensions=(40, 100),
    )


def answer_pass(child, ruleset, label: str, answers: dict, scope: str) -> list[str]:
    """Answer one pass's questions, checking each header; return what each question showed. (A
    pass counts the questions that apply so far: an answer can make a later one apply or not.)"""
    ids = ORGANISATION if scope == "organisation" else own_asked(ruleset, answers)
    screens = []
    for number, qid in enumerate(ids, 1):
        child.expect(re.escape(f"{label} · Section ") + r"\d/\d · [^\r\n]* · " + re.escape(f"Question {number}/"))
        child.expect_exact("> ")
        screens.append(child.before)
        child.sendline(key(ruleset.questions[qid], answers[qid]))
    return screens


def test_two_needs_in_a_real_terminal(runner, ruleset, tmp_path) -> None:
    child = spawn(tmp_path, "--save", "two.yaml", "--format", "json")
    child.expect_exact("Project name (optional, Enter to skip)")
    child.sendline("Acme")
    child.expect_exact(f"First, {len(ORGANISATION)} questions about your organisation, asked once")
    answer_pass(child, ruleset, "Organisation", STAFF, "organisation")
    child.expect_exact(f"Now {len(OWN)} questions about one need")
    answer_pass(child, ruleset, "Your need", STAFF, "need")
    child.expect_exact("Review your answers")
    child.expect_exact("Enter: go on to 'Add another need?'; or a number to change an answer")
    child.sendline("")
    child.expect_exact("Add another need? [y/N] (Enter: no, see the recommendation)")
    child.sendline("y")
    child.expect_exact("Name the need you described first (Enter: Need 1)")
    child.sendline("Staff")
    child.expect_exact("Name the new need (Enter: Need 2)")
    child.sendline("Support bot")
    child.expect(r"Need 2 of 2 · Support bot: \d+ questions of its own")
    screens = answer_pass(child, ruleset, "Need 2 of 2 · Support bot", BOT, "need")
    assert not any("How much engineering capacity" in screen for screen in screens)
    child.expect_exact("Review your answers · Need 2 of 2 · Support bot")
    child.expect_exact("Enter: go on to the list of needs; or a number to change an answer")
    review = child.before
    assert "Support bot: this need's own answers" in review and "Organisation: asked once" in review
    child.sendline("")
    child.expect_exact("Your needs")
    child.expect(r"1\. Staff\s+2\. Support bot")
    child.expect_exact("Enter: go on to 'Add another need?'; a number: review and change that need")
    child.sendline("")
    child.expect_exact("Add another need?")
    child.sendline("")
    child.expect_exact("answers saved to two.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = yaml.safe_load((tmp_path / "two.yaml").read_text())
    assert saved["project"] == "Acme" and saved["answers"] == SHARED
    assert [need["name"] for need in saved["needs"]] == ["Staff", "Support bot"]
    data = json.loads(assess(runner, "--answers", str(tmp_path / "two.yaml"), input="").stdout)
    assert [(need["name"], need["recommendation"]) for need in data["needs"]] == [
        ("Staff", "chat"),
        ("Support bot", "api"),
    ]
    assert all({qid: need["answers"][qid] for qid in ORGANISATION} == SHARED for need in data["needs"])
