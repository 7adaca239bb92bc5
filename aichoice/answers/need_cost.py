"""Per-need cost: what a need's answers give its `cost:` section, and its cost comparison, located.

Only a draft with a cost section pays for importing `aichoice.cost`.
"""

from __future__ import annotations

from typing import Any

from aichoice.answers.drafts import Draft
from aichoice.errors import AichoiceError, AnswerError
from aichoice.models import AnswerValue


def cost_defaults(values: dict[str, AnswerValue]) -> dict[str, float]:
    """What a `cost:` section leaves out: tasks are the need's monthly volume, and seats its own
    people (team_size) unless the need hands the tool to external people, whose number the
    answers do not hold (then seats must be given)."""
    defaults: dict[str, float] = {}
    audience = values.get("audience")
    people = () if isinstance(audience, list) and "external_people" in audience else (("seats", "team_size"),)
    for field_name, qid in (*people, ("tasks", "monthly_volume")):
        value = values.get(qid)
        if isinstance(value, int) and not isinstance(value, bool):
            defaults[field_name] = value
    return defaults


def compare_costs(draft: Draft, values: dict[str, AnswerValue]) -> Any:
    """The need's cost comparison (a cost.CostResult), worked out once, as the answers are read, so
    that what it refuses (every input a side needs missing, mixed currencies, an unknown seat
    product or model) is located at the need's cost section."""
    from aichoice.cost import compare, inputs_from

    try:
        return compare(inputs_from(draft.cost or {}, cost_defaults(values)))
    except AichoiceError as error:
        hint = error.hint
        if "tasks" in error.message and "monthly_volume" not in (hint or ""):
            hint = "tasks is the need's monthly_volume unless cost.tasks is given" + (f"; {hint}" if hint else "")
        message = f"{draft.label}cost: {error.message}"
        if draft.marks is None:
            raise AnswerError(message, draft.source, hint=hint) from None
        raise draft.marks.error(message, draft.cost_path, cls=AnswerError, hint=hint) from None
