"""Property tests (hypothesis): any input gives exit 0, 1 or 2 and never a traceback, quickly;
valid answers give identical output on repeat; answers survive save and load.

The long run is the fuzz target: HYPOTHESIS_PROFILE=fuzz pytest tests/test_properties.py
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from aichoice.answers import dump_answers, load_answers
from aichoice.cli import app
from aichoice.ruleset import RULESET_FILES, default_rules_dir, load_ruleset
from tests.conftest import EXAMPLES, HANG_SECONDS, rules_variant

RULESET = load_ruleset()
QUESTIONS = RULESET.questions
RUNNER = CliRunner()
VALID = yaml.safe_load((EXAMPLES / "hospital-group.yaml").read_text())
TIME_BOUND = HANG_SECONDS  # one invocation: catches a hang, tolerates a busy shared machine

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["yes", "no", "on", "off", "~", "null", "0x1F", "1e3", "2024-01-01", "*a", "&a", "!!str"]),
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12) | st.integers(), inner, max_size=5)
    ),
    max_leaves=30,
)


def invoke(args: list[str], data: bytes | str):
    start = time.perf_counter()
    result = RUNNER.invoke(app, args, input=data)
    elapsed = time.perf_counter() - start
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "Traceback" not in result.output
    assert elapsed < TIME_BOUND, elapsed
    return result


@given(st.binary(max_size=2000))
def test_any_bytes_as_answers(data: bytes) -> None:
    invoke(["assess", "--format", "json"], data)


@given(st.text(max_size=2000))
def test_any_text_as_answers(text: str) -> None:
    invoke(["assess", "--format", "json", "--defaults"], text)


@given(documents)
def test_any_yaml_document_as_answers(document) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    invoke(["assess", "--format", "json", "--defaults"], text)


@given(
    st.dictionaries(st.sampled_from(sorted(QUESTIONS) + ["bogus"]), documents, max_size=6),
    st.one_of(st.none(), scalars),
)
def test_answers_with_junk_values(junk: dict, project) -> None:
    """A valid file with some answers replaced by anything at all."""
    answers = {**VALID["answers"], **junk}
    text = yaml.safe_dump({"project": project, "answers": answers}, allow_unicode=True)
    result = invoke(["assess", "--format", "json", "--expect", "both"], text)
    if result.exit_code != 2:
        json.loads(result.stdout)


@given(
    st.fixed_dictionaries(
        {
            qid: (
                st.sampled_from(q.values)
                if q.type == "choice"
                else st.lists(st.sampled_from(q.values), min_size=q.min_items, unique=True)
                if q.type == "list"
                else st.booleans()
                if q.type == "bool"
                else st.integers(min_value=q.min or 0, max_value=10**7)
            )
            for qid, q in QUESTIONS.items()
        }
    ),
    st.one_of(st.none(), st.text(min_size=1, max_size=40).filter(str.strip)),
)
def test_valid_answers_repeat_identically_and_round_trip(answers: dict, project) -> None:
    text = yaml.safe_dump({"project": project, "answers": answers}, allow_unicode=True)
    first = invoke(["assess", "--format", "json"], text)
    assert first.exit_code == 0, first.stderr
    assert invoke(["assess", "--format", "json"], text).stdout == first.stdout
    loaded = load_answers(text.encode(), "x", RULESET)
    again = load_answers(dump_answers(loaded).encode(), "y", RULESET)
    assert (again.project, again.values) == (loaded.project, loaded.values)


@given(st.sampled_from(RULESET_FILES), st.one_of(st.text(max_size=1500), documents.map(yaml.safe_dump)))
def test_any_rule_file(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rules = rules_variant(Path(folder) / "rules")
        (rules / name).write_text(text, encoding="utf-8")
        invoke(["rules", "check", str(rules)], "")
        invoke(["assess", "--rules", str(rules), "--answers", str(EXAMPLES / "design-studio.yaml")], "")


@given(st.sampled_from(RULESET_FILES), st.data())
def test_mutated_rule_file(name: str, data) -> None:
    """A shipped rule file with one line replaced: close to valid, so deeper checks run."""
    original = (default_rules_dir() / name).read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(min_value=0, max_value=len(original) - 1))
    lines = list(original)
    lines[index] = data.draw(
        st.sampled_from(
            [
                "",
                "    weight: -1",
                "    when: {question: nope, equals: x}",
                "    when: {}",
                "  - id: X",
                "    supports: all",
                "        default: 7",
                "    overhead: []",
                "    when: {not: {all: []}}",
                lines[index].replace(":", ""),
                lines[index] + " extra",
                "\t" + lines[index],
            ]
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        rules = rules_variant(Path(folder) / "rules")
        (rules / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        invoke(["rules", "check", str(rules)], "")
        invoke(
            ["assess", "--format", "json", "--rules", str(rules), "--answers", str(EXAMPLES / "hospital-group.yaml")],
            "",
        )


@given(st.text(max_size=60).filter(str.strip), st.sampled_from(["text", "markdown", "json", "html"]))
def test_any_project_name_in_every_format(project: str, output: str) -> None:
    text = yaml.safe_dump({"project": project, "answers": VALID["answers"]}, allow_unicode=True)
    result = invoke(["assess", "--format", output], text)
    assert result.exit_code == 0, result.output


# -- any text through every output (the hostile review: nothing raw reaches a reader) --------------

HOSTILE_TEXT = st.one_of(
    st.text(min_size=1, max_size=30),
    st.lists(
        st.sampled_from(
            [
                "\x1b[2J",
                "\x1b]52;c;eA==\x07",
                "\u202e",
                "\n",
                "\r",
                "\x85",
                "\u2028",
                "=1",
                "@bob",
                "https://x.io",
                "title ",
                "quadrant-1 ",
                "-",
                "<b>",
                "|",
                "$x$",
                "Zürich",
                "東京",
                '"',
                "#1",
                "ok",
            ]
        ),
        min_size=1,
        max_size=6,
    ).map("".join),
).filter(lambda t: t.strip() and any(c.isalpha() for c in t))


def assert_inert(out: str) -> None:
    import unicodedata

    for char in out.replace("\n", ""):
        assert unicodedata.category(char) not in ("Cc", "Zl", "Zp"), repr(char)
        assert char not in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", repr(char)


@given(HOSTILE_TEXT)
def test_any_project_name_is_inert_in_every_assess_output(name: str) -> None:
    import os

    from aichoice import sanitize

    text = yaml.safe_dump({"project": name, "answers": VALID["answers"]}, allow_unicode=True)
    name = str(yaml.safe_load(text)["project"])  # as YAML reads it back (\x85 is a line break to YAML)
    with tempfile.TemporaryDirectory() as folder:
        summary = Path(folder) / "summary.md"
        for output in ("text", "markdown", "json", "html"):
            result = RUNNER.invoke(
                app,
                ["assess", "--format", output],
                input=text,
                env={"GITHUB_STEP_SUMMARY": str(summary), "COLUMNS": "100"},
            )
            assert result.exit_code == 0, result.output
            assert_inert(result.stdout)
            if output == "json":
                assert json.loads(result.stdout)["project"] == name
            elif output == "markdown":
                assert f"# AI adoption assessment: {sanitize.markdown(name)}\n" in result.stdout
                point = re.search(r"^    (\".*\"): \[", result.stdout.split("quadrantChart", 1)[1], re.M)
                assert point is not None  # a chart label is one line; a long one is shortened, named in full under
                assert (
                    point.group(1) == sanitize.mermaid(sanitize.line(name))
                    or "\u2026" in point.group(1)
                    and f"Points: **{sanitize.markdown(name)}**" in result.stdout
                )
            elif output == "html":
                assert f"<h1>AI adoption assessment: {sanitize.html(name)}</h1>\n" in result.stdout
                assert "<" not in sanitize.html(name) and ">" not in sanitize.html(name)
        written = summary.read_text(encoding="utf-8")
        assert_inert(written)
        assert written.count(f"### aichoice · {sanitize.markdown(name)}: ") == 4  # one per format
        assert not os.environ.get("GITHUB_STEP_SUMMARY")


@given(st.lists(HOSTILE_TEXT, min_size=1, max_size=4))
def test_any_team_name_is_inert_in_every_batch_output(names: list[str]) -> None:
    import csv
    import io

    from aichoice import sanitize

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["team", *VALID["answers"]])
    for name in names:
        writer.writerow(
            [
                name,
                *(
                    ";".join(v) if isinstance(v, list) else str(v).lower() if isinstance(v, bool) else v
                    for v in VALID["answers"].values()
                ),
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        survey = Path(folder) / "survey.csv"
        survey.write_text(buffer.getvalue(), encoding="utf-8")
        outputs = {}
        for output in ("table", "csv", "jsonl", "markdown"):
            result = RUNNER.invoke(app, ["batch", str(survey), "--format", output])
            assert result.exit_code == 0, result.output
            assert_inert(result.stdout)
            outputs[output] = result.stdout
    table_rows = [line for line in outputs["table"].splitlines()[1:] if line.startswith("both ")]
    assert len(table_rows) == len(names)  # a newline in a name forges no row
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert [row["project"] for row in rows] == [sanitize.csv_cell(n.strip()) for n in names]
    assert [json.loads(line)["project"] for line in outputs["jsonl"].splitlines()] == [n.strip() for n in names]
    for name in names:
        assert f"| {sanitize.markdown(name)} |" in outputs["markdown"]


TWO = yaml.safe_load((EXAMPLES / "staff-and-support.yaml").read_text())


@given(st.lists(HOSTILE_TEXT, min_size=2, max_size=2))
def test_any_need_name_is_inert_on_stdout_and_stderr_of_every_command(names: list[str]) -> None:
    """Need names reach notes (assumed defaults, set by --set), gate failures, unknown-need errors and
    every output: nothing an input holds may act on the terminal, on stderr as on stdout."""
    needs = [
        {"name": name, "answers": {k: v for k, v in need["answers"].items() if k != "monthly_volume"}}
        for name, need in zip(names, TWO["needs"])
    ]
    text = yaml.safe_dump({"answers": TWO["answers"], "needs": needs}, allow_unicode=True)
    read = [str(need["name"]).strip() for need in yaml.safe_load(text)["needs"]]
    first = read[0]
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "needs.yaml"
        answers.write_text(text, encoding="utf-8")
        summary = Path(folder) / "summary.md"
        runs = [
            [
                "assess",
                "-a",
                str(answers),
                "--defaults",
                "--set",
                f"{first}:automation=none",
                "--expect",
                f"{first}=api",
                "--format",
                "text",
            ],
            ["assess", "-a", str(answers), "--defaults", "--format", "json", "--expect", f"{first}x=chat"],
            ["assess", "-a", str(answers), "--defaults", "--format", "markdown", "--set", f"{first}x:automation=none"],
            ["batch", str(answers), "--defaults", "--set", f"{first}x:automation=none"],
            ["batch", str(answers), "--defaults", "--format", "jsonl"],
        ]
        for args in runs:
            result = RUNNER.invoke(app, args, env={"GITHUB_STEP_SUMMARY": str(summary), "COLUMNS": "100"})
            assert result.exit_code in (0, 1, 2), result.output
            assert "Traceback" not in result.output
            assert_inert(result.stdout)
            assert_inert(result.stderr)
        if summary.exists():
            assert_inert(summary.read_text(encoding="utf-8"))
