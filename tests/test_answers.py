"""The one validation path for answers: every mistake named, with the allowed values."""

from __future__ import annotations

import time

import pytest

from aichoice.answers import load_answers, load_draft, parse_overrides, raw_from_text, resolve, validate_value
from aichoice.errors import AichoiceError, AnswerError
from aichoice.ruleset import load_ruleset
from tests.conftest import ANSWER_EXAMPLES, EXAMPLES, HANG_SECONDS, load_scenarios, rules_variant


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
    """Every question is answered, but those a contract v2 file reads from its other answers
    (`absent`): most scenarios are v2, so the mapping keeps meaning what they meant."""
    required = {qid for qid, q in ruleset.questions.items() if not q.absent}
    for scenario in load_scenarios():
        assert required <= set(scenario["answers"]) <= set(ruleset.questions), scenario["name"]


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
    missing = [q for q, question in ruleset.questions.items() if q != "primary_goal" and not question.absent]
    assert f"missing answers for {len(missing)} questions" in error.message
    for qid in missing:
        assert qid in error.message
    assert "--defaults" in error.hint


def test_defaults_fill_and_are_reported(ruleset) -> None:
    answers = load("project: P\nanswers:\n  primary_goal: both\n", ruleset, fill_defaults=True)
    assert answers.project == "P"
    assert answers.values["primary_goal"] == "both"
    # What `absent` reads from the other answers is not assumed (people_tool), nor what is skipped
    assert answers.assumed == [
        q for q, question in ruleset.questions.items() if q != "primary_goal" and not question.absent
    ]
    assert answers.mapped == ["people_tool"] and answers.values["people_tool"] == "ready_made"
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


ANSWERS = (EXAMPLES / "design-studio.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "written, words",
    [
        ("1:30", "base-60"),
        ("0x10", "hexadecimal"),
        ("010", "octal"),
        ("0b11", "binary"),
        ("true", "boolean"),
        (".inf", "finite"),
        ("12.5", "whole number"),
    ],
)
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
    assert time.perf_counter() - start < HANG_SECONDS  # it took over a minute when each error re-scanned the file
    shown = str(error)
    assert shown.count("unknown question") == 50 and "15,950 more mistakes not shown" in shown


def test_regression_an_answer_to_a_question_that_does_not_apply_is_ignored_on_every_path(tmp_path) -> None:
    """The file and the questionnaire apply the same `when`: a given answer to a skipped question
    does not score, and is listed as ignored."""
    rules = rules_variant(
        tmp_path / "rules",
        questions=[
            (
                "        default: medium\n      - id: automation",
                "        default: medium\n        when: {question: audience, includes: employees}\n"
                "      - id: automation",
            )
        ],
    )
    ruleset = load_ruleset(rules)
    text = ANSWERS.replace("audience: [employees]", "audience: [customers]").replace(
        "user_flexibility: high", "user_flexibility: low"
    )
    assert "user_flexibility: low" in text and "audience: [customers]" in text
    answers = load_answers(text.encode(), "team.yaml", ruleset)
    assert answers.values["user_flexibility"] == "medium"  # the default, as the questionnaire would give
    # people_tool too: with only customers, no people work with the AI directly
    assert answers.ignored == ["user_flexibility", "people_tool"] and "user_flexibility" in answers.skipped
    walked = resolve(ruleset.questions, load_draft(text.encode(), "x", ruleset).values)
    assert walked.values == answers.values and walked.skipped == answers.skipped


# -- issue 19: names are what was typed, shown as they will be; one parser for a typed value -------


@pytest.mark.parametrize(
    "other", ["Sta\\x1bff", "Staff\\u200b", "\\u2060Staff", "Sta\\u200dff", "Staff\\u202e", "Staff  ", " Staff\\ufeff"]
)
def test_regression_need_names_that_show_the_same_are_one_name(ruleset, other: str) -> None:
    text = f'needs:\n  - name: Staff\n  - name: "{other}"\n'
    error = error_of(text, ruleset)
    assert error.message.startswith("needs[2]: the name ") and "(needs[1])" in error.message, error.message
    assert (error.line, error.col) == (3, 11)
    assert "\x1b" not in str(error)


