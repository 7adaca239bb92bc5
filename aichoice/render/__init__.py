"""Renderers: each turns a Result into one output format and computes nothing of its own."""

from __future__ import annotations

from enum import Enum
from typing import Any


class Format(str, Enum):
    """Output formats of `aichoice assess`; every member has a renderer."""

    text = "text"
    json = "json"
    markdown = "markdown"


def format_value(value: Any) -> str:
    """An answer as a person would read or type it: yes/no, comma lists, 1,000."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
