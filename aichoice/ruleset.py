"""Load a rule set folder (ruleset, questions, scoring and readiness files) and check it.

Every problem is a `RulesError` located at `file:line:col`: a schema error, a
rule that names an unknown question or value, an operator that does not fit
the question's type, a duplicate id. `check_ruleset` collects all of them,
plus warnings (rules that can never fire, questions or values no rule uses);
`load_ruleset` stops at the first error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aichoice import answers as answers_mod
from aichoice.errors import AichoiceError, RulesError
from aichoice.loader import Marks, load_yaml, read_text
from aichoice.models import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Question,
    Questionnaire,
    Readiness,
    RuleSet,
    RuleSetInfo,
    Scoring,
)

RULESET_FILES = ("ruleset.yaml", "questions.yaml", "scoring.yaml", "readiness.yaml")

M = TypeVar("M", bound=BaseModel)
YamlPath = tuple[Any, ...]


def default_rules_dir() -> Path:
    """The shipped rule set: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


@dataclass
class Report:
    """What checking a rule set found: the rule set (when it loads), errors, warnings."""

    ruleset: RuleSet | None = None
    errors: list[AichoiceError] = field(default_factory=list)
    warnings: list[AichoiceError] = field(default_factory=list)


_LOADED: dict[tuple[str, str], RuleSet] = {}


def load_ruleset(directory: str | Path | None = None) -> RuleSet:
    """Read, validate and cross-check the rule set in `directory`; raise its first error.

    A rule set already loaded in this process, with the same bytes in the
    same folder, is returned without validating it again.
    """
    folder = Path(directory) if directory is not None else default_rules_dir()
    key = (str(folder.resolve()), _fingerprint(folder))
    if key[1] and key in _LOADED:
        return _LOADED[key]
    report = check_ruleset(directory, lint=False)
    if report.errors:
        first = report.errors[0]
        more = len(report.errors) - 1
        if more:
            first.hint = f"{more} more error{'s' if more > 1 else ''}: run 'aichoice rules check {report_dir(directory)}'"
        raise first
    assert report.ruleset is not None
    if key[1] and key[1] == report.ruleset.sha256:
        _LOADED[key] = report.ruleset
    return report.ruleset


def _fingerprint(folder: Path) -> str:
    """The rule set's sha256 as check_ruleset computes it, or '' when a file cannot be read."""
    digest = hashlib.sha256()
    try:
        for name in RULESET_FILES:
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()


def report_dir(directory: str | Path | None) -> str:
    return str(directory) if directory is not None else ""


