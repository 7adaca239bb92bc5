"""One sanitiser per output kind: every string that came from an input passes one before it is shown.

Project and team names, file names, rule texts and typed answers are
untrusted. They may hold escape sequences (a screen clear, a window title,
an OSC 52 clipboard write), bidi overrides that reorder what a reader sees,
line breaks that forge rows, or text that an output would read as markup.
Each function below keeps every letter a person typed and removes or
neutralises the rest, for one kind of output:

    terminal(text)   a line on a terminal (Rich text, messages on stderr)
    terminal_lines(text)  a message of several lines on stderr (an error and its hint)
    markdown(text)   prose or a table cell in a report or a CI job summary
    mermaid(text)    a label inside a mermaid chart
    html(text)       text or an attribute value in the HTML report (its SVG charts too)
    csv_cell(text)   a cell of CSV output, read by spreadsheets
    comment(text)    a YAML comment line (the answers template)
"""

from __future__ import annotations

import re
from functools import cache

# C0 and C1 controls and DEL; bidi embeddings, overrides, isolates and marks; the Unicode
# line and paragraph separators; lone surrogates (a file name that was not UTF-8).
_UNSAFE = r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
_SURROGATE = r"[\ud800-\udfff]"
_ASCII_CONTROLS = {code: None for code in [*range(0x20), 0x7F]}


@cache
def _pattern(text: str) -> re.Pattern[str]:
    """Compiled on first use: most runs sanitise a few ASCII strings and need none of them."""
    return re.compile(text)


def line(text: object) -> str:
    """One line of plain text: whitespace runs become one space, controls and bidi marks go.

    A lone surrogate (a byte of a file name that was not UTF-8) becomes U+FFFD,
    so the text can always be encoded.
    """
    value = str(text)
    if value.isascii():  # the common case, without a regular expression
        return " ".join(value.split()).translate(_ASCII_CONTROLS).strip()
    value = " ".join(_pattern(_SURROGATE).sub("\ufffd", value).split())  # split(): every Unicode space
    return _pattern(_UNSAFE).sub("", value).strip()


terminal = line
comment = line


def terminal_lines(text: object) -> str:
    """A message of several lines for a terminal (an error and its hint): each line as `line`
    makes it, its leading indentation kept, so a message can never act on the terminal."""
    out = []
    for part in str(text).split("\n"):
        body = line(part)
        out.append(" " * (len(part) - len(part.lstrip(" "))) + body if body else "")
    return "\n".join(out)


# Markdown: backslash-escape the characters CommonMark and GitHub read as markup
# (emphasis, code, links, HTML, tables, headings, math, strikethrough, entities).
_MD_SPECIAL = r"([\\`*_\[\]<>|#$~&!])"
# GitHub links bare URLs and www. addresses, and turns @name and #123 into mentions
# and references: break each with an escape or an invisible word joiner (U+2060).
_MD_SCHEME = r"(?<=[A-Za-z0-9]):(?=//)"
_MD_WWW = r"(?i)(?<![A-Za-z0-9])(www)\."
_MD_AT = r"@(?=[A-Za-z0-9])"
_MD_REFERENCE = r"\\#(?=[A-Za-z0-9])"
WORD_JOINER = "\u2060"


def markdown(text: object) -> str:
    """Text safe in markdown prose and table cells: one line, no live markup, every letter kept."""
    value = _pattern(_MD_SPECIAL).sub(r"\\\1", line(text))
    value = _pattern(_MD_SCHEME).sub(r"\\:", value)
    value = _pattern(_MD_WWW).sub(r"\1\\.", value)
    value = _pattern(_MD_AT).sub("@" + WORD_JOINER, value)
    return _pattern(_MD_REFERENCE).sub("\\\\#" + WORD_JOINER, value)


def mermaid(text: object) -> str:
    """A quoted mermaid label: a string token that no keyword, comment or directive can escape.

    Inside quotes mermaid reads any text but a quote; quotes, angle brackets and
    '#' are written as mermaid's entity codes (#quot; #lt; #gt; #35;), which it
    shows as the characters themselves. '%' is written #37;, because mermaid
    removes `%%{...}%%` directives and `%%` comments before it reads quotes
    (seen in a browser: a label lost its "%%{init}%%"). '`' is written #96;, because
    mermaid (10, 11 and 12) reads a backtick inside quotes as the start of a markdown string
    and stop at a lexical error. Letters of every script are kept.
    """
    value = line(text).replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    value = value.replace("%", "#37;").replace("`", "#96;")
    return f'"{value}"'


def html(text: object) -> str:
    """HTML character data or a quoted attribute value: one line, no controls, & < > " ' escaped."""
    from html import escape

    return escape(line(text), quote=True)


_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(text: object) -> str:
    """A CSV cell a spreadsheet shows as text: one line, and a leading = + - @ made inert with '."""
    value = line(text)
    return "'" + value if value.startswith(_FORMULA_START) else value


# What json.dumps leaves raw although a terminal would act on it: DEL, C1 controls, bidi
# controls, line separators. Escaped as \\u sequences, the JSON still holds the exact text.
_JSON_UNSAFE = r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def json_document(document: str) -> str:
    """A JSON text from json.dumps, with every character above \\u-escaped.

    Safe because these characters can occur only inside JSON strings.
    """
    if document.isascii():
        return document.replace("\x7f", "\\u007f")
    return _pattern(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", document)
