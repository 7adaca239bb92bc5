"""The models as plain data, and back: the one form JSON output and the rule-set cache keep.

One subject, the two directions between the dataclasses and plain data
(dicts, lists, strings, numbers, booleans, None):

    to_plain    a model as JSON-ready data, each field under its written name
    from_plain  a model rebuilt from plain data that validation produced before,
                taking each value only as exactly its type (anything else raises
                ShapeError) and running each dataclass's own `__post_init__`

`from_plain` is the hook the rule-set cache (rulecache.py) rebuilds a
validated rule set with, without pydantic. It lives here, beside the models,
because it reads what only they know: the key each field is written under,
the exact field types, and how a condition's key names its kind.
"""

import dataclasses
import enum
import functools
import math
import sys
import types
import typing
from typing import Any, Callable, Hashable

from aichoice.models.conditions import CONDITION_KINDS, TaggedByKey, condition_kind
from aichoice.models.fields import written_name


def to_plain(value: Any) -> Any:
    """JSON-ready data: dataclasses as dicts (fields by their written names), enums as values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {written_name(f.name): to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


class ShapeError(ValueError):
    """Plain data that does not have the shape of the model it should build."""


def from_plain(cls: Any, data: Any) -> Any:
    """Construct `cls` from values that validation produced before, checking their shape strictly.

    Follows the type hints pydantic does (dataclasses, lists, dicts, enums,
    literals, optional and tagged-union conditions) and takes each value only
    as exactly its type: anything else raises ShapeError. Each dataclass's
    own checks (`__post_init__`) run as they do on validation, and may raise
    their own errors (a FieldError, say) for data no validation produced.
    """
    return _builder(cls, getattr(cls, "__module__", __name__))(data)


@functools.lru_cache(maxsize=None)
def _builder(cls: Any, module: str) -> Callable[[Any], Any]:
    """A function that builds `cls` from plain data: the type hints are read once per process.
    A forward reference in `cls` (such as "Condition") names a type of `module`."""
    if isinstance(cls, (str, typing.ForwardRef)):
        return _builder(vars(sys.modules[module])[cls if isinstance(cls, str) else cls.__forward_arg__], module)
    origin, args = typing.get_origin(cls), typing.get_args(cls)
    if origin is typing.Annotated:
        if any(isinstance(m, TaggedByKey) for m in args[1:]):
            return _condition
        return _builder(args[0], module)
    if origin is typing.Union or origin is types.UnionType:
        return _union(tuple(a for a in args if a is not type(None)), type(None) in args, module)
    if origin is list:
        return _list(args[0], module)
    if origin is dict:
        return _dict(args[0], args[1], module)
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


_CONDITIONS: dict[str, Callable[[Any], Any]] = {}  # each kind's builder, by its key, once looked up


def _condition(data: Any) -> Any:
    if type(data) is not dict:
        raise ShapeError("a condition must be a mapping")
    kind = condition_kind(data)
    build = _CONDITIONS.get(kind)
    if build is None:
        cls = CONDITION_KINDS[kind]
        build = _CONDITIONS[kind] = _builder(cls, cls.__module__)
    return build(data)


def _resolved(hints: tuple[Any, ...], module: str) -> Callable[[], list[Callable[[Any], Any]]]:
    """The builders of `hints`, looked up on first use (a type may refer to itself) and then kept:
    a rebuild makes thousands of values, and hashing a type hint for each is slow."""
    found: list[Callable[[Any], Any]] = []

    def builders() -> list[Callable[[Any], Any]]:
        if not found:
            found.extend(_builder(hint, module) for hint in hints)
        return found

    return builders


def _union(members: tuple[Any, ...], optional: bool, module: str) -> Callable[[Any], Any]:
    builders = _resolved(members, module)

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


def _list(item: Any, module: str) -> Callable[[Any], Any]:
    builders = _resolved((item,), module)

    def build_list(data: Any) -> Any:
        if type(data) is not list:
            raise ShapeError("expected a list")
        (each,) = builders()
        return [each(value) for value in data]

    return build_list


def _dict(key: Any, item: Any, module: str) -> Callable[[Any], Any]:
    builders = _resolved((key, item), module)

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
    known = {written_name(f.name): f for f in dataclasses.fields(cls)}
    required = frozenset(
        name
        for name, f in known.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )

    names = list(known)
    builders = _resolved(tuple(_hashable(known[name].type) for name in names), cls.__module__)
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
