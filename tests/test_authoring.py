"""Rule authoring and CI: rules check/show/init, schema, template, questions, job summary, hooks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from aichoice.cli import app
from aichoice.ruleset import RULESET_FILES, check_ruleset
from aichoice.schema import answers_schema
from tests.conftest import ANSWER_EXAMPLES, EXAMPLES, HANG_SECONDS, ROOT, rules_variant


def run(runner, *args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_shipped_rules_check_clean(runner) -> None:
    result = run(runner, "rules", "check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_rules_check_lists_every_error_located(runner, rules_copy: Path) -> None:
    scoring = rules_copy / "scoring.yaml"
    text = scoring.read_text()
    text = text.replace(
        "{question: time_to_value, equals: immediately}", "{question: time_to_valu, equals: immediately}"
    )
    text = text.replace("{question: automation, equals: full}", "{question: automation, equals: always}")
    scoring.write_text(text)
    result = run(runner, "rules", "check", str(rules_copy))
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  hint")]
    assert len(lines) == len(set(lines)) >= 2  # each place once, though an anchored condition is reused
    assert "unknown question 'time_to_valu'" in lines[0]
    for line in lines:
        path, row, col, rest = line.split(":", 3)
        assert path == str(scoring) and row.isdigit() and col.isdigit()
        assert rest.startswith(" error: ")
        assert "unknown question 'time_to_valu'" in rest or "unknown value 'always'" in rest
    assert "did you mean 'time_to_value'?" in result.stdout


def test_rules_check_warns_but_passes(runner, rules_copy: Path) -> None:
    scoring = rules_copy / "scoring.yaml"
    scoring.write_text(
        scoring.read_text()
        + (
            "  - id: never-fires\n"
            "    supports: chat\n"
            "    principle: Core differences\n"
            "    weight: 1\n"
            "    when:\n"
            "      all:\n"
            "        - {question: automation, equals: full}\n"
            "        - {question: automation, equals: none}\n"
            "    reason: Impossible.\n"
            "    source: Manual interaction\n"
        )
    )
    questions = rules_copy / "questions.yaml"
    questions.write_text(
        questions.read_text().replace(
            '{value: weeks, label: "Within weeks", neutral: true}', '{value: weeks, label: "Within weeks"}'
        )
        + (
            "      - id: favourite_colour\n"
            "        text: Favourite colour?\n"
            "        help: Nothing uses it.\n"
            "        type: choice\n"
            "        choices: [{value: red, label: Red}]\n"
            "        default: red\n"
        )
    )
    result = run(runner, "rules", "check", str(rules_copy))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "warning: rule 'never-fires' can never fire" in out
    assert "warning: value 'weeks' of 'time_to_value' is referenced by no scoring rule" in out
    assert "warning: question 'favourite_colour' is used by no rule" in out
    assert "0 error(s), 3 warning(s)" in result.stderr


def test_rules_check_missing_folder(runner, tmp_path: Path) -> None:
    result = run(runner, "rules", "check", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "rule set folder not found" in result.stdout


def test_assess_with_broken_rules_points_at_rules_check(runner, rules_copy: Path) -> None:
    scoring = rules_copy / "scoring.yaml"
    scoring.write_text(scoring.read_text().replace("weight: 4", "weight: -4"))
    result = run(runner, "assess", "--rules", str(rules_copy), "--answers", str(EXAMPLES / "design-studio.yaml"))
    assert result.exit_code == 2
    assert f"{scoring}:" in result.stderr and "from 1 to 100" in result.stderr
    assert "more errors: run 'aichoice rules check" in result.stderr


def test_rules_init_copies_and_refuses_to_overwrite(runner, tmp_path: Path) -> None:
    target = tmp_path / "ours"
    assert run(runner, "rules", "init", str(target)).exit_code == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(RULESET_FILES)
    assert check_ruleset(target).ruleset is not None
    again = run(runner, "rules", "init", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run(runner, "rules", "init", str(target), "--force").exit_code == 0


def test_rules_show_and_questions(runner) -> None:
    shown = run(runner, "rules", "show")
    assert shown.exit_code == 0
    for words in ("aichoice-default", "Questions", "Rules", "product-infrastructure", "overhead 12"):
        assert words in shown.stdout
    listed = run(runner, "questions")
    assert listed.exit_code == 0
    for words in ("primary_goal", "monthly_volume", "choice", "conversation"):
        assert words in listed.stdout


def test_schema_accepts_examples_and_rejects_unknowns(runner, ruleset) -> None:
    result = run(runner, "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in ANSWER_EXAMPLES:
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    good = yaml.safe_load((EXAMPLES / "design-studio.yaml").read_text())
    for broken in (
        {**good, "extra": 1},
        {**good, "answers": {**good["answers"], "tim_to_value": "weeks"}},
        {**good, "answers": {**good["answers"], "primary_goal": "conversaton"}},
        {**good, "answers": {**good["answers"], "audience": ["robots"]}},
        {**good, "answers": {**good["answers"], "team_size": 0}},
        {**good, "answers": {k: v for k, v in good["answers"].items() if k != "team_size"}},
    ):
        assert list(validator.iter_errors(broken)), broken


def test_schema_leaves_conditional_questions_optional(ruleset, tmp_path: Path) -> None:
    from tests.test_docs import eu_rules

    def required(schema: dict) -> list:  # without needs, every unconditional question is required
        return schema["then"]["properties"]["answers"]["required"]

    # but those asked only when they apply, or read from the other answers when absent
    assert set(required(answers_schema(ruleset))) == set(ruleset.questions) - {"people_tool", "own_tool_for"}
    ours = check_ruleset(eu_rules(tmp_path)).ruleset
    assert "eu_data_residency" not in required(answers_schema(ours)) and "team_size" in required(answers_schema(ours))


def test_template_is_accepted_exactly_as_printed(runner, tmp_path: Path, ruleset) -> None:
    text = run(runner, "template").stdout
    assert text.count("# ") > 40  # commented: help and values for every question
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    result = run(runner, "assess", "--answers", str(path), "--defaults", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"] == {q.id: q.default for q in ruleset.questions.values()}
    assert data["assumed"] == []  # every answer is filled in
    for question in ruleset.questions.values():
        assert question.text in text


def test_step_summary_appends(runner, tmp_path: Path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(runner, "assess", "--answers", str(EXAMPLES / "shipping-records.yaml"), "-f", "json")
    assert result.exit_code == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n")
    assert "### aichoice · Shipping email extraction: API" in text
    assert "Confidence 97%" in text and text.count("\n- ") == 3


def test_step_summary_failure_is_a_warning(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "file"))
    result = run(runner, "assess", "--answers", str(EXAMPLES / "shipping-records.yaml"), "-f", "json")
    assert result.exit_code == 0 and "warning: cannot write GITHUB_STEP_SUMMARY" in result.stderr


def test_pre_commit_hooks_are_valid() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    ids = {hook["id"] for hook in hooks}
    assert ids == {"aichoice-assess", "aichoice-rules-check"}
    for hook in hooks:
        assert hook["entry"].startswith("aichoice ") and hook["language"] == "python"
        assert {"id", "name", "entry", "language"} <= set(hook)


# -- the hostile review --------------------------------------------------------------------------


def test_regression_rules_check_is_bounded_in_the_values_one_rule_names(runner, tmp_path) -> None:
    values = ", ".join(
        [
            "brainstorming",
            "writing_support",
            "internal_productivity",
            "research_assistance",
            "training",
            "ai_search",
            "customer_support_automation",
            "personalized_recommendations",
            "document_processing",
            "saas_features",
            "content_generation",
            "coding_assistant",
        ]
    )
    many = (
        "{all: ["
        + ", ".join(f"{{question: use_cases, includes: {v}}}" for v in values.split(", "))
        + ", {question: use_cases, in: ["
        + values
        + "]}, {question: audience, in: [employees, customers, systems]}]}"
    )
    rules = rules_variant(
        tmp_path / "rules", scoring=[("    when: {question: primary_goal, equals: conversation}", f"    when: {many}")]
    )
    start = time.perf_counter()
    result = run(runner, "rules", "check", str(rules))
    assert time.perf_counter() - start < HANG_SECONDS  # 22 values took 10 s and 744 MB when every subset was built
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "names, words", [("primary_goal", "names 'primary_goal' itself"), ("data_sensitivity", "which is asked later")]
)
def test_regression_a_when_naming_itself_or_a_later_question_says_so(runner, tmp_path, names, words) -> None:
    rules = rules_variant(
        tmp_path / "rules",
        questions=[
            (
                "        default: conversation\n",
                f"        default: conversation\n        when: {{question: {names}, equals: public}}\n",
            )
        ],
    )
    result = run(runner, "rules", "check", str(rules))
    assert result.exit_code == 2 and words in result.stdout, result.output
    assert "known questions:" not in result.stdout


def test_an_organisation_question_asked_on_a_need_answer_is_refused(runner, tmp_path) -> None:
    # Asked once, before any need: an organisation question cannot depend on a need's answer.
    rules = rules_variant(
        tmp_path / "rules",
        questions=[
            (
                "        scope: organisation\n        text: How much engineering capacity",
                "        scope: organisation\n        when: {question: primary_goal, equals: capability}\n"
                "        text: How much engineering capacity",
            )
        ],
    )
    result = run(runner, "rules", "check", str(rules))
    assert result.exit_code == 2, result.output
    assert (
        "organisation question 'engineering_capacity' names 'primary_goal', which is asked for each need"
        in result.stdout
    )


def test_the_shipped_questions_have_scopes(ruleset) -> None:
    scopes = {qid: q.scope for qid, q in ruleset.questions.items()}
    assert {q for q, s in scopes.items() if s == "organisation"} == {
        "adoption_stage",
        "engineering_capacity",
        "team_size",
        "budget_preference",
        "governance_priority",
        "data_sensitivity",
    }


def test_regression_the_template_stays_valid_whatever_the_rule_texts_hold(runner, tmp_path) -> None:
    rules = rules_variant(
        tmp_path / "rules",
        questions=[
            ("title: Goal and timing", 'title: "Goal\\nanswers: {primary_goal: nope}\\n\\u2028x: 1 \\x85y: 2"'),
            ("text: What is the main goal of bringing in generative AI?", 'text: "Goal?\\r\\nproject: hijacked"'),
        ],
    )
    template = run(runner, "template", "--rules", str(rules))
    assert template.exit_code == 0, template.output
    answers = tmp_path / "answers.yaml"
    answers.write_text(template.stdout, encoding="utf-8")
    result = run(runner, "assess", "--rules", str(rules), "--answers", str(answers), "--defaults", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["project"] is None


def test_every_shipped_question_has_a_short_label(ruleset) -> None:
    shorts = [q.short for q in ruleset.questions.values()]
    assert all(shorts) and len(set(shorts)) == len(shorts), "each names its question, and no two alike"


def test_a_short_label_longer_than_a_few_words_is_refused(runner, tmp_path) -> None:
    rules = rules_variant(tmp_path / "rules", questions=[("short: Main goal", "short: " + "Main goal " * 6)])
    result = run(runner, "rules", "check", str(rules))
    assert result.exit_code == 2, result.output
    assert "must be 1 to 40 characters" in result.stdout
