"""The engine: the article's framework, scenario by scenario, and the policy's arithmetic."""

from __future__ import annotations

import dataclasses
import random

import pytest
from pydantic import TypeAdapter

from aichoice.engine import Scored, WholeVerdict, combine, evaluate, holds, score
from aichoice.errors import RulesError
from aichoice.models import Compare, Option
from aichoice.ruleset import load_ruleset
from tests.conftest import EXAMPLES, load_scenarios, make_answers, rules_variant

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario_verdict(ruleset, scenario) -> None:
    result = evaluate(ruleset, make_answers(ruleset, scenario["answers"]))
    assert result.recommendation.value == scenario["expect"], result.scores
    if "close_call" in scenario:
        assert result.close_call is scenario["close_call"], result.margin


def test_every_branch_is_covered() -> None:
    assert {s["expect"] for s in SCENARIOS} == {"chat", "api", "both"}
    for option in ("chat", "api", "both"):
        assert sum(s["expect"] == option for s in SCENARIOS) >= 5


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_primary_goal_alone_does_not_decide(ruleset, scenario) -> None:
    """No degenerate shortcut: the verdict follows the weight of evidence."""
    for goal in ("conversation", "capability", "both"):
        answers = dict(scenario["answers"], primary_goal=goal)
        assert evaluate(ruleset, make_answers(ruleset, answers)).recommendation.value == scenario["expect"]


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s["expect"] == "chat"], ids=lambda s: s["name"])
def test_engineering_capacity_alone_makes_no_api_case(ruleset, scenario) -> None:
    answers = dict(scenario["answers"], engineering_capacity="dedicated")
    assert evaluate(ruleset, make_answers(ruleset, answers)).recommendation is Option.chat


# Staff productivity plus a small document pipeline, no product: a close call.
CLOSE_CALL = {
    "primary_goal": "conversation",
    "time_to_value": "weeks",
    "adoption_stage": "pilot",
    "engineering_capacity": "limited",
    "audience": ["employees", "systems"],
    "user_flexibility": "medium",
    "automation": "assisted",
    "output_format": "conversational",
    "integration": "some",
    "customization": "moderate",
    "product_infrastructure": False,
    "monthly_volume": 3000,
    "team_size": 50,
    "budget_preference": "predictable",
    "governance_priority": "medium",
    "data_sensitivity": "internal",
    "use_cases": ["internal_productivity", "document_processing"],
}


def test_close_call_between_chat_and_both(ruleset) -> None:
    answers = CLOSE_CALL
    result = evaluate(ruleset, make_answers(ruleset, answers))
    assert result.close_call
    # how sure is what the close-call band of leads measured (nothing yet: a coin flip)
    assert result.measured is not None and result.margin <= (result.measured.max_lead or 0)
    assert result.confidence == result.measured.confidence <= 0.5
    assert {result.recommendation, result.runner_up} == {Option.chat, Option.both}


def test_scores_follow_the_policy(ruleset) -> None:
    scenario = next(s for s in SCENARIOS if s["expect"] == "both")
    result = evaluate(ruleset, make_answers(ruleset, scenario["answers"]))
    ev, policy = result.evidence, ruleset.info.policy
    assert result.scores.chat == ev.chat and result.scores.api == ev.api
    assert result.scores.both == ev.chat + ev.api + ev.both - policy.both.overhead
    assert result.margin == result.scores.both - max(ev.chat, ev.api)
    assert result.confidence == policy.sure(result.margin) == result.measured.confidence
    unmeasured = dataclasses.replace(policy, confidence=None)  # a rule set that measured nothing
    assert unmeasured.sure(result.margin) == min(1.0, result.margin / policy.decisive_margin)
    fired = {r.rule for r in result.reasons}
    assert sum(r.weight for r in ruleset.rules if r.id in fired and r.supports is Option.api) == ev.api


