"""Conditions: the small typed tree (all, any, not, a comparison) rules, checks and questions test.

One subject, what a condition is and how it holds: the one operator table
(`OPERATORS`: evaluation, description, `rules check`, lint and the what-if
thresholds all read it), the four kinds of condition, and how a mapping in a
rule file is told apart as one kind by its key (`condition_kind`, the tagged
union pydantic validates with). Never an expression string.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Callable, Union

from aichoice.models.answers import Values
from aichoice.models.fields import STRICT, Exact, Scalar, WholeNumber, require


@dataclass(frozen=True)
class Operator:
    """One comparison a rule can make: everything that evaluation, description, `rules check`,
    lint and the what-if thresholds need to know of it, in one place."""

    name: str  # as written in rule files
    field: str  # the Compare field that holds its operand
    symbol: str  # as a person reads it
    fits: frozenset[str]  # the question types it applies to
    # (question, operand) -> a test of the answers: compiled once per comparison, called per assessment
    compile: Callable[[str, Any], Callable[[Values], bool]]
    breakpoints: Callable[[Any], tuple[int, ...]]  # for a number: where its truth can change


def _equals(q: str, x: Any) -> Callable[[Values], bool]:
    """The answer is `x`, of the same type: `equals: 1` never matches `true`."""
    kind = type(x)
    return lambda values: type(answer := values[q]) is kind and answer == x


def _in(q: str, x: list[Any]) -> Callable[[Values], bool]:
    """The answer is one of the values, or (for a list answer) any chosen value is."""
    options = frozenset(x)

    def holds(values: Values) -> bool:
        answer = values[q]
        return not options.isdisjoint(answer) if isinstance(answer, list) else answer in options

    return holds


def _gte(q: str, x: int) -> Callable[[Values], bool]:
    return lambda values: type(answer := values[q]) is int and answer >= x


def _lte(q: str, x: int) -> Callable[[Values], bool]:
    return lambda values: type(answer := values[q]) is int and answer <= x


def _includes(q: str, x: str) -> Callable[[Values], bool]:
    def holds(values: Values) -> bool:
        answer = values[q]
        return isinstance(answer, list) and x in answer

    return holds


def _whole(value: Any) -> bool:
    return type(value) is int


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator(
            "equals",
            "equals",
            "=",
            frozenset({"choice", "bool", "int"}),
            _equals,
            lambda x: (x, x + 1) if _whole(x) else (),
        ),
        Operator("in", "in_", "in", frozenset({"choice", "list"}), _in, lambda x: ()),
        Operator("gte", "gte", ">=", frozenset({"int"}), _gte, lambda x: (x,)),
        Operator("lte", "lte", "<=", frozenset({"int"}), _lte, lambda x: (x + 1,)),
        Operator("includes", "includes", "includes", frozenset({"list"}), _includes, lambda x: ()),
    )
}


@dataclass
class Compare:
    """Compare one answer with one operator of OPERATORS: `equals`, `in` (any of),
    `gte`/`lte` (numbers), `includes` (lists)."""

    __pydantic_config__ = STRICT

    question: str
    equals: Scalar | None = None
    in_: Annotated[list[Union[bool, int, str]] | None, Exact] = None
    gte: WholeNumber | None = None
    lte: WholeNumber | None = None
    includes: Annotated[str | None, Exact] = None

    def __post_init__(self) -> None:
        used = [op for op in OPERATORS.values() if getattr(self, op.field) is not None]
        if len(used) != 1:
            raise ValueError(f"a comparison needs exactly one of {', '.join(OPERATORS)} (found {len(used)})")
        require(self.in_ != [], "in", "list at least one value")

    @property
    def op(self) -> Operator:
        """The one operator this comparison uses."""
        return next(op for op in OPERATORS.values() if getattr(self, op.field) is not None)

    @property
    def operator(self) -> str:
        """The operator's name as written in rule files."""
        return self.op.name

    @property
    def operand(self) -> Any:
        """What the answer is compared with."""
        return getattr(self, self.op.field)

    def operands(self) -> list[Any]:
        """The values named (one, or each of `in`'s)."""
        return list(self.operand) if self.op.name == "in" else [self.operand]

    def compares(self) -> list["Compare"]:
        return [self]

    def deciding(self, values: Values) -> list["Compare"]:
        """The comparisons that make a true condition true: the answers a reason names."""
        return [self]

    def refuting(self, values: Values) -> list["Compare"]:
        """The comparisons that make a false condition false (what a `not` names)."""
        return [self]

    def questions(self) -> list[str]:
        return [self.question]

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        """Whether the answers meet this comparison (built once, called per assessment)."""
        return self.op.compile(self.question, self.operand)

    def describe(self) -> str:
        """The comparison as a person would read it."""
        if self.op.name == "in":
            return f"{self.question} in [{', '.join(_show(v) for v in self.operands())}]"
        return f"{self.question} {self.op.symbol} {_show(self.operand)}"