def check_ruleset(directory: str | Path | None = None, lint: bool = True) -> Report:
    """Every error in the rule set and, with `lint`, every warning."""
    folder = Path(directory) if directory is not None else default_rules_dir()
    report = Report()
    if not folder.is_dir():
        report.errors.append(RulesError(f"rule set folder not found: {folder}",
                                        hint=f"it must hold {', '.join(RULESET_FILES)}"))
        return report
    digest = hashlib.sha256()
    parsed: dict[str, tuple[Any, Marks]] = {}
    for name in RULESET_FILES:
        path = folder / name
        try:
            data = path.read_bytes()
            digest.update(name.encode() + b"\0" + data + b"\0")
            parsed[name] = load_yaml(read_text(data, str(path)), str(path))
        except FileNotFoundError:
            report.errors.append(RulesError(f"missing rule file {name}", str(path)))
        except OSError as exc:
            report.errors.append(RulesError(f"cannot read rule file: {exc.strerror}", str(path)))
        except AichoiceError as exc:
            report.errors.append(RulesError(exc.message, exc.path, exc.line, exc.col, exc.hint))
    if report.errors:
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
    if readiness is not None:
        checker.readiness(readiness, questions, parsed["readiness.yaml"][1])
    if report.errors or info is None or scoring is None or readiness is None:
        return report
    report.ruleset = RuleSet(
        info=info,
        questionnaire=questionnaire,
        rules=scoring.rules,
        readiness=readiness,
        sha256=digest.hexdigest(),
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


_OPERATORS = {
    "choice": {"equals", "in"},
    "bool": {"equals"},
    "int": {"equals", "gte", "lte"},
    "list": {"includes", "in"},
}


class _Checker:
    """Cross-file checks; each problem is added to the report, located in its file."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def error(self, marks: Marks, message: str, path: YamlPath, at_key: bool = False, hint: str | None = None) -> None:
        self.report.errors.append(marks.error(message, path, hint=hint, cls=RulesError, at_key=at_key))

    def validate(self, model: type[M], data: Any, marks: Marks) -> M | None:
        """Validate one file's data into `model`; every schema error is reported."""
        if not isinstance(data, dict):
            self.error(marks, "a rule file must be a YAML mapping", ())
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                path = _data_path(data, error["loc"])
                where = ".".join(str(p) for p in path)
                prefix = f"{where}: " if where else ""
                if error["type"] == "extra_forbidden":
                    self.error(marks, f"unknown key {error['loc'][-1]!r}", path + (error["loc"][-1],), at_key=True)
                elif error["type"] == "missing":
                    self.error(marks, f"{prefix}missing required key {error['loc'][-1]!r}", path)
                else:
                    self.error(marks, f"{prefix}{error['msg']}", path)
            return None

    def questions(self, questionnaire: Questionnaire, marks: Marks) -> dict[str, Question]:
        """Unique ids and values, valid defaults, `when` over earlier questions only."""
        seen: dict[str, Question] = {}
        for s_index, section in enumerate(questionnaire.sections):
            for q_index, question in enumerate(section.questions):
                path = ("sections", s_index, "questions", q_index)
                if question.id in seen:
                    self.error(marks, f"duplicate question id {question.id!r}", path + ("id",))
                    continue
                if len(set(question.values)) != len(question.values):
                    self.error(marks, f"question {question.id!r} lists a value twice", path + ("choices",))
                try:
                    answers_mod.validate_value(question, question.default)
                except AichoiceError as exc:
                    self.error(marks, f"default of {question.id!r}: {exc.message}", path + ("default",))
                if question.when is not None:
                    self.condition(question.when, seen, marks, path + ("when",))
                seen[question.id] = question
        return seen

    def rules(self, scoring: Scoring, questions: dict[str, Question], marks: Marks) -> None:
        """Unique rule ids; every condition names a known question and valid values."""
        ids: set[str] = set()
        for index, rule in enumerate(scoring.rules):
            if rule.id in ids:
                self.error(marks, f"duplicate rule id {rule.id!r}", ("rules", index, "id"))
            ids.add(rule.id)
            self.condition(rule.when, questions, marks, ("rules", index, "when"))

    def readiness(self, readiness: Readiness, questions: dict[str, Question], marks: Marks) -> None:
        """Unique check ids; every condition names a known question and valid values."""
        ids: set[str] = set()
        for index, check in enumerate(readiness.checks):
            if check.id in ids:
                self.error(marks, f"duplicate check id {check.id!r}", ("checks", index, "id"))
            ids.add(check.id)
            self.condition(check.when, questions, marks, ("checks", index, "when"))
        for index, item in enumerate(readiness.governance):
            self.condition(item.emphasise_when, questions, marks, ("governance", index, "emphasise_when"))

    def condition(self, cond: Condition, questions: dict[str, Question], marks: Marks, path: YamlPath) -> None:
        if isinstance(cond, AllOf):
            for i, inner in enumerate(cond.all):
                self.condition(inner, questions, marks, path + ("all", i))
        elif isinstance(cond, AnyOf):
            for i, inner in enumerate(cond.any):
                self.condition(inner, questions, marks, path + ("any", i))
        elif isinstance(cond, Not):
            self.condition(cond.not_, questions, marks, path + ("not",))
        else:
            self.compare(cond, questions, marks, path)

    def compare(self, test: Compare, questions: dict[str, Question], marks: Marks, path: YamlPath) -> None:
        question = questions.get(test.question)
        if question is None:
            hint = answers_mod.suggest(test.question, list(questions))
            self.error(marks, f"unknown question {test.question!r}", path + ("question",),
                       hint=hint or f"known questions: {', '.join(questions)}")
            return
        op = test.operator
        if op not in _OPERATORS[question.type]:
            allowed = ", ".join(sorted(_OPERATORS[question.type]))
            self.error(marks, f"{op!r} does not apply to {question.type} question {question.id!r}; use {allowed}",
                       path + (op,))
            return
        operand = getattr(test, "in_" if op == "in" else op)
        values = operand if op == "in" else [operand]
        for i, value in enumerate(values):
            where = path + (op, i) if op == "in" else path + (op,)
            try:
                answers_mod.validate_value(question, [value] if question.type == "list" else value)
            except AichoiceError as exc:
                self.error(marks, f"rule compares {question.id!r} with {value!r}: {exc.message}", where,
                           hint=exc.hint)
