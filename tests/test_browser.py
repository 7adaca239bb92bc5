"""Reports as readers see them: every mermaid chart of every report rendered by mermaid 11 (and
10 and 12, which other renderers may run) in headless Chromium, in light and dark themes, and
every HTML report loaded there with the network blocked. tests/browser/check.mjs measures what
the browser drew; this file judges it.

The toolchain is node, Debian's chromium and `npm ci` in tests/browser (pinned by its lock file),
which .ci/run installs. Without it these tests skip locally, saying how to install it; with CI set
they fail instead, so a CI run can never pass without them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from aichoice.cli import app
from aichoice.models import OPTIONS, Option
from aichoice.render import Context, Format, renderer
from aichoice.render.charts import COLOURS, contrast
from aichoice.sanitize import line
from aichoice.wording import TITLES
from tests.conftest import ANSWER_EXAMPLES, EXAMPLES, ROOT
from tests.test_html import headings_of

BROWSER = Path(__file__).parent / "browser"
CHROMIUM = os.environ.get("AICHOICE_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "build" / "browser"  # screenshots, for a person to look at after a run
INSTALL = (
    "apt-get install -y chromium (Debian's package), then `npm ci` in tests/browser; "
    "AICHOICE_CHROMIUM names another Chromium binary"
)
HOSTILE = [
    "title Hijacked chart",
    "- leading dash",
    "quadrant-1 x-axis y-axis",
    "Zürich Ærø café",
    'Quote "q" <b>bold</b> [bracket] {brace} #hash; %%{init}%% & done',
    "`search-api` rollout",  # a backtick was a lexical error in mermaid 10, 11 and 12
    ("Regional customer support assistant for every office " * 2)[:100],  # 100 characters
    "W" * 70,  # the widest Latin capital: an average letter width would run it out of the chart
    ("Claims intake pipeline with `retrieval` over the policy archive & 50% review " * 3)[:200],  # several needs
    ("顧客サポート窓口のアシスタント Zürich " * 5)[:100],  # wide East Asian characters
    ("Mixed MMMM wwww iiii 1234 ÆØÅ ß — long name " * 5)[:200],
]
MERMAID_VERSIONS = (10, 11, 12)  # tests/browser/package.json pins one of each
REGION_OPTIONS = {"Chat": Option.chat, "Start small with chat": Option.chat, "API": Option.api, "Both": Option.both}


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}"
    for package in ("axe-core", "mermaid", "mermaid-10", "mermaid-12", "puppeteer-core"):
        if not (BROWSER / "node_modules" / package / "package.json").exists():
            return f"tests/browser/node_modules/{package} is not installed"
    return None


@pytest.fixture(scope="module", autouse=True)
def toolchain() -> None:
    missing = _missing()
    if missing:
        message = f"browser toolchain missing ({missing}): {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Report:
    """A report to check: its mermaid blocks, its HTML file (if any), and the verdict of each point."""

    name: str
    charts: list[str]
    html: Path | None = None
    verdicts: dict[str, Option] = field(default_factory=dict)  # point label -> its need's verdict
    headings: list[str] = field(default_factory=list)
    recommendation: Option | None = None


def _mermaid_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, flags=re.S | re.M)


def _assessment_report(path: Path, folder: Path, name: str) -> Report:
    from aichoice.assessment import assess_source
    from aichoice.ruleset import load_ruleset

    ruleset = load_ruleset()
    result = assess_source(path)
    context = Context(questions=ruleset.questions, date="2026-01-15")
    markdown = renderer(Format.markdown).render(result, context)
    html = folder / f"{name}.html"
    html.write_text(renderer(Format.html).render(result, context), encoding="utf-8")
    needs = result.needs or [result]
    headings = [heading.split(" ", 1)[1] for heading in headings_of(markdown)]
    return Report(
        name,
        _mermaid_blocks(markdown),
        html,
        {line(n.position.label): n.recommendation for n in needs if n.position is not None},
        headings,
        result.recommendation,
    )


def _renamed(source: Path, target: Path, project: str) -> Path:
    """An answers file with another project name (and need names, for several needs)."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["project"] = project
    for index, need in enumerate(data.get("needs") or []):
        need["name"] = f"{project} {index + 1}"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _alike(source: Path, target: Path) -> Path:
    """An answers file whose two needs answer alike, so that their points sit in one place."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    first = data["needs"][0]
    data["needs"] = [first, {**first, "name": f"{first['name']} for the claims team"}]
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _portfolio(runner: Any, folder: Path) -> str:
    result = runner.invoke(app, ["batch", str(folder), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Report], dict[str, Any]]:
    """Every report built, then measured in one browser run (about 15 s)."""
    from typer.testing import CliRunner

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("reports")
    reports = [_assessment_report(path, folder, path.stem) for path in ANSWER_EXAMPLES]
    for index, name in enumerate(HOSTILE):
        source = ANSWER_EXAMPLES[index % len(ANSWER_EXAMPLES)]
        reports.append(
            _assessment_report(_renamed(source, folder / f"hostile-{index}.yaml", name), folder, f"hostile-{index}")
        )
    alike = _alike(EXAMPLES / "staff-and-support.yaml", folder / "alike.yaml")
    reports.append(_assessment_report(alike, folder, "needs-alike"))
    cost = runner.invoke(
        app,
        [
            "cost",
            "--pricing",
            str(EXAMPLES / "pricing.yaml"),
            "--seats",
            "25",
            "--tasks",
            "20000",
            "--format",
            "markdown",
        ],
    )
    assert cost.exit_code == 0, cost.output
    reports.append(Report("cost", _mermaid_blocks(cost.stdout)))
    reports.append(Report("portfolio-three-verdicts", _mermaid_blocks(_portfolio(runner, EXAMPLES))))
    single = folder / "single"
    single.mkdir()
    for copy in ("a.yaml", "b.yaml"):  # a chat example twice: one verdict only
        shutil.copy(EXAMPLES / "design-studio.yaml", single / copy)
    reports.append(Report("portfolio-one-verdict", _mermaid_blocks(_portfolio(runner, single))))

    SHOTS.mkdir(parents=True, exist_ok=True)
    job = {
        "charts": [
            {"id": f"{r.name}#{i}", "source": source, "theme": theme, "mermaid": version}
            for r in reports
            for i, source in enumerate(r.charts)
            for theme in ("default", "dark")
            for version in MERMAID_VERSIONS
        ],
        "pages": [
            {"id": r.name, "path": str(r.html), "screenshot": str(SHOTS / f"{r.name}.png")}
            for r in reports
            if r.html is not None
        ],
    }
    done = subprocess.run(
        ["node", str(BROWSER / "check.mjs")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=BROWSER,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    printed = {page["id"]: {paper: p["pages"] for paper, p in page["print"].items()} for page in results["pages"]}
    (SHOTS / "printed-pages.json").write_text(json.dumps(printed, indent=1))  # the figures, for a person
    return reports, results


def hex_colour(value: str) -> str:
    """#RRGGBB of a colour as an SVG attribute or computed style gives it."""
    value = value.strip().lower()
    if value in ("white", "#fff"):
        return "#ffffff"
    if m := re.fullmatch(r"#([0-9a-f])([0-9a-f])([0-9a-f])", value):
        return "#" + "".join(c * 2 for c in m.groups())
    if m := re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", value):
        return "#" + "".join(f"{int(c):02x}" for c in m.groups())
    assert re.fullmatch(r"#[0-9a-f]{6}", value), value
    return value


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + slack
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + slack
    )


