"""The Typer app: the only module that knows argv, exit codes and consoles."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

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


_RULES_OPTION = typer.Option(None, "--rules", metavar="DIR", help="The rule set in DIR instead of the shipped one.")


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
    from aichoice.loader import MAX_BYTES, read_file

    if answers is not None and answers != "-":
        return read_file(answers, "answers file", "--answers"), answers
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
    rules: Optional[Path] = _RULES_OPTION,
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
    from aichoice.files import check_writable

    for target in (save, report):  # say so before asking anything
        if target is not None:
            check_writable(target, force)
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
    _append_step_summary(result)
    if interactive:
        _save_answers(validated, save, force)
    if expect is not None and result.recommendation is not expect:
        typer.echo(
            f"aichoice: expected {expect.value}, but the recommendation is {result.recommendation.value}",
            err=True,
        )
        raise typer.Exit(EXIT_GATE)


def _append_step_summary(result) -> None:
    """In GitHub Actions, add the verdict to the job summary, keeping what is there."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from aichoice.render import markdown as markdown_render

    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown_render.summary(result))
    except OSError as exc:  # the summary is a courtesy: never fail the gate over it
        typer.echo(f"aichoice: warning: cannot write GITHUB_STEP_SUMMARY ({target}): {exc.strerror}", err=True)


def report_date() -> str:
    """Today's date (UTC), or SOURCE_DATE_EPOCH's when set, for reproducible reports."""
    import datetime

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

    return Console(stderr=stderr, highlight=False, markup=False)  # text from files is never markup


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


class BatchFormat(str, Enum):
    """Output formats of `aichoice batch`."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@app.command()
def batch(
    paths: list[Path] = typer.Argument(..., metavar="PATH...",
                                       help="Folders of answers files (*.yaml, *.yml, searched recursively), "
                                            "answers files, or CSV survey exports."),
    output: BatchFormat = typer.Option(BatchFormat.table, "--format", "-f", help="Output format."),
    report: Optional[Path] = typer.Option(None, "--report", metavar="PATH",
                                          help="Also write the markdown portfolio report to PATH."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file given to --report."),
    rules: Optional[Path] = _RULES_OPTION,
    defaults: bool = typer.Option(False, "--defaults", help="Fill unanswered questions with their defaults."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per CPU; 1: none). "
                             "Used from 256 inputs on; the output order is the same either way."),
) -> None:
    """Assess a whole portfolio of teams: one verdict per input, then the portfolio summary.

    A CSV survey export has a header row of question ids and an optional name
    column (team, name or project); multi-choice cells are joined with ';',
    yes/no cells are true/false/yes/no. A bad input is reported in place and
    never stops the batch.

    [bold]Examples[/bold]

      aichoice batch teams/ --format jsonl > verdicts.jsonl

      aichoice batch survey.csv --report portfolio.md

    Exit codes: 0 every input assessed, 2 some input was invalid (or bad usage), 130 interrupted.
    """
    try:
        invalid = _batch(paths, output, report, force, rules, defaults, jobs or (os.cpu_count() or 1))
    except AichoiceError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        typer.echo("\naichoice: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if invalid:
        raise typer.Exit(EXIT_INPUT)


def _batch(paths: list[Path], output: BatchFormat, report: Optional[Path], force: bool,
           rules: Optional[Path], defaults: bool, jobs: int) -> int:
    """Run the batch, stream the rows, write the summary; return the number of invalid inputs."""
    from contextlib import ExitStack, nullcontext

    from aichoice import batch as batch_mod
    from aichoice.files import check_writable, open_atomic
    from aichoice.render import batch as batch_render
    from aichoice.ruleset import load_ruleset

    ruleset = load_ruleset(rules)
    if report is not None:
        check_writable(report, force)
    date = report_date() if report is not None or output is BatchFormat.markdown else ""
    titles = {c.id: c.title for c in ruleset.readiness.checks}
    summary = batch_mod.Summary()
    out = sys.stdout
    writer = {
        BatchFormat.table: batch_render.TableWriter,
        BatchFormat.jsonl: batch_render.JsonLinesWriter,
        BatchFormat.csv: batch_render.CsvWriter,
    }.get(output)
    stream = writer(out) if writer is not None else None
    portfolio = batch_render.MarkdownReport(ruleset) if report is not None or output is BatchFormat.markdown else None
    # A progress bar on a terminal's stderr, unless the rows themselves stream to that terminal.
    show_progress = sys.stderr.isatty() and not (stream is not None and out.isatty())
    with ExitStack() as stack:
        progress = stack.enter_context(_Progress() if show_progress else nullcontext(None))
        for row in batch_mod.run(ruleset, paths, fill_defaults=defaults, jobs=jobs, rules_dir=rules):
            summary.add(row)
            if stream is not None:
                stream.row(row)
            if portfolio is not None:
                portfolio.row(row)
            if progress is not None:
                progress.advance()
    if summary.total == 0:
        raise AichoiceError("no answers files found", hint="pass folders holding *.yaml files, answers files, or CSV files")
    if stream is not None:
        stream.finish(summary, titles)
    if portfolio is not None:
        if output is BatchFormat.markdown:
            portfolio.write(out, summary, date)
        if report is not None:
            with open_atomic(report, force) as handle:
                portfolio.write(handle, summary, date)
            typer.echo(f"aichoice: portfolio report written to {report}", err=True)
        portfolio.close()
    out.flush()
    if output in (BatchFormat.jsonl, BatchFormat.csv):
        typer.echo(batch_render.summary_text(summary, titles).rstrip("\n"), err=True)
    if summary.invalid:
        typer.echo(f"aichoice: {summary.invalid:,} of {summary.total:,} input(s) were invalid", err=True)
    return summary.invalid


class _Progress:
    """A Rich progress line on stderr: how many inputs have been assessed."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        # No redirection of stdout: the rows must go where stdout goes, not to the terminal.
        self.progress = Progress(SpinnerColumn(), TextColumn("assessed {task.completed:,} input(s)"),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                                 redirect_stdout=False, redirect_stderr=False)
        self.task = self.progress.add_task("batch", total=None)

    def __enter__(self) -> "_Progress":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self) -> None:
        self.progress.advance(self.task)


