"""The explanation: why not the others, what would change the verdict (exhaustively), readiness."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aichoice.engine import recommendation_of
from aichoice.explain import explain_need, position, with_change
from aichoice.models import Option, Scores
from aichoice.render.charts import CHART_WIDTH_PER_COLUMN, label_width, place
from tests.conftest import load_scenarios, make_answers, rules_variant

SCENARIOS = load_scenarios()


def random_answers(ruleset, seed: int) -> dict:
    """A random but valid set of answers, to reach close calls the scenarios do not."""
    rng = random.Random(seed)
    values = {}
    for qid, q in ruleset.questions.items():
        if q.type == "choice":
            values[qid] = rng.choice(q.values)
        elif q.type == "list":
            picked = [v for v in q.values if rng.random() < 0.3]
            values[qid] = picked or ([q.values[0]] if q.min_items else [])
        elif q.type == "bool":
            values[qid] = rng.random() < 0.5
        else:
            values[qid] = rng.choice([1, 5, 20, 21, 150, 2000, 2001, 9999, 10000, 99999, 100000, 400000])
    return values


# The article's scenarios, the documented cases of cases/, and random answers (None: random, by index).
LIBRARY = [
    __import__("yaml").safe_load(p.read_text(encoding="utf-8"))["answers"]
    for p in sorted((Path(__file__).resolve().parent.parent / "cases").glob("*.yaml"))
]
CASES = [s["answers"] for s in SCENARIOS] + LIBRARY + [None] * 120


@pytest.fixture(params=range(len(CASES)), ids=lambda i: f"case{i}")
def case(request, ruleset):
    values = CASES[request.param] or random_answers(ruleset, request.param)
    answers = make_answers(ruleset, values)
    return answers, explain_need(ruleset, answers)


def edited(answers, qid: str, value) -> dict:
    """The input with one answer changed, as a person would edit the file: what `absent` read
    from the other answers (a contract v2 file) and skipped answers are not in it."""
    given = {k: v for k, v in answers.values.items() if k not in answers.mapped and k not in answers.skipped}
    return {**given, **answers.given, qid: value}


def test_every_listed_change_gives_that_verdict(ruleset, case) -> None:
    answers, result = case
    for change in result.sensitivity:
        changed = make_answers(ruleset, edited(answers, change.question, change.to))
        assert explain_need(ruleset, changed, sensitivity=False).recommendation is change.recommendation, change
        assert change.recommendation is not result.recommendation
        assert change.from_ == answers.values[change.question]


def single_changes(question, current) -> list:
    """Every answer one step away, worked out here independently of explain.py."""
    if question.type == "bool":
        return [not current]
    if question.type == "choice":
        return [value for value in question.values if value != current]
    steps = []
    for value in question.values:
        changed = [v for v in question.values if (v in current) != (v == value)]
        if len(changed) >= question.min_items:
            steps.append(changed)
    return steps


def test_no_flipping_change_is_missing(ruleset, case) -> None:
    """Brute force over every choice and yes/no value and every single list addition or removal:
    each change that flips the verdict is listed, and each listed value change flips it."""
    answers, result = case
    listed = {(c.question, str(c.to)) for c in result.sensitivity if c.kind == "value"}
    tried = set()
    for qid, question in ruleset.questions.items():
        if question.type == "int":
            continue
        for value in single_changes(question, answers.values[qid]):
            tried.add((qid, str(value)))
            now = make_answers(ruleset, edited(answers, qid, value)).values
            flips = recommendation_of(ruleset, now) is not result.recommendation
            assert flips == ((qid, str(value)) in listed), (qid, value)
    assert listed <= tried


def test_number_thresholds_are_the_nearest_flips(ruleset, case) -> None:
    answers, result = case
    grid = sorted(
        {0, 1, 19, 20, 21, 199, 200, 1999, 2000, 2001, 2002, 9999, 10000, 10001, 99999, 100000, 100001, 250000, 10**7}
    )
    for qid, question in ruleset.questions.items():
        if question.type != "int":
            continue
        current = answers.values[qid]
        thresholds = {("up" if c.to > current else "down"): c.to for c in result.sensitivity if c.question == qid}
        assert all(c.kind == "threshold" for c in result.sensitivity if c.question == qid)
        for value in grid:
            if value < (question.min or 0) or value == current:
                continue
            flips = recommendation_of(ruleset, with_change(ruleset, answers, qid, value)) is not result.recommendation
            if value > current and flips:
                assert "up" in thresholds and thresholds["up"] <= value, (qid, value)
            if value < current and flips:
                assert "down" in thresholds and thresholds["down"] >= value, (qid, value)
        for direction, to in thresholds.items():
            nearer = to - 1 if direction == "up" else to + 1
            assert recommendation_of(ruleset, with_change(ruleset, answers, qid, nearer)) is result.recommendation


def test_why_not_covers_each_losing_option(ruleset, case) -> None:
    _, result = case
    assert {w.option for w in result.why_not} == set(Option) - {result.recommendation}
    fired = {r.rule for r in result.reasons}
    for item in result.why_not:
        assert set(item.against) <= fired and item.summary


def test_gaps_follow_the_verdict(ruleset, case) -> None:
    _, result = case
    for gap in result.gaps:
        check = next(c for c in ruleset.readiness.checks if c.id == gap.id)
        assert result.recommendation in check.applies_to
    kinds = {g.kind for g in result.gaps}
    if result.recommendation is Option.chat:
        assert "api_challenge" not in kinds
    if result.recommendation is Option.api:
        assert "chat_limitation" not in kinds
    assert (
        result.next_steps[: len(ruleset.readiness.next_steps[result.recommendation])]
        == ruleset.readiness.next_steps[result.recommendation]
    )
    assert 0 <= result.position.conversation <= 1 and 0 <= result.position.capability <= 1


def test_api_gaps_for_a_team_without_engineers(ruleset) -> None:
    scenario = next(s for s in SCENARIOS if s["expect"] == "api")
    answers = make_answers(ruleset, dict(scenario["answers"], engineering_capacity="limited"))
    result = explain_need(ruleset, answers)
    assert result.recommendation is Option.api
    assert "engineering-resources" in {g.id for g in result.gaps}


def test_governance_emphasis_follows_sensitivity(ruleset) -> None:
    base = next(s for s in SCENARIOS if s["expect"] == "chat")["answers"]
    relaxed = explain_need(
        ruleset, make_answers(ruleset, dict(base, data_sensitivity="public", governance_priority="low"))
    )
    strict = explain_need(
        ruleset, make_answers(ruleset, dict(base, data_sensitivity="regulated", governance_priority="high"))
    )
    assert len(relaxed.governance) == len(strict.governance) == 5
    assert not any(item.emphasised for item in relaxed.governance)
    assert all(item.emphasised and item.why for item in strict.governance)


def test_sensitivity_can_be_skipped(ruleset) -> None:
    answers = make_answers(ruleset, SCENARIOS[0]["answers"])
    assert explain_need(ruleset, answers, sensitivity=False).sensitivity == []


@given(
    chat=st.integers(0, 80),
    api=st.integers(0, 80),
    verdict=st.sampled_from(list(Option)),
    label=st.text(min_size=1, max_size=56),
)
def test_the_chart_plots_a_case_in_its_verdicts_region_with_its_label_inside(
    ruleset, chat, api, verdict, label
) -> None:
    """Left half for chat, bottom right for api, top right for both, whatever the evidence and label;
    a label up to 56 columns wide, centred under the point, never runs past either side."""
    base = explain_need(ruleset, make_answers(ruleset, SCENARIOS[0]["answers"]), sensitivity=False)
    result = dataclasses.replace(base, recommendation=verdict, evidence=Scores(chat=chat, api=api, both=0))
    spot = place(position(ruleset, result, label), verdict)
    assert spot.label == label
    if verdict is Option.chat:
        assert spot.x < 0.5
    else:
        assert spot.x > 0.5 and (spot.y > 0.5 if verdict is Option.both else spot.y < 0.5)
    if label_width(label) <= 56:  # the widest label that fits (a wide East Asian character is two columns)
        half = label_width(label) * CHART_WIDTH_PER_COLUMN / 2
        assert 0 <= spot.x - half and spot.x + half <= 1
    assert (spot.conversation, spot.capability) == (min(1.0, round(chat / 24, 3)), min(1.0, round(api / 24, 3)))


def test_regression_a_change_that_makes_an_ignored_answer_apply_is_listed(tmp_path) -> None:
    """With the guide's EU rules, a file whose eu_data_residency: true is ignored (its data is
    public) listed no change of data_sensitivity, although re-running the edited file flips it.
    Every alternative of every choice is tried by re-running the edited file: listed exactly when it flips."""
    import aichoice
    from aichoice.ruleset import load_ruleset
    from tests.test_docs import eu_rules

    rules = eu_rules(tmp_path)
    ours = load_ruleset(rules)
    flips = 0
    for seed in range(150):
        values = {**random_answers(ours, seed), "data_sensitivity": "public", "eu_data_residency": True}
        result = aichoice.assess({"answers": values}, rules=rules)
        listed = {(c.question, str(c.to)) for c in result.sensitivity if c.kind == "value"}
        for value in ours.questions["data_sensitivity"].values:
            if value == "public":
                continue
            edited = aichoice.assess({"answers": {**values, "data_sensitivity": value}}, rules=rules)
            flipped = edited.recommendation is not result.recommendation
            flips += flipped
            assert flipped == (("data_sensitivity", value) in listed), (seed, value)
    assert flips  # the seeds reach the case the red team found


def _nearest_flips(ruleset, answers, qid: str, verdict) -> dict[str, int]:
    """By brute force: the nearest value each way at which re-running the edited answers flips."""
    points = sorted({p + d for p in ruleset.thresholds.get(qid, []) for d in (-1, 0)} | {0})
    current = answers.values[qid]
    flips = {}
    for value in (p for p in points if p > current):
        if recommendation_of(ruleset, with_change(ruleset, answers, qid, value)) is not verdict:
            flips["up"] = value
            break
    for value in (p for p in reversed(points) if 0 <= p < current):
        if recommendation_of(ruleset, with_change(ruleset, answers, qid, value)) is not verdict:
            flips["down"] = value
            break
    return flips


def test_thresholds_walk_again_the_questions_a_number_decides(tmp_path) -> None:
    """A question asked only from 5,000 tasks a month on: crossing 5,000 makes its answer count, so
    the step-by-step threshold walk must walk the questions again there, as re-running would."""
    from aichoice.answers import Draft, complete
    from aichoice.ruleset import load_ruleset

    rules = rules_variant(
        tmp_path / "rules",
        append={
            "questions": "      - {id: volume_review, text: Is every output reviewed?, help: x, type: bool,"
            " default: false, when: {question: monthly_volume, gte: 5000}}\n",
            "scoring": "  - {id: review-api, supports: api, principle: P, weight: 9, when: {question: volume_review,"
            " equals: true}, reason: R, source: S}\n"
            + "".join(
                f"  - {{id: v{i}, supports: {'chat' if i % 3 else 'api'}, principle: P, weight: 1, when:"
                f" {{question: monthly_volume, gte: {500 * i}}}, reason: R, source: S}}\n"
                for i in range(1, 40)
            ),
        },
    )
    ours = load_ruleset(rules)
    checked = 0
    for seed in range(60):
        values = {**random_answers(ours, seed), "volume_review": True}
        values["monthly_volume"] = random.Random(seed).choice([0, 1200, 4999, 5000, 7300, 30000])
        answers = complete(ours, Draft(values=values), fill_defaults=True)
        result = explain_need(ours, answers)
        listed = {
            ("up" if c.to > c.from_ else "down"): c.to for c in result.sensitivity if c.question == "monthly_volume"
        }
        assert listed == _nearest_flips(ours, answers, "monthly_volume", result.recommendation), seed
        checked += bool(listed)
    assert checked  # some cases do flip on the volume
