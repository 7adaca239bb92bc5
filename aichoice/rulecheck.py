"""Checking a rule set: validate its four files with pydantic, then cross-check them.

One subject, finding every problem in a rule set's text, each a `RulesError`
located at `file:line:col`: a schema error (pydantic's, put in plain words
and pointed at the key it is about), a rule that names an unknown question
or value, an operator that does not fit the question's type, a duplicate id,
a `when` that names a later question. `check_files` collects all of them
(and, with `lint`, lint.py's warnings) into a `Report`; loading (ruleset.py)
stops at the first. Pydantic is imported here, and only when a rule set is
validated: one rebuilt from the cache (rulecache.py) never comes here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, TypeVar

from aichoice import answers as answers_mod
from aichoice.errors import AichoiceError, RulesError, suggest
from aichoice.loader import Marks, describe, load_yaml, read_text
from aichoice.models import (
    OPERATORS,
    AllOf,
    AnyOf,
    Check,
    Compare,
    Condition,
    FieldError,
    Not,
    Question,
    Questionnaire,
    Readiness,
    Rule,
    RuleSet,
    RuleSetInfo,
    Scoring,
)

M = TypeVar("M")
YamlPath = tuple[Any, ...]


@dataclass
class Report:
    """What checking a rule set found: the rule set (when it loads), errors, warnings."""

    ruleset: RuleSet | None = None
    errors: list[AichoiceError] = field(default_factory=list)
    warnings: list[AichoiceError] = field(default_factory=list)


def _parse(folder: Path, files: dict[str, bytes]) -> tuple[dict[str, tuple[Any, Marks]], list[AichoiceError]]:
    parsed: dict[str, tuple[Any, Marks]] = {}
    errors: list[AichoiceError] = []
    for name, data in files.items():
        path = str(folder / name)
        try:
            parsed[name] = load_yaml(read_text(data, path), path)
        except AichoiceError as exc:
            errors.append(RulesError(exc.message, exc.path, exc.line, exc.col, exc.hint))
    return parsed, errors


def check_files(folder: Path, files: dict[str, bytes], digest: str, lint: bool) -> Report:
    """Parse, validate and cross-check a rule set's files (their bytes, by file name; `digest` is
    their sha256): every error and, with `lint`, every warning; the rule set when there is no error."""
    parsed, errors = _parse(folder, files)
    report = Report(errors=errors)
    if errors:
        return report
    checker = _Checker(report)
    info = checker.validate(RuleSetInfo, *parsed["ruleset.yaml"])
    questionnaire = checker.validate(Questionnaire, *parsed["questions.yaml"])
    scoring = checker.validate(Scoring, *parsed["scoring.yaml"])
    readiness = checker.validate(Readiness, *parsed["readiness.yaml"])
    if questionnaire is None:
        return report
    questions = checker.questions(questionnaire, parsed["questions.yaml"][1])
    if scoring is not None:
        checker.rules(scoring, questions, parsed["scoring.yaml"][1])
        for name, definition in (scoring.definitions or {}).items():
            checker.condition(definition, questions, parsed["scoring.yaml"][1], ("definitions", name))
    if info is not None:
        for option, policy in (("both", info.policy.both), ("chat", info.policy.chat)):
            if policy is not None and policy.requires is not None:
                path = ("policy", option, "requires")
                checker.condition(policy.requires, questions, parsed["ruleset.yaml"][1], path)
    if readiness is not None:
        checker.readiness(readiness, questions, parsed["readiness.yaml"][1])
    if report.errors or info is None or scoring is None or readiness is None:
        return report
    report.ruleset = RuleSet(
        info=info,
        questionnaire=questionnaire,
        rules=scoring.rules,
        readiness=readiness,
        sha256=digest,
        path=str(folder),
    )
    if lint:
        from aichoice.lint import lint_ruleset

        report.warnings.extend(lint_ruleset(report.ruleset, parsed["questions.yaml"][1], parsed["scoring.yaml"][1]))
    return report


def _data_path(data: Any, loc: tuple[Any, ...]) -> YamlPath:
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
            break  # an unknown or missing key: point at its mapping
    return tuple(path)


def _at(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data


_TYPE_ERRORS = {
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "finite_number": "a finite number",
}


def _type_message(value: Any, kinds: list[str]) -> str:
    """What the value is and what the field takes (every type a union takes), in plain words."""
    wanted = list(dict.fromkeys(_TYPE_ERRORS[kind] for kind in kinds))
    text = wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1]) + " or " + wanted[-1]
    return f"expected {text}, got {describe(value)}"


class _Checker:
    """Cross-file checks; each problem is added to the report, located in its file."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.all_questions: set[str] = set()
        self.seen: set[tuple[str, str]] = set()

    def error(self, marks: Marks, message: str, path: YamlPath, at_key: bool = False, hint: str | None = None) -> None:
        error = marks.error(message, path, hint=hint, cls=RulesError, at_key=at_key)
        if (error.location, error.message) not in self.seen:  # a condition reused through an alias: once
            self.seen.add((error.location, error.message))
            self.report.errors.append(error)

    def validate(self, model: type[M], data: Any, marks: Marks) -> M | None:
        """Validate one file's data into `model` with pydantic; every schema error is reported."""
        from pydantic import TypeAdapter, ValidationError  # only here: a cached rule set needs none

        if not isinstance(data, dict):
            self.error(marks, "a rule file must be a YAML mapping", ())
            return None
        try:
            return TypeAdapter(model).validate_python(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            kinds: dict[YamlPath, list[str]] = {}  # a union's members each refuse a value: say it once
            for error in errors:
                if error["type"] in _TYPE_ERRORS:
                    kinds.setdefault(_data_path(data, error["loc"]), []).append(error["type"])
            for error in errors:
                path = _data_path(data, error["loc"])
                if error["type"] in _TYPE_ERRORS:
                    if path in kinds:
                        where = ".".join(str(p) for p in path)
                        self.error(marks, f"{where}: {_type_message(_at(data, path), kinds.pop(path))}", path)
                    continue
                where = ".".join(str(p) for p in path)
                prefix = f"{where}: " if where else ""
                if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
                    self.error(marks, f"unknown key {error['loc'][-1]!r}", path + (error["loc"][-1],), at_key=True)
                elif error["type"] in ("missing", "missing_argument"):
                    self.error(marks, f"{prefix}missing required key {error['loc'][-1]!r}", path)
                else:
                    message = error["msg"].removeprefix("Value error, ")
                    check = error.get("ctx", {}).get("error")
                    if isinstance(check, FieldError):  # a model's own check, about one of its fields
                        message = check.message
                        if isinstance(_at(data, path), dict) and check.field in _at(data, path):
                            path = path + (check.field,)
                        prefix = f"{'.'.join(str(p) for p in path)}: "
                    self.error(marks, f"{prefix}{message}", path)
            return None

    def questions(self, questionnaire: Questionnaire, marks: Marks) -> dict[str, Question]:
        """Unique ids and values, valid defaults, `when` over earlier questions only."""
        self.all_questions = {q.id for s in questionnaire.sections for q in s.questions}
        seen: dict[str, Question] = {}
        for s_index, section in enumerate(questionnaire.sections):
            for q_index, question in enumerate(section.questions):
                path = ("sections", s_index, "questions", q_index)
                if question.id in seen:
                    self.error(marks, f"duplicate question id {question.id!r}", path + ("id",))
                    continue
                if len(set(question.values)) != len(question.values):
                    self.error(marks, f"question {question.id!r} lists a value twice", path + ("choices",))
                try:  # the default as an answer would be read: a single value of a list question is a list
                    question.default = answers_mod.validate_value(question, question.default)
                except AichoiceError as exc:
                    self.error(marks, f"default of {question.id!r}: {exc.message}", path + ("default",))
                if question.when is not None:
                    self.condition(question.when, seen, marks, path + ("when",), asking=question.id)
                    self.organisation_when(question, seen, marks, path)
                self.absent(question, seen, marks, path)
                seen[question.id] = question
        return seen

    def absent(self, question: Question, seen: dict[str, Question], marks: Marks, path: YamlPath) -> None:
        """Each value a lacking answer is read as is a valid answer, chosen on earlier answers only."""
        for index, mapping in enumerate(question.absent or []):
            at = path + ("absent", index)
            try:
                mapping.value = answers_mod.validate_value(question, mapping.value)
            except AichoiceError as exc:
                self.error(marks, f"absent value of {question.id!r}: {exc.message}", at + ("value",))
            if mapping.when is not None:
                self.condition(mapping.when, seen, marks, at + ("when",), asking=question.id)

    def organisation_when(self, question: Question, seen: dict[str, Question], marks: Marks, path: YamlPath) -> None:
        """An organisation question is asked once, before any need: its `when` can name only
        organisation questions."""
        if question.scope != "organisation" or question.when is None:
            return
        for qid in question.when.questions():
            if qid in seen and seen[qid].scope != "organisation":
                self.error(
                    marks,
                    f"the 'when' of organisation question {question.id!r} names {qid!r}, which is asked for each need",
                    path + ("when",),
                    hint=f"give {qid!r} scope: organisation, or {question.id!r} scope: need",
                )
                return

    def rules(self, scoring: Scoring, questions: dict[str, Question], marks: Marks) -> None:
        self.identified(scoring.rules, "rules", "rule", questions, marks)

    def readiness(self, readiness: Readiness, questions: dict[str, Question], marks: Marks) -> None:
        self.identified(readiness.checks, "checks", "check", questions, marks)
        for index, item in enumerate(readiness.governance):
            self.condition(item.emphasise_when, questions, marks, ("governance", index, "emphasise_when"))

    def identified(
        self, items: Sequence[Rule | Check], key: str, kind: str, questions: dict[str, Question], marks: Marks
    ) -> None:
        """Unique ids; every `when` names a known question and valid values."""
        ids: set[str] = set()
        for index, item in enumerate(items):
            if item.id in ids:
                self.error(marks, f"duplicate {kind} id {item.id!r}", (key, index, "id"))
            ids.add(item.id)
            self.condition(item.when, questions, marks, (key, index, "when"))

    def condition(
        self, cond: Condition, questions: dict[str, Question], marks: Marks, path: YamlPath, asking: str | None = None
    ) -> None:
        """Check every comparison in a condition; `asking` names the question whose `when` it is."""
        if isinstance(cond, AllOf):
            for i, inner in enumerate(cond.all):
                self.condition(inner, questions, marks, path + ("all", i), asking)
        elif isinstance(cond, AnyOf):
            for i, inner in enumerate(cond.any):
                self.condition(inner, questions, marks, path + ("any", i), asking)
        elif isinstance(cond, Not):
            self.condition(cond.not_, questions, marks, path + ("not",), asking)
        else:
            self.compare(cond, questions, marks, path, asking)

    def compare(
        self, test: Compare, questions: dict[str, Question], marks: Marks, path: YamlPath, asking: str | None = None
    ) -> None:
        question = questions.get(test.question)
        if question is None and asking is not None:
            if test.question == asking:
                self.error(
                    marks,
                    f"the 'when' of {asking!r} names {asking!r} itself; a question is asked "
                    "or skipped on the answers to earlier questions",
                    path + ("question",),
                )
                return
            if test.question in self.all_questions:
                self.error(
                    marks,
                    f"the 'when' of {asking!r} names {test.question!r}, which is asked later; "
                    "a condition can use only earlier questions",
                    path + ("question",),
                    hint="move the question after the ones its 'when' names",
                )
                return
        if question is None:
            hint = suggest(test.question, list(questions))
            self.error(
                marks,
                f"unknown question {test.question!r}",
                path + ("question",),
                hint=hint or f"known questions: {', '.join(questions)}",
            )
            return
        op = test.operator
        if question.type not in test.op.fits:
            allowed = ", ".join(sorted(name for name, each in OPERATORS.items() if question.type in each.fits))
            self.error(
                marks, f"{op!r} does not apply to {question.type} question {question.id!r}; use {allowed}", path + (op,)
            )
            return
        for i, value in enumerate(test.operands()):
            where = path + (op, i) if op == "in" else path + (op,)
            try:
                answers_mod.validate_value(question, [value] if question.type == "list" else value)
            except AichoiceError as exc:
                self.error(marks, f"rule compares {question.id!r} with {value!r}: {exc.message}", where, hint=exc.hint)