def full_labels(shown: str, labels: dict[str, Option]) -> list[str]:
    """The labels a point's label can stand for: itself, or one it shortens around an ellipsis."""
    if shown in labels:
        return [shown]
    head, _, tail = shown.partition("\u2026")
    return (
        [full for full in labels if full.startswith(head) and full.endswith(tail) and head and tail]
        if "\u2026" in shown
        else []
    )


def overlapping(boxes: list[dict[str, float]]) -> list[tuple[dict[str, float], dict[str, float]]]:
    """The pairs of boxes that overlap (by more than a pixel's rounding)."""
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] + 1 < b["x"] + b["w"]
        and b["x"] + 1 < a["x"] + a["w"]
        and a["y"] + 1 < b["y"] + b["h"]
        and b["y"] + 1 < a["y"] + a["h"]
    ]


def judge_svg(svg: dict[str, Any], report: Report, background: str, legends: bool = True) -> None:
    """What every chart must show, drawn by mermaid or by render/html.py (`legends`: whether it
    can draw a line chart's legend; mermaid 10 cannot, and the report names the lines in words)."""
    for text in svg["texts"]:
        assert inside(text["box"], svg["box"]), f"text outside the chart: {text}"
    option_colours = {option: COLOURS[option].lower() for option in OPTIONS}
    if svg["quadrants"]:
        assert {q["title"]: hex_colour(q["fill"]) for q in svg["quadrants"]} == {
            title: option_colours[option] for title, option in REGION_OPTIONS.items()
        }
        boxes = [q["box"] for q in svg["quadrants"]]
        left, top = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
        plot = {
            "x": left,
            "y": top,
            "w": max(b["x"] + b["w"] for b in boxes) - left,
            "h": max(b["y"] + b["h"] for b in boxes) - top,
        }  # the four regions together
        assert len(svg["points"]) == len(report.verdicts)
        for point in svg["points"]:
            region = [
                q["title"]
                for q in svg["quadrants"]
                if q["box"]["x"] <= point["x"] <= q["box"]["x"] + q["box"]["w"]
                and q["box"]["y"] <= point["y"] <= q["box"]["y"] + q["box"]["h"]
            ]
            verdicts = {report.verdicts[full] for full in full_labels(point["label"], report.verdicts)}
            assert verdicts, f"every letter of the label, or its start and end around an ellipsis: {point}"
            assert region and REGION_OPTIONS[region[0]] in verdicts, (point, region)
            assert inside(point["labelBox"], plot), f"label outside the chart: {point}"
        assert overlapping([p["labelBox"] for p in svg["points"]]) == [], "needs that sit alike stay readable"
    if svg["lines"]:  # the cost chart
        assert [(e["text"], hex_colour(e["colour"])) for e in svg["legend"]] == (
            [("Chat", option_colours[Option.chat]), ("API", option_colours[Option.api])] if legends else []
        )
        assert [hex_colour(c) for c in svg["lines"]] == [option_colours[Option.chat], option_colours[Option.api]]
        behind = hex_colour(svg["background"]) if svg["background"] else background
        assert all(contrast(hex_colour(c), behind) >= 3 for c in svg["lines"]), behind
    if svg["slices"]:  # the portfolio pie
        by_title = {TITLES[option]: option_colours[option] for option in OPTIONS}
        for entry in svg["legend"]:
            title = entry["text"].rsplit(" (", 1)[0]
            assert hex_colour(entry["colour"]) == by_title[title], entry
        assert sorted(hex_colour(c) for c in svg["slices"]) == sorted(hex_colour(e["colour"]) for e in svg["legend"])


