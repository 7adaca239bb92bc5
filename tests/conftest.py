"""Shared fixtures: the shipped rule set, the scenarios, a CLI runner."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from aichoice.loader import Marks
from aichoice.models import Answers, RuleSet
from aichoice.ruleset import load_ruleset

# A run this long is stuck (a FIFO read, a quadratic rescan), not slow: speed is measured by
# bench/run.py, never asserted in a unit test, so a loaded CI machine cannot trip these.
HANG_SECONDS = 10.0

ROOT = Path(__file__).resolve().parent.parent

# Validated-rule-set markers go to a folder of this test run, never the user's cache.
os.environ["AICHOICE_CACHE_DIR"] = tempfile.mkdtemp(prefix="aichoice-test-cache-")
EXAMPLES = ROOT / "examples"
# The example answers files (examples/pricing.yaml is a pricing file, not answers).
ANSWER_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "pricing.yaml")
ARTICLE = ROOT.parent / "shared" / "source" / "article.txt"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


def load_scenarios() -> list[dict[str, Any]]:
    with open(Path(__file__).parent / "scenarios.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["scenarios"]


def make_answers(ruleset: RuleSet, values: dict[str, Any], fill_defaults: bool = False) -> Answers:
    """Validate a plain dict of answers through the one validation path."""
    from aichoice.answers import validate_answers

    return validate_answers({"answers": values}, Marks("<test>"), ruleset, fill_defaults)


def rules_variant(folder: Path, append: dict[str, str] | None = None, **edits: list[tuple[str, str]]) -> Path:
    """The one builder of rule-set variants: a copy of the shipped rule set at `folder`, with text
    replacements per file (`scoring=[(old, new), ...]` edits scoring.yaml; each `old` must be
    there) and text appended (`append={"questions": "..."}`)."""
    import shutil

    from aichoice.ruleset import default_rules_dir

    shutil.copytree(default_rules_dir(), folder)
    for name in set(edits) | set(append or {}):
        path = folder / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        for old, new in edits.get(name, []):
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text + (append or {}).get(name, ""), encoding="utf-8")
    return folder


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    """A copy of the shipped rule set to change in a test."""
    return rules_variant(tmp_path / "rules")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


# Property tests: a short pass by default, a bounded longer pass in CI
# (.ci/run), and a long one to fuzz:
#   HYPOTHESIS_PROFILE=fuzz pytest tests/test_properties.py

settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci-fuzz", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
