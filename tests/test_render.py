"""Renderers: golden files (markdown reports, JSON, the terminal at 80 columns, rules show), valid
GitHub/GitLab markdown, and every format through the real dispatch."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from aichoice.render import Context, Format, markdown, renderer, terminal
from aichoice.wording import format_value
from tests.conftest import ANSWER_EXAMPLES, rules_variant

GOLDEN = Path(__file__).parent / "golden"
DATE = "2026-01-15"
EXAMPLE_FILES = ANSWER_EXAMPLES


def result_of(ruleset, path: Path):
    """The result the CLI renders: the assessment, with its needs."""
    from aichoice.assessment import assess_source as assess_file

    return assess_file(path)


def report_of(ruleset, result) -> str:
    return markdown.report(result, Context(questions=ruleset.questions, date=DATE))


def matches_golden(text: str, name: str) -> None:
    """Exact output, as sqlite-utils' tests do; regenerate on purpose with UPDATE_GOLDEN=1."""
    from aichoice.prices import price_data

    golden = GOLDEN / name
    text = text.replace(price_data(), "PRICE DATA")  # the genai-prices release Python installs is not the goldens'
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{name} changed: run UPDATE_GOLDEN=1 pytest to accept it"


def plain_console(out: io.StringIO) -> Console:
    return Console(file=out, width=80, no_color=True, force_terminal=False, highlight=False, markup=False)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_markdown_report_matches_golden(ruleset, path: Path) -> None:
    matches_golden(report_of(ruleset, result_of(ruleset, path)), f"{path.stem}.md")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_json_matches_golden(ruleset, path: Path) -> None:
    text = renderer(Format.json).render(result_of(ruleset, path), Context(questions=ruleset.questions))
    matches_golden(text.replace(__import__("aichoice").__version__, "VERSION"), f"{path.stem}.json")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_terminal_view_at_80_columns_matches_golden(ruleset, path: Path) -> None:
    text = renderer(Format.text).render(result_of(ruleset, path), Context(console=plain_console(io.StringIO())))
    matches_golden(text, f"{path.stem}.txt")


def test_rules_show_matches_golden(ruleset) -> None:
    from aichoice.render.tables import render_ruleset

    out = io.StringIO()
    render_ruleset(ruleset, plain_console(out))
    matches_golden(out.getvalue().replace(ruleset.path, "RULES"), "rules-show.txt")


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
    report = report_of(ruleset, result_of(ruleset, path))
    lines = report.splitlines()
    assert lines[0].startswith("# ") and "AI adoption assessment: " in lines[0]
    for heading in (
        "Recommendation",
        "Why",
        "Why not the alternatives",
        "Scores",
        "Where this case sits",
        "Your answers",
        "What would change the recommendation",
        "Readiness gaps and risks",
        "Governance checklist",
        "Next steps",
        "Provenance",
    ):
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


def with_project(tmp_path: Path, project: str | None) -> Path:
    """The first example, with another project line (or none), as a file to assess."""
    lines = EXAMPLE_FILES[0].read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith("project:")]
    if project is not None:
        lines.insert(0, f"project: {json.dumps(project)}\n")
    path = tmp_path / "answers.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_markdown_escapes_what_a_user_typed(ruleset, tmp_path) -> None:
    report = report_of(ruleset, result_of(ruleset, with_project(tmp_path, "A|B <script>*x*")))
    assert report.splitlines()[0] == r"# AI adoption assessment: A\|B \<script\>\*x\*"
    assert '    "A|B #lt;script#gt;*x*": [' in report  # a quoted label; <, > and quotes as mermaid entities


def test_markdown_without_a_project(ruleset, tmp_path) -> None:
    report = report_of(ruleset, result_of(ruleset, with_project(tmp_path, None)))
    assert report.splitlines()[0] == "# AI adoption assessment"
    assert '    "This case": [' in report


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_terminal_view_fits_80_columns_without_colour(ruleset, path: Path) -> None:
    out = io.StringIO()
    terminal.draw(result_of(ruleset, path), plain_console(out))
    text = out.getvalue()
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for part in ("Recommendation:", "Channel map" if "needs:" in path.read_text() else "Scores", "Why"):
        assert part in text


