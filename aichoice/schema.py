"""The JSON Schema (draft 2020-12) of an answers file for a rule set, for editors and CI."""

from __future__ import annotations

from typing import Any

from aichoice.models import Question, RuleSet

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def answers_schema(ruleset: RuleSet) -> dict[str, Any]:
    """A schema that accepts exactly the answers files `aichoice assess` accepts in full."""
    questions = ruleset.questions
    info = ruleset.info
    answers = {"type": "object", "additionalProperties": False,
               "properties": {qid: question_schema(q) for qid, q in questions.items()}}
    return {
        "$schema": DRAFT,
        "$id": f"urn:aichoice:answers:{info.name}:{info.version}",
        "title": f"aichoice answers file (contract v2) for rule set {info.name} {info.version}",
        "type": "object",
        "additionalProperties": False,
        "anyOf": [{"required": ["answers"]}, {"required": ["needs"]}],
        # Without needs, every question must be answered (a question with a `when` condition may
        # be skipped, so it is never required); with needs, the shared answers and each need's
        # together must be, which a schema cannot check: `aichoice assess` does.
        "if": {"not": {"required": ["needs"]}},
        "then": {"properties": {"answers": {"required": [qid for qid, q in questions.items() if q.when is None]}}},
        "properties": {
            "project": {"description": "A name for the assessment, shown in outputs.", "type": ["string", "number"]},
            "answers": answers,
            "needs": {
                "description": "Several needs, each with a name and the answers that differ for it from the "
                               "shared `answers`.",
                "type": "array",
                "minItems": 1,
                "items": {"type": "object", "additionalProperties": False, "required": ["name"],
                          "properties": {"name": {"type": ["string", "number"]}, "answers": answers}},
            },
            "cost": cost_schema(),
        },
    }


def cost_schema() -> dict[str, Any]:
    """The optional `cost:` section: numbers for the cost-per-outcome comparison."""
    from aichoice.cost import COST_FIELDS, FIELDS_HELP, MAX_COST

    properties: dict[str, Any] = {
        name: {"description": FIELDS_HELP[name], "type": "number", "minimum": 0, "exclusiveMaximum": MAX_COST}
        for name in COST_FIELDS
    }
    properties["months"]["minimum"] = 1
    return {
        "description": "Cost per completed outcome: chat seats against API usage. Seats default to team_size, "
                       "tasks to monthly_volume; other unset values are 0 (months 12).",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


def question_schema(question: Question) -> dict[str, Any]:
    """The schema of one answer."""
    schema: dict[str, Any] = {"title": question.text, "description": question.help, "default": question.default}
    if question.type == "choice":
        schema["enum"] = question.values
    elif question.type == "list":
        array: dict[str, Any] = {"type": "array", "items": {"enum": question.values}, "uniqueItems": True}
        if question.min_items:
            array["minItems"] = question.min_items
        # A single value is accepted as a list of one.
        schema["anyOf"] = [array, {"enum": question.values}]
    elif question.type == "bool":
        schema["type"] = "boolean"
    else:
        schema["type"] = "integer"
        if question.min is not None:
            schema["minimum"] = question.min
        if question.max is not None:
            schema["maximum"] = question.max
    return schema