class _Combined:
    """What `all` and `any` share: a non-empty list of conditions, joined by a word."""

    joiner: str
    key: str  # the field holding the list, as the rule file names it

    @property
    def parts(self) -> list["Condition"]:
        return getattr(self, self.key)  # type: ignore[no-any-return]

    def __post_init__(self) -> None:
        require(bool(self.parts), self.key, "list at least one condition")

    def compares(self) -> list["Compare"]:
        """Every comparison in the tree, in order."""
        return [test for c in self.parts for test in c.compares()]

    def questions(self) -> list[str]:
        return _unique(test.question for test in self.compares())

    def describe(self) -> str:
        return f" {self.joiner} ".join(_grouped(c) for c in self.parts)


@dataclass
class AllOf(_Combined):
    """True when every condition is true."""

    __pydantic_config__ = STRICT
    joiner = "and"
    key = "all"

    all: list["Condition"]

    def deciding(self, values: Values) -> list[Compare]:
        """Every part decides."""
        return [test for c in self.all for test in c.deciding(values)]

    def refuting(self, values: Values) -> list[Compare]:
        """The first part that fails refutes."""
        return next((c.refuting(values) for c in self.all if not c.holds(values)), [])

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        tests = tuple(c.holds for c in self.all)

        def holds_all(values: Values) -> bool:  # a plain loop: the hot path of every assessment
            for test in tests:
                if not test(values):
                    return False
            return True

        return holds_all


@dataclass
class AnyOf(_Combined):
    """True when at least one condition is true."""

    __pydantic_config__ = STRICT
    joiner = "or"
    key = "any"

    any: list["Condition"]

    def deciding(self, values: Values) -> list[Compare]:
        """The first part that holds decides; the others are not why it fired."""
        return next((c.deciding(values) for c in self.any if c.holds(values)), [])

    def refuting(self, values: Values) -> list[Compare]:
        """Every part refutes."""
        return [test for c in self.any for test in c.refuting(values)]

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        tests = tuple(c.holds for c in self.any)

        def holds_any(values: Values) -> bool:
            for test in tests:
                if test(values):
                    return True
            return False

        return holds_any


@dataclass
class Not:
    """True when the condition is false."""

    __pydantic_config__ = STRICT

    not_: "Condition"

    def compares(self) -> list[Compare]:
        return self.not_.compares()

    def deciding(self, values: Values) -> list[Compare]:
        return self.not_.refuting(values)

    def refuting(self, values: Values) -> list[Compare]:
        return self.not_.deciding(values)

    def questions(self) -> list[str]:
        return self.not_.questions()

    @cached_property
    def holds(self) -> Callable[[Values], bool]:
        test = self.not_.holds
        return lambda values: not test(values)

    def describe(self) -> str:
        return f"not {_grouped(self.not_)}"


# Each kind of condition by the key that names it in a rule file ("test": a comparison). Validation
# (TaggedByKey) and the rebuild from plain data (plain.py) both choose the kind by it.
CONDITION_KINDS: dict[str, type] = {"all": AllOf, "any": AnyOf, "not": Not, "test": Compare}


def condition_kind(value: Any) -> str:
    """Which kind of condition a mapping is, by its key: all, any, not, or a comparison."""
    if isinstance(value, dict):
        return next((key for key in ("all", "any", "not") if key in value), "test")
    return next((kind for kind, cls in CONDITION_KINDS.items() if isinstance(value, cls)), "test")


class TaggedByKey:
    """Pydantic hook: validate a condition as the one kind its key names.

    A tagged union gives one clear error for a bad condition instead of one
    per kind. Only called while validating rule files, so pydantic is
    imported there and not here. It also marks `Condition` for plain.py,
    which rebuilds a condition from plain data by its key the same way.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        choices = {kind: handler.generate_schema(cls) for kind, cls in CONDITION_KINDS.items()}
        return core_schema.tagged_union_schema(choices, discriminator=condition_kind)


Condition = Annotated[Union[AllOf, AnyOf, Not, Compare], TaggedByKey()]


def _show(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _grouped(cond: Any) -> str:
    text = cond.describe()
    return f"({text})" if isinstance(cond, _Combined) and len(cond.parts) > 1 else text


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))
