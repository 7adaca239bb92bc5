"""The three delivery models a verdict chooses among: one subject, the answer's vocabulary.

Rules support an option, the policy orders them and every result names
them, so the enum sits below all of those modules.
"""

from enum import Enum


class Option(str, Enum):
    """The three delivery models the article compares."""

    chat = "chat"
    api = "api"
    both = "both"


OPTIONS: tuple[Option, ...] = (Option.chat, Option.api, Option.both)