class CostFormat(str, Enum):
    """Output formats of `aichoice cost`."""

    text = "text"
    json = "json"


def _cost_option(name: str, help_text: str, low: float = 0) -> Any:
    return typer.Option(None, f"--{name.replace('_', '-')}", min=low, help=help_text, show_default=False)


@app.command()
def cost(
    seats: Optional[float] = _cost_option("seats", "Chat seats."),
    seat_price: Optional[float] = _cost_option("seat_price", "Price of a chat seat per month."),
    tasks: Optional[float] = _cost_option("tasks", "Completed tasks per month (more than 0)."),
    tokens_in: Optional[float] = _cost_option("tokens_in", "Input tokens per task."),
    tokens_out: Optional[float] = _cost_option("tokens_out", "Output tokens per task."),
    price_in: Optional[float] = _cost_option("price_in", "Price per million input tokens."),
    price_out: Optional[float] = _cost_option("price_out", "Price per million output tokens."),
    build_cost: Optional[float] = _cost_option("build_cost", "One-off cost of building the API integration."),
    months: Optional[float] = _cost_option("months", "Months to spread the build cost over [default: 12].", 1),
    maintenance: Optional[float] = _cost_option("maintenance", "API maintenance per month."),
    chat_minutes: Optional[float] = _cost_option("chat_minutes", "Human minutes per task done through chat."),
    review_minutes: Optional[float] = _cost_option("review_minutes", "Human minutes per task reviewing API output."),
    hourly_rate: Optional[float] = _cost_option("hourly_rate", "Loaded cost of an hour of that human time."),
    pricing: Optional[Path] = typer.Option(None, "--pricing", metavar="FILE",
                                           help="Start from a pricing file (a 'cost:' mapping); flags override it."),
    output: CostFormat = typer.Option(CostFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Compare chat seats with API usage per completed outcome, and find the break-even volume.

    Per month: chat = seats x seat price + tasks x chat minutes / 60 x hourly rate;
    API = build cost / months + maintenance + tasks x (token cost + review minutes / 60 x hourly rate).
    Unset values are 0 (months 12). No price is fetched: bring your own, or start from the
    illustrative examples/pricing.yaml.

    [bold]Example[/bold]

      aichoice cost --pricing examples/pricing.yaml --seats 25 --tasks 20000

    Exit codes: 0 compared, 2 bad input.
    """
    from aichoice.cost import COST_FIELDS, compare, inputs_from

    given = {name: value for name, value in locals().items() if name in COST_FIELDS and value is not None}
    try:
        base = _read_pricing(pricing) if pricing is not None else {}
        result = compare(inputs_from({**base, **given}))
    except AichoiceError as error:
        raise _fail(error) from None
    if output is CostFormat.json:
        import json

        from aichoice.models import to_plain

        sys.stdout.write(json.dumps(to_plain(result), indent=2) + "\n")
    else:
        from aichoice.render import cost as cost_render

        cost_render.render_text(result, _console())


def _read_pricing(path: Path) -> dict[str, float]:
    """The `cost:` mapping of a pricing file (which may also carry a label and a date)."""
    from aichoice.answers import read_cost
    from aichoice.loader import load_yaml, read_file, read_text

    data = read_file(str(path), "pricing file", "--pricing")
    document, marks = load_yaml(read_text(data, str(path)), str(path))
    if not isinstance(document, dict) or not isinstance(document.get("cost"), dict):
        raise marks.error("a pricing file needs a 'cost:' mapping", hint="see examples/pricing.yaml")
    for key in document:
        if key not in ("label", "as_of", "cost"):
            raise marks.error(f"unknown key {key!r} in a pricing file", (key,), at_key=True,
                              hint="allowed: label, as_of, cost")
    return read_cost(document["cost"], marks, ("cost",))


rules_app = typer.Typer(help="Check and show rule sets.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")



@rules_app.command("check")
def rules_check(
    directory: Optional[Path] = typer.Argument(None, metavar="[DIR]", help="Rule set folder (default: the shipped one)."),
) -> None:
    """Check a rule set: errors and warnings, each as file:line:col.

    Errors: schema problems, unknown questions or values, operators that do
    not fit, duplicate ids. Warnings: rules that can never fire, questions
    and values no rule uses.

    [bold]Example[/bold]

      aichoice rules check ./our-rules

    Exit codes: 0 no errors (warnings may be listed), 2 errors.
    """
    from aichoice.ruleset import check_ruleset, default_rules_dir

    report = check_ruleset(directory)
    for error in report.errors:
        typer.echo(_diagnostic(error, "error"))
    for warning in report.warnings:
        typer.echo(_diagnostic(warning, "warning"))
    where = directory if directory is not None else default_rules_dir()
    counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    if report.errors:
        typer.echo(f"aichoice: rule set {where}: {counts}", err=True)
        raise typer.Exit(EXIT_INPUT)
    assert report.ruleset is not None
    info = report.ruleset.info
    typer.echo(f"aichoice: rule set {info.name} {info.version} ({where}): {counts}", err=True)


def _diagnostic(error: AichoiceError, severity: str) -> str:
    head = f"{error.location}: " if error.location else ""
    text = f"{head}{severity}: {error.message}"
    return text + (f"\n  hint: {error.hint}" if error.hint else "")


@rules_app.command("init")
def rules_init(
    directory: Path = typer.Argument(..., metavar="DIR", help="Folder to create the copy in."),
    force: bool = typer.Option(False, "--force", help="Replace rule files already in DIR."),
) -> None:
    """Copy the shipped rule set into DIR, to tune it to your organisation.

    [bold]Example[/bold]

      aichoice rules init our-rules && aichoice rules check our-rules
    """
    from aichoice.files import write_atomic
    from aichoice.ruleset import RULESET_FILES, default_rules_dir

    try:
        if directory.exists() and not directory.is_dir():
            raise AichoiceError(f"{directory} is a file, not a folder")
        existing = [name for name in RULESET_FILES if (directory / name).exists()]
        if existing and not force:
            raise AichoiceError(f"{directory} already holds {', '.join(existing)}; pass --force to replace them")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AichoiceError(f"cannot create {directory}: {exc.strerror}") from None
        source = default_rules_dir()
        for name in RULESET_FILES:
            write_atomic(directory / name, (source / name).read_text(encoding="utf-8"), force=True)
    except AichoiceError as error:
        raise _fail(error) from None
    typer.echo(f"aichoice: copied the rule set to {directory}; use it with --rules {directory}", err=True)


@rules_app.command("show")
def rules_show(rules: Optional[Path] = _RULES_OPTION) -> None:
    """Show the active rule set: policy, questions, rules and weights, as tables.

    [bold]Example[/bold]

      aichoice rules show --rules ./our-rules
    """
    from aichoice.render import tables

    ruleset = _load_rules(rules)
    tables.render_ruleset(ruleset, _console())


@app.command()
def questions(rules: Optional[Path] = _RULES_OPTION) -> None:
    """List the questionnaire: id, question, type, values and default.

    [bold]Example[/bold]

      aichoice questions
    """
    from aichoice.render import tables

    tables.render_questions(_load_rules(rules), _console())


@app.command()
def schema(rules: Optional[Path] = _RULES_OPTION) -> None:
    """Print the JSON Schema (draft 2020-12) of an answers file, for editors and CI.

    [bold]Example[/bold]

      aichoice schema > aichoice-answers.schema.json

    Then start an answers file with:
    # yaml-language-server: $schema=aichoice-answers.schema.json
    """
    import json

    from aichoice.schema import answers_schema

    sys.stdout.write(json.dumps(answers_schema(_load_rules(rules)), indent=2) + "\n")


@app.command()
def template(rules: Optional[Path] = _RULES_OPTION) -> None:
    """Print a commented answers file: every question, its help, values and default.

    [bold]Example[/bold]

      aichoice template > answers.yaml
      aichoice assess --answers answers.yaml --defaults
    """
    from aichoice.template import answers_template

    sys.stdout.write(answers_template(_load_rules(rules)))


def _load_rules(rules: Optional[Path]):  # -> RuleSet
    from aichoice.ruleset import load_ruleset

    try:
        return load_ruleset(rules)
    except AichoiceError as error:
        raise _fail(error) from None


def main() -> None:
    """Console-script entry point: run the app; Ctrl-C exits 130 without a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("\naichoice: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
