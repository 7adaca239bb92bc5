"""Renderers: golden markdown reports, valid GitHub/GitLab markdown, the terminal at 80 columns."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from aichoice.answers import load_answers
from aichoice.explain import assess
from aichoice.render import Format, markdown, terminal
from aichoice.wording import format_value
from aichoice.render import json as json_render
from tests.conftest import ANSWER_EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
DATE = "2026-01-15"
EXAMPLE_FILES = ANSWER_EXAMPLES


def result_of(ruleset, path: Path):
    return assess(ruleset, load_answers(path.read_bytes(), str(path), ruleset))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_markdown_report_matches_golden(ruleset, path: Path) -> None:
    report = markdown.render(result_of(ruleset, path), ruleset.questions, DATE)
    golden = GOLDEN / f"{path.stem}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(report, encoding="utf-8")
    assert report == golden.read_text(encoding="utf-8"), "run UPDATE_GOLDEN=1 pytest to accept the change"


def _outside_code(text: str) -> list[str]:
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_markdown_is_clean(ruleset, path: Path) -> None:
    report = markdown.render(result_of(ruleset, path), ruleset.questions, DATE)
    lines = report.splitlines()
    assert lines[0].startswith("# ") and "AI adoption assessment: " in lines[0]
    for heading in ("Recommendation", "Why", "Why not the alternatives", "Scores", "Where this case sits",
                    "Your answers", "What would change the recommendation", "Readiness gaps and risks",
                    "Governance checklist", "Next steps", "Provenance"):
        assert f"## {heading}" in lines, heading
    prose = _outside_code(report)
    assert not any(re.search(r"(?<!\\)<[a-zA-Z/!]", line) for line in prose), "raw HTML"
    # Every table: header, delimiter and rows with the same number of unescaped pipes.
    table: list[str] = []
    for line in prose + [""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            counts = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
            assert len(counts) == 1, table
            assert re.fullmatch(r"\|( ?-+:? ?\|)+", table[1].replace(" ", "").replace("-:", "-")), table[1]
            table = []
    assert "quadrantChart" in report and "- [ ] " in report
    assert report.endswith("\n") and not report.endswith("\n\n")


def test_markdown_escapes_what_a_user_typed(ruleset) -> None:
    result = dataclasses.replace(result_of(ruleset, EXAMPLE_FILES[0]), project="A|B <script>*x*")
    report = markdown.render(result, ruleset.questions, DATE)
    assert report.splitlines()[0] == r"# AI adoption assessment: A\|B \<script\>\*x\*"
    assert '    "A|B #lt;script#gt;*x*": [' in report  # a quoted label; <, > and quotes as mermaid entities


def test_markdown_without_a_project(ruleset) -> None:
    result = dataclasses.replace(result_of(ruleset, EXAMPLE_FILES[0]), project=None)
    report = markdown.render(result, ruleset.questions, DATE)
    assert report.splitlines()[0] == "# AI adoption assessment"
    assert '    "This case": [' in report


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_terminal_view_fits_80_columns_without_colour(ruleset, path: Path) -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, no_color=True, force_terminal=False, highlight=False)
    terminal.render(result_of(ruleset, path), console)
    text = out.getvalue()
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for part in ("Recommendation:", "Scores", "Why"):
        assert part in text


def test_every_format_has_a_renderer() -> None:
    """Exhaustive over the Format enum, as the CLI dispatches on it."""
    assert {f.value for f in Format} == {"text", "json", "markdown"}
    assert callable(terminal.render) and callable(json_render.render) and callable(markdown.render)


@pytest.mark.parametrize("value, text", [(True, "yes"), (False, "no"), ([], "none"), (["a", "b"], "a, b"),
                                         (250000, "250,000"), ("x", "x")])
def test_format_value(value, text: str) -> None:
    assert format_value(value) == text


def test_brackets_in_names_and_rule_texts_are_text_not_markup(runner, tmp_path) -> None:
    """A project called "[/red]" or a rule reason with brackets must print as written."""
    import shutil

    from aichoice.cli import app
    from aichoice.ruleset import default_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    scoring = rules / "scoring.yaml"
    old = "reason: There are no engineers to build on an API, and chat has the lower technical barrier."
    assert old in scoring.read_text()
    scoring.write_text(scoring.read_text().replace(old, "reason: '[/bold] [red]No engineers[/] to build on an API.'"))
    text = EXAMPLE_FILES[0].read_text().replace("Design studio writing help", '"[/red] studio [bold]"')
    for args in (["assess"], ["assess", "--rules", str(rules)], ["rules", "show", "--rules", str(rules)]):
        result = runner.invoke(app, args, input=text)
        assert result.exit_code == 0, (args, repr(result.exception))
    assert "[/red] studio [bold]" in runner.invoke(app, ["assess"], input=text).stdout
    assert "[/bold] [red]No engineers[/]" in runner.invoke(app, ["assess", "--rules", str(rules)], input=text).stdout
