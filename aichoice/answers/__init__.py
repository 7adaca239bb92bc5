"""Answers: the one validation path for answers, whether read from a file, set with --set or typed at a prompt.

    values.py      one answer's value: `validate_value`, and `raw_from_text` for a value typed as text
    drafts.py      `Draft` and `Need`: the answers given so far, shared and per need
    need_cost.py   per-need cost: `cost_defaults` and the need's cost comparison, located
    completion.py  the `resolve` walk and `complete`: a draft's full answers, need by need
    overrides.py   `--set`: `Overrides`, `parse_overrides`, `with_overrides`
    document.py    the answers file: `read_document`, `load_draft` (locating every problem
                   at `file:line:col`), `dump_draft`

This module re-exports their names: `from aichoice.answers import X` is the way in.
"""

from __future__ import annotations

from aichoice.answers.completion import Resolved, applies, complete, complete_needs, resolve
from aichoice.answers.document import (
    MAX_NEEDS,
    NEED_KEYS,
    TOP_LEVEL_KEYS,
    dump_answers,
    dump_draft,
    load_answers,
    load_draft,
    name_text,
    read_document,
    shown_name,
    validate_answers,
)
from aichoice.answers.drafts import Draft, Need, need_drafts
from aichoice.answers.need_cost import compare_costs, cost_defaults
from aichoice.answers.overrides import Overrides, parse_overrides, unknown_need, with_overrides
from aichoice.answers.values import MAX_DIGITS, MAX_WHOLE, NONE_OF_THESE, raw_from_text, validate_value

__all__ = [
    "MAX_DIGITS",
    "MAX_NEEDS",
    "MAX_WHOLE",
    "NEED_KEYS",
    "NONE_OF_THESE",
    "TOP_LEVEL_KEYS",
    "Draft",
    "Need",
    "Overrides",
    "Resolved",
    "applies",
    "compare_costs",
    "complete",
    "complete_needs",
    "cost_defaults",
    "dump_answers",
    "dump_draft",
    "load_answers",
    "load_draft",
    "name_text",
    "need_drafts",
    "parse_overrides",
    "raw_from_text",
    "read_document",
    "resolve",
    "shown_name",
    "unknown_need",
    "validate_answers",
    "validate_value",
    "with_overrides",
]
