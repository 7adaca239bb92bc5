"""The one validation path for answers, whether read from a file or typed at a prompt.

`validate_value` decides whether a single value answers a question;
`validate_answers` checks a whole answers document (contract v2) with it and
locates every problem at `file:line:col`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from aichoice.engine import holds
from aichoice.errors import AichoiceError, AnswerError, ManyErrors, suggest, suggest_then
from aichoice.loader import Marks, describe, load_yaml, read_text, yaml11_bool_hint
from aichoice.models import AnswerValue, Answers, Question, RuleSet

TOP_LEVEL_KEYS = ("project", "answers", "needs", "cost")
NEED_KEYS = ("name", "answers", "cost")
# Needs in one file: each is explained in full, and what would change the whole is tried need by need
# (about 3 ms a need with the shipped rules), so this keeps any accepted file to about a second.
MAX_NEEDS = 200


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
        raise AnswerError(f"expected one of the values, got the boolean {str(raw).lower()}", hint=f"{hint}; {_allowed(question)}")
    if isinstance(raw, str):
        raise AnswerError(f"unknown value {raw!r}", hint=suggest_then(raw, question.values, _allowed(question)))
    raise AnswerError(f"expected one of the values, got {describe(raw)}", hint=_allowed(question))


@dataclass
class Draft:
    """Answers given so far, each already valid; questions may still be missing."""

    project: str | None = None
    values: dict[str, AnswerValue] = field(default_factory=dict)
    source: str = "<answers>"
    marks: Marks | None = None  # where the draft's values stand in its file, if it has one
    cost: dict[str, Any] | None = None
    overridden: list[str] = field(default_factory=list)  # answers set by --set, not by the input
    needs: list["Need"] = field(default_factory=list)  # several needs; none: the draft is one need
    name: str | None = None  # the need's name, for one need of several
    label: str = ""  # how messages name the need: "needs[2] (Support bot): "
    answers_path: tuple[Any, ...] = ("answers",)  # where the need's answers stand in the file
    cost_path: tuple[Any, ...] = ("cost",)  # where its cost section stands (its own, or the file's)


@dataclass
class Need:
    """One need of an answers file with `needs:`: its name and the answers that differ for it."""

    name: str
    values: dict[str, AnswerValue]
    index: int  # its place in `needs:`, from 0
    overridden: list[str] = field(default_factory=list)  # its own answers set by --set NEED:QUESTION=VALUE
    cost: dict[str, Any] | None = None  # its own `cost:` fields, over the file's shared ones

    @property
    def label(self) -> str:
        return f"needs[{self.index + 1}] ({self.name}): "


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
            raise AnswerError(f"--set {setting!r}: write QUESTION=VALUE, or NEED:QUESTION=VALUE for one need",
                              hint="for example --set automation=full or --set 'Support bot:automation=full'")
        need, text = match.group("need"), match.group("value")
        question = questions.get(qid)
        if question is None:
            raise AnswerError(f"--set: unknown question {qid!r}",
                              hint=suggest_then(qid, list(questions), f"known questions: {', '.join(questions)}"))
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
    return dataclasses.replace(draft, values={**draft.values, **shared}, needs=needs,
                               overridden=[qid for qid in draft.values if qid in shared]
                               + [qid for qid in shared if qid not in draft.values])


def unknown_need(name: str, names: list[str], option: str) -> AnswerError:
    """An option naming a need the assessment does not have, with a did-you-mean."""
    from aichoice.sanitize import terminal as clean

    if not names:
        return AnswerError(f"{option}: no need is named {clean(name)!r}: this file has one need, without a name",
                           hint=f"{option} without a need's name applies to the whole")
    known = "needs: " + ", ".join(repr(clean(n)) for n in names)
    return AnswerError(f"{option}: no need is named {clean(name)!r}", hint=suggest_then(name, names, known))


def load_answers(data: bytes, source: str, ruleset: RuleSet, fill_defaults: bool = False) -> Answers:
    """Read an answers document (contract v2) from bytes and validate it."""
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
            hint=_example_hint(questions), cls=AnswerError,
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
        raise marks.error(f"project must be a name, got {describe(project)}", ("project",), cls=AnswerError,
                          hint=yaml11_bool_hint(marks.raw(("project",))))
    raw_answers = document.get("answers")
    raw_needs = document.get("needs")
    if raw_answers is None and raw_needs is None:
        raise marks.error("no answers: the 'answers:' key is missing or empty", hint=_example_hint(questions), cls=AnswerError)
    if raw_answers is not None and not isinstance(raw_answers, dict):
        raise marks.error(f"'answers' must be a mapping of question ids to values, got {describe(raw_answers)}",
                          ("answers",), cls=AnswerError)
    problems: list[AichoiceError] = []  # every mistake in the answers, reported together (up to a cap)
    values, more = _read_answers(raw_answers or {}, ("answers",), "", marks, questions, problems)
    if isinstance(raw_needs, list) and len(raw_needs) > MAX_NEEDS:  # refused before any need is read
        raise marks.error(f"'needs' lists {len(raw_needs):,} needs; an assessment takes at most {MAX_NEEDS}",
                          ("needs", MAX_NEEDS), cls=AnswerError,
                          hint="split the file: assess each part, or a portfolio with aichoice batch")
    needs = _read_needs(raw_needs, marks, questions, problems) if raw_needs is not None else []
    if problems:
        if len(problems) == 1 and not more:
            raise problems[0]
        raise ManyErrors(sorted(problems, key=_position), more)
    cost = None
    if document.get("cost") is not None:
        from aichoice.cost import read_cost  # only files with a cost section pay for importing it

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


def _read_answers(raw: dict[Any, Any], path: tuple[Any, ...], label: str, marks: Marks,
                  questions: dict[str, Question], problems: list[AichoiceError]) -> tuple[dict[str, AnswerValue], int]:
    """Each answer of one `answers:` mapping checked and located; mistakes go to `problems`.
    Returns the valid answers and how many unknown keys were left unreported (past the cap)."""
    unknown = [key for key in raw if key not in questions]
    known = f"known questions: {', '.join(questions)}"
    for key in unknown[: ManyErrors.SHOWN]:  # in file order: the first ones are the ones shown
        problems.append(marks.error(f"{label}unknown question {key!r}", path + (key,), cls=AnswerError, at_key=True,
                                    hint=suggest_then(str(key), list(questions), known)))
    values: dict[str, AnswerValue] = {}
    for qid, question in questions.items():
        if qid in raw:
            where = path + (qid,)
            try:
                values[qid] = validate_value(question, raw[qid], marks.raw(where))
            except AnswerError as exc:
                item = getattr(exc, "item", None)
                problems.append(marks.error(f"{label}{qid}: {exc.message}", where if item is None else where + (item,),
                                            hint=exc.hint, cls=AnswerError))
    return values, max(0, len(unknown) - ManyErrors.SHOWN)


def _read_needs(raw: Any, marks: Marks, questions: dict[str, Question], problems: list[AichoiceError]) -> list[Need]:
    """`needs:`: a list of {name, answers}, each need's answers checked like the shared ones."""
    hint = "write needs: [{name: Staff writing help, answers: {...}}, {name: Support bot, answers: {...}}]"
    if not isinstance(raw, list) or not raw:
        raise marks.error(f"'needs' must be a list of needs, each with a name and answers, got {describe(raw)}",
                          ("needs",), cls=AnswerError, hint=hint)
    needs: list[Need] = []
    names: dict[str, int] = {}  # each name as shown, and the need that has it
    for index, item in enumerate(raw):
        where = ("needs", index)
        if not isinstance(item, dict):
            problems.append(marks.error(f"needs[{index + 1}]: expected a mapping with a name and answers, "
                                        f"got {describe(item)}", where, cls=AnswerError, hint=hint))
            continue
        for key in item:
            if key not in NEED_KEYS:
                problems.append(marks.error(f"needs[{index + 1}]: unknown key {key!r}", where + (key,), at_key=True,
                                            cls=AnswerError, hint=f"a need has: {', '.join(NEED_KEYS)}"))
        name = _need_name(item, index, marks, problems, names)
        if name is None:
            continue
        answers = item.get("answers") or {}
        need = Need(name, {}, index)
        if not isinstance(answers, dict):
            problems.append(marks.error(f"{need.label}'answers' must be a mapping of question ids to values, "
                                        f"got {describe(answers)}", where + ("answers",), cls=AnswerError))
            continue
        need.values, _ = _read_answers(answers, where + ("answers",), need.label, marks, questions, problems)
        if item.get("cost") is not None:
            from aichoice.cost import read_cost

            need.cost = read_cost(item["cost"], marks, where + ("cost",), need.label)
        needs.append(need)
    return needs


