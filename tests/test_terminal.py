"""The questionnaire in a real pseudo-terminal (pexpect): Enter through defaults, and Ctrl-C."""

from __future__ import annotations

import os
import sys

import pexpect

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "40", "TERM": "xterm"}


def spawn(tmp_path):
    return pexpect.spawn(
        sys.executable, ["-m", "aichoice", "assess"], cwd=str(tmp_path), env=ENV,
        encoding="utf-8", timeout=20, dimensions=(40, 80),
    )


def test_enter_through_the_defaults_to_a_recommendation(tmp_path) -> None:
    child = spawn(tmp_path)
    child.expect("Project name")
    child.sendline("")
    for number in range(1, 18):
        child.expect(f"Question {number}/17")
        child.expect("> ")
        child.sendline("")
    child.expect("Review your answers")
    child.expect("a number to change an answer")
    child.sendline("")
    child.expect("Recommendation: ")
    child.expect(r"Save these answers to a file\? \[y/N\]")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not list(tmp_path.iterdir())  # declined: nothing written


def test_ctrl_c_exits_130_without_a_traceback(tmp_path) -> None:
    child = spawn(tmp_path)
    child.expect("Project name")
    child.sendline("Acme")
    child.expect("Question 1/17")
    child.expect("> ")
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
    child = pexpect.spawn(sys.executable, ["-m", "aichoice", "batch", str(teams), "--jobs", "2"],
                          cwd=str(tmp_path), env=ENV, encoding="utf-8", timeout=30, dimensions=(40, 80))
    child.expect("team-00[0-9]")  # rows are streaming
    child.sendintr()
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 130
    assert "interrupted" in output and "Traceback" not in output
