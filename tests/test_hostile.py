"""Every row of the hostile-input checklist (shared/reliability.md), through the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from aichoice.cli import app
from tests.conftest import ANSWER_EXAMPLES, EXAMPLES, HANG_SECONDS, ROOT, rules_variant

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
    assert elapsed < HANG_SECONDS


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
        (
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)),
            "expands to more than",
        ),
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
    assert_refused(
        result, elapsed, f"<stdin>:{line}:15:", "unknown value 'nope'", "did you mean 'none'?", "none, assisted, full"
    )


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

    from tests.conftest import rules_variant

    rules = rules_variant(tmp_path / "rules", ruleset=[("    overhead: 12", "    overhead: lots")])
    ruleset_file = rules / "ruleset.yaml"
    number = next(i for i, line in enumerate(ruleset_file.read_text().splitlines(), 1) if "overhead: lots" in line)
    result = runner.invoke(app, ["assess", "--rules", str(rules), "--answers", str(EXAMPLES / "design-studio.yaml")])
    assert result.exit_code == 2
    assert f"{ruleset_file}:{number}:" in result.stderr and "overhead" in result.stderr


# -- the hostile review: tracebacks and wrong exit codes, through the real entry point ------------


EXAMPLE = str(EXAMPLES / "design-studio.yaml")
EVERY_COMMAND = [
    ["assess", "--answers", EXAMPLE],
    ["assess", "--answers", EXAMPLE, "--format", "json"],
    ["assess", "--answers", EXAMPLE, "--format", "markdown"],
    ["batch", str(EXAMPLES / "design-studio.yaml")],
    ["cost", "--seats", "3", "--seat-product", "chatgpt-business", "--tasks", "100"],
    ["rules", "show"],
    ["rules", "check"],
    ["questions"],
    ["schema"],
    ["schema", "result"],
    ["template"],
    ["prices"],
    ["--help"],
    ["--version"],
]


def aichoice(*args: str, stdout=subprocess.PIPE, env: dict | None = None, input: bytes = b""):
    return subprocess.run(
        [sys.executable, "-m", "aichoice", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        input=input,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def one_line_without_traceback(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and len(text.strip().splitlines()) == 1, text
    return text


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a[:2]))
def test_regression_closed_stdout_is_one_message_and_exit_2(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aichoice", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert "standard output is closed" in one_line_without_traceback(done.stderr)


@pytest.mark.parametrize(
    "args",
    [a for a in EVERY_COMMAND if a != ["rules", "check"]],  # it prints nothing
    ids=lambda a: " ".join(a[:2]),
)
def test_regression_a_full_disk_is_one_message_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = aichoice(*args, stdout=full)
    assert done.returncode == 2
    assert "No space left on device" in one_line_without_traceback(done.stderr)


@pytest.mark.parametrize(
    "args",
    [["assess", "--answers", EXAMPLE], ["rules", "show"], ["--help"], ["template"]],
    ids=lambda a: " ".join(a[:2]),
)
def test_regression_a_broken_pipe_is_141_not_the_gates_1(args: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "aichoice", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader went away before reading a byte (| head -0)
    err = process.stderr.read()
    process.wait(timeout=60)
    assert process.returncode == 141
    assert "broken pipe" in one_line_without_traceback(err)


@pytest.mark.parametrize("example", ANSWER_EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}],
    ids=["latin-1", "ascii"],
)
def test_regression_a_non_utf8_locale_prints_the_examples(example, env: dict) -> None:
    for output in ("text", "markdown", "json"):
        done = aichoice("assess", "--answers", str(example), "--format", output, env=env)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        if output == "json":
            import json

            assert json.loads(done.stdout)["recommendation"] in ("chat", "api", "both")


def test_regression_columns_0_still_prints_the_verdict() -> None:
    done = aichoice("assess", "--answers", EXAMPLE, env={"COLUMNS": "0"})
    assert done.returncode == 0 and b"Recommendation: Chat interface" in done.stdout


@pytest.mark.parametrize(
    "value, code, words",
    [("", 0, ""), ("  ", 0, ""), ("99999999999999999", 2, "out of range"), ("soon", 2, "whole number of seconds")],
)
def test_regression_source_date_epoch(runner, value: str, code: int, words: str) -> None:
    result = runner.invoke(
        app, ["assess", "--answers", EXAMPLE, "--format", "markdown"], env={"SOURCE_DATE_EPOCH": value}
    )
    assert result.exit_code == code and words in result.stderr


def test_regression_the_step_summary_starts_on_a_line_of_its_own(runner, tmp_path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step, no newline")
    result = runner.invoke(app, ["assess", "--answers", EXAMPLE], env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert summary.read_text().startswith("earlier step, no newline\n### aichoice")


def test_regression_tiny_task_counts_are_refused_not_a_traceback(runner) -> None:
    for tasks in ("3e-323", "0.001"):
        result = runner.invoke(
            app,
            [
                "cost",
                "--tasks",
                tasks,
                "--seats",
                "1e14",
                "--seat-price",
                "1e14",
                "--currency",
                "USD",
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 2 and "at least 0.01" in result.stderr
    result = runner.invoke(
        app,
        ["cost", "--tasks", "0.01", "--seats", "1e14", "--seat-price", "1e14", "--currency", "USD", "--format", "json"],
    )
    assert result.exit_code == 0 and "Infinity" not in result.stdout and "NaN" not in result.stdout


def test_regression_infinity_in_a_rule_file_is_refused(runner, tmp_path) -> None:
    for old, new in (("overhead: 12", "overhead: .inf"), ("decisive_margin: 10", "decisive_margin: .nan")):
        rules = rules_variant(tmp_path / new.split(":")[0], ruleset=[(old, new)])
        result = runner.invoke(app, ["rules", "check", str(rules)])
        assert result.exit_code == 2 and "not a finite number" in result.stdout, result.output


def test_regression_a_negative_answer_without_a_min_is_assessed(runner, tmp_path) -> None:
    rules = rules_variant(tmp_path / "rules", questions=[("        min: 1\n", "")])
    answers = VALID.replace("team_size: 2", "team_size: -5")
    result = runner.invoke(app, ["assess", "--rules", str(rules), "--format", "json"], input=answers)
    assert result.exit_code == 0, result.output


def test_regression_save_and_report_naming_one_file_are_refused_before_any_question(
    runner, tmp_path, monkeypatch
) -> None:
    from aichoice import cli

    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    target = tmp_path / "out.yaml"
    result = runner.invoke(app, ["assess", "--save", str(target), "--report", str(tmp_path / "." / "out.yaml")])
    assert result.exit_code == 2 and "name the same file" in result.stderr
    assert "Question" not in result.output and not target.exists()


@pytest.mark.parametrize("path", ["/dev/null", "fifo"])
def test_regression_report_force_never_replaces_a_device_or_fifo(runner, tmp_path, path: str) -> None:
    if path == "fifo":
        path = str(tmp_path / "report.md")
        os.mkfifo(path)
    result = runner.invoke(app, ["assess", "--answers", EXAMPLE, "--report", path, "--force"])
    assert result.exit_code == 2 and "replaces only regular files" in result.stderr
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_the_fast_exit_loses_no_output_and_keeps_every_exit_code(tmp_path) -> None:
    """The console script skips the interpreter's teardown: its output, files and codes are whole."""
    report = tmp_path / "report.md"
    done = aichoice(
        "assess",
        "--answers",
        EXAMPLE,
        "--format",
        "json",
        "--expect",
        "api",
        "--report",
        str(report),
        env={"SOURCE_DATE_EPOCH": "0"},
    )
    assert done.returncode == 1 and b"expected api" in done.stderr
    import json

    assert json.loads(done.stdout)["recommendation"] == "chat"
    assert report.read_text(encoding="utf-8").endswith("*Generative AI API vs Chat Interfaces: Key Differences* |\n")