def _need_name(item: dict[Any, Any], index: int, marks: Marks, problems: list[AichoiceError],
               names: dict[str, int]) -> str | None:
    """A need's name (None: refused, the reason in `problems`): text that shows as something, and
    not as another need's name shows (`Sta\\x1bff` and `Staff` read the same on every output)."""
    where = ("needs", index, "name")
    raw = item.get("name")
    name = None if raw is None else name_text(raw)
    if name is None or not name.strip():
        problems.append(marks.error(f"needs[{index + 1}]: a need needs a name, got {describe(raw)}",
                                    where if "name" in item else where[:2], cls=AnswerError,
                                    hint=yaml11_bool_hint(marks.raw(where))))
        return None
    name, shown = name.strip(), shown_name(name)
    if not shown:
        problems.append(marks.error(f"needs[{index + 1}]: the name {name!r} shows as nothing: it holds only "
                                    "control or invisible characters", where, cls=AnswerError,
                                    hint="give the need a name a reader can see"))
        return None
    other = names.setdefault(shown, index)
    if other != index:
        same = "is used by another need" if shown == name else f"shows as {shown!r}, the same as another need's name"
        problems.append(marks.error(f"needs[{index + 1}]: the name {name!r} {same} (needs[{other + 1}])",
                                    where, cls=AnswerError, hint="give each need a name of its own"))
    return name


