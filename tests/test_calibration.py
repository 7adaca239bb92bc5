"""Measuring how sure verdicts are (`aichoice rules calibrate`): known cases in, a policy block out."""

from __future__ import annotations

import yaml

from aichoice.calibration import calibrate, known_cases
from aichoice.cli import app
from aichoice.ruleset import load_ruleset
from tests.conftest import ROOT, rules_variant

CASE = ROOT / "cases" / "arizona-state-university.yaml"


def test_calibrate_counts_agreement_per_band_of_leads(tmp_path) -> None:
    wrong = tmp_path / "wrong.yaml"  # the same answers, documented as the other channel
    wrong.write_text(CASE.read_text(encoding="utf-8").replace("# documented: chat", "# documented: api", 1))
    known = known_cases([CASE, wrong], None)
    assert [(k.kind, k.expected.value, k.verdict.value, k.agreed) for k in known] == [
        ("case", "chat", "chat", True),
        ("case", "api", "chat", False),
    ]
    calibration = calibrate(known, (0, known[0].lead + 1))
    assert [(b.agreed, b.cases) for b in calibration.bands] == [(1, 2), (0, 0)]
    assert calibration.bands[0].confidence == 0.5 and calibration.measured_on == "2 documented cases and 0 scenarios"


def test_the_printed_block_goes_into_a_rule_set_and_its_figures_are_reported(runner, tmp_path) -> None:
    result = runner.invoke(app, ["rules", "calibrate", str(CASE), "--bands", "0,5"])
    assert result.exit_code == 0, result.output
    assert "1 of 1 known cases agreed" in result.stderr
    block = result.stdout
    assert yaml.safe_load("policy:\n" + block)["policy"]["confidence"]["bands"][1] == {
        "min_lead": 5,
        "max_lead": None,
        "agreed": 1,
        "cases": 1,
    }
    start = "  confidence:\n"
    shipped = (ROOT / "rules" / "ruleset.yaml").read_text(encoding="utf-8")
    ours = rules_variant(tmp_path / "rules", ruleset=[(shipped[shipped.index(start) :], block[block.index(start) :])])
    assert load_ruleset(ours).info.policy.confidence.bands[1].cases == 1
    assessed = runner.invoke(app, ["assess", "-a", str(CASE), "--rules", str(ours), "-f", "brief"])
    assert "(67% sure)" in assessed.stdout  # (1 + 1) / (1 + 2), its band's measured figure


def test_bad_input_is_one_message_and_exit_2(runner, tmp_path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("answers: {}\n")
    scenarios = tmp_path / "scenarios.yaml"
    scenarios.write_text("scenarios:\n  - {expect: maybe, answers: {}}\n")
    incomplete = tmp_path / "incomplete.yaml"
    incomplete.write_text("scenarios:\n  - {expect: chat, answers: {primary_goal: both}}\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, words in [
        ([str(plain)], "neither a case file nor a scenarios file"),
        ([str(scenarios)], "scenario 1 must be a mapping with 'expect'"),
        ([str(incomplete)], "scenario 1: missing answers"),
        ([str(tmp_path / "none.yaml")], "cannot read"),
        ([str(empty)], "no known cases"),
        ([str(CASE), "--bands", "0,x"], "--bands must be whole numbers"),
        ([str(CASE), "--bands", "1,5"], "bands must start at 0 and rise"),
    ]:
        result = runner.invoke(app, ["rules", "calibrate", *args])
        assert result.exit_code == 2, (args, result.output)
        assert words in result.stderr and "Traceback" not in result.output, (args, result.stderr)