@pytest.mark.parametrize("name", ["\\u202e", "\\u200b", "\\x1b\\u2066", "\\ufeff\\u200c"])
def test_regression_a_need_name_that_shows_as_nothing_is_refused_located(ruleset, name: str) -> None:
    error = error_of(f'needs:\n  - name: Staff\n  - name: "{name}"\n', ruleset)
    assert "shows as nothing" in error.message and (error.line, error.col) == (3, 11), error.message
    assert error.hint == "give the need a name a reader can see"


@pytest.mark.parametrize("typed", ["Yes", "No", "off", "0x1F", "007", "1:30", "1.50", "1_000", "2024-01-31"])
def test_regression_a_project_or_need_name_is_the_text_typed(ruleset, typed: str) -> None:
    """YAML 1.1 would read these as booleans or numbers (or refuse them); a name is text, kept exactly."""
    answers = load(f"project: {typed}\nanswers: {{}}\n", ruleset, fill_defaults=True)
    assert answers.project == typed
    draft = load_draft(f"needs:\n  - name: {typed}\n  - name: Other\n".encode(), "a.yaml", ruleset)
    assert [need.name for need in draft.needs] == [typed, "Other"]


def test_regression_a_boolean_name_from_a_mapping_is_refused_and_located(ruleset) -> None:
    from aichoice.answers import read_document
    from aichoice.loader import Marks

    for document, words in (
        ({"project": True, "answers": {}}, "project must be a name, got the boolean true"),
        ({"needs": [{"name": False}]}, "needs[1]: a need needs a name, got the boolean false"),
    ):
        with pytest.raises(AnswerError) as info:
            read_document(document, Marks("<mapping>"), ruleset)
        assert info.value.message == words


@pytest.mark.parametrize(
    "typed, value",
    [
        ("1,000", 1000),
        ("12,500", 12500),
        ("1_000", 1000),
        ("1 000", 1000),
        ("1,000,000", 1_000_000),
        ("250", 250),
        ("-1,000", -1000),
        ("1,0,0", "1,0,0"),
        ("2,5", "2,5"),
        ("1_0_0", "1_0_0"),
        ("10,00", "10,00"),
        ("1,000_000", "1,000_000"),
        ("1,0000", "1,0000"),
        (",100", ",100"),
    ],
)
def test_regression_a_typed_number_takes_separators_only_in_groups_of_three(ruleset, typed: str, value) -> None:
    question = ruleset.questions["monthly_volume"]
    assert raw_from_text(question, typed, separator=";") == value  # a CSV cell
    assert raw_from_text(question, typed, separator=",", numbered=True) == value  # the questionnaire


@pytest.mark.parametrize("setting", ["team_size=1,0,0", "monthly_volume=2,5"])
def test_regression_set_refuses_a_mis_grouped_number_with_the_reason_a_file_gets(ruleset, setting: str) -> None:
    qid, typed = setting.split("=")
    with pytest.raises(AnswerError) as typed_error:
        parse_overrides([setting], ruleset.questions)
    file_error = error_of(f"answers:\n  {qid}: {typed}\n", ruleset)
    assert typed_error.value.message == f"--set {setting}: {file_error.message.removeprefix(qid + ': ')}"


@pytest.mark.parametrize(
    "words, value",
    [
        (["y", "yes", "true", "on", "Y", "YES", "True", "ON", "oN"], True),
        (["n", "no", "false", "off", "N", "NO", "False", "OFF", "Off"], False),
    ],
)
def test_regression_yes_no_accepts_what_a_yaml_file_reads_as_a_boolean(ruleset, words: list[str], value) -> None:
    question = ruleset.questions["product_infrastructure"]
    for word in words:
        assert parse_overrides([f"product_infrastructure={word}"], ruleset.questions).shared == {
            "product_infrastructure": value
        }
        assert raw_from_text(question, word, separator=";") is value
    assert load(f"answers:\n  product_infrastructure: {words[3]}\n", ruleset, True).values[question.id] is value


def test_regression_a_mapping_with_a_huge_whole_number_is_refused_with_the_tools_error(ruleset) -> None:
    from aichoice.answers import validate_answers
    from aichoice.loader import Marks

    with pytest.raises(
        AnswerError, match="team_size: expected a whole number of at most 18 digits, got a number of 5,001 digits"
    ):
        validate_answers({"answers": {"team_size": 10**5000}}, Marks("<mapping>"), ruleset, True)
