"""Load a rule set folder (ruleset, questions, scoring and readiness files) and check it.

Every problem becomes a `RulesError` located at `file:line:col`: a schema
error, a rule that names an unknown question or value, an operator that does
not fit the question's type, a duplicate id.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aichoice import answers as answers_mod
from aichoice.errors import AichoiceError, RulesError
from aichoice.loader import Marks, load_yaml, read_text
from aichoice.models import (
    AllOf,
    AnyOf,
    Condition,
    Not,
    Question,
    Questionnaire,
    Readiness,
    RuleSet,
    RuleSetInfo,
    Scoring,
    Compare,
)

RULESET_FILES = ("ruleset.yaml", "questions.yaml", "scoring.yaml", "readiness.yaml")

M = TypeVar("M", bound=BaseModel)


def default_rules_dir() -> Path:
    """The shipped rule set: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


def load_ruleset(directory: str | Path | None = None) -> RuleSet:
    """Read, validate and cross-check the rule set in `directory`."""
    folder = Path(directory) if directory is not None else default_rules_dir()
    if not folder.is_dir():
        raise RulesError(f"rule set folder not found: {folder}", hint=f"it must hold {', '.join(RULESET_FILES)}")
    digest = hashlib.sha256()
    parsed: dict[str, tuple[Any, Marks]] = {}
    for name in RULESET_FILES:
        path = folder / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise RulesError(f"missing rule file {name}", str(path)) from None
        except OSError as exc:
            raise RulesError(f"cannot read rule file: {exc.strerror}", str(path)) from None
        digest.update(name.encode() + b"\0" + data + b"\0")
        try:
            parsed[name] = load_yaml(read_text(data, str(path)), str(path))
        except AichoiceError as exc:
            raise RulesError(exc.message, exc.path, exc.line, exc.col, exc.hint) from None

    info = _validate(RuleSetInfo, *parsed["ruleset.yaml"])
    questionnaire = _validate(Questionnaire, *parsed["questions.yaml"])
    scoring = _validate(Scoring, *parsed["scoring.yaml"])
    readiness = _validate(Readiness, *parsed["readiness.yaml"])

    _check_questions(questionnaire, parsed["questions.yaml"][1])
    questions = {q.id: q for s in questionnaire.sections for q in s.questions}
    _check_rules(scoring, questions, parsed["scoring.yaml"][1])
    _check_readiness(readiness, questions, parsed["readiness.yaml"][1])

    return RuleSet(
        info=info,
        questionnaire=questionnaire,
        rules=scoring.rules,
        readiness=readiness,
        sha256=digest.hexdigest(),
        path=str(folder),
    )


def _validate(model: type[M], data: Any, marks: Marks) -> M:
    """Validate one file's data into `model`, locating the first error in the file."""
    if not isinstance(data, dict):
        raise marks.error("a rule file must be a YAML mapping", cls=RulesError)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        path = _data_path(data, error["loc"])
        where = ".".join(str(p) for p in path) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = f"unknown key {path[-1]!r}"
        elif error["type"] == "missing":
            missing = error["loc"][-1]
            message = f"{where}: missing required key {missing!r}"
            raise marks.error(message, path, cls=RulesError)
        raise marks.error(f"{where}: {message}", path, cls=RulesError, at_key=error["type"] == "extra_forbidden")


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Map a pydantic error location onto the data, skipping union tags and aliases."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part.endswith("_") and part[:-1] in node:
            node = node[part[:-1]]
            path.append(part[:-1])
        elif isinstance(node, dict) and part not in ("all", "any", "not", "test"):
            path.append(part)  # an unknown or missing key: point at its mapping
            break
    return tuple(path)


def _check_questions(questionnaire: Questionnaire, marks: Marks) -> None:
    """Unique ids, valid defaults, `when` conditions over earlier questions only."""
    seen: dict[str, Question] = {}
    for s_index, section in enumerate(questionnaire.sections):
        for q_index, question in enumerate(section.questions):
            path = ("sections", s_index, "questions", q_index)
            if question.id in seen:
                raise marks.error(f"duplicate question id {question.id!r}", path + ("id",), cls=RulesError)
            if question.type in ("choice", "list") and len(set(question.values)) != len(question.values):
                raise marks.error(f"question {question.id!r} lists a value twice", path + ("choices",), cls=RulesError)
            try:
                answers_mod.validate_value(question, question.default)
            except AichoiceError as exc:
                raise marks.error(f"default of {question.id!r}: {exc.message}", path + ("default",), cls=RulesError) from None
            if question.when is not None:
                _check_condition(question.when, seen, marks, path + ("when",))
            seen[question.id] = question


def _check_rules(scoring: Scoring, questions: dict[str, Question], marks: Marks) -> None:
    """Unique rule ids; every condition names a known question and valid values."""
    ids: set[str] = set()
    for index, rule in enumerate(scoring.rules):
        path = ("rules", index)
        if rule.id in ids:
            raise marks.error(f"duplicate rule id {rule.id!r}", path + ("id",), cls=RulesError)
        ids.add(rule.id)
        _check_condition(rule.when, questions, marks, path + ("when",))


def _check_readiness(readiness: Readiness, questions: dict[str, Question], marks: Marks) -> None:
    """Unique check ids; every condition names a known question and valid values."""
    ids: set[str] = set()
    for index, check in enumerate(readiness.checks):
        if check.id in ids:
            raise marks.error(f"duplicate check id {check.id!r}", ("checks", index, "id"), cls=RulesError)
        ids.add(check.id)
        _check_condition(check.when, questions, marks, ("checks", index, "when"))
    for index, item in enumerate(readiness.governance):
        _check_condition(item.emphasise_when, questions, marks, ("governance", index, "emphasise_when"))


def _check_condition(cond: Condition, questions: dict[str, Question], marks: Marks, path: tuple[Any, ...]) -> None:
    if isinstance(cond, AllOf):
        for i, inner in enumerate(cond.all):
            _check_condition(inner, questions, marks, path + ("all", i))
    elif isinstance(cond, AnyOf):
        for i, inner in enumerate(cond.any):
            _check_condition(inner, questions, marks, path + ("any", i))
    elif isinstance(cond, Not):
        _check_condition(cond.not_, questions, marks, path + ("not",))
    else:
        _check_test(cond, questions, marks, path)


_OPERATORS = {
    "choice": {"equals", "in"},
    "bool": {"equals"},
    "int": {"equals", "gte", "lte"},
    "list": {"includes", "in"},
}


def _check_test(test: Compare, questions: dict[str, Question], marks: Marks, path: tuple[Any, ...]) -> None:
    question = questions.get(test.question)
    if question is None:
        hint = answers_mod.suggest(test.question, list(questions))
        raise marks.error(
            f"unknown question {test.question!r}", path + ("question",), cls=RulesError,
            hint=hint or f"known questions: {', '.join(questions)}",
        )
    op = test.operator
    if op not in _OPERATORS[question.type]:
        allowed = ", ".join(sorted(_OPERATORS[question.type]))
        raise marks.error(
            f"{op!r} does not apply to {question.type} question {question.id!r}; use {allowed}",
            path + (op,), cls=RulesError,
        )
    operand = getattr(test, "in_" if op == "in" else op)
    values = operand if op == "in" else [operand]
    for i, value in enumerate(values):
        where = path + (op, i) if op == "in" else path + (op,)
        try:
            answers_mod.validate_value(question, [value] if question.type == "list" else value)
        except AichoiceError as exc:
            raise marks.error(f"rule compares {question.id!r} with {value!r}: {exc.message}", where, cls=RulesError) from None
