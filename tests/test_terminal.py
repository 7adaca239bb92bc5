"""The questionnaire in a real pseudo-terminal (pexpect): Enter through defaults, and Ctrl-C."""

from __future__ import annotations

import os
import sys

import pexpect

from aichoice.answers import resolve
from aichoice.ruleset import load_ruleset

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "40", "TERM": "xterm"}
# The headers in the order asked: the organisation's questions, then the need's, each pass counted
# apart; Enter through the defaults is not asked what the defaults make not apply (own_tool_for).
_QUESTIONS = load_ruleset().questions
_NOT_ASKED = set(resolve(_QUESTIONS, {}).skipped)
_SCOPES = [q.scope for q in _QUESTIONS.values() if q.id not in _NOT_ASKED]
HEADERS = [
    f"Organisation · .* · Question {n}/{_SCOPES.count('organisation')}"
    for n in range(1, _SCOPES.count("organisation") + 1)
] + [f"Your need · .* · Question {n}/{_SCOPES.count('need')}" for n in range(1, _SCOPES.count("need") + 1)]


def spawn(tmp_path, *args: str):
    return pexpect.spawn(
        sys.executable,
        ["-m", "aichoice", "assess", *args],
        cwd=str(tmp_path),
        env=ENV,
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
        dimensions=(40, 80),
    )


def to_the_first_question(child, project: str = "") -> None:
    child.expect("Project name")
    child.sendline(project)
    child.expect(HEADERS[0])
    child.expect("> ")


def enter_from(child, first: int) -> None:
    """Press Enter at every question from the `first` asked on (the one on screen is `first`)."""
    for number in range(first, len(HEADERS) + 1):
        if number > first:
            child.expect(HEADERS[number - 1])
            child.expect("> ")
        child.sendline("")


def answer_every_question_with_enter(child) -> None:
    to_the_first_question(child)
    enter_from(child, 1)
    child.expect("Review your answers")
    child.expect("a number to change an answer")
    child.sendline("")
    child.expect(r"Add another need")
    child.sendline("")
    child.expect("Recommendation: ")


def test_enter_through_the_defaults_to_a_recommendation(tmp_path) -> None:
    child = spawn(tmp_path)
    answer_every_question_with_enter(child)
    child.expect(r"Save these answers to a file\? \[y/N\]")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not list(tmp_path.iterdir())  # declined: nothing written


def test_ctrl_c_exits_130_without_a_traceback(tmp_path) -> None:
    child = spawn(tmp_path)
    to_the_first_question(child, "Acme")
    child.sendintr()
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 130
    assert "interrupted" in output
    assert "Traceback" not in output


def test_ctrl_c_stops_a_batch_with_workers(tmp_path) -> None:
    import shutil

    from tests.conftest import EXAMPLES

    teams = tmp_path / "teams"
    teams.mkdir()
    for index in range(3_000):
        shutil.copy(EXAMPLES / "hospital-group.yaml", teams / f"team-{index:05d}.yaml")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "aichoice", "batch", str(teams), "--jobs", "2"],
        cwd=str(tmp_path),
        env=ENV,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 80),
    )
    child.expect("team-00[0-9]")  # rows are streaming
    child.sendintr()
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 130
    assert "interrupted" in output and "Traceback" not in output


def test_regression_a_typed_byte_that_is_not_utf8_is_refused_and_asked_again(tmp_path) -> None:
    child = spawn(tmp_path)
    to_the_first_question(child)
    os.write(child.child_fd, b"pil\xff\xfeot\r")
    child.expect("unknown value")
    child.expect("> ")
    enter_from(child, 1)
    child.expect("a number to change an answer")
    child.sendline("")
    child.expect(r"Add another need")
    child.sendline("")
    child.expect(r"Save these answers to a file\? \[y/N\]")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "Traceback" not in (child.before or "")


def test_regression_a_save_path_that_will_not_do_is_asked_again(tmp_path) -> None:
    child = spawn(tmp_path)
    answer_every_question_with_enter(child)
    child.expect(r"Save these answers to a file\? \[y/N\]")
    child.sendline("y")
    child.expect("File name")
    child.sendline("no/such/folder/answers.yaml")
    child.expect("does not exist")
    child.expect("Save to another file")
    child.sendline("answers.yaml")
    child.expect("answers saved to answers.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "primary_goal" in (tmp_path / "answers.yaml").read_text()


def test_regression_ctrl_c_at_the_save_prompt_writes_no_report(tmp_path) -> None:
    child = spawn(tmp_path, "--report", "report.md")
    answer_every_question_with_enter(child)
    child.expect(r"Save these answers to a file\? \[y/N\]")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not list(tmp_path.iterdir())  # an interrupted run writes nothing
