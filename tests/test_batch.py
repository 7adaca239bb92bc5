"""Portfolio batch mode: folders, files and CSV surveys, streamed, with the same verdicts as assess."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aichoice import batch as batch_mod
from aichoice.batch import pool
from aichoice.cli import app
from aichoice.errors import AichoiceError
from tests.conftest import ANSWER_EXAMPLES, HANG_SECONDS, ROOT, load_scenarios, rules_variant

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
            yaml.safe_dump({"project": scenario["name"], "answers": scenario["answers"]})
        )
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
    assert lines[0].split() == ["VERDICT", "CONFIDENCE", "CLOSE", "NEEDS", "SOURCE", "—", "PROJECT"]
    assert all(line.split()[3] == "1" for line in lines[1 : len(SCENARIOS) + 1])
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
    assert [r["source"] for r in out] == [f"{survey}:{line}" for line in (2, 3, 4, 5)]  # where, whatever the name
    assert (out[0]["project"], out[2]["project"]) == ("Studio", None)  # who: the team's name, if it has one
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
    assert lines[0] == (
        "source,project,recommendation,confidence,close_call,score_chat,score_api,score_both,gaps,needs,error"
    )
    assert len(lines) == len(SCENARIOS) + 1
    assert "Portfolio:" in result.stderr


def test_markdown_report(runner, portfolio: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")
    report = tmp_path / "portfolio.md"
    result = batch(runner, str(portfolio), "--report", str(report), "--format", "jsonl")
    assert result.exit_code == 0
    text = report.read_text()
    assert text.startswith("# AI adoption portfolio\n")
    assert "```mermaid\n%%{init: " in text and "}%%\npie title Verdicts\n" in text
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
    assert (again.message, again.path, again.line, again.col, again.hint) == (
        "gone",
        "teams/x.yaml",
        3,
        4,
        "look again",
    )
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


# -- the hostile review: nothing dropped without a word, nothing hangs ------------------------------


VALID_ANSWERS = SCENARIOS[0]["answers"]


def survey_row(name: str, answers: dict = VALID_ANSWERS) -> list[str]:
    return [
        name,
        *(
            ";".join(v) if isinstance(v, list) else ("yes" if v else "no") if isinstance(v, bool) else str(v)
            for v in answers.values()
        ),
    ]


def survey_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header or ["team", *VALID_ANSWERS])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_regression_a_fifo_in_a_folder_is_reported_not_waited_on(runner, tmp_path: Path) -> None:
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "a.yaml").write_text(yaml.safe_dump({"answers": VALID_ANSWERS}))
    os.mkfifo(folder / "b.yaml")
    os.mkfifo(tmp_path / "survey.csv")  # a survey export, given by name, is opened the same checked way
    start = time.perf_counter()
    result = batch(runner, str(folder), str(tmp_path / "survey.csv"), "-f", "jsonl")
    assert time.perf_counter() - start < HANG_SECONDS
    assert result.exit_code == 2
    rows = jsonl(result)
    assert "recommendation" in rows[0] and "FIFO" in rows[1]["error"] and "FIFO" in rows[2]["error"]


def test_regression_an_unreadable_folder_is_reported_in_place(runner, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "teams"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.yaml").write_text(yaml.safe_dump({"answers": VALID_ANSWERS}))
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # as os.walk does for a folder it may not list
        for entry in real_walk(top, onerror=onerror, **kwargs):
            yield entry
            if entry[0] == str(folder):
                onerror(PermissionError(13, "Permission denied", str(folder / "locked")))
                entry[1].remove("locked")

    monkeypatch.setattr(os, "walk", walk)
    result = batch(runner, str(folder), "-f", "jsonl")
    assert result.exit_code == 2
    rows = jsonl(result)
    assert "recommendation" in rows[0]
    assert rows[1]["error"].endswith("locked: cannot read this folder: Permission denied; its files were not assessed")


def test_regression_one_bad_byte_spoils_only_its_own_csv_row(runner, tmp_path: Path) -> None:
    data = survey_bytes([survey_row("A"), survey_row("B"), survey_row("C"), survey_row("D")])
    data = data.replace(b"\nB,", b"\nB\xff\xfe,")
    survey = tmp_path / "survey.csv"
    survey.write_bytes(data)
    rows = jsonl(batch(runner, str(survey), "-f", "jsonl"))
    assert [r.get("recommendation") is not None for r in rows] == [True, False, True, True]
    assert rows[1]["error"] == f"{survey}:3: this row is not valid UTF-8 text"
    assert [r["source"] for r in rows] == [f"{survey}:{line}" for line in (2, 3, 4, 5)]
    assert [r.get("project") for r in rows] == ["A", None, "C", "D"]


def test_regression_an_oversized_cell_spoils_only_its_own_row(runner, tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_bytes(survey_bytes([survey_row("A"), survey_row("x" * 200_000), survey_row("C")]))
    rows = jsonl(batch(runner, str(survey), "-f", "jsonl"))
    assert [r.get("recommendation") is not None for r in rows] == [True, False, True]
    assert "field larger than field limit" in rows[1]["error"] and rows[1]["error"].startswith(f"{survey}:3:")


def test_regression_a_header_only_csv_says_it_has_no_teams(runner, tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_bytes(survey_bytes([]))
    result = batch(runner, str(survey), "-f", "jsonl")
    assert result.exit_code == 2 and "no teams" in jsonl(result)[0]["error"]


def test_regression_a_trailing_comma_in_the_header_is_an_unnamed_empty_column(runner, tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    header = ["team", *VALID_ANSWERS, ""]
    survey.write_bytes(survey_bytes([survey_row("A") + [""], survey_row("B") + ["stray"]], header))
    rows = jsonl(batch(runner, str(survey), "-f", "jsonl"))
    assert "recommendation" in rows[0]
    assert "a value in a column with no name" in rows[1]["error"]


def test_regression_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path: Path) -> None:
    folder = tmp_path / "teams"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.yaml"
    with open(name, "w") as handle:
        handle.write(yaml.safe_dump({"answers": VALID_ANSWERS}))
    report = tmp_path / "portfolio.md"
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    done = subprocess.run(
        [sys.executable, "-m", "aichoice", "batch", str(folder), "--report", str(report)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "caf\ufffd.yaml" in done.stdout.decode("utf-8") and b"Traceback" not in done.stderr
    assert "caf\ufffd.yaml" in report.read_text(encoding="utf-8")


def test_regression_a_worker_that_cannot_start_ends_the_batch_once(tmp_path: Path) -> None:
    from aichoice.ruleset import load_ruleset

    rules = rules_variant(tmp_path / "rules")
    ruleset = load_ruleset(rules)
    (rules / "scoring.yaml").write_text("rules: [", encoding="utf-8")  # changed while the batch starts
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    pool.start_worker(rules, ruleset.sha256, False)  # as a spawned worker does, here in the test process
    try:
        with pytest.raises(AichoiceError, match="a worker process could not start"):
            pool.assess_chunk([])
    finally:  # the worker's state is set anew by each start: only the signals need restoring
        signal.signal(signal.SIGINT, handlers[0])  # a worker ignores Ctrl-C; this process must not
        signal.signal(signal.SIGTERM, handlers[1])


def test_regression_a_changed_rule_set_in_a_parallel_batch_is_one_message(runner, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "teams"
    folder.mkdir()
    for index in range(pool.PARALLEL_FROM + 10):
        (folder / f"t{index:04d}.yaml").write_text(yaml.safe_dump({"answers": VALID_ANSWERS}))
    rules = rules_variant(tmp_path / "rules")
    real_start = pool.start_worker

    def start_after_an_edit(rules_dir, sha256, fill_defaults, overrides, inherited):  # in each (forked) worker
        scoring = rules / "scoring.yaml"
        edited = scoring.with_name(f".edited-{os.getpid()}")
        edited.write_text(scoring.read_text(encoding="utf-8").replace("weight: 4", "weight: 5"), encoding="utf-8")
        os.replace(edited, scoring)  # whole, so that the other worker never reads half a file
        # Not the parent's rule set: as under the spawn start method, the worker loads the rules itself.
        real_start(rules_dir, sha256, fill_defaults, overrides, inherited=None)

    monkeypatch.setattr(pool, "start_worker", start_after_an_edit)
    monkeypatch.setattr(pool, "max_jobs", lambda: 2)
    result = batch(runner, str(folder), "--rules", str(rules), "--jobs", "2", "-f", "jsonl")
    assert result.exit_code == 2
    assert result.stderr.count("the rule set changed on disk") == 1 and "Traceback" not in result.stderr


def test_regression_jobs_are_capped_at_the_cpu_count(runner, monkeypatch) -> None:
    result = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    assert f"at most one per CPU ({os.cpu_count() or 1} here)" in " ".join(result.stdout.split())
    seen = []
    monkeypatch.setattr(batch_mod, "run", lambda ruleset, paths, **kw: seen.append(kw["jobs"]) or iter(()))
    batch(runner, "nowhere", "--jobs", "1000")
    assert seen == [batch_mod.max_jobs()]


def test_regression_sigterm_during_a_parallel_batch_exits_143_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "teams"
    folder.mkdir()
    for index in range(2000):
        (folder / f"t{index:04d}.yaml").write_text(yaml.safe_dump({"answers": VALID_ANSWERS}))
    process = subprocess.Popen(
        [sys.executable, "-m", "aichoice", "batch", *[str(folder)] * 30, "-f", "jsonl", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )
    assert process.stdout is not None and process.stdout.readline()  # it is running, with its workers
    os.killpg(process.pid, signal.SIGTERM)  # as a CI runner or a terminal closing does: the whole group
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143
    assert b"Traceback" not in err


@settings(max_examples=30)
# No NUL in a valid team's name: Python 3.10's csv module cannot write one (the test's own writer).
@given(
    st.lists(
        st.one_of(
            st.text(
                alphabet=st.characters(blacklist_characters='"\r\n\x00', codec="utf-8"), min_size=1, max_size=12
            ).map(lambda t: ("team", t)),
            st.binary(min_size=1, max_size=40).map(
                lambda b: ("junk", b.replace(b'"', b"").replace(b"\r", b"").replace(b"\n", b""))
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_bytes_in_a_csv_survey_lose_no_valid_row(rows: list[tuple[str, object]]) -> None:
    """Valid rows among junk rows (any bytes that stay on their own line): every valid row is assessed,
    and the exit code is 0 or 2, never a traceback."""
    import tempfile

    from typer.testing import CliRunner

    lines, valid = [b",".join(c.encode() for c in ["team", *VALID_ANSWERS])], []
    for kind, value in rows:
        if kind == "team":
            name = f"T{len(lines)} {value}".strip()
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="").writerow(survey_row(name))
            lines.append(buffer.getvalue().encode("utf-8"))
            valid.append(name.strip())
        else:
            lines.append(value)
    with tempfile.TemporaryDirectory() as temp:
        survey = Path(temp) / "survey.csv"
        survey.write_bytes(b"\n".join(lines) + b"\n")
        result = CliRunner().invoke(app, ["batch", str(survey), "-f", "jsonl"])
    assert result.exit_code in (0, 2) and "Traceback" not in result.output
    assessed = [row["project"] for row in jsonl(result) if "recommendation" in row]
    for name in valid:
        assert name in assessed


@settings(max_examples=40)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_csv_survey_exit_0_or_2(data: bytes) -> None:
    import tempfile

    from typer.testing import CliRunner

    with tempfile.TemporaryDirectory() as temp:
        survey = Path(temp) / "survey.csv"
        survey.write_bytes(b"team," + ",".join(VALID_ANSWERS).encode() + b"\n" + data)
        result = CliRunner().invoke(app, ["batch", str(survey), "-f", "jsonl"])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_a_file_with_several_needs_is_one_row_and_its_needs_are_counted(runner, tmp_path: Path) -> None:
    two = str(ANSWER_EXAMPLES[0].parent / "staff-and-support.yaml")
    one = str(ANSWER_EXAMPLES[0].parent / "design-studio.yaml")
    rows = jsonl(batch(runner, two, one, "-f", "jsonl"))
    assert [(r["recommendation"], len(r["needs"])) for r in rows] == [("both", 2), ("chat", 1)]
    assert [n["recommendation"] for n in rows[0]["needs"]] == ["chat", "api"]
    table = batch(runner, two, one)
    assert "Needs: 3 · chat 2 · api 1 · both 0" in table.stdout
    report = batch(runner, two, one, "-f", "markdown").stdout
    assert "| Channel | Needs |" in report and "| Chat interface | 2 |" in report


def test_the_shipped_examples_batch_cleanly_and_a_pricing_file_is_skipped_with_a_note(runner) -> None:
    result = batch(runner, str(ANSWER_EXAMPLES[0].parent))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr and "pricing.yaml: a pricing file (cost:), not answers" in result.stderr
    assert "pricing.yaml" not in result.stdout
    assert f"Portfolio: {len(ANSWER_EXAMPLES)} input(s)" in result.stdout
