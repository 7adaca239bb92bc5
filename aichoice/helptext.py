"""`--help` in the words a person writes: FILE, DIR, N; nothing beside a flag; ranges said once.

Typer 0.29 draws `<bool>` beside every flag, `<float range> [x>=0]` beside numbers,
`<list[Path]>` beside arguments and `{DIR}` for a required argument in the usage line.
`plain_help()` replaces those few display methods, where the installed Typer has them (older
ones have none of them, and need no change); parsing is untouched.
"""

from __future__ import annotations

from typing import Any, Callable

from typer.core import TyperArgument, TyperOption


def plain_help() -> None:
    """Make every command's --help plain (idempotent)."""
    for parameter in (TyperOption, TyperArgument):
        method = getattr(parameter, "display_type_rich", None)
        if method is not None and not getattr(method, "plain", False):
            parameter.display_type_rich = _value_column(method)  # type: ignore[method-assign]
    if hasattr(TyperOption, "_get_number_range_help_str"):
        TyperOption._get_number_range_help_str = lambda self: None  # type: ignore[method-assign]
    if hasattr(TyperArgument, "_usage_display_name"):
        TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]


def _value_column(original: Callable[..., Any]) -> Callable[..., Any]:
    """What --help shows of a parameter's value: nothing for a flag (it takes none) or an
    argument (its name column shows it), else its metavar, else a choice's values."""

    def shown(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) or getattr(self, "param_type_name", "") == "argument":
            return None
        if self.metavar is not None:
            return str(self.metavar)
        words = original(self, ctx)
        return words.strip("<>") if isinstance(words, str) else words

    shown.plain = True  # type: ignore[attr-defined]
    return shown


def _usage_name(self: Any) -> str:
    """An argument in the usage line as Click writes it: DIR when required, [DIR] when not,
    PATH... when it takes several."""
    name = str(self.display_name_raw)
    if self.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if self.required else f"[{name}]"


def unwrap_help(app: Any) -> None:
    """Give each command of `app` (and of its groups) its docstring with every prose paragraph on
    one line, so that --help wraps it at the terminal's width; Typer's rich help keeps a
    docstring's line breaks and then wraps again, breaking lines mid-phrase. Indented paragraphs
    (examples) keep their lines."""
    import inspect

    for info in app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = unwrapped(inspect.cleandoc(info.callback.__doc__))
    for group in app.registered_groups:
        unwrap_help(group.typer_instance)


def unwrapped(doc: str) -> str:
    """A docstring with each unindented paragraph's lines joined by spaces."""
    return "\n\n".join(
        paragraph if any(line.startswith(" ") for line in paragraph.splitlines()) else paragraph.replace("\n", " ")
        for paragraph in doc.split("\n\n")
    )
