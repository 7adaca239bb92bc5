"""The date of a run: today (UTC), or SOURCE_DATE_EPOCH's when it is set, so that a report and a
cost comparison (its prices' age, list prices by date) can be reproduced byte for byte."""

from __future__ import annotations

import datetime
import os

from aichoice.errors import AichoiceError


def today() -> datetime.date:
    """Today in UTC, or the date of SOURCE_DATE_EPOCH when it is set and not empty."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.datetime.now(datetime.timezone.utc).date()
    if not epoch.isascii() or not epoch.isdigit():
        raise AichoiceError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}")
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise AichoiceError(f"SOURCE_DATE_EPOCH is out of range: {epoch[:30]}") from None
