"""The JSON contract of `aichoice assess --format json`."""

from __future__ import annotations

import json
from typing import Any

from aichoice import __version__
from aichoice.models import Result, to_plain
from aichoice.sanitize import json_document


def to_dict(result: Result) -> dict[str, Any]:
    """The result as plain JSON-ready data, with the tool's version."""
    data = to_plain(result)
    data["aichoice_version"] = __version__
    return data


def render(result: Result, ascii_only: bool = False) -> str:
    """One strict JSON object (never NaN or Infinity), keys in a stable order, ending with a newline.

    Characters a terminal would act on are \\u-escaped, so the JSON holds the
    exact text and is still safe to print; `ascii_only` escapes all non-ASCII
    (for a stream that cannot encode it).
    """
    return json_document(json.dumps(to_dict(result), indent=2, ensure_ascii=ascii_only, allow_nan=False)) + "\n"
