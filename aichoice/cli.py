"""The Typer app: with `exits`, the only code that knows argv, exit codes and consoles.

Each command is a few lines over the library (`assessment`, `batch`, `cost`,
`ruleset`, `render`); `exits.handled` is the one place errors and interrupts
become messages and exit codes.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer.core import TyperGroup

from aichoice import __version__
from aichoice.errors import AichoiceError
from aichoice.exits import EXIT_GATE, EXIT_INPUT, handled, plain_usage_errors, run
from aichoice.helptext import plain_help, unwrap_help
from aichoice.render import (
    BatchFormat,
    Context,
    CostFormat,
    Format,
    PricesFormat,
    for_stream,
    make_console,
    renderer,
    report_date,
    writes_utf8,
)
from aichoice.sanitize import terminal as clean
from aichoice.wording import answer_notes

if TYPE_CHECKING:
    from aichoice.prompt import Interview


plain_help()


class _Commands(TyperGroup):
    """The app's command group: usage errors in one line and a hint (exits.plain_usage_errors)."""

    main = plain_usage_errors(TyperGroup.main)


app = typer.Typer(
    cls=_Commands,
    name="aichoice",
    help="Chat interface, API, or both? Assess how a team should adopt generative AI.",
    add_completion=True,  # --install-completion, --show-completion
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(cls=_Commands, help="Check and show rule sets.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

_QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No notes on stderr: only errors and a gate's result.")
_RULES_OPTION = typer.Option(None, "--rules", metavar="DIR", help="The rule set in DIR instead of the shipped one.")


def _complete_set(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of `--set [NEED:]QUESTION=VALUE`: question ids, then their values (after
    a list's commas too), from the rule set of `--rules` or the shipped one."""
    from aichoice.ruleset import load_ruleset

    try:
        questions = load_ruleset(ctx.params.get("rules")).questions
    except AichoiceError:
        return []
    head, equals, value = incomplete.partition("=")
    need, colon, qid = head.rpartition(":")
    prefix = need + colon
    if not equals:
        return [
            (f"{prefix}{key}=", clean(question.short or question.text))
            for key, question in questions.items()
            if key.startswith(qid)
        ]
    question = questions.get(qid)
    if question is None:
        return []
    given, comma, last = value.rpartition(",") if question.type == "list" else ("", "", value)
    start = f"{prefix}{qid}={given}{comma}"
    values = (
        [(choice.value, choice.label) for choice in question.choices or []]
        if question.choices
        else [("yes", ""), ("no", "")]
        if question.type == "bool"
        else []
    )
    return [(start + key, clean(label)) for key, label in values if key.startswith(last)]


_SET_OPTION = typer.Option(
    [],
    "--set",
    metavar="[NEED:]QUESTION=VALUE",
    autocompletion=_complete_set,
    help="What-if: answer QUESTION with VALUE in place of the input's answer, for every "
    "need, or with NEED: for that need alone (repeatable; a list's values "
    "comma-separated).",
)


def _context(output: Format | CostFormat, **fields: Any) -> Context:
    """The renderers' context; a console only for the terminal view (the JSON path imports no Rich)."""
    console = make_console() if output in (Format.text, CostFormat.text) else None
    return Context(console=console, ascii_only=not writes_utf8(sys.stdout), **fields)


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts: decided once, up front, never guessed mid-way."""
    return sys.stdin is not None and sys.stdin.isatty()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aichoice {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Chat interface, API, or both? Assess how a team should adopt generative AI."""


# -- assess ----------------------------------------------------------------------------------


@app.command("assess")
@handled
def assess_command(
    answers: Optional[str] = typer.Option(
        None,
        "--answers",
        "-a",
        metavar="FILE",
        help="Answers file (YAML, contract v3); '-' reads standard input. Without it: YAML piped on stdin, "
        "or the questionnaire in a terminal.",
    ),
    output: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    expect: list[str] = typer.Option(
        [],
        "--expect",
        metavar="[NEED=]chat|api|both",
        help="A CI gate: exit 1 when the recommendation differs, or with NEED= that need's (repeatable; any case).",
    ),
    rules: Optional[Path] = _RULES_OPTION,
    defaults: bool = typer.Option(
        False,
        "--defaults",
        help="Fill unanswered questions with their defaults, and say which were assumed.",
    ),
    ask_missing: bool = typer.Option(
        False,
        "--ask-missing",
        help="With --answers FILE in a terminal: ask only the questions the file lacks.",
    ),
    save: Optional[Path] = typer.Option(
        None,
        "--save",
        metavar="PATH",
        help="Save the answers given at the prompts as an answers file.",
    ),
    report: Optional[Path] = typer.Option(
        None,
        "--report",
        metavar="PATH",
        help="Also write the report to PATH: .md or .markdown for markdown, .html or .htm for HTML.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing file given to --save or --report."),
    overrides: list[str] = _SET_OPTION,
    quiet: bool = _QUIET_OPTION,
) -> None:
    """Assess the answers and recommend chat, api or both, with the reasons.

    In a terminal with no answers given, asks the questions one by one.

    [bold]Examples[/bold]

      aichoice assess

      aichoice assess --answers examples/hospital-group.yaml

      cat answers.yaml | aichoice assess --format json --expect api

      aichoice assess --answers answers.yaml --report docs/adr/ai-choice.md

      aichoice assess --answers answers.yaml --report ai-choice.html

      aichoice assess -a team.yaml --set monthly_volume=50000 \\
        --set automation=full

      aichoice assess -a staff-and-support.yaml --expect both \\
        --expect "Support bot=api"

      aichoice assess -a staff-and-support.yaml \\
        --set "Support bot:monthly_volume=600000"

    Exit codes: 0 assessed, 1 --expect did not match, 2 bad input or usage, 130 interrupted.
    """
    from aichoice.assessment import AssessOptions, check_interactive_options, check_outputs, run_assessment
    from aichoice.files import check_writable, write_atomic

    if expect:  # the gate's module only where there is a gate: start-up is the CI's cost too
        from aichoice import gate

        expectations = gate.parse_expectations(expect)
    interactive = (answers is None or ask_missing) and stdin_is_terminal()
    check_interactive_options(answers, ask_missing, interactive, save, report)
    check_outputs({"--save": save, "--report": report}, rules, answers)
    for target in (save, report):  # say so before asking anything
        if target is not None:
            check_writable(target, force)
    report_format = Format.for_report(str(report)) if report is not None else None
    date = report_date() if report is not None or output in (Format.markdown, Format.html) else ""
    interview = _interview() if interactive else None
    run = run_assessment(
        AssessOptions(answers, rules, defaults, tuple(overrides)),
        ask=(lambda ruleset, draft: interview.run(ruleset, draft)) if interview else None,
    )
    assessment = run.assessment
    checked = gate.check(assessment, expectations) if expect else None  # an unknown need: exit 2 now
    for note in [] if quiet else answer_notes(run.needs):
        typer.echo(f"aichoice: {clean(note)}", err=True)
    context = _context(output, questions=run.ruleset.questions, date=date)
    sys.stdout.write(for_stream(renderer(output).render(assessment, context), output, sys.stdout))
    sys.stdout.flush()
    # Files are written last, after every question (the save dialog too): an interrupted run writes nothing.
    saving = interview.where_to_save(save, force) if interview else None
    if report is not None and report_format is not None:
        write_atomic(report, renderer(report_format).render(assessment, context), force=force)
        if not quiet:
            typer.echo(f"aichoice: report written to {clean(str(report))}", err=True)
    if interview and saving is not None and run.draft is not None:  # a questionnaire always has its draft
        interview.save(run.draft, saving, lambda path: check_outputs({"the file": path}, rules, answers))
    if os.environ.get("GITHUB_STEP_SUMMARY"):  # in GitHub Actions: the verdict in the job summary
        from aichoice.files import append_block
        from aichoice.render.markdown import summary

        append_block(os.environ["GITHUB_STEP_SUMMARY"], summary(assessment, checked), "GITHUB_STEP_SUMMARY")
    if checked is not None and not checked.passed:
        for drift in checked.drifts:
            typer.echo(f"aichoice: {clean(drift.message())}", err=True)
        raise typer.Exit(EXIT_GATE)


def _interview() -> Interview:  # on stderr, so stdout carries only the result
    from aichoice.prompt import Interview

    return Interview(make_console(stderr=True))


@app.command()
@handled
def batch(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH...",
        help="Folders of answers files (*.yaml, *.yml, searched recursively), answers files, or CSV survey exports.",
    ),
    output: BatchFormat = typer.Option(BatchFormat.table, "--format", "-f", help="Output format."),
    report: Optional[Path] = typer.Option(
        None, "--report", metavar="PATH", help="Also write the markdown portfolio report to PATH."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing file given to --report."),
    rules: Optional[Path] = _RULES_OPTION,
    defaults: bool = typer.Option(False, "--defaults", help="Fill unanswered questions with their defaults."),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        metavar="N",
        help="Worker processes (0: one per CPU; 1: none), "
        f"at most one per CPU ({os.cpu_count() or 1} here): more would only contend for "
        "the same cores. Used from 256 inputs on; the output is the same either way.",
    ),
    overrides: list[str] = _SET_OPTION,
    quiet: bool = _QUIET_OPTION,
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
    from aichoice import batch as batch_mod
    from aichoice.answers import parse_overrides
    from aichoice.assessment import check_outputs
    from aichoice.files import check_writable, open_atomic
    from aichoice.render import batch as batch_render
    from aichoice.ruleset import load_ruleset

    check_outputs({"--report": report}, rules, batch_inputs=paths)
    if report is not None:  # the portfolio report is markdown
        Format.for_report(str(report), allowed=(".md", ".markdown"))
    ruleset = load_ruleset(rules)
    settings = parse_overrides(overrides, ruleset.questions)
    if report is not None:
        check_writable(report, force)
    date = report_date() if report is not None or output is BatchFormat.markdown else ""
    opener = (lambda: open_atomic(report, force)) if report is not None else None
    out = sys.stdout
    writers = batch_render.writers(output, out, ruleset, date, not writes_utf8(out), opener)
    with batch_render.progress_line(output, out) if not quiet else nullcontext(None) as progress:
        summary = batch_mod.assess_all(
            ruleset,
            paths,
            writers,
            fill_defaults=defaults,
            rules_dir=rules,
            jobs=min(jobs or batch_mod.max_jobs(), batch_mod.max_jobs()),
            progress=progress,
            overrides=settings,
        )
    if settings and not quiet:
        typer.echo(f"aichoice: answers set by --set for every input: {clean(', '.join(settings.describe()))}", err=True)
    for source, reason in [] if quiet else summary.skipped:
        typer.echo(f"aichoice: skipped {clean(source)}: {reason}", err=True)
    if summary.total == 0:
        raise AichoiceError(
            "no answers files found", hint="pass folders holding *.yaml files, answers files, or CSV files"
        )
    for writer in writers:
        writer.finish(summary)
    out.flush()
    if report is not None and not quiet:
        typer.echo(f"aichoice: portfolio report written to {clean(str(report))}", err=True)
    if (
        output in (BatchFormat.jsonl, BatchFormat.csv) and not quiet
    ):  # they carry only the inputs: the summary goes to stderr
        typer.echo(batch_render.summary_text(summary, batch_render.gap_titles(ruleset)).rstrip("\n"), err=True)
    unmatched = [name for name in settings.by_need if name not in summary.set_needs]
    for name in unmatched:  # a misspelt need would otherwise change nothing without a word
        typer.echo(f"aichoice: --set {clean(name)!r}: no input has a need of that name", err=True)
    if summary.invalid:
        typer.echo(f"aichoice: {summary.invalid:,} of {summary.total:,} input(s) were invalid", err=True)
    if summary.invalid or unmatched:
        raise typer.Exit(EXIT_INPUT)


def _cost_option(name: str, help_text: str, low: float = 0) -> Any:
    return typer.Option(None, f"--{name.replace('_', '-')}", min=low, metavar="N", help=help_text, show_default=False)


@app.command()
@handled
def cost(
    seats: Optional[float] = _cost_option("seats", "Chat seats."),
    seat_price: Optional[float] = _cost_option("seat_price", "Price of a chat seat per month."),
    tasks: Optional[float] = _cost_option("tasks", "Completed tasks per month (0, or at least 0.01)."),
    tokens_in: Optional[float] = _cost_option("tokens_in", "Input tokens per task."),
    tokens_out: Optional[float] = _cost_option("tokens_out", "Output tokens per task."),
    price_in: Optional[float] = _cost_option("price_in", "Price per million input tokens."),
    price_out: Optional[float] = _cost_option("price_out", "Price per million output tokens."),
    build_cost: Optional[float] = _cost_option("build_cost", "One-off cost of building the API integration."),
    months: Optional[float] = _cost_option(
        "months", "Months to spread the build cost over (1 or more; 12 if not given).", 1
    ),
    maintenance: Optional[float] = _cost_option("maintenance", "API running costs per month."),
    chat_minutes: Optional[float] = _cost_option("chat_minutes", "Human minutes per task done through chat."),
    review_minutes: Optional[float] = _cost_option("review_minutes", "Human minutes per task reviewing API output."),
    hourly_rate: Optional[float] = _cost_option("hourly_rate", "Loaded cost of an hour of that human time."),
    seat_product: Optional[str] = typer.Option(
        None,
        "--seat-product",
        metavar="ID",
        help="A chat product's list seat price, from the shipped catalog (aichoice prices).",
    ),
    model: Optional[str] = typer.Option(
        None,
        "--model",
        metavar="PROVIDER:MODEL",
        help="A model's list token prices, from genai-prices (for example openai:gpt-4.1).",
    ),
    currency: Optional[str] = typer.Option(
        None, "--currency", metavar="CODE", help="The currency of the figures given (USD, EUR, ...)."
    ),
    pricing: Optional[Path] = typer.Option(
        None, "--pricing", metavar="FILE", help="Start from a pricing file (a 'cost:' mapping); flags override it."
    ),
    output: CostFormat = typer.Option(CostFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Compare chat seats with API usage per completed outcome, and find the break-even volume.

    Per month: chat = licences (seats x seat price) + people's time (tasks x chat minutes / 60 x
    hourly rate); API = tokens + review time + the build spread over its months + running costs.
    Prices come from what you give, a seat product's list price (--seat-product) or a model's
    list prices (--model, from genai-prices, offline). Nothing missing counts as zero: a side
    that lacks an input says which, and every figure carries its currency. Every figure given
    is 0 or more.

    [bold]Example[/bold]

      aichoice cost --seat-product chatgpt-business --seats 350 \\
        --model openai:gpt-4.1 --tokens-in 1500 --tokens-out 500 --tasks 14000

    Exit codes: 0 compared, 2 bad input.
    """
    from aichoice.clock import today
    from aichoice.cost import compare, inputs_from
    from aichoice.cost_files import read_pricing
    from aichoice.render.cost import render_cost

    flags = dict(
        seats=seats,
        seat_price=seat_price,
        tasks=tasks,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        price_in=price_in,
        price_out=price_out,
        build_cost=build_cost,
        months=months,
        maintenance=maintenance,
        chat_minutes=chat_minutes,
        review_minutes=review_minutes,
        hourly_rate=hourly_rate,
        seat_product=seat_product,
        model=model,
        currency=currency,
    )
    base = read_pricing(str(pricing)) if pricing is not None else {}
    result = compare(inputs_from({**base, **{k: v for k, v in flags.items() if v is not None}}), today())
    sys.stdout.write(render_cost(result, output, _context(output)))


@app.command()
@handled
def prices(
    provider: Optional[str] = typer.Option(
        None, "--provider", metavar="NAME", help="List that provider's API models and their prices (e.g. openai)."
    ),
    output: PricesFormat = typer.Option(PricesFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List the prices a cost comparison can start from: chat seats and API models.

    Chat seats come from the shipped catalog of public list prices, each with
    the vendor page it was read from, the date it was read (flagged old after
    a year) and the page's words; API prices per million tokens (USD) come
    from the genai-prices package, offline. List prices vary by region and
    contract: bring your own to `aichoice cost`.

    [bold]Examples[/bold]

      aichoice prices

      aichoice prices --provider anthropic

      aichoice prices --format json > prices.json

    Exit codes: 0 listed, 2 unknown provider or bad usage.
    """
    import datetime

    from aichoice import prices as catalog
    from aichoice.render.prices import render_prices

    date = report_date()
    midnight = datetime.datetime.combine(
        datetime.date.fromisoformat(date), datetime.time(), tzinfo=datetime.timezone.utc
    )
    models = catalog.api_models(provider, when=midnight)  # an unknown provider: exit 2 before any output
    context = Context(
        console=make_console() if output is PricesFormat.text else None,
        ascii_only=not writes_utf8(sys.stdout),
        date=date,
    )
    sys.stdout.write(render_prices(catalog.seat_products(), models, output, context, provider))


# -- rule sets ---------------------------------------------------------------------------------


@rules_app.command("check")
@handled
def rules_check(
    directory: Optional[Path] = typer.Argument(None, metavar="DIR", help="Rule set folder (default: the shipped one)."),
) -> None:
    """Check a rule set: errors and warnings, each as file:line:col.

    Errors: schema problems, unknown questions or values, operators that do
    not fit, duplicate ids. Warnings: rules that can never fire, questions
    and values no rule uses.

    [bold]Example[/bold]

      aichoice rules check ./our-rules

    Exit codes: 0 no errors (warnings may be listed), 2 errors.
    """
    from aichoice.render.tables import diagnostic
    from aichoice.ruleset import check_ruleset, default_rules_dir

    report = check_ruleset(directory)
    for error in report.errors:
        typer.echo(diagnostic(error, "error"))
    for warning in report.warnings:
        typer.echo(diagnostic(warning, "warning"))
    where = clean(str(directory if directory is not None else default_rules_dir()))
    counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    if report.errors or report.ruleset is None:
        typer.echo(f"aichoice: rule set {where}: {counts}", err=True)
        raise typer.Exit(EXIT_INPUT)
    info = report.ruleset.info
    typer.echo(f"aichoice: rule set {clean(info.name)} {clean(info.version)} ({where}): {counts}", err=True)


@rules_app.command("calibrate")
@handled
def rules_calibrate(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Case files, folders of them, or scenarios files."),
    rules: Optional[Path] = _RULES_OPTION,
    bands: str = typer.Option("0,4,10,20", "--bands", metavar="LEADS", help="Where each band of leads starts."),
) -> None:
    """Measure how sure verdicts are: assess cases whose right verdict is known and count, per band
    of leads, how many the verdict agreed with. Prints the `confidence:` block for the policy in
    ruleset.yaml; every output's "how sure" then comes from it.

    A case file is an answers file whose first line is '# documented: chat|api|both' (as in
    cases/); a scenarios file lists 'scenarios:', each with 'expect' and 'answers'.

    [bold]Example[/bold]

      aichoice rules calibrate cases/ --rules ./our-rules
    """
    from aichoice.calibration import calibrate, calibration_yaml, known_cases

    try:
        edges = tuple(int(edge) for edge in bands.split(","))
    except ValueError:
        raise AichoiceError(f"--bands must be whole numbers separated by commas, got {bands!r}") from None
    known = known_cases(paths, rules)
    sys.stdout.write(calibration_yaml(calibrate(known, edges)))
    agreed = sum(k.agreed for k in known)
    typer.echo(f"aichoice: {agreed} of {len(known)} known cases agreed with the verdict", err=True)


@rules_app.command("init")
@handled
def rules_init(
    directory: str = typer.Argument(..., metavar="DIR", help="Folder to create the copy in."),
    force: bool = typer.Option(False, "--force", help="Replace rule files already in DIR."),
) -> None:
    """Copy the shipped rule set into DIR, to tune it to your organisation.

    [bold]Example[/bold]

      aichoice rules init our-rules && aichoice rules check our-rules
    """
    from aichoice.ruleset import copy_ruleset

    copy_ruleset(directory, force)
    typer.echo(f"aichoice: copied the rule set to {clean(directory)}; use it with --rules {clean(directory)}", err=True)


@rules_app.command("show")
@handled
def rules_show(rules: Optional[Path] = _RULES_OPTION) -> None:
    """Show the active rule set: policy, questions, rules and weights, as tables.

    [bold]Example[/bold]

      aichoice rules show --rules ./our-rules
    """
    from aichoice.render import tables
    from aichoice.ruleset import load_ruleset

    tables.render_ruleset(load_ruleset(rules), make_console())


@app.command()
@handled
def questions(rules: Optional[Path] = _RULES_OPTION) -> None:
    """List the questionnaire: id, question, type, values and default.

    [bold]Example[/bold]

      aichoice questions
    """
    from aichoice.render import tables
    from aichoice.ruleset import load_ruleset

    tables.render_questions(load_ruleset(rules), make_console())


class SchemaKind(str, Enum):
    """What `aichoice schema` describes."""

    answers = "answers"
    result = "result"


@app.command()
@handled
def schema(
    kind: SchemaKind = typer.Argument(
        SchemaKind.answers,
        metavar="KIND",
        help="answers: an answers file (the default); result: the document of assess --format json.",
    ),
    rules: Optional[Path] = _RULES_OPTION,
) -> None:
    """Print a JSON Schema (draft 2020-12): of an answers file, for editors and CI, or with
    'result' of the --format json document, for pipelines that read it.

    [bold]Examples[/bold]

      aichoice schema > aichoice-answers.schema.json

      aichoice schema result > aichoice-result.schema.json

    Then start an answers file with:

      # yaml-language-server: $schema=aichoice-answers.schema.json
    """
    from aichoice.render.json import json_text
    from aichoice.schema import answers_schema, result_schema

    if kind is SchemaKind.result:
        sys.stdout.write(json_text(result_schema(), ascii_only=True))
        return
    from aichoice.ruleset import load_ruleset

    sys.stdout.write(json_text(answers_schema(load_ruleset(rules)), ascii_only=True))


@app.command()
@handled
def template(rules: Optional[Path] = _RULES_OPTION) -> None:
    """Print a commented answers file: every question, its help, values and default.

    [bold]Example[/bold]

      aichoice template > answers.yaml

      aichoice assess --answers answers.yaml --defaults
    """
    from aichoice.ruleset import load_ruleset
    from aichoice.template import answers_template

    sys.stdout.write(answers_template(load_ruleset(rules)))


unwrap_help(app)  # every command is defined: its --help wraps prose at the terminal's width


def main() -> None:
    """The console script `aichoice` (and `python -m aichoice`): it exits without the interpreter's
    teardown when nothing is left running (see `exits.run`)."""
    run(app, fast_exit=True)