def need_drafts(draft: Draft) -> list[Draft]:
    """The draft of each need: the shared answers with the need's own over them (one need: the draft)."""
    if not draft.needs:
        return [draft]
    return [dataclasses.replace(draft, values={**draft.values, **need.values}, needs=[], name=need.name,
                                label=need.label, answers_path=("needs", need.index, "answers"),
                                overridden=list(dict.fromkeys(draft.overridden + need.overridden)),
                                cost=None if draft.cost is None and need.cost is None
                                else {**(draft.cost or {}), **(need.cost or {})},
                                cost_path=("needs", need.index, "cost") if need.cost is not None else ("cost",))
            for need in draft.needs]


def complete_needs(ruleset: RuleSet, draft: Draft, fill_defaults: bool = False) -> list[Answers]:
    """Every need's full answers (see `complete`); the mistakes of all needs are reported together."""
    completed: list[Answers] = []
    problems: list[AichoiceError] = []
    for need in need_drafts(draft):
        try:
            completed.append(complete(ruleset, need, fill_defaults))
        except AichoiceError as error:
            problems.append(error)
    if problems:
        raise problems[0] if len(problems) == 1 else ManyErrors(problems)
    return completed


def _position(error: AichoiceError) -> tuple[int, int]:
    return error.line or 0, error.col or 0


def applies(question: Question, values: dict[str, AnswerValue]) -> bool:
    """Whether a question is asked, given the answers to the questions before it."""
    return question.when is None or holds(question.when, values)


@dataclass
class Resolved:
    """The one ordered walk's outcome: a value for every question, and what was not answered."""

    values: dict[str, AnswerValue]
    skipped: list[str]  # their `when` does not hold: the default, whatever was given
    missing: list[str]  # asked but not given: the default, if defaults are allowed


def resolve(questions: dict[str, Question], given: dict[str, AnswerValue]) -> Resolved:
    """Walk the questions in order: a question whose `when` does not hold (given the values
    before it) takes its default and is skipped, even if an answer was given for it;
    one that applies takes the given answer, or its default and is missing.

    The same walk serves an answers file, the questionnaire, --ask-missing and
    what-if analysis, so a given answer counts the same way on every path.
    """
    values: dict[str, AnswerValue] = {}
    skipped: list[str] = []
    missing: list[str] = []
    for qid, question in questions.items():
        if not applies(question, values):
            values[qid] = question.default
            skipped.append(qid)
        elif qid in given:
            values[qid] = given[qid]
        else:
            values[qid] = question.default
            missing.append(qid)
    return Resolved(values, skipped, missing)


def complete(ruleset: RuleSet, draft: Draft, fill_defaults: bool = False) -> Answers:
    """Turn a draft into full answers, in questionnaire order (see `resolve`).

    With `fill_defaults`, unanswered questions take their defaults and are
    listed in `assumed`; without it, every missing id is an error. An answer
    given to a question that does not apply is ignored, as the questionnaire
    would never have asked it, and the question is listed in `skipped`.
    """
    resolved = resolve(ruleset.questions, draft.values)
    missing = resolved.missing
    if missing and not fill_defaults:
        message = (f"{draft.label}missing answers for {len(missing)} question{'s' if len(missing) > 1 else ''}: "
                   f"{', '.join(missing)}")
        hint = "answer them, or pass --defaults to assume each question's default"
        if draft.marks is None:
            raise AnswerError(message, draft.source, hint=hint)
        raise draft.marks.error(message, draft.answers_path, cls=AnswerError, hint=hint)
    costed = _costed(draft, resolved.values) if draft.cost is not None else None
    ignored = [qid for qid in resolved.skipped if qid in draft.values]
    return Answers(project=draft.project, values=resolved.values, assumed=missing, skipped=resolved.skipped,
                   source=draft.source, cost=draft.cost, ignored=ignored, overridden=list(draft.overridden),
                   name=draft.name, given=dict(draft.values), costed=costed)


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


def _costed(draft: Draft, values: dict[str, AnswerValue]) -> Any:
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


def dump_answers(answers: Answers) -> str:
    """Answers as a contract-v2 YAML document that loads back to the same answers."""
    return dump_draft(Draft(answers.project, dict(answers.values), cost=answers.cost))


def dump_draft(draft: Draft) -> str:
    """A draft as a contract-v2 YAML document that loads back to the same answers: one need's
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
    header = "# aichoice answers (contract v2). Re-assess with: aichoice assess --answers FILE\n"
    return header + yaml.dump(document, Dumper=_PlainDumper, sort_keys=False, default_flow_style=None,
                              allow_unicode=True)


class _PlainDumper(yaml.SafeDumper):
    """Writes a value that two needs share (a list offered as the next need's default) out in
    full each time: a saved answers file holds no anchors and aliases for a person to untangle."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _example_hint(questions: dict[str, Question]) -> str:
    first = next(iter(questions.values()))
    return f"an answers file looks like:  answers: {{{first.id}: {first.values[0] if first.values else first.default}, ...}}"
