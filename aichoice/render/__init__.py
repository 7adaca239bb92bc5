"""Renderers: each turns a Result into one output format and computes nothing of its own."""

from __future__ import annotations

from enum import Enum
from typing import Any


class Format(str, Enum):
    """Output formats of `aichoice assess`; every member has a renderer."""

    text = "text"
    json = "json"
    markdown = "markdown"

