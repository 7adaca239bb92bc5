"""`aichoice schema result`: the JSON Schema of the --format json document, held to every document
the tool writes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import aichoice
from aichoice.cli import app
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
CASES = Path(__file__).parent.parent / "cases"


@pytest.fixture(scope="module")
def validator(request) -> jsonschema.Draft202012Validator:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["schema", "result"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator, document) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_every_golden_json_validates(validator, golden) -> None:
    assert _errors(validator, json.loads(golden.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "example", sorted(p for p in EXAMPLES.glob("*.yaml") if p.stem != "pricing"), ids=lambda p: p.stem
)
def test_every_examples_json_validates(validator, runner, example) -> None:
    for args in ([], ["--set", "monthly_volume=500000"], ["--set", "adoption_stage=experimental"]):
        result = runner.invoke(app, ["assess", "-a", str(example), "-f", "json", *args])
        assert result.exit_code == 0, result.output
        assert _errors(validator, json.loads(result.stdout)) == [], args


def test_every_documented_case_validates(validator) -> None:
    cases = sorted(CASES.glob("*.yaml"))
    assert cases
    for case in cases:
        assert _errors(validator, aichoice.assess(case).to_dict()) == [], case.name


def test_the_schema_refuses_what_would_contradict_the_whole(validator) -> None:
    two = aichoice.assess(EXAMPLES / "staff-and-support.yaml").to_dict()
    assert _errors(validator, {**two, "scores": {"chat": 0, "api": 0, "both": 0}})  # summed scores of the whole
    one = aichoice.assess(EXAMPLES / "design-studio.yaml").to_dict()
    assert _errors(validator, {k: v for k, v in one.items() if k != "reasons"})  # one need keeps its fields
    assert _errors(validator, {**one, "needs": one["needs"] * 2})  # need fields on top of two needs


def test_schema_alone_still_prints_the_answers_schema(runner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and "answers file" in json.loads(result.stdout)["title"]