def test_reasons_strongest_first_and_marked(ruleset) -> None:
    scenario = next(s for s in SCENARIOS if s["expect"] == "api")
    result = evaluate(ruleset, make_answers(ruleset, scenario["answers"]))
    weights = [r.weight for r in result.reasons]
    assert weights == sorted(weights, reverse=True)
    assert all(r.in_favour == (r.supports is Option.api) for r in result.reasons)
    for reason in result.reasons:
        assert reason.answers and set(reason.answers) <= set(reason.questions)
        assert reason.answers == {qid: result.answers[qid] for qid in reason.answers}


def test_deterministic(ruleset) -> None:
    answers = make_answers(ruleset, SCENARIOS[0]["answers"])
    assert evaluate(ruleset, answers) == evaluate(ruleset, answers)


def test_exact_tie_follows_tie_order(ruleset) -> None:
    """With nothing answered beyond neutral values, the policy's order decides."""

    empty = dataclasses.replace(ruleset, rules=[])
    result = evaluate(empty, make_answers(ruleset, {}, fill_defaults=True))
    assert result.recommendation is ruleset.info.policy.tie_order[0]
    assert result.margin == 0 and result.close_call
    assert result.confidence == ruleset.info.policy.sure(0) < 1


@pytest.mark.parametrize(
    "test, answer, expected",
    [
        ({"question": "q", "equals": "a"}, "a", True),
        ({"question": "q", "equals": True}, 1, False),
        ({"question": "q", "in": ["a", "b"]}, "b", True),
        ({"question": "q", "gte": 10}, 10, True),
        ({"question": "q", "lte": 10}, 11, False),
        ({"question": "q", "includes": "x"}, ["x", "y"], True),
        ({"question": "q", "includes": "z"}, ["x", "y"], False),
        ({"question": "q", "in": ["z", "y"]}, ["x", "y"], True),
        ({"question": "q", "in": ["z"]}, [], False),
    ],
)
def test_condition_semantics(test, answer, expected) -> None:
    assert holds(TypeAdapter(Compare).validate_python(test), {"q": answer}) is expected


def test_nested_conditions() -> None:
    from aichoice.models import Condition

    cond = TypeAdapter(Condition).validate_python(
        {"all": [{"question": "a", "equals": "x"}, {"not": {"any": [{"question": "b", "gte": 5}]}}]}
    )
    assert holds(cond, {"a": "x", "b": 4})
    assert not holds(cond, {"a": "x", "b": 5})
    assert cond.questions() == ["a", "b"]


def test_a_reason_names_the_answers_that_made_its_condition_true() -> None:
    """Of an `any`, the branch that held, not the others; under a `not`, what refuted its inside."""
    from aichoice.models import Condition

    either = TypeAdapter(Condition).validate_python(
        {
            "any": [
                {"all": [{"question": "a", "equals": "x"}, {"question": "b", "equals": "y"}]},
                {"question": "c", "gte": 5},
            ]
        }
    )

    def named(cond, values) -> list[str]:
        return [test.question for test in cond.deciding(values)]

    assert named(either, {"a": "x", "b": "y", "c": 9}) == ["a", "b"]  # the first branch that holds
    assert named(either, {"a": "x", "b": "n", "c": 9}) == ["c"]  # not a, which held in a branch that failed
    neither = TypeAdapter(Condition).validate_python({"not": either})
    assert named(neither, {"a": "x", "b": "n", "c": 1}) == ["b", "c"]  # what failed each branch
    both = TypeAdapter(Condition).validate_python(
        {"not": {"all": [{"question": "a", "equals": "x"}, {"question": "b", "equals": "y"}]}}
    )
    assert named(both, {"a": "n", "b": "y"}) == ["a"]


def test_a_chat_reason_for_people_does_not_name_the_structure_of_a_need_without_people(ruleset) -> None:
    scenario = next(s for s in SCENARIOS if s["expect"] == "chat")
    result = evaluate(ruleset, make_answers(ruleset, scenario["answers"]))
    fired = {r.rule: r for r in result.reasons}
    assert "people_tool" in fired["people-use-ai"].answers
    assert "integration" not in fired["people-use-ai"].answers  # the other branch of chat_side


# -- exact arithmetic (the hostile review) -------------------------------------------------------


