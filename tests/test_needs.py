"""Several needs in one answers file: each need its own verdict, the assessment chat, api or both."""

from __future__ import annotations

import json

import pytest
import yaml

import aichoice
from aichoice.cli import app
from aichoice.engine import channel, recommendation_of
from aichoice.errors import AichoiceError
from aichoice.models import Option
from tests.conftest import EXAMPLES

TWO = EXAMPLES / "staff-and-support.yaml"
DOCUMENT = yaml.safe_load(TWO.read_text(encoding="utf-8"))


def test_each_need_gets_its_channel_and_the_assessment_both() -> None:
    result = aichoice.assess(TWO)
    assert [(n.name, n.recommendation.value) for n in result.needs] == [
        ("Staff assistant", "chat"),
        ("Support bot", "api"),
    ]
    assert result.recommendation is Option.both
    assert result.confidence == min(n.confidence for n in result.needs)
    assert all(any(r.in_favour for r in need.reasons) for need in result.needs)


@pytest.mark.parametrize(
    "verdicts, whole",
    [(["chat", "chat"], "chat"), (["api", "api"], "api"), (["chat", "api"], "both"), (["both", "chat"], "both")],
)
def test_channel_of_the_needs(verdicts, whole) -> None:
    assert channel([Option(v) for v in verdicts]) is Option(whole)


def test_a_file_without_needs_is_one_need_whose_fields_are_the_top_level(runner) -> None:
    data = json.loads(runner.invoke(app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "-f", "json"]).stdout)
    (need,) = data["needs"]
    assert need["name"] == data["project"]
    for key in ("recommendation", "scores", "confidence", "close_call", "reasons", "sensitivity", "gaps"):
        assert need[key] == data[key], key


def test_json_carries_every_need(runner) -> None:
    result = runner.invoke(app, ["assess", "-a", str(TWO), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recommendation"] == "both"
    assert [(n["name"], n["recommendation"]) for n in data["needs"]] == [
        ("Staff assistant", "chat"),
        ("Support bot", "api"),
    ]
    assert all(
        set(n) >= {"scores", "confidence", "close_call", "reasons", "sensitivity", "gaps"} for n in data["needs"]
    )


def test_a_mistake_in_a_need_is_located_and_names_the_need(tmp_path) -> None:
    text = TWO.read_text(encoding="utf-8").replace("automation: full", "automation: fulll")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AichoiceError) as info:
        aichoice.assess(path)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "fulll" in row)
    assert str(info.value).startswith(f"{path}:{line}:")
    assert "needs[2] (Support bot): automation: unknown value 'fulll'" in str(info.value)


def test_missing_answers_name_their_need() -> None:
    document = {"answers": DOCUMENT["answers"], "needs": [{"name": "Half", "answers": {"primary_goal": "both"}}]}
    with pytest.raises(AichoiceError, match=r"needs\[1\] \(Half\): missing answers for 9 questions"):
        aichoice.assess(document)
    assert aichoice.assess(document, defaults=True).needs[0].name == "Half"


@pytest.mark.parametrize(
    "needs, words",
    [
        ("nope", "'needs' must be a list"),
        ([{"answers": {}}], "a need needs a name"),
        ([{"name": "A"}, {"name": "A"}], "used by another need"),
        ([{"name": "A", "colour": 1}], "unknown key 'colour'"),
        ([{"name": "A", "answers": [1]}], "'answers' must be a mapping"),
    ],
)
def test_bad_needs_are_refused(needs, words) -> None:
    with pytest.raises(AichoiceError, match=words):
        aichoice.assess({"answers": DOCUMENT["answers"], "needs": needs}, defaults=True)


def test_set_applies_to_every_need(runner) -> None:
    data = json.loads(
        runner.invoke(
            app, ["assess", "-a", str(TWO), "-f", "json", "--set", "automation=none", "--set", "integration=none"]
        ).stdout
    )
    assert all(n["answers"]["automation"] == "none" and n["answers"]["integration"] == "none" for n in data["needs"])


