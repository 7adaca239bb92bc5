"""Shared fixtures: the shipped rule set, the scenarios, a CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from aichoice.loader import Marks
from aichoice.models import Answers, RuleSet
from aichoice.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
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


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
