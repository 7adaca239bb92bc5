"""Every row of the hostile-input checklist (shared/reliability.md), through the CLI."""

from __future__ import annotations

import time

import pytest

from aichoice.cli import app
from tests.conftest import EXAMPLES

VALID = (EXAMPLES / "design-studio.yaml").read_text(encoding="utf-8")


def assess_stdin(runner, data: str | bytes, *args: str):
    start = time.perf_counter()
    result = runner.invoke(app, ["assess", "--format", "json", *args], input=data)
    elapsed = time.perf_counter() - start
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result, elapsed


def assert_refused(result, elapsed: float, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert elapsed < 1.0


def test_empty_file_and_empty_stdin(runner, tmp_path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    result = runner.invoke(app, ["assess", "--answers", str(empty)])
    assert result.exit_code == 2 and "no answers" in result.stderr
    assert_refused(*assess_stdin(runner, ""), "no answers")
    assert_refused(*assess_stdin(runner, "# just a comment\n"), "no answers")


def test_several_documents(runner) -> None:
    assert_refused(*assess_stdin(runner, VALID + "---\n" + VALID), "only one YAML document")


@pytest.mark.parametrize(
    "text, words",
    [
        ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
         + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)),
         "expands to more than"),
        ("a: &a {x: 1, y: 2}\nb: &b {<<: [*a, *a]}\nc: {<<: [*b, *b]}\n", "merge keys"),
        ("a: &a [*a]\n", "alias"),
    ],
    ids=["billion-laughs", "merge-key-chain", "self-reference"],
)
def test_alias_bombs(runner, text: str, words: str) -> None:
    assert_refused(*assess_stdin(runner, text), words)


def test_deep_nesting(runner) -> None:
    assert_refused(*assess_stdin(runner, "answers: " + "[" * 5000 + "]" * 5000 + "\n"), "nested", "64 levels")
    deep_map = "answers: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"
    assert_refused(*assess_stdin(runner, deep_map), "nested", "64 levels")


def test_huge_integer(runner) -> None:
    assert_refused(*assess_stdin(runner, "answers:\n  team_size: " + "9" * 6000 + "\n"), "too large", "6,000 digits")


def test_huge_scalar_and_oversize_file(runner, tmp_path) -> None:
    big = "answers:\n  project: " + "x" * (50 * 1024 * 1024) + "\n"
    assert_refused(*assess_stdin(runner, big), "over the 1,048,576-byte limit")
    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * 200_000)
    result = runner.invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 2 and "limit" in result.stderr


def test_duplicate_key_names_both_lines(runner) -> None:
    text = VALID.replace("  team_size: 2\n", "  team_size: 2\n  team_size: 3\n")
    result, elapsed = assess_stdin(runner, text)
    assert_refused(result, elapsed, "duplicate key 'team_size'")
    first = VALID.splitlines().index("  team_size: 2") + 1
    assert f"<stdin>:{first + 1}:3:" in result.stderr and f"line {first}" in result.stderr


def test_yaml11_boolean_for_a_choice(runner) -> None:
    text = VALID.replace("engineering_capacity: none", "engineering_capacity: off")
    assert_refused(*assess_stdin(runner, text), "boolean false", "bare word 'off'", "none, limited, dedicated")


def test_tab_indentation_and_syntax_error(runner) -> None:
    result, elapsed = assess_stdin(runner, "answers:\n\tprimary_goal: both\n")
    assert_refused(result, elapsed, "<stdin>:2:", "tab")
    result, elapsed = assess_stdin(runner, "answers: {primary_goal: both\n")
    assert_refused(result, elapsed, "<stdin>:2:")


def test_unknown_question_and_choice(runner) -> None:
    result, elapsed = assess_stdin(runner, VALID.replace("  team_size:", "  teamsize:"))
    assert_refused(result, elapsed, "unknown question 'teamsize'", "did you mean 'team_size'?", "known questions:")
    result, elapsed = assess_stdin(runner, VALID.replace("automation: none", "automation: nope"))
    line = VALID.splitlines().index("  automation: none") + 1
    assert_refused(result, elapsed, f"<stdin>:{line}:15:", "unknown value 'nope'", "did you mean 'none'?",
                   "none, assisted, full")


def test_wrong_type_and_negative_count(runner) -> None:
    result, elapsed = assess_stdin(runner, VALID.replace("monthly_volume: 200", "monthly_volume: many"))
    assert_refused(result, elapsed, "monthly_volume: expected a whole number (tasks a month), got the text 'many'")
    result, elapsed = assess_stdin(runner, VALID.replace("team_size: 2", "team_size: -2"))
    line = VALID.splitlines().index("  team_size: 2") + 1
    assert_refused(result, elapsed, f"<stdin>:{line}:14:", "team_size: must be at least 1")


def test_missing_answers_lists_every_id(runner) -> None:
    result, elapsed = assess_stdin(runner, "answers:\n  team_size: 4\n  audience: [employees]\n")
    assert_refused(result, elapsed, "missing answers for 15 questions")
    for qid in ("primary_goal", "time_to_value", "use_cases", "data_sensitivity"):
        assert qid in result.stderr


def test_invalid_utf8_binary_and_bom(runner) -> None:
    assert_refused(*assess_stdin(runner, b"answers:\n  primary_goal: \xff\xfe\n"), "not valid UTF-8", "<stdin>:2")
    assert_refused(*assess_stdin(runner, bytes(range(256))), "binary")
    result, _ = assess_stdin(runner, b"\xef\xbb\xbf" + VALID.encode())
    assert result.exit_code == 0  # a UTF-8 byte-order mark is accepted


def test_python_tags_construct_nothing(runner, tmp_path) -> None:
    marker = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        text = f"answers: {tag} ['touch {marker}']\n"
        assert_refused(*assess_stdin(runner, text), "is not allowed")
    assert not marker.exists()


def test_stdin_closed_mid_questionnaire_and_no_partial_files(runner, tmp_path, monkeypatch) -> None:
    from aichoice import cli

    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    save, report = tmp_path / "a.yaml", tmp_path / "r.md"
    result = runner.invoke(app, ["assess", "--save", str(save), "--report", str(report)], input="\n\n")
    assert result.exit_code == 2 and "input ended" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_broken_rule_file_names_its_line(runner, tmp_path) -> None:
    import shutil

    from aichoice.ruleset import default_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    ruleset_file = rules / "ruleset.yaml"
    lines = ruleset_file.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("    overhead:"))
    lines[number - 1] = "    overhead: lots"
    ruleset_file.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["assess", "--rules", str(rules), "--answers", str(EXAMPLES / "design-studio.yaml")])
    assert result.exit_code == 2
    assert f"{ruleset_file}:{number}:" in result.stderr and "overhead" in result.stderr
