"""render/html.py: one self-contained page with the markdown report's sections and words, its
charts as inline SVG, hostile names as text, the same bytes for the same inputs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aichoice.cli import app
from aichoice.render import Context, Format, renderer
from tests.conftest import ANSWER_EXAMPLES, EXAMPLES
from tests.test_render import DATE, report_of, result_of, with_project


def html_of(ruleset, result) -> str:
    return renderer(Format.html).render(result, Context(questions=ruleset.questions, date=DATE))


class Outline(HTMLParser):
    """The parts a reader and a screen reader rely on: headings, table headers, figures, text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.current: list[str] | None = None
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"
        if re.fullmatch(r"h[1-6]", tag):
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if re.fullmatch(r"h[1-6]", tag) and self.current is not None:
            self.headings.append(f"{'#' * int(tag[1])} {''.join(self.current)}")
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.in_style:
            return
        self.text.append(data)
        if self.current is not None:
            self.current.append(data)


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    parser.close()
    return parser


def unescaped(text: str) -> str:
    """Markdown text as a reader sees it: backslash escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", text.replace("\u2060", ""))


def headings_of(report: str) -> list[str]:
    """The markdown report's headings as a reader sees them, '#' marks kept."""
    return [unescaped(line) for line in report.splitlines() if re.match(r"#{1,6} ", line)]


def _markdown_words(report: str) -> str:
    """The markdown report's words: markup, escapes and word joiners removed."""
    text = unescaped(re.sub(r"```mermaid.*?```", "", report, flags=re.S))
    return re.sub(r"^\| ?-+.*$|[*`|>#]|- \[ \]|^[ \t]*(-|\d+\.)[ \t]", " ", text, flags=re.M)


@pytest.mark.parametrize("path", ANSWER_EXAMPLES, ids=lambda p: p.stem)
def test_the_same_sections_and_words_as_the_markdown_report(ruleset, path: Path) -> None:
    result = result_of(ruleset, path)
    report, page = report_of(ruleset, result), html_of(ruleset, result)
    parsed = outline(page)
    assert parsed.headings == headings_of(report)
    words = " ".join("".join(parsed.text).split())
    for word in _markdown_words(report).split():
        assert word in words, word


@pytest.mark.parametrize("path", ANSWER_EXAMPLES, ids=lambda p: p.stem)
def test_self_contained_no_script_and_nothing_from_the_network(ruleset, path: Path) -> None:
    page = html_of(ruleset, result_of(ruleset, path))
    tags = {tag for tag, _ in outline(page).tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "use", "foreignobject"}
    assert not re.search(r"(?i)\b(src|href)\s*=|url\(|@import|@font-face|\bon[a-z]+\s*=", page)
    # The only URLs: the SVG namespace, and a list price's page named as its source (text, never a link).
    sources = {price.source for need in result_of(ruleset, path).needs if need.cost for price in need.cost.prices}
    urls = [url.rstrip(",") for url in re.findall(r"https?://[^\s\"'<>]+", page)]
    assert [u for u in urls if u not in sources] == ["http://www.w3.org/2000/svg"] * page.count("<svg")


@pytest.mark.parametrize("path", ANSWER_EXAMPLES, ids=lambda p: p.stem)
def test_accessible_structure(ruleset, path: Path) -> None:
    page = html_of(ruleset, result_of(ruleset, path))
    parsed = outline(page)
    tags = parsed.tags
    assert tags[0][0] == "html" and tags[0][1]["lang"] == "en"
    assert [h[:2] for h in parsed.headings].count("# ") == 1
    assert all(attrs.get("scope") == "col" for tag, attrs in tags if tag == "th")
    assert sum(tag == "thead" for tag, _ in tags) == sum(tag == "table" for tag, _ in tags) > 0
    svgs = [attrs for tag, attrs in tags if tag == "svg"]
    assert svgs and all(attrs["role"] == "img" and attrs["aria-labelledby"] for attrs in svgs)
    assert page.count("<title id=") == page.count("<desc id=") == len(svgs)
    assert page.count("<figcaption") == len(svgs)
    assert "prefers-color-scheme: dark" in page and "@media print" in page and "@page" in page


def test_hostile_names_are_text(ruleset, tmp_path: Path) -> None:
    name = 'x-axis "Zürich" <b>bold</b> & <script>alert(1)</script> [link](javascript:x) \u202e\x1b[2J'
    page = html_of(ruleset, result_of(ruleset, with_project(tmp_path, name)))
    assert "<b>" not in page and "<script" not in page and "\x1b" not in page and "\u202e" not in page
    expected = "x-axis &quot;Zürich&quot; &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<title>AI adoption assessment: {expected}" in page
    assert f'text-anchor="start">{expected}' in page or f">{expected}" in page


def test_a_chart_per_need_point_and_the_cost_chart(ruleset) -> None:
    page = html_of(ruleset, result_of(ruleset, EXAMPLES / "staff-and-support.yaml"))
    assert page.count("<circle") == 2  # one point per need
    cost = html_of(ruleset, result_of(ruleset, EXAMPLES / "support-desk.yaml"))
    assert cost.count("<polyline") == 2 and ">Chat</text>" in cost and ">API</text>" in cost
    assert ">Tasks a month</text>" in cost and "Monthly cost, USD thousands</text>" in cost
    assert ">yours 20,000</text>" in cost  # your volume is marked
    assert ">40,000</text>" in cost and ">0</text>" in cost


def test_report_format_follows_the_extension(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")
    example = str(EXAMPLES / "support-desk.yaml")
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.HTM", "<!DOCTYPE html>"), ("r.md", "# AI adoption")):
        result = runner.invoke(app, ["assess", "-a", example, "--report", str(tmp_path / name), "-f", "json"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    printed = runner.invoke(app, ["assess", "-a", example, "--format", "html"]).stdout
    assert printed == (tmp_path / "r.html").read_text(encoding="utf-8")  # the same bytes, run after run
    assert "<td>2026-01-15</td>" in printed


def test_break_even_near_the_right_edge_is_labelled_left_of_its_line() -> None:
    from aichoice.cost import CostResult, CostSide
    from aichoice.render.blocks import CostChart
    from aichoice.render.html import cost_svg

    side = CostSide(monthly=100.0, yearly=1200.0, per_task=1.0)
    cost = CostResult(
        currency="USD",
        tasks=100,
        chat=side,
        api=side,
        cheaper="api",
        break_even_tasks=39_000.0,
        summary="s",
        inputs={},
        prices=[],
        chart=[(0.0, 0.0, 50.0), (40_000.0, 100.0, 60.0)],
        chart_marks={"break-even": 39_000.0},
    )
    svg = cost_svg(CostChart("t", cost), "chart-1")
    assert 'text-anchor="end">break-even 39,000</text>' in svg
