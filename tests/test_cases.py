"""The case library (cases/): publicly documented adoptions, assessed as they were written.

Each case's documented choice and every answer were written down before the
tool was run on it, with its source; no case is edited to make it pass. The
verdicts must agree with at least 90% of them, and the README's table must
show exactly what the tool says today (case, documented choice, verdict,
confidence), with every disagreement named and explained.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import aichoice
from aichoice.cli import app
from aichoice.models import Assessment
from tests.conftest import ROOT

CASES = sorted((ROOT / "cases").glob("*.yaml"))
AGREEMENT = 0.90


def documented(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# documented: (chat|api|both)", first)
    assert match, f"{path.name}: the first line must be '# documented: chat|api|both'"
    return match.group(1)


def verdict(path: Path) -> Assessment:
    """The case as the library's front door assesses it (the CLI's own path: test below)."""
    return aichoice.assess(path)


def test_the_library_is_large_and_balanced() -> None:
    labels = [documented(path) for path in CASES]
    assert len(labels) >= 20
    assert all(labels.count(label) >= 4 for label in ("chat", "api", "both"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_case_names_its_source_and_marks_every_answer(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# source: \".+\", .+, \d{4}", text, re.M), "title, publisher and date"
    assert re.search(r"^#   https?://\S+$", text, re.M), "the address"
    assert re.search(r"^# evidence: .+", text, re.M)
    answers = [line for line in text.splitlines() if line.startswith("  ") and ":" in line]
    assert answers and all(line.endswith(("# source", "# inferred")) for line in answers)


def test_verdicts_agree_with_the_documented_choices() -> None:
    results = {path.stem: (documented(path), verdict(path).recommendation.value) for path in CASES}
    agree = sum(expected == got for expected, got in results.values())
    assert agree / len(results) >= AGREEMENT, {k: v for k, v in results.items() if v[0] != v[1]}


def test_the_readme_table_is_what_the_tool_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in CASES:
        result = verdict(path)
        row = f"| {path.stem} | {documented(path)} | {result.recommendation.value} | {result.confidence:.0%} |"
        assert row in readme, f"README is stale for {path.stem}: expected the row {row}"
        if documented(path) != result.recommendation.value:
            assert re.search(rf"^- \*\*{re.escape(path.stem)}\*\*: .+", readme, re.M), (
                f"README must explain the disagreement on {path.stem}"
            )


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_cli_gives_each_case_the_same_verdict(runner, path: Path) -> None:
    import json

    result = runner.invoke(app, ["assess", "--answers", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = verdict(path)
    assert (data["recommendation"], data["confidence"]) == (expected.recommendation.value, expected.confidence)


def test_the_shipped_confidence_is_measured_on_this_library_and_the_scenarios() -> None:
    """How sure a verdict is comes from the library: the rule set's `confidence:` block is what
    `aichoice rules calibrate cases/ tests/scenarios.yaml` measures today."""
    from aichoice.calibration import calibrate, known_cases
    from aichoice.ruleset import load_ruleset

    shipped = load_ruleset().info.policy.confidence
    assert shipped is not None
    edges = tuple(band.min_lead for band in shipped.bands)
    assert calibrate(known_cases([ROOT / "cases", ROOT / "tests" / "scenarios.yaml"], None), edges) == shipped


def test_no_wrong_verdict_is_reported_at_the_highest_confidence() -> None:
    results = {path.stem: (documented(path), verdict(path)) for path in CASES}
    highest = max(result.confidence for _, result in results.values())
    assert highest < 1
    for stem, (expected, result) in results.items():
        if result.recommendation.value != expected:
            assert result.confidence < highest, stem
