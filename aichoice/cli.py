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


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts: decided once, up front, never guessed mid-way."""
    return sys.stdin is not None and sys.stdin.isatty()


def _read_answers(answers: Optional[str]) -> tuple[bytes, str]:
    """The raw answers and their name for messages: a file, or piped stdin."""
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
    if sys.stdin is None:
        raise AichoiceError("no answers: standard input is closed", hint=_HOW_TO_PASS)
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(MAX_BYTES + 1) if stream is not None else sys.stdin.read().encode()
    if not data.strip():
        raise AichoiceError("no answers: standard input is empty", hint=_HOW_TO_PASS)
    return data, "<stdin>"


_HOW_TO_PASS = (
    "pass --answers FILE, or pipe YAML in (aichoice assess < answers.yaml), "
    "or run aichoice assess in a terminal to answer the questions"
)


@app.command()
def assess(
    answers: Optional[str] = typer.Option(
        None, "--answers", "-a", metavar="FILE",
        help="Answers file (YAML, contract v1); '-' reads standard input. Without it: YAML piped on stdin, "
        "or the questionnaire in a terminal.",
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
    ask_missing: bool = typer.Option(
        False, "--ask-missing", help="With --answers FILE in a terminal: ask only the questions the file lacks.",
    ),
    save: Optional[Path] = typer.Option(
        None, "--save", metavar="PATH", help="Save the answers given at the prompts as an answers file.",
    ),
    report: Optional[Path] = typer.Option(
        None, "--report", metavar="PATH", help="Also write the markdown report to PATH.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing file given to --save or --report."),
) -> None:
    """Assess the answers and recommend chat, api or both, with the reasons.

    In a terminal with no answers given, asks the questions one by one.

    [bold]Examples[/bold]

      aichoice assess

      aichoice assess --answers examples/hospital-group.yaml

      cat answers.yaml | aichoice assess --format json --expect api

      aichoice assess --answers answers.yaml --report docs/adr/ai-choice.md

    Exit codes: 0 assessed, 1 --expect did not match, 2 bad input or usage, 130 interrupted.
    """
    try:
        _assess(answers, output, expect, rules, defaults, ask_missing, save, report, force)
    except AichoiceError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        typer.echo("\naichoice: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _assess(answers: Optional[str], output: Format, expect: Optional[Option], rules: Optional[Path],
            defaults: bool, ask_missing: bool, save: Optional[Path], report: Optional[Path], force: bool) -> None:
    from aichoice.answers import complete, load_draft
    from aichoice.explain import assess
    from aichoice.ruleset import load_ruleset

    ruleset = load_ruleset(rules)
    interactive = (answers is None or ask_missing) and stdin_is_terminal()
    if ask_missing and not interactive:
        raise AichoiceError("--ask-missing needs a terminal to ask in", hint="use --defaults in a pipeline")
    if ask_missing and (answers is None or answers == "-"):
        raise AichoiceError("--ask-missing goes with --answers FILE")
    if save is not None and not interactive:
        raise AichoiceError("--save saves answers typed at the prompts; it needs a terminal")
    for target in (save, report):  # say so before asking anything
        if target is not None and target.exists() and not force:
            raise AichoiceError(f"{target} already exists; pass --force to replace it")
    date = report_date() if report is not None or output is Format.markdown else ""

    if interactive:
        from aichoice.prompt import Questionnaire

        draft = load_draft(*_read_answers(answers), ruleset) if answers is not None else None
        validated = Questionnaire(ruleset, _console(stderr=True)).run(draft)
    else:
        draft = load_draft(*_read_answers(answers), ruleset)
        validated = complete(ruleset, draft, fill_defaults=defaults)
    result = assess(ruleset, validated)

    if result.assumed:
        typer.echo(f"aichoice: assumed defaults for {len(result.assumed)} unanswered question(s): "
                   f"{', '.join(result.assumed)}", err=True)
    markdown = None
    if report is not None or output is Format.markdown:
        from aichoice.render import markdown as markdown_render

        markdown = markdown_render.render(result, ruleset.questions, date)
    if report is not None:
        from aichoice.files import write_atomic

        write_atomic(report, markdown, force=force)
    if output is Format.json:
        from aichoice.render import json as json_render

        sys.stdout.write(json_render.render(result))
    elif output is Format.markdown:
        sys.stdout.write(markdown)
    else:
        from aichoice.render import terminal

        terminal.render(result, _console())
    sys.stdout.flush()
    if report is not None:
        typer.echo(f"aichoice: report written to {report}", err=True)
    if interactive:
        _save_answers(validated, save, force)
    if expect is not None and result.recommendation is not expect:
        typer.echo(
            f"aichoice: expected {expect.value}, but the recommendation is {result.recommendation.value}",
            err=True,
        )
        raise typer.Exit(EXIT_GATE)


def report_date() -> str:
    """Today's date (UTC), or SOURCE_DATE_EPOCH's when set, for reproducible reports."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    try:
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise AichoiceError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}") from None
    return moment.date().isoformat()


def _console(stderr: bool = False):  # -> rich.console.Console, imported lazily
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _save_answers(validated, save: Optional[Path], force: bool) -> None:
    """Write the answers given at the prompts: to --save, or where the user says (default: no)."""
    from aichoice.answers import dump_answers
    from aichoice.files import write_atomic

    if save is None:
        from rich.text import Text

        console = _console(stderr=True)
        try:
            if console.input(Text("Save these answers to a file? [y/N] ")).strip().lower() not in ("y", "yes"):
                return
            name = console.input(Text("File name [aichoice-answers.yaml]: ")).strip() or "aichoice-answers.yaml"
            save = Path(name)
            if save.exists():
                if console.input(Text(f"{save} exists. Replace it? [y/N] ")).strip().lower() not in ("y", "yes"):
                    typer.echo("aichoice: answers not saved", err=True)
                    return
                force = True
        except EOFError:  # input ended at an optional question: the answer is no
            typer.echo("\naichoice: answers not saved", err=True)
            return
    write_atomic(save, dump_answers(validated), force=force)
    typer.echo(f"aichoice: answers saved to {save}; re-assess with: aichoice assess --answers {save}", err=True)


def main() -> None:
    """Console-script entry point: run the app; Ctrl-C exits 130 without a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("\naichoice: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
