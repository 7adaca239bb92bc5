"""The bounded safe YAML loader: plain data only, every value located."""

from __future__ import annotations

import time

import pytest

from aichoice.errors import AichoiceError
from aichoice.loader import MAX_BYTES, load_yaml, read_text
from tests.conftest import HANG_SECONDS


def error_of(text: str) -> AichoiceError:
    with pytest.raises(AichoiceError) as info:
        load_yaml(text, "f.yaml")
    return info.value


def test_plain_data_and_marks() -> None:
    data, marks = load_yaml("a: 1\nb:\n  - x\n  - y\n", "f.yaml")
    assert data == {"a": 1, "b": ["x", "y"]}
    assert marks.locate(("b", 1)) == (4, 5)
    assert marks.locate(("a",), at_key=True) == (1, 1)
    assert marks.locate(("nowhere", 3)) == (1, 1)  # falls back to the document


def test_empty_document_is_none() -> None:
    assert load_yaml("", "f.yaml")[0] is None
    assert load_yaml("# only a comment\n", "f.yaml")[0] is None


def test_duplicate_key_names_both_lines() -> None:
    error = error_of("a: 1\nb: 2\na: 3\n")
    assert (error.line, error.col) == (3, 1)
    assert "duplicate key 'a'" in error.message and "line 1" in error.message


def test_several_documents_rejected() -> None:
    assert "only one YAML document" in error_of("a: 1\n---\nb: 2\n").message


def test_python_tags_construct_nothing(tmp_path) -> None:
    marker = tmp_path / "ran"
    error = error_of(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "!!python/object/apply:os.system" in error.message
    assert not marker.exists()


@pytest.mark.parametrize(
    "text, words",
    [
        ("- &a [*a]\n", "refers to itself"),
        ("a: &a {x: 1}\nb: {<<: *a}\n", "merge keys"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
        ("a: " + "9" * 6000 + "\n", "too large"),
        ("a: !!binary aGVsbG8=\n", "not allowed"),
        ("a: [1, 2\nb: 3\n", "expected"),
        ("a:\n\t- x\n", "tab"),
    ],
)
def test_hostile_documents_fail_fast(text: str, words: str) -> None:
    start = time.perf_counter()
    error = error_of(text)
    assert words in error.message
    assert error.line is not None or words == "nested"
    assert time.perf_counter() - start < HANG_SECONDS


def test_billion_laughs_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    start = time.perf_counter()
    assert "expands to more than" in error_of("\n".join(lines) + "\n").message
    assert time.perf_counter() - start < HANG_SECONDS  # a billion laughs expanded would never end


def test_dates_stay_text() -> None:
    assert load_yaml("project: 2024-01-31\n", "f.yaml")[0] == {"project": "2024-01-31"}


def test_read_text_refuses_binary_oversize_and_bad_utf8() -> None:
    with pytest.raises(AichoiceError, match="binary"):
        read_text(b"\x7fELF\x00\x01", "f")
    with pytest.raises(AichoiceError, match="limit"):
        read_text(b"a" * (MAX_BYTES + 1), "f")
    with pytest.raises(AichoiceError, match="UTF-8") as info:
        read_text(b"a: 1\nb: \xff\n", "f")
    assert info.value.line == 2
    assert read_text("\ufeffa: 1".encode("utf-8"), "f") == "a: 1"  # a BOM is accepted


@pytest.mark.parametrize(
    "text, words, where",
    [
        ("answers:\n  team_size: 1:30\n", "team_size: '1:30' is not a plain whole number", (2, 14)),
        (
            "answers:\n  team_size: " + "9" * 6000 + "\n",
            "team_size: the number 99999999999999999999... is too large (6,000 digits)",
            (2, 14),
        ),
        (
            "needs:\n  - name: A\n    answers: {monthly_volume: 0x10}\n",
            "monthly_volume: '0x10' is not a plain",
            (3, 31),
        ),
        ("answers:\n  audience: [employees, .inf]\n", "audience: '.inf' is not a finite number", (2, 25)),
    ],
)
def test_regression_a_number_refused_at_load_names_the_question_it_was_for(text: str, words: str, where) -> None:
    error = error_of(text)
    assert error.message.startswith(words) and (error.line, error.col) == where, error.message


def test_regression_names_are_read_as_typed_and_nothing_else_is() -> None:
    text = "project: Yes\nneeds:\n  - name: 0x1F\n    answers: {product_infrastructure: yes}\n  - name: ~\n"
    data, _ = load_yaml(text, "f.yaml")
    assert data == {
        "project": "Yes",
        "needs": [{"name": "0x1F", "answers": {"product_infrastructure": True}}, {"name": None}],
    }
    assert load_yaml("name: Yes\nproject: {name: No}\n", "f.yaml")[0] == {"name": True, "project": {"name": False}}
    assert "not allowed" in error_of("project: !!python/name:os.system x\n").message