def test_what_would_change_the_assessment_is_exhaustive(ruleset) -> None:
    """Every single change of a shared answer (for the needs that share it) or of one need's own
    answer that changes the assessment's verdict is listed, and every listed change does."""
    from tests.test_explain import single_changes

    result = aichoice.assess(TWO)
    own = [set(need["answers"]) for need in DOCUMENT["needs"]]
    listed = {(c.need, c.question, str(c.to)) for c in result.sensitivity if c.kind == "value"}
    base = [need.answers for need in result.needs]
    for qid, question in ruleset.questions.items():
        if question.type == "int":
            continue
        sharing = [i for i in range(2) if qid not in own[i]]
        groups = ([(None, sharing)] if sharing else []) + [
            (result.needs[i].name, [i]) for i in range(2) if qid in own[i]
        ]
        for need, which in groups:
            for value in single_changes(question, base[which[0]][qid]):
                verdicts = [
                    recommendation_of(ruleset, {**base[i], qid: value})
                    if i in which
                    else result.needs[i].recommendation
                    for i in range(2)
                ]
                flips = channel(verdicts) is not result.recommendation
                assert flips == ((need, qid, str(value)) in listed), (need, qid, value)


# -- one model: the whole is combined in one place, for assess and batch alike ----------------------


def _assess_json(runner, path, *args: str) -> dict:
    result = runner.invoke(app, ["assess", "-a", str(path), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", ["staff-and-support", "design-studio", "hospital-group"])
def test_assess_and_batch_agree_on_every_whole_level_field(runner, tmp_path, name) -> None:
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / f"{name}.yaml", folder)
    document = _assess_json(runner, EXAMPLES / f"{name}.yaml")
    lines = runner.invoke(app, ["batch", str(folder), "-f", "jsonl"])
    assert lines.exit_code == 0, lines.output
    (row,) = [json.loads(line) for line in lines.stdout.splitlines()]
    for key in ("project", "recommendation", "confidence", "close_call"):
        assert row[key] == document[key], key
    assert row["gaps"] == [gap["id"] for gap in document["gaps"]]
    assert [(n["name"], n["recommendation"], n["confidence"], n["scores"]) for n in row["needs"]] == [
        (n["name"], n["recommendation"], n["confidence"], n["scores"]) for n in document["needs"]
    ]
    if len(document["needs"]) == 1:
        assert row["scores"] == document["scores"]
    else:  # summed over needs, scores would say nothing of the whole: each need has its own
        assert row["scores"] is None


def test_two_needs_json_holds_no_field_that_contradicts_the_recommendation(runner) -> None:
    data = _assess_json(runner, TWO)
    assert data["recommendation"] == "both" and data["result_contract"] == 3
    for need_only in (
        "scores",
        "evidence",
        "both_possible",
        "both_requires_reason",
        "reasons",
        "answers",
        "assumed",
        "skipped",
        "overridden",
        "position",
        "name",
    ):
        assert need_only not in data, need_only
    assert data["runner_up"] != data["recommendation"]
    names = [need["name"] for need in data["needs"]]
    assert all(gap["needs"] and set(gap["needs"]) <= set(names) for gap in data["gaps"])
    assert {o["option"] for o in data["why_not"]} == {"chat", "api"}
    for need in data["needs"]:  # each need's own fields agree with its own verdict
        best = max(need["scores"], key=need["scores"].get)
        assert need["scores"][need["recommendation"]] == need["scores"][best]
        assert all(r["in_favour"] == (r["supports"] == need["recommendation"]) for r in need["reasons"])


def test_one_need_keeps_the_top_level_fields_of_contract_1(runner) -> None:
    data = _assess_json(runner, EXAMPLES / "design-studio.yaml")
    (need,) = data["needs"]
    assert set(need) | {"needs", "budget", "result_contract", "aichoice_version"} == set(data)
    assert all(data[key] == value for key, value in need.items() if key != "gaps")
    assert [{k: v for k, v in gap.items() if k != "needs"} for gap in data["gaps"]] == need["gaps"]


def test_set_for_one_need_changes_that_need_alone(runner) -> None:
    before = _assess_json(runner, TWO)
    after = _assess_json(runner, TWO, "--set", "Support bot:monthly_volume=10")
    staff, bot = after["needs"]
    assert bot["answers"]["monthly_volume"] == 10 and bot["overridden"] == ["monthly_volume"]
    assert staff == before["needs"][0]
    assert after["needs"][1]["answers"] == {**before["needs"][1]["answers"], "monthly_volume": 10}


@pytest.mark.parametrize(
    "setting, words",
    [
        ("Suport bot:monthly_volume=10", "did you mean 'Support bot'?"),
        ("Support bot:monthly_volum=10", "unknown question 'monthly_volum'"),
        ("Support bot:monthly_volume=lots", "expected a whole number"),
    ],
)
def test_a_bad_need_setting_is_exit_2(runner, setting, words) -> None:
    result = runner.invoke(app, ["assess", "-a", str(TWO), "--set", setting])
    assert result.exit_code == 2 and words in result.stderr, result.output


def test_regression_set_keeps_a_shared_answer_shared(runner, ruleset) -> None:
    """--set QUESTION=VALUE on a file of several needs, even to the file's own value, used to make the
    shared answer each need's own: the shared change dropped out of what would change it."""
    before = _assess_json(runner, TWO)
    answered_by_a_need = {qid for need in DOCUMENT["needs"] for qid in need["answers"]}
    for qid, value in DOCUMENT["answers"].items():
        if qid in answered_by_a_need:  # QUESTION=VALUE sets it for every need: that need's answer changes
            continue
        text = value if isinstance(value, str) else str(value)
        after = _assess_json(runner, TWO, "--set", f"{qid}={text}")
        assert after["sensitivity"] == before["sensitivity"], qid
        assert [n["answers"] for n in after["needs"]] == [n["answers"] for n in before["needs"]], qid


def test_regression_a_several_needs_report_marks_answers_set_by_set(runner) -> None:
    result = runner.invoke(app, ["assess", "-a", str(TWO), "-f", "markdown", "--set", "Support bot:automation=none"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "(`automation`)" in line)
    assert row.endswith("| none | none *(set by --set)* |"), row


def test_batch_takes_the_same_set_forms(runner, tmp_path) -> None:
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TWO, folder)
    shutil.copy(EXAMPLES / "design-studio.yaml", folder)
    result = runner.invoke(
        app,
        [
            "batch",
            str(folder),
            "-f",
            "jsonl",
            "--set",
            "Staff assistant:integration=deep",
            "--set",
            "Staff assistant:customization=deep",
            "--set",
            "Staff assistant:automation=full",
            "--set",
            "Staff assistant:people_tool=own",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {json.loads(line)["source"].rsplit("/", 1)[-1]: json.loads(line) for line in result.stdout.splitlines()}
    assert rows["staff-and-support.yaml"]["needs"][0]["recommendation"] == "api"
    assert rows["design-studio.yaml"]["recommendation"] == "chat"  # it has no such need: unchanged
    unknown = runner.invoke(app, ["batch", str(folder), "-f", "jsonl", "--set", "Nobody:automation=full"])
    assert unknown.exit_code == 2
    assert "--set 'Nobody': no input has a need of that name" in unknown.stderr


def test_every_output_names_each_need(runner) -> None:
    for output in ("text", "markdown", "html"):
        result = runner.invoke(app, ["assess", "-a", str(TWO), "-f", output])
        assert result.exit_code == 0, result.output
        assert "Staff assistant" in result.stdout and "Support bot" in result.stdout, output


def test_regression_each_need_resolves_a_when_question_on_its_own_answers(tmp_path) -> None:
    """For several needs the top level held the first need's resolved value of a shared `when`
    question, and `skipped` listed a question that applied to another need: now each need says
    what it skipped, and the whole holds no answers of its own."""
    from tests.test_docs import eu_rules

    document = {
        **DOCUMENT,
        "answers": {**DOCUMENT["answers"], "eu_data_residency": True},
        "needs": [
            {**DOCUMENT["needs"][0], "answers": {**DOCUMENT["needs"][0]["answers"], "data_sensitivity": "public"}},
            DOCUMENT["needs"][1],
        ],
    }
    data = aichoice.assess(document, rules=eu_rules(tmp_path)).to_dict()
    staff, bot = data["needs"]
    assert "eu_data_residency" in staff["skipped"] and staff["answers"]["eu_data_residency"] is False
    assert "eu_data_residency" not in bot["skipped"] and bot["answers"]["eu_data_residency"] is True
    assert "answers" not in data and "skipped" not in data


@pytest.mark.parametrize("count, one_line", [(6_800, False), (22_000, True)])
def test_regression_a_file_of_thousands_of_needs_is_refused_up_front_and_located(
    runner, tmp_path, count, one_line
) -> None:
    """'What would change it' grew with the square of the needs (6,800 needs: 152 s and 1.26 GB): a
    file may hold at most MAX_NEEDS needs, and more is refused, located, before any need is read."""
    from aichoice.answers import MAX_NEEDS

    shared = {**DOCUMENT["answers"], **DOCUMENT["needs"][0]["answers"]}
    lines = ["answers:"] + [f"  {k}: {json.dumps(v)}" for k, v in shared.items()] + ["needs:"]
    for index in range(count):
        if one_line:
            lines.append(f"  - {{name: N{index}}}")
        else:
            goal = ("conversation", "capability")[index % 2]
            lines.append(f"  - name: N{index}\n    answers: {{primary_goal: {goal}, monthly_volume: {index}}}")
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1024 * 1024
    result = runner.invoke(app, ["assess", "-a", str(path), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    line = next(
        n
        for n, text in enumerate(path.read_text().splitlines(), 1)
        if text.startswith(f"  - name: N{MAX_NEEDS}") or text.startswith(f"  - {{name: N{MAX_NEEDS}}}")
    )
    assert result.stderr.startswith(f"{path}:{line}:"), result.stderr
    assert f"'needs' lists {count:,} needs; an assessment takes at most {MAX_NEEDS}" in result.stderr


def test_the_most_needs_a_file_may_hold_are_assessed(ruleset) -> None:
    from aichoice.answers import MAX_NEEDS

    needs = [{"name": f"N{i}", "answers": DOCUMENT["needs"][i % 2]["answers"]} for i in range(MAX_NEEDS)]
    assessment = aichoice.assess({"answers": DOCUMENT["answers"], "needs": needs})
    assert len(assessment.needs) == MAX_NEEDS and assessment.recommendation is Option.both


def test_regression_saved_needs_that_share_a_list_hold_no_yaml_aliases() -> None:
    """The questionnaire offers a need's lists as the next need's defaults: saved, the shared list
    objects came out as &id001 / *id001, which a person editing the file must untangle."""
    from aichoice.answers import Draft, Need, dump_draft

    shared = ["employees"]
    text = dump_draft(
        Draft("P", {"team_size": 3}, needs=[Need("A", {"audience": shared}, 0), Need("B", {"audience": shared}, 1)])
    )
    assert "&" not in text and "*" not in text
    assert yaml.safe_load(text)["needs"][1]["answers"]["audience"] == ["employees"]


def test_a_need_name_with_hidden_characters_is_suggested_as_shown_and_said_to_hide_some(runner, tmp_path) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "staff-and-support.yaml").read_text(encoding="utf-8"))
    data["needs"][1]["name"] = "Sup\u202eport"
    path = tmp_path / "hidden.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["assess", "-a", str(path), "--expect", "Support=api"])
    assert result.exit_code == 2 and "\u202e" not in result.stderr and "\\u202e" not in result.stderr
    assert "did you mean 'Support'?" in result.stderr and "characters not shown here" in result.stderr
