"""Rich tables of a rule set, for `aichoice rules show` and `aichoice questions`."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aichoice.errors import AichoiceError
from aichoice.models import RuleSet
from aichoice.sanitize import terminal as clean
from aichoice.wording import format_value, measured


def render_questions(ruleset: RuleSet, console: Console) -> None:
    """The questionnaire: id, question, type, values, default."""
    table = Table(title="Questions", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("question", ratio=3)
    table.add_column("type", no_wrap=True)
    table.add_column("values", ratio=2, min_width=14, overflow="fold")
    table.add_column("default", overflow="fold")
    for question in ruleset.questions.values():
        if question.choices:
            values = ", ".join(question.values)
        elif question.type == "bool":
            values = "true, false"
        else:
            bounds = [f">= {question.min}"] if question.min is not None else []
            bounds += [f"<= {question.max}"] if question.max is not None else []
            values = ", ".join(bounds) or "whole number"
        text = question.text + (f" (when {question.when.describe()})" if question.when else "")
        table.add_row(
            *(Text(clean(cell)) for cell in (question.id, text, question.type, values, format_value(question.default)))
        )
    console.print(table)


def render_ruleset(ruleset: RuleSet, console: Console) -> None:
    """Policy, questions and rules of the active rule set."""
    info, policy = ruleset.info, ruleset.info.policy
    console.print(Text.assemble((clean(info.name), "bold"), f" {clean(info.version)}  ({clean(ruleset.path)})"))
    if info.description:
        console.print(Text(clean(info.description)))
    console.print(Text(f"sha256 {ruleset.sha256}"))
    sure = (
        f"confidence = lead / {policy.decisive_margin:g}"
        if policy.confidence is None
        else f"confidence measured on {clean(policy.confidence.measured_on)}"
    )
    console.print(
        Text(
            f"Policy: both = chat + api + combining - overhead {policy.both.overhead:g}; "
            f"{sure}; close call at a lead <= {policy.close_call_margin:g}; "
            f"ties: {', '.join(o.value for o in policy.tie_order)}"
        ),
        highlight=False,
    )
    if policy.confidence is not None:
        console.print(Text("; ".join(measured(band) for band in policy.confidence.bands)), highlight=False)
    console.print()
    render_questions(ruleset, console)
    table = Table(title="Rules", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("supports", no_wrap=True)
    table.add_column("weight", justify="right")
    table.add_column("when")
    for rule in ruleset.rules:
        table.add_row(Text(rule.id), rule.supports.value, f"{rule.weight:g}", Text(clean(rule.when.describe())))
    console.print(table)
    checks = Table(title="Readiness checks", title_justify="left", box=box.SIMPLE_HEAD)
    checks.add_column("id", style="cyan", no_wrap=True)
    checks.add_column("for", no_wrap=True)
    checks.add_column("flagged when")
    for check in ruleset.readiness.checks:
        checks.add_row(Text(check.id), ", ".join(o.value for o in check.applies_to), Text(clean(check.when.describe())))
    console.print(checks)


def diagnostic(error: AichoiceError, severity: str) -> str:
    """One `rules check` finding: `file:line:col: error: message`, and its hint on the next line."""
    head = f"{error.location}: " if error.location else ""
    text = f"{head}{severity}: {clean(error.message)}"
    return text + (f"\n  hint: {clean(error.hint)}" if error.hint else "")