# -- issue 19: an output never replaces an input; the job summary; pipes; the library's errors ------


def _team(tmp_path):
    answers = tmp_path / "team.yaml"
    answers.write_text(VALID, encoding="utf-8")
    return answers


@pytest.mark.parametrize("spelling", ["same", "dot", "hard-link", "symlink"])
def test_regression_the_report_may_not_overwrite_the_answers_file(runner, tmp_path, spelling: str) -> None:
    answers = _team(tmp_path)
    report = {
        "same": answers,
        "dot": tmp_path / "." / "team.yaml",
        "hard-link": tmp_path / "hard.yaml",
        "symlink": tmp_path / "link.yaml",
    }[spelling]
    if spelling == "hard-link":
        os.link(answers, report)
    if spelling == "symlink":
        report.symlink_to(answers)
    result = runner.invoke(app, ["assess", "--answers", str(answers), "--report", str(report), "--force"])
    assert result.exit_code == 2 and "is the answers file; aichoice never writes over an input" in result.stderr
    assert result.stdout == "" and answers.read_text(encoding="utf-8") == VALID


def test_regression_save_may_not_overwrite_the_answers_file_before_any_question(runner, tmp_path, monkeypatch) -> None:
    from aichoice import cli

    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    answers = _team(tmp_path)
    result = runner.invoke(
        app, ["assess", "--answers", str(answers), "--ask-missing", "--save", str(answers), "--force"]
    )
    assert result.exit_code == 2 and "--save" in result.stderr and "is the answers file" in result.stderr
    assert "Question" not in result.output and answers.read_text(encoding="utf-8") == VALID


def test_regression_the_report_may_not_overwrite_a_rule_file(runner, tmp_path) -> None:
    from aichoice.ruleset import RULESET_FILES, default_rules_dir

    rules = rules_variant(tmp_path / "rules")
    for name in RULESET_FILES:
        before = (rules / name).read_bytes()
        result = runner.invoke(
            app, ["assess", "--answers", EXAMPLE, "--rules", str(rules), "--report", str(rules / name), "--force"]
        )
        assert result.exit_code == 2 and f"is a file of the rule set ({name})" in result.stderr
        assert (rules / name).read_bytes() == before
    shipped = default_rules_dir() / "scoring.yaml"  # the shipped rule set is an input too (no --force: safe)
    result = runner.invoke(app, ["assess", "--answers", EXAMPLE, "--report", str(shipped)])
    assert result.exit_code == 2 and "is a file of the rule set (scoring.yaml)" in result.stderr


