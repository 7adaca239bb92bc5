"""The one error type a user can fix: a message located at path:line:col."""

from __future__ import annotations

from aichoice.sanitize import line


class AichoiceError(Exception):
    """A problem with the user's input or rules, printed without a traceback.

    `line` and `col` are 1-based; either may be unknown. The CLI prints
    `str(error)` on stderr and exits 2.
    """

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Pickle every field (batch sends errors to worker processes), not just the message.
        return type(self), (self.message, self.path, self.line, self.col, self.hint)

    @property
    def location(self) -> str:
        """`path:line:col`, as much of it as is known ('' when nothing is), safe to show."""
        parts = [p for p in (self.path, self.line, self.col) if p is not None]
        if self.path is None:
            return ""
        return line(":".join(str(p) for p in parts))

    def __str__(self) -> str:
        """The located message and its hint, each one line with no control characters:
        a path, value or rule text inside it came from an input."""
        text = f"{self.location}: {line(self.message)}" if self.location else line(self.message)
        if self.hint:
            text += f"\n  hint: {line(self.hint)}"
        return text


class AnswerError(AichoiceError):
    """An answer that does not fit its question (type, value, range, missing)."""

    item: int | None = None  # the list item at fault, for a list answer


class RulesError(AichoiceError):
    """A rule set that cannot be loaded or does not hang together."""


class ManyErrors(AnswerError):
    """Several mistakes in one answers file, each located, reported at once.

    At most `SHOWN` are kept; `more` counts the rest, so a file of thousands
    of mistakes is reported quickly and readably.
    """

    SHOWN = 50

    def __init__(self, errors: list[AichoiceError], more: int = 0) -> None:
        first = errors[0]
        super().__init__(first.message, first.path, first.line, first.col, first.hint)
        self.errors = errors[: self.SHOWN]
        self.more = more + max(0, len(errors) - self.SHOWN)

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.errors, self.more)

    def __str__(self) -> str:
        text = "\n".join(str(error) for error in self.errors)
        if self.more:
            text += f"\n... and {self.more:,} more mistake{'s' if self.more > 1 else ''} not shown"
        return text


def suggest(name: str, candidates: list[str]) -> str | None:
    """'did you mean …?' for a misspelt id or value, or None."""
    import difflib

    close = difflib.get_close_matches(str(name), candidates, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def suggest_then(name: str, candidates: list[str], listing: str) -> str:
    """A hint for an unknown id or value: 'did you mean …?' when one is close, then what is allowed."""
    close = suggest(name, candidates)
    return f"{close} {listing}" if close else listing
