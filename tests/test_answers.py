"""The one validation path for answers: every mistake named, with the allowed values."""

from __future__ import annotations

import pytest

from aichoice.answers import load_answers, validate_value
from aichoice.errors import AnswerError
from tests.conftest import ANSWER_EXAMPLES, load_scenarios


def load(text: str, ruleset, fill_defaults: bool = False):
    return load_answers(text.encode(), "a.yaml", ruleset, fill_defaults)


def error_of(text: str, ruleset, fill_defaults: bool = True) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        load(text, ruleset, fill_defaults)
    return info.value


@pytest.mark.parametrize("path", ANSWER_EXAMPLES, ids=lambda p: p.name)
def test_examples_are_complete_and_valid(ruleset, path) -> None:
    from aichoice.answers import complete_needs, load_draft

    for answers in complete_needs(ruleset, load_draft(path.read_bytes(), str(path), ruleset)):
        assert answers.assumed == []
        assert list(answers.values) == list(ruleset.questions)


def test_scenarios_are_complete(ruleset) -> None:
    for scenario in load_scenarios():
        assert set(scenario["answers"]) == set(ruleset.questions), scenario["name"]


def test_unknown_value_suggests_and_lists_allowed(ruleset) -> None:
    error = error_of("answers:\n  primary_goal: conversaton\n", ruleset)
    assert (error.line, error.col) == (2, 17)
    assert "primary_goal" in error.message and "'conversaton'" in error.message
    assert "did you mean 'conversation'?" in error.hint
    assert "conversation, capability, both" in error.hint


def test_unknown_question_points_at_the_key(ruleset) -> None:
    error = error_of("answers:\n  primary_goal: both\n  tim_to_value: weeks\n", ruleset)
    assert (error.line, error.col) == (3, 3)
    assert "did you mean 'time_to_value'?" in error.hint


def test_yaml_boolean_where_a_choice_is_expected_is_explained(ruleset) -> None:
    error = error_of("answers:\n  engineering_capacity: no\n", ruleset)
    assert "boolean false" in error.message
    assert "bare word 'no'" in error.hint and "none, limited, dedicated" in error.hint


@pytest.mark.parametrize(
    "line, words",
    [
        ("team_size: -3", "at least 1"),
        ("monthly_volume: -1", "at least 0"),
        ("monthly_volume: lots", "whole number"),
        ("monthly_volume: 2.5", "whole number"),
        ("product_infrastructure: maybe", "true or false"),
        ("team_size: true", "whole number"),
        ("audience: []", "at least 1"),
        ("audience: [employees, robots]", "unknown value 'robots'"),
        ("audience: {employees: 1}", "list"),
        ("primary_goal: [both]", "expected one of the values"),
    ],
)
def test_wrong_types_and_ranges(ruleset, line: str, words: str) -> None:
    error = error_of(f"answers:\n  {line}\n", ruleset)
    assert words in error.message
    assert error.line == 2


def test_missing_answers_lists_every_id(ruleset) -> None:
    error = error_of("answers:\n  primary_goal: both\n", ruleset, fill_defaults=False)
    missing = [q for q in ruleset.questions if q != "primary_goal"]
    assert f"missing answers for {len(missing)} questions" in error.message
    for qid in missing:
        assert qid in error.message
    assert "--defaults" in error.hint


def test_defaults_fill_and_are_reported(ruleset) -> None:
    answers = load("project: P\nanswers:\n  primary_goal: both\n", ruleset, fill_defaults=True)
    assert answers.project == "P"
    assert answers.values["primary_goal"] == "both"
    assert answers.assumed == [q for q in ruleset.questions if q != "primary_goal"]
    assert answers.values["audience"] == ruleset.questions["audience"].default


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("answers:\n", "missing or empty"),
        ("- a\n- b\n", "expected a mapping"),
        ("just text\n", "expected a mapping"),
        ("answers: [a]\n", "must be a mapping"),
        ("primary_goal: both\n", "unknown top-level key"),
        ("project: [x]\nanswers: {primary_goal: both}\n", "project must be a name"),
    ],
)
def test_document_shape(ruleset, text: str, words: str) -> None:
    assert words in error_of(text, ruleset).message


def test_question_id_at_top_level_gets_a_hint(ruleset) -> None:
    assert "under the 'answers:' key" in error_of("primary_goal: both\n", ruleset).hint