def test_terminal_view_names_the_strongest_reasons_against(ruleset) -> None:
    """A chat verdict still shows what pointed to an API, strongest first, and where the rest are."""
    path = Path(__file__).parent.parent / "cases" / "moderna-chatgpt-enterprise.yaml"
    result = result_of(ruleset, path)
    out = io.StringIO()
    terminal.draw(result, plain_console(out))
    text = out.getvalue()
    against = sorted((r for r in result.needs[0].reasons if not r.in_favour), key=lambda r: -r.weight)
    assert result.recommendation.value == "chat" and len(against) > terminal.TOP_AGAINST
    section = text.split("Against it", 1)[1]
    assert f"{len(against) - terminal.TOP_AGAINST} more pointing elsewhere: see --format markdown" in section
    shown = re.findall(r"^ +\d\. (\w+) \+(\d+)", section.split("more pointing elsewhere")[0], re.M)
    assert shown == [(r.supports.value, f"{r.weight:g}") for r in against[: terminal.TOP_AGAINST]]


@pytest.mark.parametrize("output", list(Format), ids=lambda f: f.value)
def test_every_format_renders_through_the_real_dispatch(runner, ruleset, output: Format) -> None:
    """Each member of the enum, through `renderer()` and through the CLI: the same text."""
    from aichoice.cli import app

    result = result_of(ruleset, EXAMPLE_FILES[0])
    text = renderer(output).render(
        result, Context(questions=ruleset.questions, date=DATE, console=plain_console(io.StringIO()))
    )
    assert "Design studio writing help" in text
    cli = runner.invoke(
        app,
        ["assess", "--answers", str(EXAMPLE_FILES[0]), "--format", output.value],
        env={"SOURCE_DATE_EPOCH": "1768435200", "COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert cli.exit_code == 0 and cli.stdout == text


@pytest.mark.parametrize(
    "value, text", [(True, "yes"), (False, "no"), ([], "none"), (["a", "b"], "a, b"), (250000, "250,000"), ("x", "x")]
)
def test_format_value(value, text: str) -> None:
    assert format_value(value) == text


def test_brackets_in_names_and_rule_texts_are_text_not_markup(runner, tmp_path) -> None:
    """A project called "[/red]" or a rule reason with brackets must print as written."""
    from aichoice.cli import app

    old = "reason: There are no engineers to build on an API, and chat has the lower technical barrier."
    rules = rules_variant(
        tmp_path / "rules", scoring=[(old, "reason: '[/bold] [red]No engineers[/] to build on an API.'")]
    )
    text = EXAMPLE_FILES[0].read_text().replace("Design studio writing help", '"[/red] studio [bold]"')
    for args in (["assess"], ["assess", "--rules", str(rules)], ["rules", "show", "--rules", str(rules)]):
        result = runner.invoke(app, args, input=text)
        assert result.exit_code == 0, (args, repr(result.exception))
    assert "[/red] studio [bold]" in runner.invoke(app, ["assess"], input=text).stdout
    assert "[/bold] [red]No engineers[/]" in runner.invoke(app, ["assess", "--rules", str(rules)], input=text).stdout


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_html_report_matches_golden(ruleset, path: Path) -> None:
    text = renderer(Format.html).render(result_of(ruleset, path), Context(questions=ruleset.questions, date=DATE))
    matches_golden(text.replace(__import__("aichoice").__version__, "VERSION"), f"{path.stem}.html")


def test_pie_slices_largest_first_each_in_its_option_colour_counts_with_separators() -> None:
    from aichoice.models import Option
    from aichoice.render.charts import COLOURS

    pie = markdown.pie_chart("Verdicts", [(Option.chat, 12_345), (Option.api, 0), (Option.both, 20_000)])
    lines = pie.splitlines()
    assert lines[3:5] == ['    "Both (20,000)" : 20000', '    "Chat interface (12,345)" : 12345']
    directive = json.loads(lines[1][len("%%{init: ") : -len("}%%")])["themeVariables"]
    assert (directive["pie1"], directive["pie2"]) == (COLOURS[Option.both], COLOURS[Option.chat])
