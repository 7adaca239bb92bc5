"""aichoice: should a team adopt generative AI through chat, an API, or both?

    >>> import aichoice
    >>> result = aichoice.assess("examples/design-studio.yaml")
    >>> result.recommendation.value
    'chat'

`aichoice.assess(source, *, rules=None, defaults=False)` takes an answers
file or a mapping shaped like one; `result.to_dict()` is the CLI's
`--format json` document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "assess"]

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Mapping

    from aichoice.models import Result


def assess(source: "str | Path | Mapping[str, Any]", *, rules: "str | Path | None" = None,
           defaults: bool = False) -> "Result":
    """Assess an answers file (a path) or a mapping shaped like one, as `aichoice assess` does.

    `result.to_dict()` is exactly the document `aichoice assess --format json`
    prints. Raises `aichoice.errors.AichoiceError`, located, for anything the
    CLI would refuse.
    """
    from aichoice.assessment import assess as run

    return run(source, rules=rules, defaults=defaults)