def test_list_answers_are_normalised(ruleset) -> None:
    audience = ruleset.questions["audience"]
    assert validate_value(audience, ["systems", "employees", "systems"]) == ["employees", "systems"]
    assert validate_value(audience, "customers") == ["customers"]


def test_every_mistake_is_reported_at_once_in_file_order(ruleset) -> None:
    from aichoice.errors import ManyErrors

    text = "answers:\n  colour: red\n  primary_goal: capabilty\n  team_size: many\n"
    with pytest.raises(ManyErrors) as info:
        load(text, ruleset, fill_defaults=True)
    lines = [line for line in str(info.value).splitlines() if not line.startswith("  hint")]
    assert [line.split(": ", 1)[0] for line in lines] == ["a.yaml:2:3", "a.yaml:3:17", "a.yaml:4:14"]
    assert "unknown question 'colour'" in lines[0] and "team_size: expected a whole number" in lines[2]


def test_batch_rows_carry_every_mistake_on_one_line(ruleset) -> None:
    from aichoice.batch import one_line
    from aichoice.errors import ManyErrors

    with pytest.raises(ManyErrors) as info:
        load("answers:\n  primary_goal: x\n  team_size: y\n", ruleset, fill_defaults=True)
    line = one_line(info.value)
    assert "\n" not in line and line.count("a.yaml:") == 2


# -- the hostile review --------------------------------------------------------------------------

import time  # noqa: E402

from aichoice.errors import AichoiceError  # noqa: E402
from aichoice.answers import load_draft, resolve  # noqa: E402
from aichoice.ruleset import load_ruleset  # noqa: E402
from tests.conftest import EXAMPLES, rules_variant  # noqa: E402

ANSWERS = (EXAMPLES / "design-studio.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("written, words", [
    ("1:30", "base-60"), ("0x10", "hexadecimal"), ("010", "octal"), ("0b11", "binary"), ("true", "boolean"),
    (".inf", "finite"), ("12.5", "whole number"),
])
def test_regression_numbers_a_person_did_not_type_are_refused_located(ruleset, written: str, words: str) -> None:
    text = ANSWERS.replace("team_size: 2", f"team_size: {written}")
    assert text != ANSWERS
    with pytest.raises(AichoiceError) as info:  # refused by the loader or by the question
        load(text, ruleset)
    assert words in str(info.value) and info.value.line == 9, str(info.value)


def test_regression_an_error_in_a_list_is_located_at_its_item(ruleset) -> None:
    text = "answers:\n  use_cases:\n    - brainstorming\n    - writing_support\n    - brainstormin\n"
    error = error_of(text, ruleset)
    assert (error.line, error.col) == (5, 7) and "brainstormin" in error.message


def test_regression_locating_many_mistakes_is_linear_and_capped(ruleset) -> None:
    text = "answers:\n" + "".join(f"  unknown_{i}: x\n" for i in range(16_000))
    start = time.perf_counter()
    error = error_of(text, ruleset)
    assert time.perf_counter() - start < 5  # it took over a minute when each error re-scanned the file
    shown = str(error)
    assert shown.count("unknown question") == 50 and "15,950 more mistakes not shown" in shown


def test_regression_an_answer_to_a_question_that_does_not_apply_is_ignored_on_every_path(tmp_path) -> None:
    """The file and the questionnaire apply the same `when`: a given answer to a skipped question
    does not score, and is listed as ignored."""
    rules = rules_variant(tmp_path / "rules", questions=[(
        "        default: medium\n      - id: automation",
        "        default: medium\n        when: {question: audience, includes: employees}\n      - id: automation")])
    ruleset = load_ruleset(rules)
    text = ANSWERS.replace("audience: [employees]", "audience: [customers]").replace(
        "user_flexibility: high", "user_flexibility: low")
    assert "user_flexibility: low" in text and "audience: [customers]" in text
    answers = load_answers(text.encode(), "team.yaml", ruleset)
    assert answers.values["user_flexibility"] == "medium"  # the default, as the questionnaire would give
    assert answers.ignored == ["user_flexibility"] and "user_flexibility" in answers.skipped
    walked = resolve(ruleset.questions, load_draft(text.encode(), "x", ruleset).values)
    assert walked.values == answers.values and walked.skipped == answers.skipped
