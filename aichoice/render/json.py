"""JSON output: `aichoice assess --format json` (the contract is `Assessment.to_dict`) and the
strict, terminal-safe JSON text every JSON output is written as."""

from __future__ import annotations

import json
from typing import Any

from aichoice.models import Assessment
from aichoice.render import Context
from aichoice.sanitize import json_document


class JsonRenderer:
    """`--format json`: the assessment's JSON contract (`Assessment.to_dict`)."""

    def render(self, assessment: Assessment, context: Context) -> str:
        return json_text(assessment.to_dict(), context.ascii_only)


def json_text(data: Any, ascii_only: bool = False) -> str:
    """Strict JSON (never NaN or Infinity), indented, keys in a stable order, ending with a newline.

    Characters a terminal would act on are \\u-escaped, so the JSON holds the
    exact text and is still safe to print; `ascii_only` escapes all non-ASCII
    (for a stream that cannot encode it).
    """
    return json_document(json.dumps(data, indent=2, ensure_ascii=ascii_only, allow_nan=False)) + "\n"
