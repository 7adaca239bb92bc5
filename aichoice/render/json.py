"""The JSON contract of `aichoice assess --format json`."""

from __future__ import annotations

import json
from typing import Any

from aichoice import __version__
from aichoice.models import Result, to_plain


def to_dict(result: Result) -> dict[str, Any]:
    """The result as plain JSON-ready data, with the tool's version."""
    data = to_plain(result)
    data["aichoice_version"] = __version__
    return data


def render(result: Result) -> str:
    """One JSON object, keys in a stable order, ending with a newline."""
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
