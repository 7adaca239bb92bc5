"""The Typer app: the only module that knows argv, exit codes and consoles."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from aichoice import __version__
from aichoice.errors import AichoiceError
from aichoice.models import Option
from aichoice.render import Format

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="aichoice",
    help="Chat interface, API, or both? Assess how a team should adopt generative AI.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aichoice {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Chat interface, API, or both? Assess how a team should adopt generative AI."""


def _fail(error: AichoiceError) -> typer.Exit:
    """Print a user error on stderr and return the exit to raise."""
    text = str(error)
    typer.echo(text if error.location else f"aichoice: {text}", err=True)
    return typer.Exit(EXIT_INPUT)


def _read_answers(answers: Optional[str]) -> tuple[bytes, str]:
    """The raw answers and their name for messages: a file, or stdin."""
    from aichoice.loader import MAX_BYTES

    if answers is not None and answers != "-":
        path = Path(answers)
        try:
            with path.open("rb") as handle:
                return handle.read(MAX_BYTES + 1), answers
        except FileNotFoundError:
            raise AichoiceError(f"answers file not found: {answers}") from None
        except IsADirectoryError:
            raise AichoiceError(f"{answers} is a folder; --answers takes a YAML file") from None
        except OSError as exc:
            raise AichoiceError(f"cannot read {answers}: {exc.strerror}") from None
    stream = sys.stdin
    if stream is None:
        raise AichoiceError("no answers: standard input is closed", hint=_HOW_TO_PASS)
    if answers is None and stream.isatty():
        raise AichoiceError("no answers given", hint=_HOW_TO_PASS)
    data = stream.buffer.read(MAX_BYTES + 1) if hasattr(stream, "buffer") else stream.read().encode()
    if not data.strip():
        raise AichoiceError("no answers: standard input is empty", hint=_HOW_TO_PASS)
    return data, "<stdin>"


_HOW_TO_PASS = "pass --answers FILE, or pipe YAML in: aichoice assess < answers.yaml"


@app.command()
def assess(
    answers: Optional[str] = typer.Option(
        None, "--answers", "-a", metavar="FILE",
        help="Answers file (YAML, contract v1); '-' reads standard input. Without it, YAML piped on stdin is read.",
    ),
    output: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    expect: Optional[Option] = typer.Option(
        None, "--expect", metavar="chat|api|both",
        help="Exit 1 when the recommendation differs: a CI gate.",
    ),
    rules: Optional[Path] = typer.Option(
        None, "--rules", metavar="DIR", help="Use the rule set in DIR instead of the shipped one.",
    ),
    defaults: bool = typer.Option(
        False, "--defaults", help="Fill unanswered questions with their defaults, and say which were assumed.",
    ),
) -> None:
    """Assess the answers and recommend chat, api or both, with the reasons.

    [bold]Examples[/bold]

      aichoice assess --answers examples/support-assistant.yaml

      cat answers.yaml | aichoice assess --format json --expect api

    Exit codes: 0 assessed, 1 --expect did not match, 2 bad input or usage, 130 interrupted.
    """
    from aichoice.answers import load_answers
    from aichoice.engine import evaluate
    from aichoice.ruleset import load_ruleset

    try:
        ruleset = load_ruleset(rules)
        data, source = _read_answers(answers)
        validated = load_answers(data, source, ruleset, fill_defaults=defaults)
    except AichoiceError as error:
        raise _fail(error) from None
    result = evaluate(ruleset, validated)

    if result.assumed:
        typer.echo(f"aichoice: assumed defaults for {len(result.assumed)} unanswered question(s): "
                   f"{', '.join(result.assumed)}", err=True)
    if output is Format.json:
        from aichoice.render import json as json_render

        sys.stdout.write(json_render.render(result))
    else:
        from rich.console import Console

        from aichoice.render import terminal

        terminal.render(result, Console(highlight=False))
    if expect is not None and result.recommendation is not expect:
        typer.echo(
            f"aichoice: expected {expect.value}, but the recommendation is {result.recommendation.value}",
            err=True,
        )
        raise typer.Exit(EXIT_GATE)


def main() -> None:
    """Console-script entry point: run the app; Ctrl-C exits 130 without a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("\naichoice: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
