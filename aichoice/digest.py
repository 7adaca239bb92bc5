"""The one canonical fingerprint of a document, and sha256 without loading OpenSSL.

hashlib's import costs a run ~3 ms; CPython's own module is built in.
"""

from __future__ import annotations

import json

try:
    from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.12 and later
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]  # CPython 3.11
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment,unused-ignore]  # any other Python

__all__ = ["fingerprint", "sha256"]


def fingerprint(document: object) -> str:
    """The sha256 of a JSON document in canonical form (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(sha256(canonical.encode("utf-8")).hexdigest())
