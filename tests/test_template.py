"""`aichoice template`: each question says whom it is about, and the commented needs block is a
valid answers file once uncommented."""

from __future__ import annotations

import json

from aichoice.cli import app
from aichoice.template import answers_template


def test_each_question_says_whether_it_is_asked_once_or_for_each_need(ruleset) -> None:
    lines = answers_template(ruleset).splitlines()
    for question in ruleset.questions.values():
        scope = lines[lines.index(f"  # {question.text}") + 1]
        if question.scope == "organisation":
            assert scope == "  # About the organisation: asked once; every need shares this answer."
        else:
            assert scope == "  # About the need: asked for each need; under needs:, each need may give its own."


def test_the_needs_block_uncommented_is_an_assessment_of_two_needs(runner, ruleset, tmp_path) -> None:
    lines = answers_template(ruleset).splitlines()
    start = lines.index("# needs:")
    end = lines.index("", start)
    lines[start:end] = [line.removeprefix("# ") for line in lines[start:end]]
    path = tmp_path / "two.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["assess", "--answers", str(path), "--defaults", "--format", "json"])
    assert result.exit_code == 0, result.output
    needs = json.loads(result.stdout)["needs"]
    assert [need["name"] for need in needs] == ["Staff assistant", "Support bot"]
    first = next(q for q in ruleset.questions.values() if q.scope == "need")
    assert needs[0]["answers"][first.id] == first.default != needs[1]["answers"][first.id]
