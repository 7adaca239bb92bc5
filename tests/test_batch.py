"""Portfolio batch mode: folders, files and CSV surveys, streamed, with the same verdicts as assess."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from aichoice.cli import app
from tests.conftest import ANSWER_EXAMPLES, load_scenarios

SCENARIOS = load_scenarios()


def batch(runner, *args: str):
    return runner.invoke(app, ["batch", *args])


def jsonl(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture()
def portfolio(tmp_path: Path) -> Path:
    """Every scenario as an answers file, in nested folders, plus files that are not answers."""
    root = tmp_path / "teams"
    for index, scenario in enumerate(SCENARIOS):
        folder = root / f"unit-{index % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".yml" if index % 4 == 0 else ".yaml"
        (folder / f"team-{index:02d}{suffix}").write_text(
            yaml.safe_dump({"project": scenario["name"], "answers": scenario["answers"]}))
    (root / "README.md").write_text("not an answers file")
    (root / ".hidden.yaml").write_text("answers: {}")
    return root


def test_results_equal_assess(runner, portfolio: Path) -> None:
    result = batch(runner, str(portfolio), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = jsonl(result)
    assert len(rows) == len(SCENARIOS)
    assert [row["source"] for row in rows] == sorted(row["source"] for row in rows)
    for row in rows:
        single = json.loads(runner.invoke(app, ["assess", "--answers", row["source"], "-f", "json"]).stdout)
        for key in ("recommendation", "confidence", "close_call", "scores"):
            assert row[key] == single[key], (row["source"], key)
        assert row["gaps"] == [gap["id"] for gap in single["gaps"]]


def test_expected_verdicts_across_the_portfolio(runner, portfolio: Path) -> None:
    rows = jsonl(batch(runner, str(portfolio), "--format", "jsonl"))
    names = {s["name"]: s["expect"] for s in SCENARIOS}
    for row in rows:
        project = yaml.safe_load(Path(row["source"]).read_text())["project"]
        assert row["recommendation"] == names[project]


def test_table_output_and_summary(runner, portfolio: Path) -> None:
    result = batch(runner, str(portfolio))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["VERDICT", "CONFIDENCE", "CLOSE", "SOURCE"]
    chat = sum(s["expect"] == "chat" for s in SCENARIOS)
    assert f"Portfolio: {len(SCENARIOS)} input(s) · chat {chat}" in result.stdout
    assert "Most shared readiness gaps:" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_a_bad_input_is_reported_in_place_and_exits_2(runner, portfolio: Path) -> None:
    files = sorted(portfolio.rglob("team-*"))
    bad, binary = files[5], files[6]
    bad.write_text("answers:\n  primary_goal: sideways\n")
    binary.write_bytes(b"\x00\x01binary")
    result = batch(runner, str(portfolio), "--format", "jsonl", str(portfolio / "missing.yaml"))
    assert result.exit_code == 2
    rows = jsonl(result)
    assert len(rows) == len(SCENARIOS) + 1  # every file, and the missing path
    errors = {row["source"]: row["error"] for row in rows if "error" in row}
    assert set(errors) == {str(bad), str(binary), str(portfolio / "missing.yaml")}
    assert f"{bad}:2:17: primary_goal: unknown value 'sideways'" in errors[str(bad)]
    assert "no such file or folder" in errors[str(portfolio / "missing.yaml")]
    assert all(set(row) == {"source", "error"} for row in rows if "error" in row)
    assert "3 of" in result.stderr and "were invalid" in result.stderr


def test_csv_survey(runner, tmp_path: Path) -> None:
    answers = SCENARIOS[0]["answers"]
    header = ["team"] + list(answers)

    def cell(value) -> str:
        if isinstance(value, list):
            return ";".join(value)
        return ("yes" if value else "no") if isinstance(value, bool) else str(value)

    rows = [",".join(header), "Studio," + ",".join(cell(v) for v in answers.values())]
    broken = dict(answers, automation="sometimes")
    rows.append("Broken," + ",".join(cell(v) for v in broken.values()))
    rows.append("," + ",".join(cell(v) for v in answers.values()))  # no name: the row's place
    rows.append("Partial," + ",".join("" if k == "team_size" else cell(v) for k, v in answers.items()))
    survey = tmp_path / "survey.csv"
    survey.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    result = batch(runner, str(survey), "--format", "jsonl")
    assert result.exit_code == 2
    out = jsonl(result)
    assert [r["source"] for r in out] == ["Studio", "Broken", f"{survey}:4", "Partial"]
    assert out[0]["recommendation"] == SCENARIOS[0]["expect"] == out[2]["recommendation"]
    assert out[1]["error"].startswith(f"{survey}:3: column 'automation': unknown value 'sometimes'")
    assert "missing answers for 1 question: team_size" in out[3]["error"]
    filled = jsonl(batch(runner, str(survey), "--format", "jsonl", "--defaults"))
    assert "recommendation" in filled[3]


@pytest.mark.parametrize(
    "text, words",
    [
        ("team,colour\nA,red\n", "unknown column 'colour'"),
        ("team,automation,automation\nA,none,none\n", "appears twice"),
        ("team,name,automation\nA,B,none\n", "more than one name column"),
        ("", "empty CSV file"),
    ],
)
def test_csv_header_problems(runner, tmp_path: Path, text: str, words: str) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(text)
    result = batch(runner, str(survey), "--format", "jsonl")
    assert result.exit_code == 2
    assert words in jsonl(result)[0]["error"]


def test_csv_row_with_wrong_cell_count(runner, tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("team,automation\nA,none,extra\n")
    assert "3 cells, but the header has 2" in jsonl(batch(runner, str(survey), "-f", "jsonl"))[0]["error"]


def test_csv_output(runner, portfolio: Path) -> None:
    result = batch(runner, str(portfolio), "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "source,recommendation,confidence,close_call,score_chat,score_api,score_both,gaps,error"
    assert len(lines) == len(SCENARIOS) + 1
    assert "Portfolio:" in result.stderr


def test_markdown_report(runner, portfolio: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")
    report = tmp_path / "portfolio.md"
    result = batch(runner, str(portfolio), "--report", str(report), "--format", "jsonl")
    assert result.exit_code == 0
    text = report.read_text()
    assert text.startswith("# AI adoption portfolio\n")
    assert "```mermaid\npie showData title Verdicts\n" in text
    for heading in ("## Chat interface (", "## API (", "## Both (", "## Readiness gaps most teams share"):
        assert heading in text
    assert "| Date | 2026-01-15 |" in text
    printed = batch(runner, str(portfolio), "--format", "markdown").stdout
    assert printed == text
    again = batch(runner, str(portfolio), "--report", str(report))
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_no_inputs(runner, tmp_path: Path) -> None:
    result = batch(runner, str(tmp_path))
    assert result.exit_code == 2 and "no answers files found" in result.stderr


def test_workers_give_the_same_output_in_the_same_order(runner, tmp_path: Path) -> None:
    from aichoice.batch import PARALLEL_FROM

    root = tmp_path / "many"
    root.mkdir()
    examples = ANSWER_EXAMPLES
    for index in range(PARALLEL_FROM + 40):
        shutil.copy(examples[index % len(examples)], root / f"team-{index:04d}.yaml")
    (root / "team-0100.yaml").write_text("answers: [not, a, mapping]\n")
    serial = batch(runner, str(root), "--format", "jsonl", "--jobs", "1")
    parallel = batch(runner, str(root), "--format", "jsonl", "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 2
    assert parallel.stdout == serial.stdout
    assert len(serial.stdout.splitlines()) == PARALLEL_FROM + 40


def test_errors_survive_the_trip_to_a_worker() -> None:
    import pickle

    from aichoice.errors import AichoiceError, ManyErrors

    error = AichoiceError("gone", "teams/x.yaml", 3, 4, "look again")
    again = pickle.loads(pickle.dumps(error))
    assert (again.message, again.path, again.line, again.col, again.hint) == ("gone", "teams/x.yaml", 3, 4, "look again")
    many = pickle.loads(pickle.dumps(ManyErrors([error, AichoiceError("also", "y", 1, 1)])))
    assert str(many) == str(ManyErrors([error, AichoiceError("also", "y", 1, 1)]))


def test_a_missing_path_among_many_inputs_keeps_its_name(runner, tmp_path: Path) -> None:
    from aichoice.batch import PARALLEL_FROM

    root = tmp_path / "many"
    root.mkdir()
    for index in range(PARALLEL_FROM + 10):
        shutil.copy(ANSWER_EXAMPLES[0], root / f"team-{index:04d}.yaml")
    missing = tmp_path / "gone.yaml"
    result = batch(runner, str(root), str(missing), "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 2
    assert jsonl(result)[-1] == {"source": str(missing), "error": f"{missing}: no such file or folder"}
