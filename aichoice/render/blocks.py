"""The document model every report is written in: spans of text, headings, prose, lists, tables,
charts, and columns set side by side.

A span says whether its text is the tool's own words (`own`) or came from an input (answers,
rule files, names: `said`), so that each writer (render/markdown.py, render/html.py) passes
input text through its own sanitiser and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Union

if TYPE_CHECKING:
    from aichoice.cost import CostResult
    from aichoice.models import Option, Position


@dataclass(frozen=True)
class Span:
    """A run of text in one style; `own` marks the tool's own words, which need no sanitising."""

    text: str
    style: Literal["", "strong", "em", "code"] = ""
    own: bool = False


Inline = tuple[Span, ...]


def own(text: str, style: Literal["", "strong", "em", "code"] = "") -> Span:
    return Span(text, style, own=True)


def said(text: object, style: Literal["", "strong", "em"] = "") -> Span:
    """Text from an input: a writer sanitises it for its output."""
    return Span(str(text), style)


def plain(inline: Inline) -> str:
    """The words of an inline run without styling (a page title, a chart's description)."""
    return "".join(span.text for span in inline)


@dataclass(frozen=True)
class Heading:
    level: int
    text: Inline


@dataclass(frozen=True)
class Paragraph:
    text: Inline


@dataclass(frozen=True)
class Callout:
    """A paragraph set apart (a blockquote): the close-call warning."""

    text: Inline


@dataclass(frozen=True)
class Item:
    text: Inline
    quote: Inline = ()  # a source quoted under the item


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]
    kind: Literal["bullets", "numbered", "checklist"] = "bullets"


Align = Literal["left", "right"]


def left_aligned(columns: int) -> tuple[Align, ...]:
    left: tuple[Align, ...] = ("left",)
    return left * columns


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    align: tuple[Align, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class QuadrantChart:
    """Where each need sits: conversation need against capability need, a point per need in its
    verdict's region (render.charts.place)."""

    title: str
    points: tuple[tuple[Position, Option], ...]


@dataclass(frozen=True)
class CostChart:
    """Monthly cost of chat and of the API against tasks a month."""

    title: str
    cost: CostResult


@dataclass(frozen=True)
class Beside:
    """Columns of blocks a page may set side by side (a chart and the words about it), one after
    another where it cannot (markdown, a narrow screen)."""

    columns: tuple[tuple["Block", ...], ...]


Block = Union[Heading, Paragraph, Callout, ItemList, Table, QuadrantChart, CostChart, Beside]


@dataclass(frozen=True)
class Document:
    title: Inline
    blocks: tuple[Block, ...]


def cells(*given: Inline | Span) -> tuple[Inline, ...]:
    """A table row's cells: each a run of spans (a single span is a run of one)."""
    return tuple((cell,) if isinstance(cell, Span) else cell for cell in given)
