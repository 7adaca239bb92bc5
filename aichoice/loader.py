"""Bounded, safe YAML loading that remembers where every value came from.

Answers files and rule files are untrusted. This module composes the YAML
node tree once, then builds plain Python values from it itself, so that:

- nothing but plain data is ever constructed (`!!python/...` is an error);
- size, nesting depth and alias expansion are bounded;
- duplicate keys and several documents are errors, not silent surprises;
- a `Marks` keeps the node tree, so a later validation error can point at
  `file:line:col`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from aichoice.errors import AichoiceError

try:  # The C parser composes several times faster; fall back where absent.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _SafeLoader(_BaseLoader):
    """The safe loader, remembering how short plain scalars resolve.

    A plain scalar's tag depends on its text alone, and answers files repeat
    the same few words; resolving each by regular expressions was a sixth of
    the time a batch spends per file. Short texts only, a bounded number.
    """

    _resolved: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 64:
            tag = self._resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(self._resolved) < 4096:
                    self._resolved[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

Path = tuple[Any, ...]

_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null"))
_STR, _INT, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})")  # longer numbers go the slow way, to the digit limit
_FLOAT = "tag:yaml.org,2002:float"
# What a person types as a number: digits (1_000 allowed), an optional sign, a decimal point
# and exponent for fractions. Not hex, octal, binary, sexagesimal (1:30), .inf or .nan.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?")
_BOOLS = {"true": True, "false": False, "True": True, "False": False, "yes": True, "no": False}
_YAML11_BOOLS = {"y", "yes", "n", "no", "on", "off", "true", "false"}


@dataclass
class Marks:
    """Where each value of a loaded document starts, found on demand from its node tree.

    Nothing is recorded while loading (batch runs load thousands of valid
    files); only an error walks the tree to its position.
    """

    source: str
    root: yaml.Node | None = None
    _keys: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False)

    def _pairs(self, node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        """A mapping node's pairs by key, indexed once: locating many errors stays linear."""
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    index.setdefault(_key(k), (k, v))
            self._keys[id(node)] = index
        return index

    def node(self, path: Path, at_key: bool = False) -> tuple[yaml.Node | None, bool]:
        """The node at `path` (its key's node, with `at_key`), or at its longest prefix;
        and whether the whole path was found."""
        node = self.root
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                try:
                    pair = self._pairs(node).get(part)
                except TypeError:  # an unhashable part cannot be a key
                    pair = None
                if pair is None:
                    return node, False
                node = pair[0] if last and at_key else pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return node, False
        return node, True

    def locate(self, path: Path, at_key: bool = False) -> tuple[int | None, int | None]:
        """1-based line and column of `path` (of its key, with `at_key`), as near as the file allows."""
        node, _ = self.node(path, at_key)
        if node is None:
            return None, None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def error(
        self,
        message: str,
        path: Path = (),
        hint: str | None = None,
        cls: type[AichoiceError] = AichoiceError,
        at_key: bool = False,
    ) -> AichoiceError:
        """An error of type `cls` located at `path` (or its key) in this document."""
        line, col = self.locate(path, at_key)
        return cls(message, self.source, line, col, hint)

    def raw(self, path: Path) -> str | None:
        """The scalar text as written in the file (before YAML typed it)."""
        node, found = self.node(path)
        return node.value if found and isinstance(node, yaml.ScalarNode) else None


def _key(node: yaml.ScalarNode) -> Any:
    """A mapping key as the builder reads it: `yes:` stays the text 'yes'."""
    value = _Builder.plain(node)
    return node.value if isinstance(value, bool) else value


def read_file(path: str, kind: str, option: str, pipe_hint: str | None = None) -> bytes:
    """A regular file's bytes, at most one past the size cap (read_text refuses the rest), or a clear error.

    `pipe_hint` says what to do instead when the path is a pipe (`<(cat f)`, a
    piped /dev/stdin), which is refused because it could block forever.
    """
    from aichoice.files import NotRegularFile, read_capped
    from aichoice.sanitize import terminal as clean

    try:
        return read_capped(path, MAX_BYTES)
    except FileNotFoundError:
        raise AichoiceError(f"{kind} not found: {clean(path)}") from None
    except IsADirectoryError:
        raise AichoiceError(f"{clean(path)} is a folder; {option} takes a YAML file") from None
    except NotRegularFile as exc:
        hint = pipe_hint if exc.fifo else None
        raise AichoiceError(f"cannot read {clean(path)}: {exc.strerror}", hint=hint) from None
    except OSError as exc:
        raise AichoiceError(f"cannot read {clean(path)}: {exc.strerror}") from None


