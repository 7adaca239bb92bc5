"""The terminal view: a verdict panel, score bars and the strongest reasons (Rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aichoice.explain import TOP_AGAINST
from aichoice.models import OPTIONS, Assessment, NeedResult, Option, Reason
from aichoice.render import Context, drawn
from aichoice.sanitize import terminal as clean
from aichoice.wording import SUMMARIES, TITLES, format_value, lead, reasons_in_favour

COLORS = {Option.chat: "cyan", Option.api: "magenta", Option.both: "green"}
TOP_REASONS = 6
TOP_CHANGES = 5
BAR_WIDTH = 30


class TerminalRenderer:
    """`--format text`: the view for a person at a terminal, drawn for `context.console`
    (its width and colours), returned as text."""

    def render(self, assessment: Assessment, context: Context) -> str:
        return drawn(draw, assessment, context)


def draw(result: Assessment, console: Console) -> None:
    """Print the assessment on a console, for a person reading a terminal."""
    title, summary = TITLES[result.recommendation], SUMMARIES[result.recommendation]
    color = COLORS[result.recommendation]
    verdict = Text.assemble(("Recommendation: ", "bold"), (title, f"bold {color}"), "\n", summary, "\n")
    verdict.append(f"Confidence: {result.confidence:.0%} ({lead(result)})")
    if result.close_call:
        verdict.append("\nClose call: a small change in the answers could change the verdict.", style="bold yellow")
    heading = "aichoice" + (f" · {clean(result.project)}" if result.project else "")
    console.print(Panel(verdict, title=Text(heading), title_align="left", border_style=color))

    several = result.several
    if several:  # each need has its own channel; summed scores would say nothing
        console.print(Text("Channel map", style="bold"))
        table = Table.grid(padding=(0, 1))
        for need in result.needs:
            table.add_row(
                Text(f" {clean(need.name or '')}"),
                Text(f"→ {TITLES[need.recommendation]}", style=COLORS[need.recommendation]),
                Text(f"{need.confidence:.0%}", style="dim"),
            )
        console.print(table, Text(""))
    else:
        console.print(Text("Scores", style="bold"))
        console.print(_score_bars(result.needs[0]))

    console.print(Text("Why", style="bold"))
    supporting = reasons_in_favour(result)
    shown = supporting
    if several:  # the strongest few of each need, so no need is hidden behind another's reasons
        per_need = max(1, TOP_REASONS // len(result.needs))
        shown = [pair for need in result.needs for pair in [p for p in supporting if p[0] is need][:per_need]]
    console.print(_reasons_table(shown[:TOP_REASONS], several))
    rest = len(supporting) - min(len(shown), TOP_REASONS)
    if rest > 0:
        console.print(
            Text(f"    {rest} more reason{'s' if rest > 1 else ''} in favour: see --format markdown", style="dim")
        )
    # One need: the strongest evidence for the options that lost, so a reader sees both sides (several
    # needs: the channel map shows where each need's evidence points).
    against = [] if several else [(need, r) for need in result.needs for r in need.reasons if not r.in_favour]
    if against:
        console.print(Text("\nAgainst it", style="bold"))
        console.print(_reasons_table(against[:TOP_AGAINST], several))
        if len(against) > TOP_AGAINST:
            console.print(
                Text(f"    {len(against) - TOP_AGAINST} more pointing elsewhere: see --format markdown", style="dim")
            )
    if result.budget is not None:
        console.print(Text("\nCost per completed outcome", style="bold"))
        for need in result.needs:
            if need.cost is not None:
                whose = f"[{clean(need.name or '')}] " if several else ""
                console.print(Text(f"  {whose}{clean(need.cost.summary)}"))
        budget = result.budget
        if several and budget.monthly is not None:
            console.print(
                Text(
                    f"  Budget of the verdict: {clean(budget.currency or '')} {budget.monthly:,.2f} a month "
                    f"({clean(budget.currency or '')} {budget.yearly or 0:,.2f} a year), each need on "
                    "the channel it is recommended."
                )
            )
        elif several:
            console.print(Text(f"  Budget of the verdict not added up: {clean('; '.join(budget.missing))}."))
    if result.sensitivity:
        console.print(Text("\nWhat would change it", style="bold"))
        for change in result.sensitivity[:TOP_CHANGES]:
            scope = (f" (in {change.need})" if change.need else " (shared)") if several else ""
            console.print(
                Text(
                    "  "
                    + clean(
                        f"{change.question}{scope}: {format_value(change.from_)} → "
                        f"{format_value(change.to)} gives {change.recommendation.value}"
                    )
                )
            )
        if len(result.sensitivity) > TOP_CHANGES:
            console.print(
                Text(f"  … and {len(result.sensitivity) - TOP_CHANGES} more (see --format markdown)", style="dim")
            )
    else:
        console.print(Text("\nNo single change of answer would change the verdict.", style="dim"))
    if result.gaps:
        console.print(Text("\nReadiness gaps", style="bold"))
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column()
        for gap in result.gaps:
            whose = f"[{clean(', '.join(name or '' for name in gap.needs))}] " if several else ""
            table.add_row(Text(f"  {clean(gap.title)}", style="yellow"), Text(whose + clean(gap.next_step)))
        console.print(table)
    for need in result.needs:
        if need.assumed:
            named = f" ({clean(need.name or '')})" if several else ""
            console.print(Text(f"\nAssumed defaults{named} for: {', '.join(need.assumed)}", style="yellow"))


def _reasons_table(reasons: list[tuple[NeedResult, Reason]], several: bool) -> Table:
    """Numbered reasons, each tagged with the option it supports and its weight (and its need, if several)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right")
    table.add_column(no_wrap=True)
    table.add_column()
    for index, (need, reason) in enumerate(reasons, 1):
        tag = Text(f"{reason.supports.value} +{reason.weight:g}", style=COLORS[reason.supports])
        text = f"[{clean(need.name or '')}] {clean(reason.text)}" if several else clean(reason.text)
        table.add_row(f" {index}.", tag, Text(text))
    return table


def _score_bars(result: NeedResult) -> Group:
    top = max(result.scores.get(o) for o in OPTIONS) or 1.0
    table = Table.grid(padding=(0, 1))
    for option in OPTIONS:
        score = result.scores.get(option)
        filled = round(BAR_WIDTH * score / top)
        bar = Text("█" * filled, style=COLORS[option]) + Text("·" * (BAR_WIDTH - filled), style="dim")
        marker = "◀" if option == result.recommendation else ""
        table.add_row(Text(f" {option.value:<4}"), bar, Text(f"{score:>6g}"), Text(marker, style="bold"))
    ev = result.evidence
    # A no-break space binds each number to its words, so a narrow terminal wraps the sentence
    # between its terms, never leaving a number alone on a line.
    terms = [
        f"chat\u00a0{ev.chat:g}",
        f"+\u00a0api\u00a0{ev.api:g}",
        f"+\u00a0combining\u00a0{ev.both:g}",
        f"−\u00a0overhead\u00a0of\u00a0running\u00a0two\u00a0{result.both_overhead:g}",
    ]
    legend = Text(" Both scores " + " ".join(terms) + ".", style="dim")
    return Group(table, legend, Text(""))
