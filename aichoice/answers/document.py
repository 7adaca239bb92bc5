"""The answers file (contract v3): read and checked into a draft, every problem located at
`file:line:col` (`read_document`, `load_draft`), and written back (`dump_draft`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from aichoice.answers.completion import complete
from aichoice.answers.drafts import Draft, Need
from aichoice.answers.values import validate_value
from aichoice.errors import AichoiceError, AnswerError, ManyErrors, suggest, suggest_then
from aichoice.loader import Marks, describe, load_yaml, read_text, yaml11_bool_hint
from aichoice.models import Answers, AnswerValue, Question, RuleSet

TOP_LEVEL_KEYS = ("project", "answers", "needs", "cost")
NEED_KEYS = ("name", "answers", "cost")
# Needs in one file: each is explained in full, and what would change the whole is tried need by need
# (about 3 ms a need with the shipped rules), so this keeps any accepted file to about a second.
MAX_NEEDS = 200


def load_answers(data: bytes, source: str, ruleset: RuleSet, fill_defaults: bool = False) -> Answers:
    """Read an answers document (contract v3) from bytes and validate it."""
    return complete(ruleset, load_draft(data, source, ruleset), fill_defaults)


def load_draft(data: bytes, source: str, ruleset: RuleSet) -> Draft:
    """Read an answers document whose answers may be incomplete."""
    document, marks = load_yaml(read_text(data, source), source)
    return read_document(document, marks, ruleset)


def validate_answers(document: Any, marks: Marks, ruleset: RuleSet, fill_defaults: bool = False) -> Answers:
    """Check a loaded answers document against the rule set's questions."""
    return complete(ruleset, read_document(document, marks, ruleset), fill_defaults)


def read_document(document: Any, marks: Marks, ruleset: RuleSet) -> Draft:
    """Check the shape of an answers document and each answer in it."""
    questions = ruleset.questions
    if document is None or document == {}:
        raise marks.error("no answers: the input is empty", hint=_example_hint(questions), cls=AnswerError)
    if not isinstance(document, dict):
        raise marks.error(
            f"expected a mapping with an 'answers:' key, got {describe(document)}",
            hint=_example_hint(questions),
            cls=AnswerError,
        )
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            if key in questions:
                hint = "question ids go under the 'answers:' key"
            else:
                hint = suggest(key, list(TOP_LEVEL_KEYS)) or f"allowed top-level keys: {', '.join(TOP_LEVEL_KEYS)}"
            raise marks.error(f"unknown top-level key {key!r}", (key,), hint=hint, cls=AnswerError, at_key=True)
    project = document.get("project")
    name = None if project is None else name_text(project)
    if project is not None and name is None:
        raise marks.error(
            f"project must be a name, got {describe(project)}",
            ("project",),
            cls=AnswerError,
            hint=yaml11_bool_hint(marks.raw(("project",))),
        )
    raw_answers = document.get("answers")
    raw_needs = document.get("needs")
    if raw_answers is None and raw_needs is None:
        raise marks.error(
            "no answers: the 'answers:' key is missing or empty", hint=_example_hint(questions), cls=AnswerError
        )
    if raw_answers is not None and not isinstance(raw_answers, dict):
        raise marks.error(
            f"'answers' must be a mapping of question ids to values, got {describe(raw_answers)}",
            ("answers",),
            cls=AnswerError,
        )
    problems: list[AichoiceError] = []  # every mistake in the answers, reported together (up to a cap)
    values, more = _read_answers(raw_answers or {}, ("answers",), "", marks, questions, problems)
    if isinstance(raw_needs, list) and len(raw_needs) > MAX_NEEDS:  # refused before any need is read
        raise marks.error(
            f"'needs' lists {len(raw_needs):,} needs; an assessment takes at most {MAX_NEEDS}",
            ("needs", MAX_NEEDS),
            cls=AnswerError,
            hint="split the file: assess each part, or a portfolio with aichoice batch",
        )
    needs = _read_needs(raw_needs, marks, questions, problems) if raw_needs is not None else []
    if problems:
        if len(problems) == 1 and not more:
            raise problems[0]
        raise ManyErrors(sorted(problems, key=_position), more)
    cost = None
    if document.get("cost") is not None:
        from aichoice.cost_files import read_cost  # only files with a cost section pay for importing it

        cost = read_cost(document["cost"], marks, ("cost",))
    return Draft(name, values, marks.source, marks, cost, needs=needs)