def read_text(data: bytes, source: str) -> str:
    """Decode untrusted bytes as UTF-8 text, refusing binary and oversize input."""
    if len(data) > MAX_BYTES:
        raise AichoiceError(f"the input is over the {MAX_BYTES:,}-byte limit", source)
    if b"\x00" in data:
        raise AichoiceError("this looks like a binary file, not YAML text", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AichoiceError(f"not valid UTF-8 text (byte {exc.start + 1} of the file)", source, line) from None


def load_yaml(text: str, source: str) -> tuple[Any, Marks]:
    """Parse one YAML document into plain data plus the marks of every value."""
    if len(text) > MAX_BYTES:
        raise AichoiceError(f"the input is over the {MAX_BYTES:,}-byte limit", source)
    marks = Marks(source)
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "expected a single document" in str(exc.context) or "but found another document" in problem:
            problem = "only one YAML document is allowed; remove the extra '---' section"
        elif "nesting depth" in problem:  # PyYAML >= 6.0.4 has a depth limit of its own
            problem = f"the document is nested too deeply (the limit is {MAX_DEPTH} levels)"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if _line_has_tab(text, line):
            problem += " (a tab character cannot indent YAML; use spaces)"
        raise AichoiceError(problem, source, line, col) from None
    except yaml.YAMLError as exc:
        raise AichoiceError(f"invalid YAML: {exc}", source) from None
    except RecursionError:
        raise AichoiceError(f"the document is nested too deeply (the limit is {MAX_DEPTH} levels)", source) from None
    if node is None:
        return None, marks
    marks.root = node
    return _Builder(source).build(node, 0, frozenset()), marks


def _text_key(depth: int, key: Any) -> str | None:
    """The key of a mapping at `depth` (reached by `key`) whose value is free text: `project` of an
    answers file, and `name` of each item of its `needs:` list.

    A name is what was typed, whatever YAML 1.1 would make of it (`Yes` a
    boolean, `0x1F` 31, `1.50` 1.5), so the builder keeps its text. No rule
    file or pricing file has either key there, so every document is loaded
    the same way (a batch loads answers files itself).
    """
    if depth == 0:
        return "project"
    return "name" if depth == 2 and key == "needs" else None


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, within bounds."""

    _constructor = yaml.constructor.SafeConstructor()

    def __init__(self, source: str) -> None:
        self.source = source
        self.nodes = 0

    def fail(self, message: str, node: yaml.Node, hint: str | None = None) -> AichoiceError:
        mark = node.start_mark
        return AichoiceError(message, self.source, mark.line + 1, mark.column + 1, hint)

    def build(self, node: yaml.Node, depth: int, active: frozenset[int], key: Any = None, text: bool = False) -> Any:
        """The value of `node`; `key` is the nearest key above it (for messages), `text` whether
        it is a free-text field (see `_text_key`)."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                f"the document expands to more than {MAX_NODES:,} values (aliases repeated too often?)",
                node,
            )
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels", node)
        if id(node) in active:
            raise self.fail("an alias refers to itself (a cycle)", node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, key, text)
        inner = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, {"tag:yaml.org,2002:seq"})
            return [self.build(item, depth + 1, inner, key) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            self.check_tag(node, {"tag:yaml.org,2002:map"})
            return self.mapping(node, depth, inner, key)
        raise self.fail("unsupported YAML node", node)  # pragma: no cover

    def check_tag(self, node: yaml.Node, allowed: frozenset[str] | set[str]) -> None:
        """Refuse every tag but plain data's: `!!python/...` constructs nothing."""
        if node.tag not in allowed:
            raise self.fail(f"the tag {_short(node.tag)} is not allowed; plain YAML data only", node)

    def scalar(self, node: yaml.ScalarNode, key: Any = None, text: bool = False) -> Any:
        """A plain scalar (str, int, float, bool or null); any other tag is refused.

        So are numbers a person would not have meant: YAML 1.1 reads `1:30` as
        90, `0x10` as 16 and `010` as 8, and `.inf` and `.nan` are not numbers
        any answer or rule can use. A refusal names the `key` the value was
        given for, as the messages of answers do (`team_size: ...`). A free-text
        field (`text`) is its text as typed.
        """
        if node.tag != _TIMESTAMP:
            self.check_tag(node, _PLAIN_TAGS)
        if text and node.tag != _NULL:
            return node.value
        where = "" if key is None else f"{key}: "
        if node.tag == _INT and not _PLAIN_INT.fullmatch(node.value):
            raise self.fail(
                f"{where}{node.value!r} is not a plain whole number: YAML 1.1 reads it as "
                f"{_yaml11_int_kind(node.value)}",
                node,
                hint="write the number in plain digits, or quote it if you meant text",
            )
        if node.tag == _FLOAT and not _PLAIN_FLOAT.fullmatch(node.value):
            raise self.fail(
                f"{where}{node.value!r} is not a finite number in plain digits",
                node,
                hint="write the number in plain digits, or quote it if you meant text",
            )
        try:
            return self.plain(node)
        except ValueError:
            raise self.fail(
                f"{where}the number {node.value[:20]}... is too large ({len(node.value):,} digits)", node
            ) from None
        except yaml.YAMLError as exc:
            raise self.fail(f"cannot read this value: {getattr(exc, 'problem', exc)}", node) from None

    @classmethod
    def plain(cls, node: yaml.ScalarNode) -> Any:
        """A scalar's value: the common cases directly, the rest (0x1F, 1_000, .inf, ~) as PyYAML reads them."""
        tag = node.tag
        if tag == _STR or tag == _TIMESTAMP:  # a date is just text here
            return node.value
        if tag == _INT and _DECIMAL.fullmatch(node.value):
            return int(node.value)
        if tag == _BOOL and node.value in _BOOLS:
            return _BOOLS[node.value]
        if tag not in _PLAIN_TAGS:
            return node.value  # only ever reached for a key the builder refused already
        return cls._constructor.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, depth: int, active: frozenset[int], above: Any) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, yaml.Node] = {}
        text_key = _text_key(depth, above)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail("merge keys ('<<') are not supported; write the keys out", key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail("a key must be a plain value, not a list or mapping", key_node)
            key = self.scalar(key_node)
            if isinstance(key, bool):
                # `yes:` or `on:` as a key is read as a boolean by YAML 1.1.
                key = key_node.value
            if key in seen:
                first = seen[key].start_mark
                raise self.fail(
                    f"duplicate key {key!r}; it is also set at line {first.line + 1}, column {first.column + 1}",
                    key_node,
                )
            seen[key] = key_node
            result[key] = self.build(value_node, depth + 1, active, key, key == text_key)
        return result


def _yaml11_int_kind(text: str) -> str:
    """What YAML 1.1 made of a number that is not plain digits."""
    lowered = text.lstrip("+-").lower()
    if ":" in lowered:
        return "a base-60 number (1:30 is 90)"
    if lowered.startswith("0x"):
        return "a hexadecimal number (0x10 is 16)"
    if lowered.startswith("0b"):
        return "a binary number (0b10 is 2)"
    return "an octal number (010 is 8)"


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _line_has_tab(text: str, line: int | None) -> bool:
    lines = text.splitlines()
    return line is not None and 0 < line <= len(lines) and "\t" in lines[line - 1]


def yaml11_bool_hint(raw: str | None) -> str | None:
    """Explain YAML 1.1's reading of `no`, `on` and friends as booleans."""
    if raw is not None and raw.lower() in _YAML11_BOOLS:
        return f'YAML reads the bare word {raw!r} as a boolean; quote it ("{raw}") if you meant the text'
    return None


def describe(raw: Any) -> str:
    """What a value is, for a message: safe for any value a mapping given to the library may hold
    (an integer too long for str(), a tuple, bytes)."""
    if raw is None:
        return "nothing"
    if isinstance(raw, bool):
        return f"the boolean {str(raw).lower()}"
    if isinstance(raw, int):
        return f"the number {raw}" if raw.bit_length() < 64 else f"a number of {digits(raw):,} digits"
    if isinstance(raw, float):
        return f"the number {raw}"
    if isinstance(raw, str):
        return f"the text {raw[:40]!r}"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    return f"a value of type {type(raw).__name__}"


def digits(number: int) -> int:
    """How many decimal digits an integer has, without str() (which refuses past 4,300): the
    estimate from its bits is exact or one short, and one comparison says which."""
    size = abs(number)
    estimate = int(max(size.bit_length() - 1, 0) * 0.30102999566398120) + 1
    return estimate + 1 if size >= 10**estimate else estimate