def test_every_mermaid_chart_renders_and_reads_right(measured) -> None:
    reports, results = measured
    by_name = {r.name: r for r in reports}
    kinds = set()
    assert len(results["charts"]) == 2 * len(MERMAID_VERSIONS) * sum(len(r.charts) for r in reports)
    for chart in results["charts"]:
        report = by_name[chart["id"].split("#")[0]]
        where = f"{chart['id']} (mermaid {chart['mermaid']}, {chart['theme']})"
        assert chart["ok"], f"{where} did not render: {chart.get('error')}"
        kinds.add(chart["kind"])
        judge_svg(chart, report, chart["pageBackground"], legends=chart["mermaid"] >= 11)
    assert kinds == {"xychart", "quadrantChart", "pie"}


def test_every_portfolio_pie_names_its_verdicts(measured) -> None:
    reports, results = measured
    for version in MERMAID_VERSIONS:
        legends = {
            c["id"].split("#")[0]: [e["text"] for e in c["legend"]]
            for c in results["charts"]
            if c["slices"] and c["mermaid"] == version
        }
        assert legends["portfolio-three-verdicts"] == ["Both (3)", "Chat interface (1)", "API (1)"], version
        assert legends["portfolio-one-verdict"] == ["Chat interface (2)"], version


def test_a_printed_report_takes_a_few_pages(measured) -> None:
    """The summary alone on page one (print CSS), then the detail: measured at this change, the
    shipped examples print in 4 to 6 pages for one need and 6 for two, on A4 and on Letter
    (build/browser/printed-pages.json has each figure)."""
    reports, results = measured
    by_name = {r.name: r for r in reports}
    for page in results["pages"]:
        if page["id"].startswith("hostile-"):
            continue  # names of 200 characters are not what the budget is for
        budget = 4 + max(2, len(by_name[page["id"]].verdicts))  # 6 for one or two needs, a page a need beyond
        for paper, printed in page["print"].items():
            assert printed["pages"] <= budget, (page["id"], paper, printed["pages"])


def test_every_html_report_loads_offline_and_reads_right(measured) -> None:
    reports, results = measured
    by_name = {r.name: r for r in reports}
    assert len(results["pages"]) == sum(r.html is not None for r in reports)
    for page in results["pages"]:
        report = by_name[page["id"]]
        assert page["consoleErrors"] == [], page["id"]
        assert page["blocked"] == [], page["id"]
        for scheme, seen in page["schemes"].items():
            assert [h["text"] for h in seen["headings"]] == report.headings, (page["id"], scheme)
            assert all(h["visible"] for h in seen["headings"]), (page["id"], scheme)
            assert contrast(hex_colour(seen["text"]), hex_colour(seen["background"])) >= 7
            assert report.recommendation is not None
            assert f"{TITLES[report.recommendation]}: " in seen["bodyText"]
            assert not seen["overflow"], (page["id"], scheme)
            assert len(seen["svgs"]) == len(report.charts)
            for svg in seen["svgs"]:
                judge_svg(svg, report, hex_colour(seen["background"]))
                assert overlapping([p["labelBox"] for p in svg["points"]]) == [], (page["id"], scheme)
            assert seen["axe"] == [], (page["id"], scheme, seen["axe"])
            for label in report.verdicts:  # in the chart, or in full in the note under it
                assert label in seen["bodyText"], (page["id"], label)
        for paper, printed in page["print"].items():
            assert printed["overflow"] == [] and printed["pages"] >= 1, (page["id"], paper, printed)
        for scheme in page["schemes"]:
            assert (SHOTS / f"{page['id']}-{scheme}.png").stat().st_size > 10_000
