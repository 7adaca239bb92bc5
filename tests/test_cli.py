"""The CLI through CliRunner: every exit code, every input route, the JSON contract."""

from __future__ import annotations

import json
import re

import pytest

from aichoice import __version__
from aichoice.cli import app
from tests.conftest import EXAMPLES

CHAT = str(EXAMPLES / "design-studio.yaml")
API = str(EXAMPLES / "shipping-records.yaml")
BOTH = str(EXAMPLES / "hospital-group.yaml")


def run(runner, *args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.parametrize("path, verdict", [(CHAT, "chat"), (API, "api"), (BOTH, "both")])
def test_examples_json_contract(runner, ruleset, path: str, verdict: str) -> None:
    result = run(runner, "assess", "--answers", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recommendation"] == verdict
    assert set(data["scores"]) == {"chat", "api", "both"}
    assert 0 <= data["confidence"] <= 1
    assert data["reasons"] and all({"text", "rule", "question", "supports"} <= set(r) for r in data["reasons"])
    assert list(data["answers"]) == list(ruleset.questions)
    assert data["ruleset"] == {"name": ruleset.info.name, "version": ruleset.info.version, "sha256": ruleset.sha256}
    assert data["aichoice_version"] == __version__
    assert data["project"]


def test_text_output_shows_verdict_scores_and_reasons(runner) -> None:
    result = run(runner, "assess", "--answers", API)
    assert result.exit_code == 0
    out = result.stdout
    assert "Recommendation: API" in out and "Shipping email extraction" in out
    assert "Scores" in out and "Why" in out
    assert "AI becomes part of the product" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_answers_from_stdin_with_dash_and_without_flag(runner) -> None:
    text = open(CHAT, encoding="utf-8").read()
    for args in (("assess", "--answers", "-", "-f", "json"), ("assess", "-f", "json")):
        result = run(runner, *args, input=text)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["recommendation"] == "chat"


def test_json_output_is_byte_identical_on_repeat(runner) -> None:
    first = run(runner, "assess", "-a", BOTH, "-f", "json").stdout
    assert run(runner, "assess", "-a", BOTH, "-f", "json").stdout == first


def test_expect_gate(runner) -> None:
    assert run(runner, "assess", "-a", API, "-f", "json", "--expect", "api").exit_code == 0
    failed = run(runner, "assess", "-a", API, "-f", "json", "--expect", "chat")
    assert failed.exit_code == 1
    assert "expected chat, but the recommendation is api" in failed.stderr
    assert json.loads(failed.stdout)["recommendation"] == "api"  # the verdict is still printed


def test_defaults_are_announced(runner) -> None:
    result = run(runner, "assess", "--defaults", "-f", "json", input="answers:\n  primary_goal: capability\n")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert "primary_goal" not in data["assumed"] and "team_size" in data["assumed"]
    assert "assumed defaults for 16 unanswered question(s)" in result.stderr


@pytest.mark.parametrize(
    "input, words",
    [
        ("", "no answers"),
        ("answers: [", "expected"),
        ("- 1\n", "expected a mapping"),
        ("answers:\n  primary_goal: conversaton\n", "did you mean 'conversation'"),
        ("answers:\n  team_size: -1\n", "at least 1"),
        ("answers:\n  primary_goal: both\n", "missing answers for 16 questions"),
        ("answers:\n  nonsense: 1\n", "unknown question 'nonsense'"),
        (b"\x00\x01\x02binary\xff", "binary"),
        ("answers: !!python/object/apply:os.system ['true']\n", "not allowed"),
        ("a: 1\n---\nb: 2\n", "only one YAML document"),
    ],
)
def test_bad_answers_exit_2_with_a_message(runner, input, words: str) -> None:
    result = run(runner, "assess", "-f", "json", input=input)
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_missing_file_and_folder(runner, tmp_path) -> None:
    result = run(runner, "assess", "--answers", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "answers file not found" in result.stderr
    result = run(runner, "assess", "--answers", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_bad_rules_folder_exits_2(runner, tmp_path) -> None:
    result = run(runner, "assess", "-a", CHAT, "--rules", str(tmp_path))
    assert result.exit_code == 2 and "missing rule file" in result.stderr


def test_custom_rules_change_the_verdict(runner, tmp_path) -> None:
    from tests.conftest import rules_variant

    rules = rules_variant(
        tmp_path / "rules",
        ruleset=[
            ("overhead: 12", "overhead: 0"),
            ("tie_order: [chat, api, both]", "tie_order: [both, chat, api]"),
            (
                "- {question: primary_goal, equals: both}",
                "- {question: primary_goal, in: [conversation, capability, both]}",
            ),
        ],
    )
    result = run(runner, "assess", "-a", CHAT, "-f", "json", "--rules", str(rules))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["recommendation"] == "both"  # no overhead: both ties chat, and now wins ties


def test_usage_errors_exit_2(runner) -> None:
    assert run(runner, "assess", "-a", CHAT, "--format", "xml").exit_code == 2
    assert run(runner, "assess", "-a", CHAT, "--expect", "maybe").exit_code == 2
    assert run(runner, "assess", "--no-such-flag").exit_code == 2


def test_version_and_help(runner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"aichoice {__version__}"
    for args in (["--help"], ["assess", "--help"]):
        result = run(runner, *args)
        assert result.exit_code == 0
    assert "Examples" in run(runner, "assess", "--help").stdout


def test_interrupt_exits_130(capsys) -> None:
    from aichoice.exits import run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with pytest.raises(SystemExit) as info:
        run(interrupted)  # what cli.main does, without ending the test process early
    assert info.value.code == 130
    assert "interrupted" in capsys.readouterr().err


def test_markdown_to_stdout_and_report_file_are_the_same_bytes(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # 2026-01-15
    printed = run(runner, "assess", "-a", BOTH, "--format", "markdown")
    assert printed.exit_code == 0
    assert printed.stdout.startswith("# AI adoption assessment: Hospital group assistants\n")
    assert "| Date | 2026-01-15 |" in printed.stdout
    report = tmp_path / "report.md"
    written = run(runner, "assess", "-a", BOTH, "--format", "json", "--report", str(report))
    assert written.exit_code == 0 and f"report written to {report}" in written.stderr
    assert report.read_text(encoding="utf-8") == printed.stdout
    assert json.loads(written.stdout)["recommendation"] == "both"
    assert run(runner, "assess", "-a", BOTH, "--format", "markdown").stdout == printed.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left


def test_report_keeps_an_existing_file_unless_forced(runner, tmp_path) -> None:
    report = tmp_path / "report.md"
    report.write_text("mine")
    kept = run(runner, "assess", "-a", CHAT, "--report", str(report))
    assert kept.exit_code == 2 and "already exists; pass --force" in kept.stderr
    assert report.read_text() == "mine" and kept.stdout == ""
    forced = run(runner, "assess", "-a", CHAT, "--report", str(report), "--force", "-f", "json")
    assert forced.exit_code == 0 and report.read_text().startswith("# AI adoption assessment")


def test_report_into_a_missing_folder_exits_2(runner, tmp_path) -> None:
    result = run(runner, "assess", "-a", CHAT, "--report", str(tmp_path / "no" / "r.md"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_bad_source_date_epoch_exits_2(runner, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run(runner, "assess", "-a", CHAT, "--format", "markdown")
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.stderr


def test_json_carries_the_explanation(runner) -> None:
    data = json.loads(run(runner, "assess", "-a", BOTH, "-f", "json").stdout)
    for key in ("why_not", "sensitivity", "gaps", "governance", "next_steps", "position", "answers_sha256"):
        assert key in data, key
    assert {w["option"] for w in data["why_not"]} == {"chat", "api"}
    from tests.test_engine import CLOSE_CALL

    data = json.loads(run(runner, "assess", "-f", "json", input=json.dumps({"answers": CLOSE_CALL})).stdout)
    assert data["close_call"] and data["sensitivity"]
    assert all(
        set(c) == {"question", "from", "to", "recommendation", "kind", "direction", "need"} for c in data["sensitivity"]
    )


# -- --set: what-if from the command line ----------------------------------------------------------


def test_set_overrides_answers_and_says_so(runner) -> None:
    plain = json.loads(run(runner, "assess", "-a", CHAT, "-f", "json").stdout)
    result = run(
        runner,
        "assess",
        "-a",
        CHAT,
        "-f",
        "json",
        "--set",
        "automation=full",
        "--set",
        "audience=systems",
        "--set",
        "monthly_volume=50000",
        "--set",
        "integration=deep",
        "--set",
        "engineering_capacity=dedicated",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["answers"]["automation"], data["answers"]["audience"], data["answers"]["monthly_volume"]) == (
        "full",
        ["systems"],
        50000,
    )
    assert data["overridden"] == ["engineering_capacity", "audience", "automation", "integration", "monthly_volume"]
    assert "set by --set" in result.stderr and plain["overridden"] == []
    assert data["recommendation"] != plain["recommendation"] == "chat"


@pytest.mark.parametrize(
    "setting, words",
    [
        ("team_size=0x10", "expected a whole number"),
        ("automaton=full", "did you mean 'automation'?"),
        ("automation", "write QUESTION=VALUE"),
        ("audience=employees,nobody", "unknown value 'nobody'"),
    ],
)
def test_set_is_validated_like_the_file(runner, setting: str, words: str) -> None:
    result = run(runner, "assess", "-a", CHAT, "--set", setting)
    assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.output


def test_batch_set_applies_to_every_input(runner, tmp_path) -> None:
    """Each input's verdict under --set is the one assess gives for that input under the same --set."""
    settings = ["--set", "audience=employees", "--set", "integration=none", "--set", "primary_goal=conversation"]
    result = run(runner, "batch", CHAT, BOTH, API, "-f", "jsonl", *settings)
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(line)["recommendation"] for line in result.stdout.splitlines()]
    alone = [
        json.loads(run(runner, "assess", "-a", path, "-f", "json", *settings).stdout)["recommendation"]
        for path in (CHAT, BOTH, API)
    ]
    plain = [
        json.loads(run(runner, "assess", "-a", path, "-f", "json").stdout)["recommendation"]
        for path in (CHAT, BOTH, API)
    ]
    assert verdicts == alone and verdicts != plain
    assert "--set for every input: audience, integration, primary_goal" in result.stderr


# -- issue 19 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting, value",
    [
        ("team_size=1,000", 1000),
        ("monthly_volume=12_500", 12500),
        ("product_infrastructure=on", True),
        ("product_infrastructure=OFF", False),
    ],
)
def test_regression_set_takes_what_a_file_or_the_questionnaire_takes(runner, setting: str, value) -> None:
    result = run(runner, "assess", "-a", CHAT, "-f", "json", "--set", setting)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"][setting.split("=")[0]] == value


@pytest.mark.parametrize("setting", ["team_size=1,0,0", "monthly_volume=2,5"])
def test_regression_set_refuses_a_number_with_mis_grouped_separators(runner, setting: str) -> None:
    result = run(runner, "assess", "-a", CHAT, "--set", setting)
    value = setting.split("=")[1]
    assert (
        result.exit_code == 2
        and "expected a whole number" in result.stderr
        and f"got the text '{value}'" in result.stderr
    )


def test_regression_rules_init_refuses_an_empty_path(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for empty in ("", "  "):
        result = run(runner, "rules", "init", empty)
        assert result.exit_code == 2 and "the folder name is empty" in result.stderr, result.output
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder
    assert run(runner, "rules", "init", ".").exit_code == 0 and (tmp_path / "scoring.yaml").exists()


def test_regression_batch_and_assess_read_a_name_as_the_text_typed(runner, tmp_path) -> None:
    """`project: 0x1F` or `Yes` is a name; the batch (which loads files itself) reads it as assess does."""
    text = (EXAMPLES / "design-studio.yaml").read_text()
    for typed in ("0x1F", "Yes", "1:30"):
        answers = tmp_path / f"{typed.replace(':', '-')}.yaml"
        answers.write_text(text.replace("project: Design studio writing help", f"project: {typed}"))
        assessed = run(runner, "assess", "-a", str(answers), "-f", "json")
        batched = run(runner, "batch", str(answers), "-f", "jsonl")
        assert assessed.exit_code == 0 == batched.exit_code, (assessed.output, batched.output)
        assert json.loads(assessed.stdout)["project"] == typed == json.loads(batched.stdout)["project"]


@pytest.mark.parametrize("name", ["report.pdf", "report.txt", "report"])
def test_regression_a_report_of_an_unknown_kind_is_refused_and_nothing_is_written(runner, tmp_path, name) -> None:
    """`--report out.pdf` wrote markdown into out.pdf without a word."""
    target = tmp_path / name
    result = runner.invoke(app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "--report", str(target)])
    assert result.exit_code == 2 and not target.exists() and result.stdout == ""
    assert "a report is written as .md, .markdown, .html or .htm" in result.stderr
    assert "print the HTML report to get a PDF" in result.stderr


@pytest.mark.parametrize(
    "name, kind",
    [
        ("r.md", "# AI adoption"),
        ("r.markdown", "# AI adoption"),
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
    ],
)
def test_a_report_takes_each_extension_it_names(runner, tmp_path, name, kind) -> None:
    result = runner.invoke(
        app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "--report", str(tmp_path / name), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(kind)


def test_a_portfolio_report_is_markdown_only(runner, tmp_path) -> None:
    result = runner.invoke(app, ["batch", str(EXAMPLES / "design-studio.yaml"), "--report", str(tmp_path / "p.html")])
    assert result.exit_code == 2 and "a report is written as .md or .markdown" in result.stderr
    assert not (tmp_path / "p.html").exists()


def test_regression_html_on_a_latin1_stream_keeps_every_letter_as_a_reference() -> None:
    """`--format html` on a latin-1 stdout wrote bytes that are not UTF-8 while the page declares utf-8."""
    import os
    import subprocess
    import sys

    answers = (
        (EXAMPLES / "design-studio.yaml")
        .read_text(encoding="utf-8")
        .replace("project: Design studio writing help", "project: 東京 café")
    )
    out = subprocess.run(
        [sys.executable, "-m", "aichoice", "assess", "-f", "html"],
        input=answers.encode(),
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    page = out.stdout.decode("ascii")  # nothing outside ASCII: every other letter is a reference
    assert "<h1>AI adoption assessment: &#26481;&#20140; caf&#233;</h1>" in page and 'charset="utf-8"' in page


@pytest.mark.parametrize(
    "args, words",
    [
        (["assess", "--format", "nope"], "invalid value for '--format' / '-f': 'nope' is not one of"),
        (["assess", "--expect", "nope"], "--expect 'nope': expected chat, api or both"),
        (["assess", "--bogus"], "no such option: --bogus"),
        (["schema", "bogus"], "'bogus' is not one of 'answers', 'result'"),
        (["rules", "bogus"], "no such command 'bogus'"),
        (["batch"], "missing argument"),
        (["assess", "--format", "a\nb\x1b[2J"], "'a\\nb\\x1b[2J' is not one of"),
    ],
)
def test_a_usage_error_is_a_line_and_a_hint_never_a_box(runner, args: list[str], words: str) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 3 and lines[0].startswith("aichoice: ") and words in lines[0], lines
    assert not any(ch in result.stderr for ch in "╭│╰─\x1b"), "no box, and nothing typed acts on the terminal"
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args, command",
    [
        (["assess", "--set"], "aichoice assess"),
        (["rules", "show", "--rules"], "aichoice rules show"),
        (["--bogus"], "aichoice"),
    ],
)
def test_regression_a_usage_error_hints_at_its_own_commands_help(runner, args: list[str], command: str) -> None:
    """An option missing its value comes from Click without its command; the hint still names it."""
    result = run(runner, *args)
    assert result.exit_code == 2 and result.stderr.splitlines()[-1] == f"  hint: see '{command} --help'", result.stderr


def test_dash_capital_v_is_the_version(runner) -> None:
    result = run(runner, "-V")
    assert result.exit_code == 0 and result.stdout == f"aichoice {__version__}\n"


def test_quiet_keeps_only_errors_and_the_gates_result(runner, tmp_path) -> None:
    report = tmp_path / "r.md"
    args = ["assess", "-a", BOTH, "--set", "automation=full", "--report", str(report), "--expect", "chat"]
    loud, quiet = run(runner, *args), run(runner, *args, "--quiet", "--force")
    assert "set by --set" in loud.stderr and "report written" in loud.stderr
    assert quiet.exit_code == 1 and quiet.stderr.splitlines() == [
        line for line in loud.stderr.splitlines() if line.startswith("aichoice: expected")
    ]
    batch = run(runner, "batch", str(EXAMPLES), "--format", "jsonl", "-q")
    assert batch.exit_code == 0 and batch.stderr == ""


def test_brief_is_the_verdict_in_a_line_a_need(runner) -> None:
    result = run(runner, "assess", "-a", str(EXAMPLES / "staff-and-support.yaml"), "--format", "brief")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "aichoice: Insurer staff assistant and support bot: Both (96% sure)",
        "aichoice:   Staff assistant: Chat interface (96% sure)",
        "aichoice:   Support bot: API (97% sure)",
    ]
    one = run(runner, "assess", "-a", CHAT, "--format", "brief")
    assert one.stdout.splitlines() == ["aichoice: Design studio writing help: Chat interface (97% sure)"]
    import yaml

    forged = {**yaml.safe_load(open(CHAT, encoding="utf-8")), "project": "::error::forged"}  # a workflow command
    command = run(runner, "assess", "--format", "brief", input=yaml.safe_dump(forged))
    assert command.exit_code == 0 and not any(line.startswith("::") for line in command.stdout.splitlines())


def test_shell_completion_script_and_set_values(runner) -> None:
    script = run(runner, "--show-completion", "bash")
    assert script.exit_code == 0 and "_aichoice_completion" in script.stdout
    for words, expected in [
        ("aichoice assess --set prim", ["primary_goal="]),
        ("aichoice assess --set Bot:automation=f", ["Bot:automation=full"]),
        ("aichoice batch x --set use_cases=writing_support,ai_", ["use_cases=writing_support,ai_search"]),
    ]:
        completed = runner.invoke(
            app,
            [],
            prog_name="aichoice",
            env={"_AICHOICE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)},
        )
        assert completed.stdout.split() == expected, (words, completed.output)


COMMANDS = [
    [],
    ["assess"],
    ["batch"],
    ["cost"],
    ["prices"],
    ["questions"],
    ["schema"],
    ["template"],
    ["rules"],
    ["rules", "check"],
    ["rules", "show"],
    ["rules", "init"],
    ["rules", "calibrate"],
]


def test_every_command_has_a_help_golden() -> None:
    import typer.main

    def paths(command, prefix: list[str]) -> list[list[str]]:
        found = [prefix]
        for name, sub in getattr(command, "commands", {}).items():
            found += paths(sub, [*prefix, name])
        return found

    assert sorted(paths(typer.main.get_command(app), [])) == sorted(COMMANDS)


def mid_phrase_breaks(text: str) -> list[str]:
    """Prose lines (in the boxes too; not the indented examples) that end well short of the width
    while their sentence goes on in lower case on the next line: a docstring's own line break,
    which Typer keeps and then wraps again."""

    def indent(row: str) -> int:
        return len(row) - len(row.lstrip())

    rows = [(line[1:-1], True) if line.startswith("│") else (line, False) for line in text.splitlines()]
    return [
        row
        for (row, boxed), (after, _) in zip(rows, rows[1:])
        if row.strip()
        and (boxed or indent(row) == 1)
        and len(row.rstrip()) < 60
        and not row.rstrip().endswith((".", ":", "\\"))
        and after.strip()[:1].islower()
        and indent(after) >= indent(row)
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c) or "aichoice")
def test_help_at_80_columns_matches_golden(runner, command: list[str]) -> None:
    """Metavars a person would write (FILE, DIR, N), no <bool> beside a flag, ranges said once,
    examples that break where a shell would: checked against goldens (UPDATE_GOLDEN=1 to accept)."""
    from tests.test_render import matches_golden

    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not re.search(r"<(bool|float|int|list|text|path)", text) and "[x>=" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert mid_phrase_breaks(text) == []
    matches_golden(text, f"help-{'-'.join(command) or 'aichoice'}.txt")


def test_an_empty_answers_path_is_named_as_such(runner) -> None:
    result = run(runner, "assess", "--answers=")
    assert result.exit_code == 2 and result.stderr.startswith("aichoice: --answers was given an empty path")
