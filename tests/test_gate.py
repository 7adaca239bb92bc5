"""The CI gate: --expect for the whole and for one need, and the job summary that reports it."""

from __future__ import annotations

import re

import pytest

import aichoice
from aichoice.cli import app
from aichoice.errors import AichoiceError
from aichoice.gate import Expectation, check, parse_expectations
from aichoice.models import Option
from tests.conftest import EXAMPLES

TWO = str(EXAMPLES / "staff-and-support.yaml")
ONE = str(EXAMPLES / "design-studio.yaml")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("both", Expectation(Option.both)),
        ("Both", Expectation(Option.both)),
        (" API ", Expectation(Option.api)),
        ("Support bot=api", Expectation(Option.api, "Support bot")),
        ("Support bot = CHAT", Expectation(Option.chat, "Support bot")),
        ("a=b=chat", Expectation(Option.chat, "a=b")),  # the last '=' ends the need's name
    ],
)
def test_expectations_are_read_in_any_case(text, expected) -> None:
    assert parse_expectations([text]) == [expected]


@pytest.mark.parametrize("text", ["", "nope", "=api", "Support bot=", "Support bot=maybe"])
def test_a_bad_expectation_is_one_located_line(runner, text) -> None:
    result = runner.invoke(app, ["assess", "-a", TWO, "--expect", text])
    assert result.exit_code == 2, result.output
    problem = "the need's name before '=' is empty" if text == "=api" else "expected chat, api or both"
    assert problem in result.stderr and "NEED=chat|api|both" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the message and its hint: no box


def test_a_need_gate_passes_and_fails_by_that_need(runner) -> None:
    passed = runner.invoke(
        app,
        [
            "assess",
            "-a",
            TWO,
            "-f",
            "json",
            "--expect",
            "Support bot=api",
            "--expect",
            "Staff assistant=chat",
            "--expect",
            "Both",
        ],
    )
    assert passed.exit_code == 0, passed.output
    failed = runner.invoke(app, ["assess", "-a", TWO, "-f", "json", "--expect", "Support bot=chat"])
    assert failed.exit_code == 1
    assert failed.stderr.strip() == "aichoice: expected Support bot=chat, but that need's recommendation is api"


def test_every_need_that_drifted_gets_its_own_line(runner) -> None:
    result = runner.invoke(
        app,
        [
            "assess",
            "-a",
            TWO,
            "-f",
            "json",
            "--expect",
            "Support bot=chat",
            "--expect",
            "Staff assistant=api",
            "--expect",
            "api",
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "aichoice: expected Support bot=chat, but that need's recommendation is api",
        "aichoice: expected Staff assistant=api, but that need's recommendation is chat",
        "aichoice: expected api, but the recommendation is both",
    ]


@pytest.mark.parametrize(
    "source, text, hint",
    [
        (TWO, "Suport bot=api", "did you mean 'Support bot'?"),
        (ONE, "Design studio writing help=chat", "without a need's name applies to the whole"),
    ],
)
def test_an_unknown_need_is_exit_2_with_a_hint(runner, source, text, hint) -> None:
    result = runner.invoke(app, ["assess", "-a", source, "--expect", text])
    assert result.exit_code == 2, result.output
    assert "no need is named" in result.stderr and hint in result.stderr
    assert result.stdout == ""  # refused before anything is written


def test_check_is_pure_and_names_the_drifts() -> None:
    assessment = aichoice.assess(TWO)
    gate = check(assessment, parse_expectations(["both", "Support bot=chat"]))
    assert not gate.passed and [d.message() for d in gate.drifts] == [
        "expected Support bot=chat, but that need's recommendation is api"
    ]
    with pytest.raises(AichoiceError):
        check(assessment, parse_expectations(["Nobody=chat"]))


def test_the_job_summary_shows_every_need_and_the_failed_gate(runner, tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(app, ["assess", "-a", TWO, "-f", "json", "--expect", "Support bot=chat"])
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert "**Gate failed**" in text and "- expected Support bot=chat, but that need's recommendation is api" in text
    assert "| Staff assistant | Chat interface |" in text and "| Support bot | API |" in text
    assert "- **Staff assistant**: " in text and "- **Support bot**: " in text  # each need's strongest reasons


def test_the_job_summary_says_a_gate_passed(runner, tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert runner.invoke(app, ["assess", "-a", ONE, "-f", "json", "--expect", "CHAT"]).exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert "**Gate passed**: expected chat." in text and "| Design studio writing help | Chat interface |" in text
    assert "- **" not in text  # one need: its reasons are not labelled with its name


def test_a_hostile_need_name_in_the_job_summary_is_inert(runner, tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    hostile = "Bot | x <img src=x> [a](http://e) \x1b]0;t\x07"
    answers = tmp_path / "a.yaml"
    answers.write_text(
        open(TWO, encoding="utf-8")
        .read()
        .replace("Support bot", hostile.replace("\x1b", "\\e").replace("\x07", "\\a").join('""')),
        "utf-8",
    )
    result = runner.invoke(app, ["assess", "-a", str(answers), "-f", "json", "--expect", "both"])
    assert result.exit_code == 0, result.output
    text = summary.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    row = next(line for line in text.splitlines() if "<img" in line)
    unescaped = re.sub(r"\\.", "", row)
    assert "<" not in unescaped and "[" not in unescaped and unescaped.count("|") == 4  # one row of 3 cells


def test_an_expectation_with_an_empty_need_name_says_so() -> None:
    from aichoice.errors import AichoiceError
    from aichoice.gate import parse_expectations

    with pytest.raises(AichoiceError, match="the need's name before '=' is empty"):
        parse_expectations(["=api"])
    with pytest.raises(AichoiceError, match="expected chat, api or both"):
        parse_expectations(["Support bot=maybe"])
