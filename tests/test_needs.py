"""Several needs in one answers file: each need its own verdict, the assessment chat, api or both."""

from __future__ import annotations

import json

import pytest
import yaml

import aichoice
from aichoice.cli import app
from aichoice.engine import channel, recommend
from aichoice.errors import AichoiceError
from aichoice.models import Option
from tests.conftest import EXAMPLES

TWO = EXAMPLES / "staff-and-support.yaml"
DOCUMENT = yaml.safe_load(TWO.read_text(encoding="utf-8"))


def test_each_need_gets_its_channel_and_the_assessment_both() -> None:
    result = aichoice.assess(TWO)
    assert [(n.name, n.recommendation.value) for n in result.needs] == [("Staff assistant", "chat"),
                                                                         ("Support bot", "api")]
    assert result.recommendation is Option.both
    assert result.confidence == min(n.confidence for n in result.needs)
    assert all(any(r.in_favour for r in need.reasons) for need in result.needs)


@pytest.mark.parametrize("verdicts, whole", [(["chat", "chat"], "chat"), (["api", "api"], "api"),
                                             (["chat", "api"], "both"), (["both", "chat"], "both")])
def test_channel_of_the_needs(verdicts, whole) -> None:
    assert channel([Option(v) for v in verdicts]) is Option(whole)


def test_a_file_without_needs_is_one_need_whose_fields_are_the_top_level(runner) -> None:
    data = json.loads(runner.invoke(app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "-f", "json"]).stdout)
    (need,) = data["needs"]
    assert need["name"] == data["project"]
    for key in ("recommendation", "scores", "confidence", "close_call", "reasons", "sensitivity", "gaps"):
        assert need[key] == data[key], key


def test_json_carries_every_need(runner) -> None:
    result = runner.invoke(app, ["assess", "-a", str(TWO), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recommendation"] == "both"
    assert [(n["name"], n["recommendation"]) for n in data["needs"]] == [("Staff assistant", "chat"),
                                                                       ("Support bot", "api")]
    assert all(set(n) >= {"scores", "confidence", "close_call", "reasons", "sensitivity", "gaps"} for n in data["needs"])


def test_a_mistake_in_a_need_is_located_and_names_the_need(tmp_path) -> None:
    text = TWO.read_text(encoding="utf-8").replace("automation: full", "automation: fulll")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AichoiceError) as info:
        aichoice.assess(path)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "fulll" in row)
    assert str(info.value).startswith(f"{path}:{line}:")
    assert "needs[2] (Support bot): automation: unknown value 'fulll'" in str(info.value)


def test_missing_answers_name_their_need() -> None:
    document = {"answers": DOCUMENT["answers"], "needs": [{"name": "Half", "answers": {"primary_goal": "both"}}]}
    with pytest.raises(AichoiceError, match=r"needs\[1\] \(Half\): missing answers for 9 questions"):
        aichoice.assess(document)
    assert aichoice.assess(document, defaults=True).needs[0].name == "Half"


@pytest.mark.parametrize("needs, words", [
    ("nope", "'needs' must be a list"), ([{"answers": {}}], "a need needs a name"),
    ([{"name": "A"}, {"name": "A"}], "used by another need"), ([{"name": "A", "colour": 1}], "unknown key 'colour'"),
    ([{"name": "A", "answers": [1]}], "'answers' must be a mapping"),
])
def test_bad_needs_are_refused(needs, words) -> None:
    with pytest.raises(AichoiceError, match=words):
        aichoice.assess({"answers": DOCUMENT["answers"], "needs": needs}, defaults=True)


def test_set_applies_to_every_need(runner) -> None:
    data = json.loads(runner.invoke(app, ["assess", "-a", str(TWO), "-f", "json", "--set", "automation=none",
                                          "--set", "integration=none"]).stdout)
    assert all(n["answers"]["automation"] == "none" and n["answers"]["integration"] == "none" for n in data["needs"])


def test_what_would_change_the_assessment_is_exhaustive(ruleset) -> None:
    """Every single change of a shared answer (for the needs that share it) or of one need's own
    answer that changes the assessment's verdict is listed, and every listed change does."""
    from tests.test_explain import single_changes

    result = aichoice.assess(TWO)
    own = [set(need["answers"]) for need in DOCUMENT["needs"]]
    listed = {(c.need, c.question, str(c.to)) for c in result.sensitivity if c.kind == "value"}
    base = [need.answers for need in result.needs]
    for qid, question in ruleset.questions.items():
        if question.type == "int":
            continue
        sharing = [i for i in range(2) if qid not in own[i]]
        groups = ([(None, sharing)] if sharing else []) + [(result.needs[i].name, [i]) for i in range(2) if qid in own[i]]
        for need, which in groups:
            for value in single_changes(question, base[which[0]][qid]):
                verdicts = [recommend(ruleset, {**base[i], qid: value}) if i in which
                            else result.needs[i].recommendation for i in range(2)]
                flips = channel(verdicts) is not result.recommendation
                assert flips == ((need, qid, str(value)) in listed), (need, qid, value)
