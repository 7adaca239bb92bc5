"""Load a rule set folder (ruleset, questions, scoring and readiness files): validate, check, cache.

Two ways in, one result:

    cold:  read the four files -> parse the YAML -> validate with pydantic into the
           models -> cross-check (questions, values, operators, ids) -> RuleSet
           -> keep the validated values in the cache
    warm:  read the four files -> their sha256 names a cache entry -> check the
           entry's own sha256 and its shape against the models -> RuleSet

The cache holds the values validation produced (never what was written), so
both ways give equal rule sets, and a test holds them to that over generated
rule sets. An entry that is missing, not a regular file, too big, fails its
integrity check or has the wrong shape is ignored and rebuilt: the cache can
make a run faster, never different.

Every problem is a `RulesError` located at `file:line:col`: a schema error, a
rule that names an unknown question or value, an operator that does not fit
the question's type, a duplicate id. `check_ruleset` collects all of them,
plus warnings (rules that can never fire, questions or values no rule uses);
`load_ruleset` stops at the first error.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import math
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Sequence, TypeVar

import yaml

from aichoice import models

from aichoice import __version__
from aichoice import answers as answers_mod
from aichoice.errors import AichoiceError, RulesError, suggest
from aichoice.files import open_atomic, read_capped
from aichoice.loader import MAX_BYTES, Marks, describe, load_yaml, read_text
from aichoice.digest import sha256
from aichoice.models import (
    AllOf,
    AnyOf,
    Check,
    OPERATORS,
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
    to_plain,
)

RULESET_FILES = ("ruleset.yaml", "questions.yaml", "scoring.yaml", "readiness.yaml")

M = TypeVar("M")
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
_FILES = {"ruleset.yaml": RuleSetInfo, "questions.yaml": Questionnaire,
          "scoring.yaml": Scoring, "readiness.yaml": Readiness}


def load_ruleset(directory: str | Path | None = None) -> RuleSet:
    """Read, validate and cross-check the rule set in `directory`; raise its first error.

    Validation runs once per content: a rule set loaded before in this
    process is returned as it was, and one whose exact bytes were validated
    before by this version of the code is rebuilt from the values validation
    produced then (see the module's docstring), which keeps start-up short.
    """
    folder = Path(directory) if directory is not None else default_rules_dir()
    files, errors = _read(folder)
    if errors:
        raise _first(errors, directory)
    digest = _digest(files)
    key = (str(folder.resolve()), digest)
    if key in _LOADED:
        return _LOADED[key]
    marker = _marker(digest)
    ruleset = _rebuild(folder, marker, digest) if marker is not None else None
    if ruleset is None:
        report = _check(folder, files, digest, lint=False)
        if report.errors:
            raise _first(report.errors, directory)
        assert report.ruleset is not None
        ruleset = report.ruleset
        _remember(marker, ruleset)
    _LOADED[key] = ruleset
    return ruleset


def check_ruleset(directory: str | Path | None = None, lint: bool = True) -> Report:
    """Every error in the rule set and, with `lint`, every warning (no cache: always checked)."""
    folder = Path(directory) if directory is not None else default_rules_dir()
    files, errors = _read(folder)
    if errors:
        return Report(errors=errors)
    return _check(folder, files, _digest(files), lint)


def _first(errors: list[AichoiceError], directory: str | Path | None) -> AichoiceError:
    first = errors[0]
    if len(errors) > 1:
        more = len(errors) - 1
        where = f" {directory}" if directory is not None else ""
        first.hint = f"{more} more error{'s' if more > 1 else ''}: run 'aichoice rules check{where}'"
    return first


def _read(folder: Path) -> tuple[dict[str, bytes], list[AichoiceError]]:
    if not folder.is_dir():
        return {}, [RulesError(f"rule set folder not found: {folder}", hint=f"it must hold {', '.join(RULESET_FILES)}")]
    files: dict[str, bytes] = {}
    errors: list[AichoiceError] = []
    for name in RULESET_FILES:
        path = folder / name
        try:
            files[name] = read_capped(path, MAX_BYTES)
        except FileNotFoundError:
            errors.append(RulesError(f"missing rule file {name}", str(path)))
        except OSError as exc:
            errors.append(RulesError(f"cannot read rule file: {exc.strerror}", str(path)))
    return files, errors


def _digest(files: dict[str, bytes]) -> str:
    """The rule set's sha256: its file names and bytes, in a fixed order."""
    digest = sha256()
    for name in RULESET_FILES:
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return str(digest.hexdigest())


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


def _check(folder: Path, files: dict[str, bytes], digest: str, lint: bool) -> Report:
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
    if info is not None and info.policy.both.requires is not None:
        checker.condition(info.policy.both.requires, questions, parsed["ruleset.yaml"][1],
                          ("policy", "both", "requires"))
    if readiness is not None:
        checker.readiness(readiness, questions, parsed["readiness.yaml"][1])
    if report.errors or info is None or scoring is None or readiness is None:
        return report
    report.ruleset = RuleSet(info=info, questionnaire=questionnaire, rules=scoring.rules,
                             readiness=readiness, sha256=digest, path=str(folder))
    if lint:
        from aichoice.lint import lint_ruleset

        report.warnings.extend(lint_ruleset(report.ruleset, parsed["questions.yaml"][1], parsed["scoring.yaml"][1]))
    return report


def _rebuild(folder: Path, marker: Path, digest: str) -> RuleSet | None:
    """The rule set these bytes validated to before, from its cache entry; None when there is
    no entry that passes its integrity and shape checks (then the rule set is validated)."""
    try:
        raw = read_capped(marker, MAX_CACHE_BYTES)
        if len(raw) > MAX_CACHE_BYTES:
            return None
        seal, _, body = raw.partition(b"\n")
        if seal.decode("ascii") != sha256(digest.encode() + b"\0" + body).hexdigest():
            return None  # written by something else, cut short, or edited
        data = json.loads(body)
        built = {name: build(model, data[name]) for name, model in _FILES.items()}
        return RuleSet(info=built["ruleset.yaml"], questionnaire=built["questions.yaml"],
                       rules=built["scoring.yaml"].rules, readiness=built["readiness.yaml"],
                       sha256=digest, path=str(folder))
    except Exception:  # noqa: BLE001 - any failure of an optional cache means: validate instead
        return None


class ShapeError(ValueError):
    """Cached data that does not have the shape of the model it should build."""


def build(cls: Any, data: Any) -> Any:
    """Construct `cls` from values that validation produced before, checking their shape strictly.

    Follows the type hints pydantic does (dataclasses, lists, dicts, enums,
    literals, optional and tagged-union conditions) and takes each value only
    as exactly its type: anything else raises ShapeError. Each dataclass's
    own checks (`__post_init__`) run as they do on validation.
    """
    return _builder(cls)(data)


@functools.lru_cache(maxsize=None)
def _builder(cls: Any) -> Callable[[Any], Any]:
    """A function that builds `cls` from plain data: the type hints are read once per process."""
    if isinstance(cls, (str, typing.ForwardRef)):  # a forward reference, such as "Condition"
        return _builder(vars(models)[cls if isinstance(cls, str) else cls.__forward_arg__])
    origin, args = typing.get_origin(cls), typing.get_args(cls)
    if origin is typing.Annotated:
        if any(isinstance(m, models._TaggedByKey) for m in args[1:]):
            return _condition
        return _builder(args[0])
    if origin is typing.Union or origin is types.UnionType:
        return _union(tuple(a for a in args if a is not type(None)), type(None) in args)
    if origin is list:
        return _list(args[0])
    if origin is dict:
        return _dict(*args)
    if origin is typing.Literal:
        return _literal(args)
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return _enum(cls)
    if dataclasses.is_dataclass(cls):
        return _dataclass(cls)
    if cls is float:
        return _float
    if cls in (bool, int, str):
        return _exactly(cls)
    if cls is Any:
        return lambda data: data
    raise ShapeError(f"no way to build {cls!r}")  # pragma: no cover - a model field of a new kind


def _condition(data: Any) -> Any:
    if type(data) is not dict:
        raise ShapeError("a condition must be a mapping")
    return _builder(models._KINDS[models.condition_kind(data)])(data)


def _resolved(hints: tuple[Any, ...]) -> Callable[[], list[Callable[[Any], Any]]]:
    """The builders of `hints`, looked up on first use (a type may refer to itself) and then kept:
    a rebuild makes thousands of values, and hashing a type hint for each is slow."""
    found: list[Callable[[Any], Any]] = []

    def builders() -> list[Callable[[Any], Any]]:
        if not found:
            found.extend(_builder(hint) for hint in hints)
        return found
    return builders


def _union(members: tuple[Any, ...], optional: bool) -> Callable[[Any], Any]:
    builders = _resolved(members)

    def build_one(data: Any) -> Any:
        if data is None:
            if optional:
                return None
            raise ShapeError("a value is missing")
        for build_member in builders():
            try:
                return build_member(data)
            except ShapeError:
                continue
        raise ShapeError(f"{data!r} fits none of {members}")
    return build_one


def _list(item: Any) -> Callable[[Any], Any]:
    builders = _resolved((item,))

    def build_list(data: Any) -> Any:
        if type(data) is not list:
            raise ShapeError("expected a list")
        (each,) = builders()
        return [each(value) for value in data]
    return build_list


def _dict(key: Any, item: Any) -> Callable[[Any], Any]:
    builders = _resolved((key, item))

    def build_dict(data: Any) -> Any:
        if type(data) is not dict:
            raise ShapeError("expected a mapping")
        keys, values = builders()
        return {keys(k): values(v) for k, v in data.items()}
    return build_dict


def _literal(allowed: tuple[Any, ...]) -> Callable[[Any], Any]:
    def build_literal(data: Any) -> Any:
        if type(data) is not str or data not in allowed:
            raise ShapeError(f"{data!r} is not one of {allowed}")
        return data
    return build_literal


def _enum(cls: type[enum.Enum]) -> Callable[[Any], Any]:
    def build_enum(data: Any) -> Any:
        try:
            return cls(data)
        except ValueError:
            raise ShapeError(f"{data!r} is not a {cls.__name__}") from None
    return build_enum


def _dataclass(cls: Any) -> Callable[[Any], Any]:
    known = {models._alias(f.name): f for f in dataclasses.fields(cls)}
    required = frozenset(name for name, f in known.items()
                         if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)

    names = list(known)
    builders = _resolved(tuple(_hashable(known[name].type) for name in names))
    fields: dict[str, tuple[str, int]] = {name: (known[name].name, index) for index, name in enumerate(names)}

    def build_dataclass(data: Any) -> Any:
        if type(data) is not dict or not required <= data.keys() <= known.keys():
            raise ShapeError(f"the keys of {cls.__name__} are wrong")
        each = builders()
        return cls(**{fields[name][0]: each[fields[name][1]](value) for name, value in data.items()})
    return build_dataclass


def _hashable(hint: Any) -> Hashable:
    """A field's type hint as the builders' cache key (type hints are hashable at run time)."""
    return hint  # type: ignore[no-any-return]


def _float(data: Any) -> float:
    if type(data) not in (int, float) or not math.isfinite(data):
        raise ShapeError(f"{data!r} is not a finite number")
    return float(data)


def _exactly(cls: type) -> Callable[[Any], Any]:
    def build_scalar(data: Any) -> Any:
        if type(data) is not cls:
            raise ShapeError(f"{data!r} is not a {cls.__name__}")
        return data
    return build_scalar


def _without_none(data: Any) -> Any:
    """Plain data without the fields that are None (each is its field's default): a smaller cache."""
    if isinstance(data, dict):
        return {k: _without_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_none(v) for v in data]
    return data


# -- the cache of validated rule sets ---------------------------------------------

MAX_CACHE_BYTES = 8 * 1024 * 1024


def _cache_dir() -> Path | None:
    """Where validated rule sets are kept; AICHOICE_CACHE_DIR=off disables it."""
    setting = os.environ.get("AICHOICE_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aichoice"


def _code_fingerprint() -> str:
    """The validating code itself: an entry made by other code proves nothing."""
    digest = sha256(f"{__version__} {yaml.__version__}".encode())
    here = Path(__file__).parent
    for name in ("models.py", "ruleset.py", "answers.py", "loader.py"):
        digest.update((here / name).read_bytes())
    return str(digest.hexdigest())[:16]


def _marker(digest: str) -> Path | None:
    """The cache entry for these bytes and this code."""
    folder = _cache_dir()
    return None if folder is None else folder / f"validated-{digest}-{_code_fingerprint()}.json"


def _remember(marker: Path | None, ruleset: RuleSet) -> None:
    """Keep the validated values, sealed with their sha256; a cache that cannot be written is no cache."""
    if marker is None:
        return
    data = _without_none({"ruleset.yaml": to_plain(ruleset.info), "questions.yaml": to_plain(ruleset.questionnaire),
                          "scoring.yaml": {"rules": to_plain(ruleset.rules)}, "readiness.yaml": to_plain(ruleset.readiness)})
    body = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    seal = sha256(ruleset.sha256.encode() + b"\0" + body).hexdigest()
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        with open_atomic(marker, force=True) as out:
            out.write(seal + "\n" + body.decode("utf-8"))
    except (OSError, AichoiceError):
        pass


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


_TYPE_ERRORS = {"int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
                "string_type": "text", "list_type": "a list", "finite_number": "a finite number"}


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
                seen[question.id] = question
        return seen

    def organisation_when(self, question: Question, seen: dict[str, Question], marks: Marks, path: YamlPath) -> None:
        """An organisation question is asked once, before any need: its `when` can name only
        organisation questions."""
        if question.scope != "organisation" or question.when is None:
            return
        for qid in question.when.questions():
            if qid in seen and seen[qid].scope != "organisation":
                self.error(marks, f"the 'when' of organisation question {question.id!r} names {qid!r}, which is "
                                  "asked for each need", path + ("when",),
                           hint=f"give {qid!r} scope: organisation, or {question.id!r} scope: need")
                return

    def rules(self, scoring: Scoring, questions: dict[str, Question], marks: Marks) -> None:
        self.identified(scoring.rules, "rules", "rule", questions, marks)

    def readiness(self, readiness: Readiness, questions: dict[str, Question], marks: Marks) -> None:
        self.identified(readiness.checks, "checks", "check", questions, marks)
        for index, item in enumerate(readiness.governance):
            self.condition(item.emphasise_when, questions, marks, ("governance", index, "emphasise_when"))

    def identified(self, items: Sequence[Rule | Check], key: str, kind: str,
                   questions: dict[str, Question], marks: Marks) -> None:
        """Unique ids; every `when` names a known question and valid values."""
        ids: set[str] = set()
        for index, item in enumerate(items):
            if item.id in ids:
                self.error(marks, f"duplicate {kind} id {item.id!r}", (key, index, "id"))
            ids.add(item.id)
            self.condition(item.when, questions, marks, (key, index, "when"))

    def condition(self, cond: Condition, questions: dict[str, Question], marks: Marks, path: YamlPath,
                  asking: str | None = None) -> None:
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

    def compare(self, test: Compare, questions: dict[str, Question], marks: Marks, path: YamlPath,
                asking: str | None = None) -> None:
        question = questions.get(test.question)
        if question is None and asking is not None:
            if test.question == asking:
                self.error(marks, f"the 'when' of {asking!r} names {asking!r} itself; a question is asked "
                                  "or skipped on the answers to earlier questions", path + ("question",))
                return
            if test.question in self.all_questions:
                self.error(marks, f"the 'when' of {asking!r} names {test.question!r}, which is asked later; "
                                  "a condition can use only earlier questions", path + ("question",),
                           hint="move the question after the ones its 'when' names")
                return
        if question is None:
            hint = suggest(test.question, list(questions))
            self.error(marks, f"unknown question {test.question!r}", path + ("question",),
                       hint=hint or f"known questions: {', '.join(questions)}")
            return
        op = test.operator
        if question.type not in test.op.fits:
            allowed = ", ".join(sorted(name for name, each in OPERATORS.items() if question.type in each.fits))
            self.error(marks, f"{op!r} does not apply to {question.type} question {question.id!r}; use {allowed}",
                       path + (op,))
            return
        for i, value in enumerate(test.operands()):
            where = path + (op, i) if op == "in" else path + (op,)
            try:
                answers_mod.validate_value(question, [value] if question.type == "list" else value)
            except AichoiceError as exc:
                self.error(marks, f"rule compares {question.id!r} with {value!r}: {exc.message}", where,
                           hint=exc.hint)


def copy_ruleset(folder: str | Path, force: bool = False) -> None:
    """Copy the shipped rule set into `folder`, to tune it; files already there are kept
    unless `force`. An empty path is refused: `Path("")` is the current folder, which is
    never what `rules init ""` (an unset variable, say) meant."""
    from aichoice.files import write_atomic
    from aichoice.sanitize import terminal as clean

    if not str(folder).strip():
        raise AichoiceError("the folder name is empty; give the folder to copy the rule set into",
                            hint="for example: aichoice rules init our-rules (or . for the current folder)")
    directory = Path(folder)
    shown = clean(str(directory))
    if directory.exists() and not directory.is_dir():
        raise AichoiceError(f"{shown} is a file, not a folder")
    existing = [name for name in RULESET_FILES if os.path.lexists(directory / name)]
    if existing and not force:
        raise AichoiceError(f"{shown} already holds {', '.join(existing)}; pass --force to replace them")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AichoiceError(f"cannot create {shown}: {exc.strerror}") from None
    source = default_rules_dir()
    for name in RULESET_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"), force=True)