@pytest.mark.parametrize("weight", ["0.1", "2.5", "true", '"3"', "1e2"])
def test_regression_weights_are_whole_numbers(tmp_path, weight: str) -> None:
    rules = rules_variant(tmp_path / "rules", scoring=[("weight: 4", f"weight: {weight}")])
    with pytest.raises(RulesError, match="expected a whole number") as info:
        load_ruleset(rules)
    assert info.value.line is not None


def test_regression_a_lead_of_exactly_the_close_call_margin_is_flagged_in_any_rule_order(ruleset) -> None:
    """Sums are exact, so the flag cannot depend on the order rules were added in."""
    values = make_answers(
        ruleset, __import__("yaml").safe_load((EXAMPLES / "design-studio.yaml").read_text())["answers"]
    ).values
    base = score(ruleset, values)
    margin = base.margin
    policy = dataclasses.replace(ruleset.info.policy, close_call_margin=margin)
    info = dataclasses.replace(ruleset.info, policy=policy)
    generator = random.Random(7)
    for _ in range(20):
        shuffled = list(ruleset.rules)
        generator.shuffle(shuffled)
        variant = dataclasses.replace(ruleset, info=info, rules=shuffled)
        result = score(variant, values)
        assert result.margin == margin and result.close_call is True
        assert isinstance(result.scores[Option.chat], int)


# -- combining needs into the whole ----------------------------------------------------------------


def _verdict(option: str, runner_up: str, margin: int, close: bool = False) -> Scored:
    return Scored(
        recommendation=Option(option),
        runner_up=Option(runner_up),
        scores={},
        evidence={},
        margin=margin,
        confidence=min(1.0, margin / 10),
        close_call=close,
    )


def test_one_need_combines_to_its_own_verdict() -> None:
    assert combine([_verdict("api", "both", 4, True)]) == WholeVerdict(Option.api, Option.both, 4, 0.4, True)


@pytest.mark.parametrize(
    "needs, whole",
    [
        ([("chat", "api", 12), ("api", "chat", 5)], WholeVerdict(Option.both, Option.chat, 5, 0.5, False)),
        ([("chat", "api", 3), ("chat", "both", 9)], WholeVerdict(Option.chat, Option.both, 3, 0.3, False)),
        # The weakest need's flip leaves the whole as it is: no runner-up for the whole.
        ([("chat", "api", 2), ("api", "chat", 8), ("chat", "both", 9)], WholeVerdict(Option.both, None, 2, 0.2, False)),
    ],
)
def test_the_whole_is_the_channel_and_the_weakest_need(needs, whole) -> None:
    assert combine([_verdict(*need) for need in needs]) == whole


def test_a_close_call_in_any_need_is_a_close_call_of_the_whole() -> None:
    assert combine([_verdict("chat", "api", 20), _verdict("api", "chat", 2, True)]).close_call


def test_a_measured_confidence_is_never_certain_and_says_what_it_measured() -> None:
    from aichoice.models import Band, Calibration, FieldError

    assert Band(min_lead=0, max_lead=3, agreed=0, cases=0).confidence == 0.5  # nothing measured
    assert Band(min_lead=4, max_lead=9, agreed=7, cases=8).confidence == 0.8
    assert Band(min_lead=20, max_lead=None, agreed=1000, cases=1000).confidence < 1
    bands = [Band(min_lead=0, max_lead=3, agreed=1, cases=2), Band(min_lead=4, max_lead=None, agreed=5, cases=5)]
    calibration = Calibration(measured_on="7 cases", bands=bands)
    assert [calibration.band(lead).min_lead for lead in (0, 3, 4, 400)] == [0, 0, 4, 4]
    for broken in (
        [Band(min_lead=1, max_lead=None, agreed=0, cases=0)],
        [Band(min_lead=0, max_lead=3, agreed=0, cases=0)],
        [Band(min_lead=0, max_lead=3, agreed=0, cases=0), Band(min_lead=5, max_lead=None, agreed=0, cases=0)],
    ):
        with pytest.raises(FieldError):
            Calibration(measured_on="x", bands=broken)
    with pytest.raises(FieldError):
        Band(min_lead=0, max_lead=3, agreed=3, cases=2)
