"""The Typer app: the only module that knows argv, exit codes and consoles."""

from __future__ import annotations

import functools
import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

import typer

from aichoice import __version__
from aichoice.errors import AichoiceError
from aichoice.models import Option
from aichoice.render import Format
from aichoice.sanitize import terminal as clean

EXIT_GATE, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 1, 2, 130, 141, 143
MIN_WIDTH = 40  # columns: below this (COLUMNS=0, say) the terminal view is drawn 80 wide

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(BaseException):
    """SIGTERM arrived: stop the way Ctrl-C does, quietly."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def handled(command: F) -> F:
    """The one place a command's errors become messages and exit codes.

    AichoiceError: its located message, exit 2. Ctrl-C: 130. SIGTERM: 143.
    Output that cannot be written (a closed pipe, a full disk): one line,
    141 for a broken pipe, 2 otherwise. stdout is flushed here, so a write
    error is caught here too.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            outcome = command(*args, **kwargs)
            sys.stdout.flush()
            return outcome
        except AichoiceError as error:
            typer.echo(str(error) if error.location else f"aichoice: {error}", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            typer.echo("\naichoice: interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Terminated:
            raise typer.Exit(EXIT_TERMINATED) from None
        except OSError as exc:
            raise typer.Exit(_output_failed(exc)) from None

    return run  # type: ignore[return-value]


def _output_failed(exc: OSError) -> int:
    """Say once that the output could not be written, stop writing, and give the exit code."""
    import errno

    try:  # nothing more can reach stdout; keep the interpreter's last flush quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    if exc.errno == errno.EPIPE:
        _say("aichoice: the output was closed before it was all written (broken pipe)")
        return EXIT_BROKEN_PIPE
    _say(f"aichoice: cannot write the output: {exc.strerror or exc}")
    return EXIT_INPUT


def _say(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass

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
@handled
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
    _assess(answers, output, expect, rules, defaults, ask_missing, save, report, force)


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

    if save is not None and report is not None and _same_path(save, report):
        raise AichoiceError(f"--save and --report name the same file ({save}); give each its own")
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
    if validated.ignored:
        typer.echo(f"aichoice: ignored the answers to {', '.join(validated.ignored)}: given the other answers "
                   "these questions do not apply (see 'when' in aichoice questions)", err=True)
    markdown = None
    if report is not None or output is Format.markdown:
        from aichoice.render import markdown as markdown_render

        markdown = markdown_render.render(result, ruleset.questions, date)
    if output is Format.json:
        from aichoice.render import json as json_render

        sys.stdout.write(json_render.render(result, ascii_only=not _utf8(sys.stdout)))
    elif output is Format.markdown:
        sys.stdout.write(markdown or "")
    else:
        from aichoice.render import terminal

        terminal.render(result, _console())
    sys.stdout.flush()
    # Files are written last, after every question (the save dialog too): an interrupted run writes nothing.
    saved = _ask_where_to_save(save, force) if interactive else None
    if report is not None:
        from aichoice.files import write_atomic

        write_atomic(report, markdown or "", force=force)
        typer.echo(f"aichoice: report written to {clean(str(report))}", err=True)
    if saved is not None:
        _save_answers(validated, saved)
    _append_step_summary(result)
    if expect is not None and result.recommendation is not expect:
        typer.echo(
            f"aichoice: expected {expect.value}, but the recommendation is {result.recommendation.value}",
            err=True,
        )
        raise typer.Exit(EXIT_GATE)


def _same_path(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return str(one) == str(other)


def _utf8(stream: Any) -> bool:
    """Whether a stream writes UTF-8 (JSON is written ASCII-escaped where it does not)."""
    return str(getattr(stream, "encoding", "utf-8") or "utf-8").lower().replace("-", "") in ("utf8", "utf8sig")


def _append_step_summary(result) -> None:
    """In GitHub Actions, add the verdict to the job summary, keeping what is there."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from aichoice.render import markdown as markdown_render

    try:
        with open(target, "a+", encoding="utf-8") as handle:
            start = handle.tell()
            if start:  # the summary starts on a line of its own
                handle.seek(start - 1)
                last = handle.read(1)
                handle.seek(0, os.SEEK_END)
                if last != "\n":
                    handle.write("\n")
            handle.write(markdown_render.summary(result))
    except (OSError, UnicodeDecodeError) as exc:  # the summary is a courtesy: never fail the gate over it
        reason = getattr(exc, "strerror", None) or "cannot read it as text"
        typer.echo(f"aichoice: warning: cannot write GITHUB_STEP_SUMMARY ({clean(target)}): {reason}", err=True)


def report_date() -> str:
    """Today's date (UTC), or SOURCE_DATE_EPOCH's when set (and not empty), for reproducible reports."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    if not epoch.isascii() or not epoch.isdigit():
        raise AichoiceError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}")
    try:
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise AichoiceError(f"SOURCE_DATE_EPOCH is out of range: {epoch[:30]}") from None
    return moment.date().isoformat()


def _console(stderr: bool = False):  # -> rich.console.Console, imported lazily
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # Rich would exit 1, the gate's code: let `handled` say it
            self.quiet = True
            raise BrokenPipeError(32, "Broken pipe")

    console = _Console(stderr=stderr, highlight=False, markup=False)  # text from files is never markup
    if console.width < MIN_WIDTH:  # COLUMNS=0 or a tiny pane: draw it readably rather than not at all
        console.width = 80
    return console


_YES = ("y", "yes")


def _ask_where_to_save(save: Optional[Path], force: bool) -> Optional[tuple[Path, bool]]:
    """Where to save the typed answers, and whether to replace: --save, or the user's answer (default: no)."""
    if save is not None:
        return save, force
    from rich.text import Text

    console = _console(stderr=True)
    try:
        if console.input(Text("Save these answers to a file? [y/N] ")).strip().lower() not in _YES:
            return None
        name = console.input(Text("File name [aichoice-answers.yaml]: ")).strip() or "aichoice-answers.yaml"
        return _confirm_target(console, Path(name))
    except EOFError:  # input ended at an optional question: the answer is no
        typer.echo("\naichoice: answers not saved", err=True)
        return None


def _confirm_target(console: Any, target: Path) -> Optional[tuple[Path, bool]]:
    """A typed file name, and whether to replace it: an existing file is replaced only if the user says so."""
    from rich.text import Text

    if os.path.lexists(target) and not target.is_dir():
        if console.input(Text(f"{clean(str(target))} exists. Replace it? [y/N] ")).strip().lower() not in _YES:
            typer.echo("aichoice: answers not saved", err=True)
            return None
        return target, True
    return target, False


def _save_answers(validated, target: tuple[Path, bool]) -> None:
    """Write the answers; when the path will not do, say why and ask for another, so no answer is lost."""
    from rich.text import Text

    from aichoice.answers import dump_answers
    from aichoice.files import write_atomic

    console = _console(stderr=True)
    path, replace = target
    while True:
        try:
            write_atomic(path, dump_answers(validated), force=replace)
            typer.echo(f"aichoice: answers saved to {clean(str(path))}; re-assess with: "
                       f"aichoice assess --answers {clean(str(path))}", err=True)
            return
        except AichoiceError as error:
            typer.echo(f"aichoice: {error}", err=True)
        try:
            name = console.input(Text("Save to another file (Enter to not save): ")).strip()
            again = _confirm_target(console, Path(name)) if name else None
        except EOFError:
            again = None
        if again is None:
            typer.echo("aichoice: answers not saved", err=True)
            return
        path, replace = again


class BatchFormat(str, Enum):
    """Output formats of `aichoice batch`."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@app.command()
@handled
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
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per CPU; 1: none), "
                             f"at most one per CPU ({os.cpu_count() or 1} here): more would only contend for "
                             "the same cores. Used from 256 inputs on; the output is the same either way."),
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
    from aichoice.batch import max_jobs

    invalid = _batch(paths, output, report, force, rules, defaults, min(jobs or max_jobs(), max_jobs()))
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
    stream = writer(out, ascii_only=not _utf8(out)) if writer is not None else None
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
            typer.echo(f"aichoice: portfolio report written to {clean(str(report))}", err=True)
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
@handled
def cost(
    seats: Optional[float] = _cost_option("seats", "Chat seats."),
    seat_price: Optional[float] = _cost_option("seat_price", "Price of a chat seat per month."),
    tasks: Optional[float] = _cost_option("tasks", "Completed tasks per month (at least 0.01)."),
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
    base = _read_pricing(pricing) if pricing is not None else {}
    result = compare(inputs_from({**base, **given}))
    if output is CostFormat.json:
        import json

        from aichoice.models import to_plain
        from aichoice.sanitize import json_document

        text = json.dumps(to_plain(result), indent=2, allow_nan=False, ensure_ascii=not _utf8(sys.stdout))
        sys.stdout.write(json_document(text) + "\n")
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
@handled
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
    text = f"{head}{severity}: {clean(error.message)}"
    return text + (f"\n  hint: {clean(error.hint)}" if error.hint else "")


@rules_app.command("init")
@handled
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

    if directory.exists() and not directory.is_dir():
        raise AichoiceError(f"{directory} is a file, not a folder")
    existing = [name for name in RULESET_FILES if os.path.lexists(directory / name)]
    if existing and not force:
        raise AichoiceError(f"{directory} already holds {', '.join(existing)}; pass --force to replace them")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AichoiceError(f"cannot create {directory}: {exc.strerror}") from None
    source = default_rules_dir()
    for name in RULESET_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"), force=True)
    typer.echo(f"aichoice: copied the rule set to {clean(str(directory))}; use it with --rules "
               f"{clean(str(directory))}", err=True)


@rules_app.command("show")
@handled
def rules_show(rules: Optional[Path] = _RULES_OPTION) -> None:
    """Show the active rule set: policy, questions, rules and weights, as tables.

    [bold]Example[/bold]

      aichoice rules show --rules ./our-rules
    """
    from aichoice.render import tables

    ruleset = _load_rules(rules)
    tables.render_ruleset(ruleset, _console())


@app.command()
@handled
def questions(rules: Optional[Path] = _RULES_OPTION) -> None:
    """List the questionnaire: id, question, type, values and default.

    [bold]Example[/bold]

      aichoice questions
    """
    from aichoice.render import tables

    tables.render_questions(_load_rules(rules), _console())


@app.command()
@handled
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
@handled
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

    return load_ruleset(rules)


def _stdout_is_devnull() -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError, AttributeError):
        return False


def _prepare_streams() -> None:
    """Text that a stream's encoding cannot hold is replaced, never a traceback (a latin-1 locale,
    PYTHONIOENCODING); a typed byte that is not UTF-8 is read as U+FFFD and refused like any typo."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace"), (sys.stdin, "replace")):
        try:
            stream.reconfigure(errors=errors)  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def main() -> None:
    """Console-script entry point: every way of ending becomes an exit code, never a traceback.

    Closed or full stdout, a broken pipe, Ctrl-C (130) and SIGTERM (143)
    included, for every command and for --help.
    """
    if sys.stdout is None:
        _say("aichoice: standard output is closed; nothing could be written")
        sys.exit(EXIT_INPUT)
    _prepare_streams()
    signal.signal(signal.SIGTERM, _terminate)
    was_devnull = _stdout_is_devnull()
    code: Any = 0
    try:
        app()
    except SystemExit as exit:
        code = exit.code
    except KeyboardInterrupt:
        _say("\naichoice: interrupted")
        code = EXIT_INTERRUPTED
    except Terminated:
        code = EXIT_TERMINATED
    except OSError as exc:  # Click's or Rich's own output (--help, say) could not be written
        code = _output_failed(exc)
    # Click and Rich meet a broken pipe of their own (--help | head) with exit 1, the gate's code:
    # Click swaps in a PacifyFlushWrapper, Rich points stdout at /dev/null.
    if code == EXIT_GATE and (type(sys.stdout).__name__ == "PacifyFlushWrapper"
                              or (not was_devnull and _stdout_is_devnull())):
        code = _output_failed(BrokenPipeError(32, "Broken pipe"))
    else:
        try:
            sys.stdout.flush()
        except OSError as exc:
            code = _output_failed(exc)
    sys.exit(code)