def name_text(value: Any) -> str | None:
    """A project's or a need's name as text, or None if `value` is no name.

    A file's names are already the text typed (`Yes`, `0x1F`, `1.50`: see
    `loader._text_key`); a mapping given to the library may hold a plain
    number, read as its digits.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and value.bit_length() < 64):
        return str(value)
    return None


# Characters that show as nothing, beyond those `sanitize.terminal` removes: zero-width space,
# non-joiner and joiner, word joiner, zero-width no-break space (BOM).
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def shown_name(name: str) -> str:
    """A need's name as a reader sees it: what `sanitize.terminal` keeps, without the invisible
    characters, spaces collapsed. Two names that show the same cannot be told apart in a report."""
    from aichoice.sanitize import terminal as clean

    return " ".join(_INVISIBLE.sub("", clean(name)).split())


def _read_answers(
    raw: dict[Any, Any],
    path: tuple[Any, ...],
    label: str,
    marks: Marks,
    questions: dict[str, Question],
    problems: list[AichoiceError],
) -> tuple[dict[str, AnswerValue], int]:
    """Each answer of one `answers:` mapping checked and located; mistakes go to `problems`.
    Returns the valid answers and how many unknown keys were left unreported (past the cap)."""
    unknown = [key for key in raw if key not in questions]
    known = f"known questions: {', '.join(questions)}"
    for key in unknown[: ManyErrors.SHOWN]:  # in file order: the first ones are the ones shown
        problems.append(
            marks.error(
                f"{label}unknown question {key!r}",
                path + (key,),
                cls=AnswerError,
                at_key=True,
                hint=suggest_then(str(key), list(questions), known),
            )
        )
    values: dict[str, AnswerValue] = {}
    for qid, question in questions.items():
        if qid in raw:
            where = path + (qid,)
            try:
                values[qid] = validate_value(question, raw[qid], marks.raw(where))
            except AnswerError as exc:
                item = getattr(exc, "item", None)
                problems.append(
                    marks.error(
                        f"{label}{qid}: {exc.message}",
                        where if item is None else where + (item,),
                        hint=exc.hint,
                        cls=AnswerError,
                    )
                )
    return values, max(0, len(unknown) - ManyErrors.SHOWN)


def _read_needs(raw: Any, marks: Marks, questions: dict[str, Question], problems: list[AichoiceError]) -> list[Need]:
    """`needs:`: a list of {name, answers}, each need's answers checked like the shared ones."""
    hint = "write needs: [{name: Staff writing help, answers: {...}}, {name: Support bot, answers: {...}}]"
    if not isinstance(raw, list) or not raw:
        raise marks.error(
            f"'needs' must be a list of needs, each with a name and answers, got {describe(raw)}",
            ("needs",),
            cls=AnswerError,
            hint=hint,
        )
    needs: list[Need] = []
    names: dict[str, int] = {}  # each name as shown, and the need that has it
    for index, item in enumerate(raw):
        where = ("needs", index)
        if not isinstance(item, dict):
            problems.append(
                marks.error(
                    f"needs[{index + 1}]: expected a mapping with a name and answers, got {describe(item)}",
                    where,
                    cls=AnswerError,
                    hint=hint,
                )
            )
            continue
        for key in item:
            if key not in NEED_KEYS:
                problems.append(
                    marks.error(
                        f"needs[{index + 1}]: unknown key {key!r}",
                        where + (key,),
                        at_key=True,
                        cls=AnswerError,
                        hint=f"a need has: {', '.join(NEED_KEYS)}",
                    )
                )
        name = _need_name(item, index, marks, problems, names)
        if name is None:
            continue
        answers = item.get("answers") or {}
        need = Need(name, {}, index)
        if not isinstance(answers, dict):
            problems.append(
                marks.error(
                    f"{need.label}'answers' must be a mapping of question ids to values, got {describe(answers)}",
                    where + ("answers",),
                    cls=AnswerError,
                )
            )
            continue
        need.values, _ = _read_answers(answers, where + ("answers",), need.label, marks, questions, problems)
        if item.get("cost") is not None:
            from aichoice.cost_files import read_cost

            need.cost = read_cost(item["cost"], marks, where + ("cost",), need.label)
        needs.append(need)
    return needs


