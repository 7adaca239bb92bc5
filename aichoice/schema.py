"""The JSON Schema (draft 2020-12) of an answers file for a rule set, for editors and CI."""

from __future__ import annotations

from typing import Any

from aichoice.models import Question, RuleSet

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def answers_schema(ruleset: RuleSet) -> dict[str, Any]:
    """A schema that accepts exactly the answers files `aichoice assess` accepts in full."""
    questions = ruleset.questions
    info = ruleset.info
    answers = {
        "type": "object",
        "additionalProperties": False,
        "properties": {qid: question_schema(q) for qid, q in questions.items()},
    }
    return {
        "$schema": DRAFT,
        "$id": f"urn:aichoice:answers:{info.name}:{info.version}",
        "title": f"aichoice answers file (contract v3) for rule set {info.name} {info.version}",
        "type": "object",
        "additionalProperties": False,
        "anyOf": [{"required": ["answers"]}, {"required": ["needs"]}],
        # Without needs, every question must be answered (a question with a `when` condition may
        # be skipped, and one with `absent` is read from the other answers, so neither is
        # required); with needs, the shared answers and each need's
        # together must be, which a schema cannot check: `aichoice assess` does.
        "if": {"not": {"required": ["needs"]}},
        "then": {
            "properties": {
                "answers": {"required": [qid for qid, q in questions.items() if q.when is None and not q.absent]}
            }
        },
        "properties": {
            "project": {"description": "A name for the assessment, shown in outputs.", "type": ["string", "number"]},
            "answers": answers,
            "needs": {
                "description": "Several needs, each with a name and the answers that differ for it from the "
                "shared `answers`.",
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name"],
                    "properties": {"name": {"type": ["string", "number"]}, "answers": answers, "cost": cost_schema()},
                },
            },
            "cost": cost_schema(),
        },
    }


def cost_schema() -> dict[str, Any]:
    """The optional `cost:` section: numbers for the cost-per-outcome comparison."""
    from aichoice.cost import COST_FIELDS, CURRENCY, FIELDS_HELP, MAX_COST, TEXT_HELP

    properties: dict[str, Any] = {
        name: {"description": FIELDS_HELP[name], "type": "number", "minimum": 0, "exclusiveMaximum": MAX_COST}
        for name in COST_FIELDS
    }
    properties["months"]["minimum"] = 1
    properties |= {
        name: {"description": help_text, "type": "string", "minLength": 1, "maxLength": 200}
        for name, help_text in TEXT_HELP.items()
    }
    properties["currency"]["pattern"] = f"^{CURRENCY.pattern}$"
    return {
        "description": "Cost per completed outcome: chat seats against API usage. Seats default to team_size "
        "(unless the need hands the tool to external people), tasks to monthly_volume; a need's "
        "own cost: fields go over the shared ones. Nothing left out counts as zero.",
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


# -- the `--format json` document ------------------------------------------------------------


def result_schema() -> dict[str, Any]:
    """The schema of `aichoice assess --format json` (`Assessment.to_dict`), built from the very
    dataclasses the document is written from, so the two cannot drift apart.

    One need: the top level carries the whole's fields and the need's own (the whole is that
    need). Several: the whole's fields only; each of `needs` describes its need.
    """
    from aichoice.models import RESULT_CONTRACT, Assessment, NeedResult

    definitions: dict[str, Any] = {}
    need = _object(NeedResult, definitions)
    whole = _object(Assessment, definitions)
    tail = {
        "result_contract": {"const": RESULT_CONTRACT, "description": "The version of this document's shape."},
        "aichoice_version": {"type": "string"},
    }

    def shape(properties: dict[str, Any], needs: dict[str, Any], description: str) -> dict[str, Any]:
        properties = {**properties, "needs": needs, **tail}
        return {
            "description": description,
            "type": "object",
            "additionalProperties": False,
            "required": list(properties),
            "properties": properties,
        }

    needs = {"type": "array", "items": {"$ref": "#/$defs/NeedResult"}}
    one = shape(
        {**need["properties"], **whole["properties"]},
        {**needs, "minItems": 1, "maxItems": 1},
        "One need: the whole is that need, so the need's own fields stand at the top level too.",
    )
    several = shape(
        whole["properties"],
        {**needs, "minItems": 2},
        "Several needs: the top level describes the whole; each need describes itself.",
    )
    return {
        "$schema": DRAFT,
        "$id": f"urn:aichoice:result:{RESULT_CONTRACT}",
        "title": f"aichoice assess --format json (result contract {RESULT_CONTRACT})",
        "anyOf": [one, several],
        "$defs": definitions,
    }


def _object(cls: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """A dataclass as a closed object schema: every field required, by its written name; nested
    dataclasses go to `definitions` once, by name."""
    import dataclasses
    import typing

    from aichoice import models
    from aichoice.cost import CostResult

    hints = typing.get_type_hints(cls)
    properties = {}
    for item in dataclasses.fields(cls):
        hint = hints[item.name]
        if hint is Any and item.name == "cost":  # typed loosely in models, which sit below cost.py
            hint = typing.Optional[CostResult]
        described = item.metadata.get("description")
        properties[models.written_name(item.name)] = {
            **_type(hint, definitions),
            **({"description": described} if described else {}),
        }
    doc = (cls.__doc__ or "").split("\n\n")[0]
    return {
        "description": " ".join(doc.split()),
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def _type(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema of one field's type hint."""
    import dataclasses
    import enum
    import types
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return _type(args[0], definitions)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type(arg, definitions) for arg in args]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _type(args[0], definitions)}
    if origin is tuple:
        return {
            "type": "array",
            "prefixItems": [_type(arg, definitions) for arg in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1], definitions)}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # a placeholder first: a type that holds itself ends here
            definitions[name] = _object(hint, definitions)
        return {"$ref": f"#/$defs/{name}"}
    simple = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for {hint!r}")
