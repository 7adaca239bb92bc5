"""aichoice: should a team adopt generative AI through chat, an API, or both?

    >>> import aichoice
    >>> assessment = aichoice.assess("examples/design-studio.yaml")
    >>> assessment.recommendation.value
    'chat'
    >>> [(need.name, need.recommendation.value) for need in aichoice.assess("examples/staff-and-support.yaml").needs]
    [('Staff assistant', 'chat'), ('Support bot', 'api')]

`aichoice.assess(source, *, rules=None, defaults=False)` takes an answers
file or a mapping shaped like one and returns the Assessment: the whole
(its verdict and how sure) and its needs, each with its own explanation;
`assessment.to_dict()` is the CLI's `--format json` document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "assess"]

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Mapping

    from aichoice.models import Assessment


def assess(
    source: "str | Path | Mapping[str, Any]", *, rules: "str | Path | None" = None, defaults: bool = False
) -> "Assessment":
    """Assess an answers file (a path) or a mapping shaped like one, as `aichoice assess` does.

    `assessment.to_dict()` is exactly the document `aichoice assess --format json`
    prints. Raises `aichoice.errors.AichoiceError`, located, for anything the
    CLI would refuse and for arguments of the wrong type; `"-"` is refused (a
    library never reads the process's standard input). The mapping is never changed.
    """
    from aichoice.assessment import assess_source as run

    return run(source, rules=rules, defaults=defaults)
