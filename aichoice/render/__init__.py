"""Renderers: each turns an Assessment into one output format and computes nothing of its own.

One interface (`Renderer.render(assessment, context) -> str`), one renderer per
member of `Format`, chosen by `renderer(format)` with an exhaustive match: a
new format that has no renderer fails the type check and the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, Callable, NoReturn, Protocol, TypeVar

from aichoice import __version__
from aichoice.errors import AichoiceError

if TYPE_CHECKING:
    from rich.console import Console

    from aichoice.models import Assessment, Question

T = TypeVar("T")


class Format(str, Enum):
    """Output formats of `aichoice assess`; every member has a renderer."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    brief = "brief"

    @classmethod
    def for_report(cls, path: str, allowed: tuple[str, ...] = (".md", ".markdown", ".html", ".htm")) -> "Format":
        """A report file's format by its extension: .html or .htm is HTML, .md or .markdown markdown;
        any other is refused, before anything runs (a .pdf would get markdown without a word)."""
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in allowed:
            from aichoice.sanitize import terminal as clean

            html = " (print the HTML report to get a PDF)" if ".html" in allowed else ""
            names = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
            raise AichoiceError(
                f"--report {clean(path)}: a report is written as {names}, "
                f"not {clean(suffix) or 'a file without an extension'}",
                hint=f"name the file with one of those extensions{html}",
            )
        return cls.html if suffix in (".html", ".htm") else cls.markdown


class BatchFormat(str, Enum):
    """Output formats of `aichoice batch`; every member has a row writer (render/batch.py)."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class CostFormat(str, Enum):
    """Output formats of `aichoice cost` (render/cost.py)."""

    text = "text"
    json = "json"
    markdown = "markdown"


class PricesFormat(str, Enum):
    """Output formats of `aichoice prices` (render/prices.py)."""

    text = "text"
    json = "json"


@dataclass
class Context:
    """What renderers need besides the assessment: the questions, the report's date, the tool's
    version, the console the terminal view is drawn for, and whether JSON must be ASCII."""

    questions: dict[str, Question] = field(default_factory=dict)
    date: str = ""
    version: str = __version__
    console: Console | None = None  # only the terminal view needs one
    ascii_only: bool = False


class Renderer(Protocol):
    """Turns an assessment into the text of one output format."""

    def render(self, assessment: Assessment, context: Context) -> str: ...


MIN_WIDTH = 40  # columns: below this (COLUMNS=0, say) the terminal view is drawn 80 wide


def make_console(stderr: bool = False) -> Console:  # Rich is imported only here
    """A console for text from inputs (never read as markup), readable at any COLUMNS, whose
    broken pipe is an OSError like any other (Rich alone would exit 1, the gate's code)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(32, "Broken pipe")

    console = _Console(stderr=stderr, highlight=False, markup=False)
    if console.width < MIN_WIDTH:  # COLUMNS=0 or a tiny pane: draw it readably rather than not at all
        console.width = 80
    return console


def drawn(draw: Callable[[T, Any], None], value: T, context: Context) -> str:
    """What `draw` prints of `value` on the context's console (a plain console if it has none), as text."""
    console = context.console
    if console is None:
        from rich.console import Console

        console = Console(highlight=False, markup=False)
    with console.capture() as captured:
        draw(value, console)
    return str(captured.get())


def for_stream(text: str, output: "Format", stream: IO[str]) -> str:
    """Text for a stream: HTML on one that cannot carry UTF-8 (a latin-1 terminal) keeps every
    letter as a character reference, so the page it declares UTF-8 is still true; other
    formats as they are (the stream replaces what it cannot write)."""
    if output is Format.html and not writes_utf8(stream):
        return text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return text


def writes_utf8(stream: Any) -> bool:
    """Whether a stream writes UTF-8 (JSON is written ASCII-escaped where it does not)."""
    return str(getattr(stream, "encoding", "utf-8") or "utf-8").lower().replace("-", "") in ("utf8", "utf8sig")


def report_date() -> str:
    """A report's date (UTC), for its provenance: `clock.today()`, reproducible with SOURCE_DATE_EPOCH."""
    from aichoice.clock import today

    return today().isoformat()


def assert_never(value: NoReturn) -> NoReturn:
    """The type checker proves this unreachable; at run time it names what was missed."""
    raise AssertionError(f"unhandled value: {value!r}")


def renderer(output: Format) -> Renderer:
    """The renderer of an output format."""
    match output:
        case Format.text:
            from aichoice.render.terminal import TerminalRenderer

            return TerminalRenderer()
        case Format.json:
            from aichoice.render.json import JsonRenderer

            return JsonRenderer()
        case Format.markdown:
            from aichoice.render.markdown import MarkdownRenderer

            return MarkdownRenderer()
        case Format.html:
            from aichoice.render.html import HtmlRenderer

            return HtmlRenderer()
        case Format.brief:
            from aichoice.render.brief import BriefRenderer

            return BriefRenderer()
        case _:
            assert_never(output)
