"""The sanitisers, one per output kind: any text in, no control character, bidi mark or live markup
out, and every letter kept (property tests), plus the cases the hostile review named."""

from __future__ import annotations

import html
import json
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from aichoice import sanitize

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HOSTILE = [
    "\x1b[2J\x1b[H",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\",
    "\x1bc",
    "evil\u202eexe.txt",
    "two\nlines",
    "cr\rreturn",
    "nel\x85x",
    "ls\u2028ps\u2029",
    "\x9b31m",
    "http://evil.example",
    "www.evil.example",
    "@octocat",
    "#123",
    "$x^2$",
    "<b>bold</b>",
    "[link](x)",
    "*em* _u_ `code` ~~s~~",
    "a|b",
    "=1+2",
    "+1",
    "-cmd",
    "@SUM(A1)",
    "title x",
    "quadrant-1 Hijack",
    "x-axis A --> B",
    '"quoted"',
    "Zürich",
    "東京",
    "Ελλάδα",
    "%%{init: {}}%%",
    "a;b",
    "\udcff name",
]
# Text of every kind, with controls, bidi marks and markup characters made likely.
texts = st.one_of(
    st.text(max_size=80),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE + ["a", " ", "é"]), max_size=6).map("".join),
)


def letters(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c).startswith("L")]


def assert_inert(out: str) -> None:
    for char in out:
        assert unicodedata.category(char) not in ("Cc", "Zl", "Zp", "Cs"), repr(out)
        assert char not in BIDI, repr(out)


def shown_by_mermaid(label: str) -> str:
    """What mermaid shows for a quoted label with entity codes."""
    entities = {"#35;": "#", "#37;": "%", "#96;": "`", "#quot;": '"', "#lt;": "<", "#gt;": ">"}
    return re.sub(r"#(35|37|96|quot|lt|gt);", lambda m: entities[m.group()], label[1:-1])


@given(texts)
def test_every_sanitiser_drops_controls_and_keeps_letters(text: str) -> None:
    for clean, shown in (
        (sanitize.terminal, str),
        (sanitize.markdown, str),
        (sanitize.csv_cell, str),
        (sanitize.comment, str),
        (sanitize.mermaid, shown_by_mermaid),
    ):
        out = clean(text)
        assert_inert(out)
        assert letters(shown(out)) == letters(text), (clean, text, out)


@given(texts)
def test_markdown_has_no_live_markup(text: str) -> None:
    out = sanitize.markdown(text)
    unescaped = re.sub(r"\\.", "", out)  # what is left once every backslash escape is taken out
    assert not re.search(r"[`*_\[\]<>|#$~&!\\]", unescaped), out
    assert not re.search(r"[A-Za-z0-9]://", out), out  # no bare URL
    assert not re.search(r"(?i)(^|[^A-Za-z0-9])www\.", out), out
    assert not re.search(r"@[A-Za-z0-9]", out), out  # no mention or e-mail autolink
    assert "\n" not in out


@given(texts)
def test_mermaid_label_is_one_quoted_token(text: str) -> None:
    out = sanitize.mermaid(text)
    assert out.startswith('"') and out.endswith('"') and len(out) >= 2
    inner = out[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner and "\n" not in inner
    assert re.sub(r"#(35|37|96|quot|lt|gt);", "", inner).count("#") == 0  # every '#' is an entity code
    assert "%" not in inner  # mermaid strips %%{directives}%% and %% comments, quotes or not
    assert "`" not in inner  # mermaid 10, 11 and 12 read a backtick as the start of a markdown string


@given(texts)
def test_csv_cell_is_never_a_formula(text: str) -> None:
    out = sanitize.csv_cell(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text(max_size=60))
def test_json_document_keeps_the_exact_text(text: str) -> None:
    document = sanitize.json_document(json.dumps({"name": text}, ensure_ascii=False))
    assert json.loads(document) == {"name": text}
    assert_inert(document.replace("\n", ""))


def test_regression_terminal_escape_sequences_are_dropped() -> None:
    assert sanitize.terminal("\x1b]52;c;ZXZpbA==\x07ok") == "]52;c;ZXZpbA==ok"
    assert sanitize.terminal("a\nb\tc") == "a b c"
    assert sanitize.terminal("x\u202eexe") == "xexe"


def test_regression_markdown_autolinks_mentions_and_math_are_inert() -> None:
    out = sanitize.markdown("see https://x.io or www.x.io, ask @bob about #12 and $5 & <b>")
    assert "https\\://x.io" in out and "www\\.x.io" in out
    assert "@\u2060bob" in out and "\\#\u206012" in out
    assert "\\$5" in out and "\\&" in out and "\\<b\\>" in out


def test_regression_mermaid_keywords_and_accents() -> None:
    assert sanitize.mermaid("title Zürich") == '"title Zürich"'
    assert sanitize.mermaid('-"x"<y>#z') == '"-#quot;x#quot;#lt;y#gt;#35;z"'


def test_regression_mermaid_directives_in_a_label_are_text() -> None:
    # Found by tests/test_browser.py: mermaid 11 dropped "%%{init}%%" from a quoted label.
    assert sanitize.mermaid("a %%{init}%% 50%") == '"a #37;#37;{init}#37;#37; 50#37;"'


def test_regression_mermaid_backticks_in_a_label_are_text() -> None:
    # Found by tests/test_browser.py: "`search-api` rollout" was a lexical error in mermaid 10, 11 and 12.
    assert sanitize.mermaid("`search-api` rollout") == '"#96;search-api#96; rollout"'
    assert shown_by_mermaid(sanitize.mermaid("`a` 50% #1")) == "`a` 50% #1"


def test_regression_csv_formulas_are_text() -> None:
    assert [sanitize.csv_cell(t) for t in ("=HYPERLINK(1)", "+1", "-2", "@A", "ok")] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@A",
        "ok",
    ]


@given(texts)
def test_html_text_is_character_data(text: str) -> None:
    out = sanitize.html(text)
    assert_inert(out)
    assert not set(out) & set("<>\"'") and re.sub(r"&(amp|lt|gt|quot|#x27);", "", out).count("&") == 0
    assert html.unescape(out) == sanitize.line(text)  # every letter kept