def _need_name(
    item: dict[Any, Any], index: int, marks: Marks, problems: list[AichoiceError], names: dict[str, int]
) -> str | None:
    """A need's name (None: refused, the reason in `problems`): text that shows as something, and
    not as another need's name shows (`Sta\\x1bff` and `Staff` read the same on every output)."""
    where = ("needs", index, "name")
    raw = item.get("name")
    name = None if raw is None else name_text(raw)
    if name is None or not name.strip():
        problems.append(
            marks.error(
                f"needs[{index + 1}]: a need needs a name, got {describe(raw)}",
                where if "name" in item else where[:2],
                cls=AnswerError,
                hint=yaml11_bool_hint(marks.raw(where)),
            )
        )
        return None
    name, shown = name.strip(), shown_name(name)
    if not shown:
        problems.append(
            marks.error(
                f"needs[{index + 1}]: the name {name!r} shows as nothing: it holds only "
                "control or invisible characters",
                where,
                cls=AnswerError,
                hint="give the need a name a reader can see",
            )
        )
        return None
    other = names.setdefault(shown, index)
    if other != index:
        same = "is used by another need" if shown == name else f"shows as {shown!r}, the same as another need's name"
        problems.append(
            marks.error(
                f"needs[{index + 1}]: the name {name!r} {same} (needs[{other + 1}])",
                where,
                cls=AnswerError,
                hint="give each need a name of its own",
            )
        )
    return name


def _position(error: AichoiceError) -> tuple[int, int]:
    return error.line or 0, error.col or 0


def dump_answers(answers: Answers) -> str:
    """Answers as a contract-v3 YAML document that loads back to the same answers."""
    return dump_draft(Draft(answers.project, dict(answers.values), cost=answers.cost))


def dump_draft(draft: Draft) -> str:
    """A draft as a contract-v3 YAML document that loads back to the same answers: one need's
    answers, or the shared answers and each need's own (`needs:`), as the draft holds them."""
    document: dict[str, Any] = {}
    if draft.project:
        document["project"] = draft.project
    if draft.needs:  # as given: the shared answers once, and each need's own
        if draft.values:
            document["answers"] = dict(draft.values)
        document["needs"] = [{"name": need.name, "answers": dict(need.values)} for need in draft.needs]
    else:
        document["answers"] = dict(draft.values)
    if draft.cost:
        document["cost"] = dict(draft.cost)
    header = "# aichoice answers (contract v3). Re-assess with: aichoice assess --answers FILE\n"
    return header + yaml.dump(
        document, Dumper=_PlainDumper, sort_keys=False, default_flow_style=None, allow_unicode=True
    )


class _PlainDumper(yaml.SafeDumper):
    """Writes a value that two needs share (a list offered as the next need's default) out in
    full each time: a saved answers file holds no anchors and aliases for a person to untangle."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _example_hint(questions: dict[str, Question]) -> str:
    first = next(iter(questions.values()))
    value = first.values[0] if first.values else first.default
    return f"an answers file looks like:  answers: {{{first.id}: {value}, ...}}"
