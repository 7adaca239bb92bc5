"""One answer's value: whether it answers its question (`validate_value`), and what a value typed as
text means (`raw_from_text`), whichever door it came through: a file, --set, a CSV cell, the prompt.
"""

from __future__ import annotations

import re
from typing import Any

from aichoice.errors import AnswerError, suggest_then
from aichoice.loader import describe, yaml11_bool_hint
from aichoice.models import AnswerValue, Question


def _allowed(question: Question) -> str:
    return "allowed values: " + ", ".join(question.values)


def validate_value(question: Question, raw: Any, raw_text: str | None = None) -> AnswerValue:
    """Return `raw` as a valid answer to `question`, or raise AnswerError saying why.

    `raw_text` is the value as written in the file, used to explain YAML's
    reading of words like `no` and `on` as booleans.
    """
    kind = question.type
    if kind == "choice":
        return _choice(question, raw, raw_text)
    if kind == "list":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            raise AnswerError(
                f"expected a list of values, got {describe(raw)}",
                hint=f"{_allowed(question)}; write them as [a, b]",
            )
        chosen = set()
        for index, item in enumerate(items):
            try:
                chosen.add(_choice(question, item, None))
            except AnswerError as error:
                error.item = index if isinstance(raw, list) else None
                raise
        if len(chosen) < question.min_items:
            raise AnswerError(
                f"choose at least {question.min_items} value{'s' if question.min_items > 1 else ''}",
                hint=_allowed(question),
            )
        return [value for value in question.values if value in chosen]
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise AnswerError(f"expected true or false, got {describe(raw)}", hint="write true or false, without quotes")
    # int
    if isinstance(raw, bool) or not isinstance(raw, int):
        unit = f" ({question.unit})" if question.unit else ""
        raise AnswerError(f"expected a whole number{unit}, got {describe(raw)}")
    if abs(raw) > MAX_WHOLE:  # no count is this large, and every output must be able to print it
        raise AnswerError(f"expected a whole number of at most {MAX_DIGITS} digits, got {describe(raw)}")
    if question.min is not None and raw < question.min:
        raise AnswerError(f"must be at least {question.min}, got {raw}")
    if question.max is not None and raw > question.max:
        raise AnswerError(f"must be at most {question.max}, got {raw}")
    return raw


NONE_OF_THESE = "-"
MAX_DIGITS = 18
MAX_WHOLE = 10**MAX_DIGITS - 1
# Plain digits, or digits in proper groups of three with one separator throughout: 1,000 12_500 1 000.
_WHOLE_NUMBER = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?P<sep>[,_ ])[0-9]{3}(?:(?P=sep)[0-9]{3})*)")
# What YAML 1.1 reads as a boolean (and `y`/`n`), in any case.
_TRUE, _FALSE = ("y", "yes", "true", "on"), ("n", "no", "false", "off")


def raw_from_text(question: Question, text: str, separator: str, numbered: bool = False) -> Any:
    """What an answers file would hold for an answer given as text (typed, or a CSV cell).

    The one parser of a typed value, whichever door it came through (--set, a
    CSV cell, the questionnaire), so each accepts exactly what the others do.
    Several values are split on `separator`; with `numbered`, a value may be
    given by its number in the list; `-` (or `none`) is an empty list; the
    words a YAML file reads as yes or no (y/yes/true/on, n/no/false/off, any
    case) are booleans; digits are a number, with `,`, `_` or a space between
    proper groups of three only (`1,0,0` is no number anyone means). Text that
    fits none of these is passed on as text, for `validate_value` to refuse
    with the reason a file would get.
    """
    text = text.strip()
    if question.type == "choice":
        return _by_number(question, text) if numbered else text
    if question.type == "list":
        if text in ("", NONE_OF_THESE) or (text.lower() == "none" and "none" not in question.values):
            return []
        parts = [part.strip() for part in text.split(separator) if part.strip()]
        return [_by_number(question, part) if numbered else part for part in parts]
    if question.type == "bool":
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if not _WHOLE_NUMBER.fullmatch(text):
        return text
    digits = text.replace(",", "").replace("_", "").replace(" ", "")
    return int(digits) if len(digits) <= 4000 else text  # int() refuses past 4,300 digits; validate_value says why


def _by_number(question: Question, text: str) -> str:
    """A value by its number in the list, or as given."""
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(question.values):
        return question.values[int(text) - 1]
    return text


def _choice(question: Question, raw: Any, raw_text: str | None) -> str:
    if isinstance(raw, str) and raw in question.values:
        return raw
    if isinstance(raw, bool):
        hint = yaml11_bool_hint(raw_text) or "quote the value"
        raise AnswerError(
            f"expected one of the values, got the boolean {str(raw).lower()}", hint=f"{hint}; {_allowed(question)}"
        )
    if isinstance(raw, str):
        raise AnswerError(f"unknown value {raw!r}", hint=suggest_then(raw, question.values, _allowed(question)))
    raise AnswerError(f"expected one of the values, got {describe(raw)}", hint=_allowed(question))
