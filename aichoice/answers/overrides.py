"""`--set` overrides: QUESTION=VALUE and NEED:QUESTION=VALUE parsed and checked as a file's answers
are (`parse_overrides`), and put in place of a draft's answers (`with_overrides`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from aichoice.answers.drafts import Draft
from aichoice.answers.values import raw_from_text, validate_value
from aichoice.errors import AnswerError, suggest_then
from aichoice.models import AnswerValue, Question


@dataclass(frozen=True)
class Overrides:
    """What-ifs from --set: answers for every need (QUESTION=VALUE) and for one need (NEED:QUESTION=VALUE)."""

    shared: dict[str, AnswerValue] = field(default_factory=dict)
    by_need: dict[str, dict[str, AnswerValue]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.shared or self.by_need)

    def describe(self) -> list[str]:
        """The settings as a person wrote them, for notes: `monthly_volume`, `Support bot:automation`."""
        return list(self.shared) + [f"{need}:{qid}" for need, values in self.by_need.items() for qid in values]


# NEED:QUESTION=VALUE or QUESTION=VALUE: a question id has no ':' or '=', so the last ':' before the
# question id ends the need's name (which may hold ':' and '=' itself).
_SETTING = re.compile(r"(?:(?P<need>.*):)?(?P<question>[^:=]*)=(?P<value>.*)", re.DOTALL)


def parse_overrides(settings: list[str], questions: dict[str, Question]) -> Overrides:
    """`--set [NEED:]QUESTION=VALUE` settings as valid answers, each checked as a file's answer would
    be (a list's values comma-separated, yes/no for a yes/no question); a mistake names the setting."""
    overrides = Overrides()
    for setting in settings:
        match = _SETTING.fullmatch(setting)
        qid = match.group("question").strip() if match else ""
        if match is None or not qid:
            raise AnswerError(
                f"--set {setting!r}: write QUESTION=VALUE, or NEED:QUESTION=VALUE for one need",
                hint="for example --set automation=full or --set 'Support bot:automation=full'",
            )
        need, text = match.group("need"), match.group("value")
        question = questions.get(qid)
        if question is None:
            raise AnswerError(
                f"--set: unknown question {qid!r}",
                hint=suggest_then(qid, list(questions), f"known questions: {', '.join(questions)}"),
            )
        try:
            value = validate_value(question, raw_from_text(question, text, separator=","))
        except AnswerError as error:
            raise AnswerError(f"--set {qid}={text}: {error.message}", hint=error.hint) from None
        if need is None:
            overrides.shared[qid] = value
        else:
            overrides.by_need.setdefault(need.strip(), {})[qid] = value
    return overrides


def with_overrides(draft: Draft, overrides: Overrides, strict: bool = True) -> Draft:
    """The draft with `overrides` in place of (or in addition to) its answers; the draft given is unchanged.

    QUESTION=VALUE answers for every need: it becomes the shared answer, and a
    need that answers the question itself takes it too, so what each need shares
    stays shared. NEED:QUESTION=VALUE answers for that need alone. A need name the
    file does not have is an error (`strict`), or passes (a batch, whose inputs
    have different needs).
    """
    if not overrides:
        return draft
    shared = overrides.shared
    names = {need.name: need for need in draft.needs}
    for name in overrides.by_need:
        if strict and name not in names:
            raise unknown_need(name, list(names), "--set")
    needs = []
    for need in draft.needs:
        own = overrides.by_need.get(need.name, {})
        values = {**need.values, **{q: v for q, v in shared.items() if q in need.values}, **own}
        needs.append(dataclasses.replace(need, values=values, overridden=list(own)))
    return dataclasses.replace(
        draft,
        values={**draft.values, **shared},
        needs=needs,
        overridden=[qid for qid in draft.values if qid in shared] + [qid for qid in shared if qid not in draft.values],
    )


def unknown_need(name: str, names: list[str], option: str) -> AnswerError:
    """An option naming a need the assessment does not have, with a did-you-mean."""
    from aichoice.sanitize import terminal as clean

    if not names:
        return AnswerError(
            f"{option}: no need is named {clean(name)!r}: this file has one need, without a name",
            hint=f"{option} without a need's name applies to the whole",
        )
    shown = [clean(n) for n in names]  # the suggestion and the list name each need alike
    known = "needs: " + ", ".join(repr(n) for n in shown)
    if shown != names:
        known += " (a name holds characters not shown here: copy it from the file)"
    return AnswerError(f"{option}: no need is named {clean(name)!r}", hint=suggest_then(clean(name), shown, known))
