"""Reading cost figures from files: the `cost:` section of an answers file (and of each need),
and pricing files; every mistake located at its line. The arithmetic is cost.py's."""

from __future__ import annotations

import math
from typing import Any

from aichoice.cost import ALL_FIELDS, TEXT_HELP, field_problem
from aichoice.errors import AnswerError, suggest_then
from aichoice.loader import Marks, describe, load_yaml, read_file, read_text


def read_cost(section: Any, marks: Marks, path: tuple[Any, ...], label: str = "") -> dict[str, Any]:
    """A `cost:` mapping (of an answers or pricing file, or of one need, named by `label`): known
    fields only, each number 0 or more (months at least 1), each text field text; each mistake located."""
    if not isinstance(section, dict):
        raise marks.error(
            f"{label}'cost' must be a mapping of cost fields to values, got {describe(section)}",
            path,
            cls=AnswerError,
            hint=f"fields: {', '.join(ALL_FIELDS)}",
        )
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = path + (key,)
        if key not in ALL_FIELDS:
            raise marks.error(
                f"{label}unknown cost field {key!r}",
                where,
                cls=AnswerError,
                at_key=True,
                hint=suggest_then(str(key), list(ALL_FIELDS), f"fields: {', '.join(ALL_FIELDS)}"),
            )
        if key in TEXT_HELP:
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise marks.error(
                    f"{label}cost.{key}: expected {TEXT_HELP[key]}, got {describe(value)}", where, cls=AnswerError
                )
            values[key] = value.strip()
            continue
        value = _number(value)
        problem = field_problem(key, value)
        if problem is not None:
            raise marks.error(f"{label}cost.{key}: {problem}", where, cls=AnswerError)
        values[key] = value
    return values


def _number(value: Any) -> Any:
    """A numeric text read as the number (`2e4`, which YAML 1.1 leaves as text, is 20000), as
    `aichoice cost --tasks 2e4` reads it; anything else as it is, for `read_cost` to refuse.
    Infinity and NaN stay text: no cost field can use them."""
    if not isinstance(value, str) or len(value) > 100:
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


PRICING_KEYS = ("label", "as_of", "cost")


def is_pricing(document: Any) -> bool:
    """Whether a YAML document is a pricing file (a `cost:` mapping, perhaps a label and date), not answers."""
    return isinstance(document, dict) and "cost" in document and set(document) <= set(PRICING_KEYS)


def read_pricing(path: str) -> dict[str, Any]:
    """The `cost:` mapping of a pricing file (which may also carry a label and a date)."""
    document, marks = load_yaml(read_text(read_file(path, "pricing file", "--pricing"), path), path)
    if not isinstance(document, dict) or not isinstance(document.get("cost"), dict):
        raise marks.error("a pricing file needs a 'cost:' mapping", hint="see examples/pricing.yaml")
    for key in document:
        if key not in PRICING_KEYS:
            raise marks.error(
                f"unknown key {key!r} in a pricing file",
                (key,),
                at_key=True,
                hint=f"allowed: {', '.join(PRICING_KEYS)}",
            )
    return read_cost(document["cost"], marks, ("cost",))
