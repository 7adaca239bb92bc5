"""render/document.py: the summary first (markdown and HTML alike, from one Document) and reasons in
plain words (questions and answers as a person reads them, a list answer naming only the user's values)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aichoice.render import Context
from aichoice.render.blocks import Heading, ItemList, Paragraph, Table, plain
from aichoice.render.document import assessment
from aichoice.wording import TITLES, answer_words
from tests.conftest import EXAMPLES
from tests.test_html import html_of, outline
from tests.test_render import DATE, report_of, result_of

TWO_NEEDS = EXAMPLES / "staff-and-support.yaml"  # two needs, with cost
ONE_NEED = EXAMPLES / "design-studio.yaml"  # one need, no cost
COSTED = EXAMPLES / "support-desk.yaml"  # one need, with cost


def section(report: str, heading: str) -> str:
    """The markdown lines of one `## heading` section, up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", report, flags=re.M | re.S)
    assert match, heading
    return match.group(1)


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("path", [TWO_NEEDS, ONE_NEED, COSTED], ids=lambda p: p.stem)
def test_the_summary_comes_first_in_markdown_and_html(ruleset, path: Path) -> None:
    result = result_of(ruleset, path)
    report = report_of(ruleset, result)
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## Summary", "## Recommendation"]
    assert outline(html_of(ruleset, result)).headings[1:3] == ["## Summary", "## Recommendation"]
    summary = unescaped(section(report, "Summary"))
    assert len(summary.strip().splitlines()) <= 40  # one screen, one printed page
    assert TITLES[result.recommendation] in summary
    for need in result.needs:
        name = need.name if result.several else result.project
        row = next(line for line in summary.splitlines() if line.startswith(f"| {name} |"))
        assert f"| {TITLES[need.recommendation]} |" in row and f"{need.confidence:.0%}" in row
    assert "How sure:" in summary and "close call" in summary
    for heading in (
        "Strongest reasons",
        "Most pressing gaps and risks",
        "What would change it",
        "Decisions and next steps",
    ):
        assert f"**{heading}**" in summary
    for step in result.next_steps[:3]:
        assert step in summary
    assert "`" not in summary


def test_the_summary_in_html_holds_every_need_and_its_verdict(ruleset) -> None:
    result = result_of(ruleset, TWO_NEEDS)
    page = html_of(ruleset, result)
    start, end = page.index("<h2>Summary</h2>"), page.index("<h2>Recommendation</h2>")
    assert page.index("<h1>") < start
    summary = page[start:end]
    for need in result.needs:
        assert f"<td>{need.name}</td><td>{TITLES[need.recommendation]}</td>" in summary


@pytest.mark.parametrize(
    ("path", "money"),
    [(COSTED, "USD 100,713.33 a month"), (TWO_NEEDS, "USD 70,586.67 a month")],
    ids=["one-need", "two-needs"],
)
def test_the_summary_gives_the_monthly_cost_with_its_currency(ruleset, path: Path, money: str) -> None:
    result = result_of(ruleset, path)
    assert result.budget is not None and result.budget.currency == "USD"
    assert f"{result.budget.monthly:,.2f}" in money
    summary = unescaped(section(report_of(ruleset, result), "Summary"))
    cost = next(line for line in summary.splitlines() if line.startswith("- **Cost:**"))
    assert money in cost


def test_the_summary_has_no_cost_when_cost_is_unknown(ruleset) -> None:
    summary = section(report_of(ruleset, result_of(ruleset, ONE_NEED)), "Summary")
    assert "Cost:" not in summary and "USD" not in summary
    assert "What would change it" in summary