def test_regression_the_report_may_not_overwrite_the_file_on_standard_input(tmp_path) -> None:
    answers = _team(tmp_path)
    with open(answers, "rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "aichoice", "assess", "--report", str(answers), "--force"],
            stdin=stdin,
            capture_output=True,
            cwd=ROOT,
            timeout=60,
        )
    assert done.returncode == 2 and b"is the file on standard input" in done.stderr
    assert answers.read_text(encoding="utf-8") == VALID


def test_regression_a_batch_report_may_not_overwrite_its_inputs(runner, tmp_path) -> None:
    folder = tmp_path / "teams"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "alias").symlink_to(folder)
    survey = tmp_path / "survey.csv"
    survey.write_text("team,team_size\nA,3\n", encoding="utf-8")
    refused = {
        str(folder / "sub" / "a.yaml"): [str(folder)],  # a file the folder is read for
        str(tmp_path / "alias" / "new.yml"): [str(folder)],  # would be read next time, by another route
        str(survey): [str(survey)],  # an input file itself
    }
    for report, inputs in refused.items():
        result = runner.invoke(app, ["batch", *inputs, "--report", report, "--force"])
        assert result.exit_code == 2 and "aichoice never writes over an input" in result.stderr, result.output
    rules = rules_variant(tmp_path / "rules")
    result = runner.invoke(
        app, ["batch", str(folder), "--rules", str(rules), "--report", str(rules / "ruleset.yaml"), "--force"]
    )
    assert result.exit_code == 2 and "is a file of the rule set (ruleset.yaml)" in result.stderr
    assert (folder / "sub" / "a.yaml").read_text(encoding="utf-8") == VALID
    ok = runner.invoke(app, ["batch", str(folder), "--report", str(folder / "portfolio.md")])  # not an input
    assert ok.exit_code == 0, ok.output


def test_regression_the_job_summary_keeps_a_non_ascii_ending(runner, tmp_path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("### Tests ✅", encoding="utf-8")  # the last byte is inside a UTF-8 character
    result = runner.invoke(app, ["assess", "--answers", EXAMPLE], env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert summary.read_text(encoding="utf-8").startswith("### Tests ✅\n### aichoice")


@pytest.mark.parametrize("route", ["fifo", "piped /dev/stdin"])
def test_regression_a_pipe_given_to_answers_hints_at_answers_dash(runner, tmp_path, route: str) -> None:
    if route == "fifo":
        fifo = tmp_path / "answers.yaml"
        os.mkfifo(fifo)
        result = runner.invoke(app, ["assess", "--answers", str(fifo)])
        stderr = result.stderr
        assert result.exit_code == 2
    else:
        done = subprocess.run(
            f"cat {EXAMPLE} | {sys.executable} -m aichoice assess --answers /dev/stdin",
            shell=True,
            capture_output=True,
            cwd=ROOT,
            timeout=60,
        )
        stderr = done.stderr.decode()
        assert done.returncode == 2
    assert "a FIFO, not a regular file" in stderr and "hint: to read a pipe, use --answers -" in stderr, stderr
    assert "Traceback" not in stderr


def test_regression_the_library_raises_its_own_error_for_every_bad_argument(capsys, monkeypatch) -> None:
    import copy

    import yaml

    import aichoice
    from aichoice.errors import AichoiceError

    class Unreadable:
        def read(self, *args):  # a library must never read the process's stdin
            raise AssertionError("stdin was read")

    monkeypatch.setattr(sys, "stdin", Unreadable())
    document = yaml.safe_load(VALID)
    huge = 10**5000
    cases = [
        ({**document, "answers": {**document["answers"], "team_size": huge}}, {}, "at most 18 digits"),
        ({**document, "cost": {"tasks": huge}}, {}, "5,001 digits"),
        ({**document, huge: 1}, {}, "over 4,300 digits"),
        (document, {"rules": b"/tmp"}, "rules: expected a rule set folder path, got bytes"),
        (("team.yaml",), {}, "expected an answers file path or a mapping, got a tuple"),
        (b"team.yaml", {}, "expected an answers file path or a mapping, got bytes"),
        ("-", {}, "does not read standard input"),
    ]
    for source, options, words in cases:
        before = copy.deepcopy(source)
        with pytest.raises(AichoiceError) as info:
            aichoice.assess(source, **options)
        assert words in str(info.value), str(info.value)
        assert source == before  # the caller's mapping is never changed
    assert capsys.readouterr() == ("", "")  # the library never prints


def test_regression_a_device_given_to_answers_gets_no_pipe_hint(runner) -> None:
    result = runner.invoke(app, ["assess", "--answers", "/dev/null"])
    assert result.exit_code == 2 and "a device, not a regular file" in result.stderr and "hint" not in result.stderr