def test_the_summary_names_the_strongest_reasons_with_their_need(ruleset) -> None:
    result = result_of(ruleset, TWO_NEEDS)
    document = assessment(result, Context(questions=ruleset.questions, date=DATE))
    blocks = list(document.blocks)
    assert isinstance(blocks[1], Heading) and plain(blocks[1].text) == "Summary"
    label = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and plain(b.text) == "Strongest reasons")
    reasons = blocks[label + 1]
    assert isinstance(reasons, ItemList) and len(reasons.items) == 3
    pairs = sorted(((n, r) for n in result.needs for r in n.reasons if r.in_favour), key=lambda p: -p[1].weight)
    for item, (need, reason) in zip(reasons.items, pairs):
        text = plain(item.text)
        assert text.startswith(reason.text) and f"({need.name};" in text
    assert isinstance(blocks[2], Paragraph) and isinstance(blocks[3], Table)


def test_what_would_change_it_is_in_words(ruleset) -> None:
    result = result_of(ruleset, TWO_NEEDS)
    summary = unescaped(section(report_of(ruleset, result), "Summary"))
    change = result.sensitivity[0]
    question = ruleset.questions[change.question]
    assert question.short and f"*{question.short}*" in summary
    brief = [answer_words(question, value, brief=True) for value in (change.from_, change.to)]
    assert f"“{brief[0]}” to “{brief[1]}”" in summary
    assert f"`{change.question}`" not in summary


@pytest.mark.parametrize("path", [TWO_NEEDS, ONE_NEED, COSTED], ids=lambda p: p.stem)
def test_the_why_section_has_no_raw_id_value_pairs(ruleset, path: Path) -> None:
    result = result_of(ruleset, path)
    why = unescaped(section(report_of(ruleset, result), "Why"))
    assert not re.search(r"`[a-z_]+` = ", why)
    for qid in ruleset.questions:
        assert f"`{qid}`" not in why
    for need in result.needs:
        for reason in need.reasons:
            if reason.in_favour:
                for qid in reason.answers:
                    assert f"{ruleset.questions[qid].short}: **" in why


def test_a_list_reason_names_only_the_users_values(ruleset) -> None:
    result = result_of(ruleset, TWO_NEEDS)
    staff = result.needs[0]
    reason = next(r for r in staff.reasons if r.rule == "chat-use-cases")
    question = ruleset.questions["use_cases"]
    labels = {c.value: c.label.split(": ")[0] for c in question.choices or []}
    given = staff.answers["use_cases"]
    assert isinstance(given, list)
    why = unescaped(section(report_of(ruleset, result), "Why"))
    line = next(line for line in why.splitlines() if reason.text in line)
    named = re.search(re.escape(f"{question.short}:") + r" \*\*(.*?)\*\*", line)
    assert named is not None
    assert set(named.group(1).split(" / ")) == {labels[value] for value in given}
    for value, label in labels.items():
        if value not in given:
            assert label not in line


def test_answer_words_reads_as_a_person_would(ruleset) -> None:
    questions = ruleset.questions
    assert answer_words(questions["product_infrastructure"], True) == "yes"
    assert answer_words(questions["monthly_volume"], 60000) == "60,000 tasks a month"
    assert answer_words(questions["integration"], "deep") == "Deep: inside core systems and workflows"
    assert answer_words(questions["integration"], "deep", brief=True) == "Deep"
    assert answer_words(questions["audience"], ["employees"], brief=True) == "Employees, working directly with AI"
    use_cases = questions["use_cases"]
    assert answer_words(use_cases, ["writing_support", "ai_search"], named={"ai_search", "fraud_risk"}) == next(
        c.label for c in use_cases.choices or [] if c.value == "ai_search"
    )
    assert answer_words(use_cases, []) == "none"
    assert answer_words(None, "raw") == "raw"


def test_the_summary_says_why_a_budget_is_not_added_up(ruleset) -> None:
    import dataclasses

    from aichoice.render import markdown

    result = result_of(ruleset, TWO_NEEDS)
    assert result.budget is not None
    result.budget = dataclasses.replace(result.budget, monthly=None, yearly=None, missing=["Support bot: lacks seats"])
    summary = section(markdown.report(result, Context(questions=ruleset.questions, date=DATE)), "Summary")
    cost = next(line for line in summary.splitlines() if line.startswith("- **Cost:**"))
    assert "not added up: Support bot: lacks seats." in cost
