"""The assessment report's content: its sections, a function each, in the document model of
render/blocks.py.

Built once from an Assessment, then written by the markdown writer (render/markdown.py) and
the HTML writer (render/html.py), so both reports have the same sections and the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from aichoice.models import OPTIONS, Assessment, NeedResult, Option
from aichoice.render.blocks import (
    Block,
    Callout,
    Document,
    Heading,
    Inline,
    Item,
    ItemList,
    Paragraph,
    QuadrantChart,
    Span,
    Table,
    cells,
    left_aligned,
    own,
    said,
)
from aichoice.render.cost_section import costs
from aichoice.render.phrases import because, change_words, for_needs, verdict_cost
from aichoice.render.summary_section import summary
from aichoice.wording import (
    TITLES,
    UNNAMED,
    format_value,
    in_favour,
)

if TYPE_CHECKING:
    from aichoice.render import Context

ARTICLE = "Generative AI API vs Chat Interfaces: Key Differences"
GOVERNANCE_NOTE = {
    Option.chat: "Chat environments centralize governance: check what the chat product lets you control.",
    Option.api: "API environments distribute responsibility: these are yours to answer in your own system.",
    Option.both: "Chat environments centralize governance; API environments distribute responsibility. "
    "Answer each question for both.",
}


QUADRANT_TITLE = "Conversation need vs capability need"


def assessment(result: Assessment, context: Context) -> Document:
    """The assessment report: a summary first (one screen, one printed page), then the detail,
    a function a section."""
    title: Inline = (own("AI adoption assessment"),) + ((own(": "), said(result.project)) if result.project else ())
    blocks: list[Block] = [Heading(1, title)]
    for section in _SECTIONS:
        blocks.extend(section(result, context))
    return Document(title, tuple(blocks))


def _costs_section(result: Assessment, context: Context) -> list[Block]:
    """The cost of the verdict and of each need, when cost is known (render/cost_section.py)."""
    return costs(result, verdict_cost(result)) if result.budget is not None else []


def _recommendation(result: Assessment, context: Context) -> list[Block]:
    """What the summary does not say of the verdict: defaults assumed, a close call."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    # The verdict, how sure and the cost are in the summary; this section keeps what it adds.
    add(Heading(2, (own("Recommendation"),)))
    facts: list[Item] = []
    for need in result.needs:
        if need.assumed:
            listed: list[Span] = []
            for index, qid in enumerate(need.assumed):
                listed += [own(", ")] if index else []
                listed.append(own(qid, "code"))
            whose = (own(" ("), said(need.name), own(")")) if several else ()
            facts.append(
                Item(
                    (
                        own("Assumed defaults"),
                        *whose,
                        own(f" for {len(need.assumed)} unanswered question(s): "),
                        *listed,
                    )
                )
            )
    if facts:
        add(ItemList(tuple(facts)))
    else:
        add(
            Paragraph(
                (
                    own(
                        "No default was assumed for an unanswered question. The verdict and how sure it is are in the "
                    ),
                    own("Summary", "em"),
                    own(" above; the detail follows."),
                )
            )
        )
    if result.close_call:
        add(
            Callout(
                (
                    own("Close call.", "strong"),
                    own(" A small change in the answers could change this verdict; see "),
                    own("What would change the recommendation", "em"),
                    own("."),
                )
            )
        )
    return blocks


def _channel_map(result: Assessment, context: Context) -> list[Block]:
    """Each need, its channel and its strongest reason."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    add(Heading(2, (own("Channel map"),)))
    map_rows = []
    for need in result.needs:
        strongest = in_favour(need)
        map_rows.append(
            cells(
                said(need.name if several else result.project or UNNAMED),
                own(TITLES[need.recommendation]),
                said(strongest[0].text) if strongest else own("the tie order"),
            )
        )
    add(Table(cells(own("Need"), own("Channel"), own("Strongest reason")), left_aligned(3), tuple(map_rows)))
    return blocks


def _why(result: Assessment, context: Context) -> list[Block]:
    """Each need's reasons in favour of its verdict, with the answers that fired them and the article's words."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    add(Heading(2, (own("Why"),)))
    if any(in_favour(need) for need in result.needs):
        for need in result.needs:
            if several:
                add(Heading(3, (said(need.name), own(f": {TITLES[need.recommendation].lower()}"))))
            items = tuple(
                Item(
                    (
                        own(f"{reason.supports.value} +{reason.weight:g}", "strong"),
                        own(" "),
                        said(reason.text),
                        own(" You answered: "),
                        *because(reason, context),
                        own("."),
                    ),
                    quote=(said(reason.principle, "em"), own(": "), said(reason.source)),
                )
                for reason in in_favour(need)
            )
            add(
                ItemList(items, "numbered")
                if items
                else Paragraph(
                    (own("No rule fired in favour of this need's verdict; it wins on the rule set's tie order."),)
                )
            )
    else:
        add(Paragraph((own("No rule fired in favour of this option; it wins on the rule set's tie order."),)))
    if result.budget is not None:
        add(
            Paragraph(
                (
                    own("Cost per completed outcome: "),
                    *_budget_words(result),
                    own(" Cost informs the decision but does not score it; see "),
                    own("Cost per completed outcome", "em"),
                    own("."),
                )
            )
        )
    return blocks


def _why_not(result: Assessment, context: Context) -> list[Block]:
    """Why each other option does not win."""
    blocks: list[Block] = []
    add = blocks.append
    add(Heading(2, (own("Why not the alternatives"),)))
    add(
        ItemList(
            tuple(Item((own(TITLES[item.option], "strong"), own(": "), said(item.summary))) for item in result.why_not)
        )
    )
    return blocks


def _scores_section(result: Assessment, context: Context) -> list[Block]:
    """The scores: each need's for several, the options' with their evidence for one."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    add(Heading(2, (own("Scores"),)))
    if several:
        add(
            Table(
                cells(own("Need"), own("Channel"), own("Chat"), own("API"), own("Both"), own("Confidence")),
                ("left", "left", "right", "right", "right", "right"),
                tuple(
                    cells(
                        said(need.name),
                        own(TITLES[need.recommendation]),
                        own(f"{need.scores.chat:g}"),
                        own(f"{need.scores.api:g}"),
                        own(f"{need.scores.both:g}"),
                        own(f"{need.confidence:.0%}"),
                    )
                    for need in result.needs
                ),
            )
        )
        add(
            Paragraph(
                (
                    own(
                        "Each need is scored on its own; the assessment is chat when every need is chat, an "
                        "API when every need is an API, and both otherwise. Its confidence is the weakest "
                        "need's."
                    ),
                )
            )
        )
    else:
        blocks.extend(_scores(result.needs[0]))
    return blocks


def _where(result: Assessment, context: Context) -> list[Block]:
    """Where each need sits on the quadrant chart."""
    blocks: list[Block] = []
    add = blocks.append
    points = [(need.position, need.recommendation) for need in result.needs if need.position is not None]
    if points:
        add(Heading(2, (own("Where this case sits"),)))
        add(QuadrantChart(QUADRANT_TITLE, tuple(points)))
    return blocks


def _answers(result: Assessment, context: Context) -> list[Block]:
    """The answers, by question (ids kept here), with how each came when not given."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    add(Heading(2, (own("Your answers"),)))
    if several:
        answer_rows = []
        for qid in result.needs[0].answers:
            question = context.questions.get(qid)
            answer_rows.append(
                (
                    (said(question.text if question else qid), own(" ("), own(qid, "code"), own(")")),
                    *(_answer(need, qid) for need in result.needs),
                )
            )
        add(
            Table(
                ((own("Question"),), *((said(need.name),) for need in result.needs)),
                left_aligned(1 + len(result.needs)),
                tuple(answer_rows),
            )
        )
    else:
        need = result.needs[0]
        answer_rows = []
        for qid, value in need.answers.items():
            question = context.questions.get(qid)
            note = _NOTE.get(_how_answered(need, qid), "")
            answer_rows.append(
                (
                    (said(question.text if question else qid), own(" ("), own(qid, "code"), own(")")),
                    (said(format_value(value)),),
                    (own(note),),
                )
            )
        add(Table(cells(own("Question"), own("Answer"), own("Note")), left_aligned(3), tuple(answer_rows)))
    return blocks


def _changes(result: Assessment, context: Context) -> list[Block]:
    """The changes of one answer that would change the verdict."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    add(Heading(2, (own("What would change the recommendation"),)))
    if result.sensitivity:
        add(ItemList(tuple(Item(change_words(change, context, several)) for change in result.sensitivity)))
    else:
        add(Paragraph((own("No single change of answer would change the recommendation."),)))
    return blocks


def _gaps(result: Assessment, context: Context) -> list[Block]:
    """The readiness gaps and risks, API challenges then chat limitations."""
    blocks: list[Block] = []
    add = blocks.append
    several = result.several
    add(Heading(2, (own("Readiness gaps and risks"),)))
    if not result.gaps:
        add(
            Paragraph(
                (own("The answers flag none of the article's API challenges or chat limitations for this verdict."),)
            )
        )
    for kind, heading in (("api_challenge", "API challenges"), ("chat_limitation", "Chat limitations")):
        gaps = [g for g in result.gaps if g.kind == kind]
        if gaps:
            add(Heading(3, (own(heading),)))
            add(
                ItemList(
                    tuple(
                        Item(
                            (
                                said(g.title, "strong"),
                                *for_needs(g.needs, several),
                                own(": "),
                                said(g.detail),
                                own(" Next step: "),
                                said(g.next_step),
                            )
                        )
                        for g in gaps
                    )
                )
            )
    return blocks


def _governance(result: Assessment, context: Context) -> list[Block]:
    """The governance checklist, pressing questions marked."""
    blocks: list[Block] = []
    add = blocks.append
    winner = result.recommendation
    add(Heading(2, (own("Governance checklist"),)))
    add(Paragraph((own(GOVERNANCE_NOTE[winner]),)))
    add(
        ItemList(
            tuple(
                Item(
                    (said(c.question, "strong"), own(" (pressing: "), said(c.why), own(")"))
                    if c.emphasised
                    else (said(c.question),)
                )
                for c in result.governance
            ),
            "checklist",
        )
    )
    return blocks


def _next_steps(result: Assessment, context: Context) -> list[Block]:
    """The next steps."""
    blocks: list[Block] = []
    add = blocks.append
    add(Heading(2, (own("Next steps"),)))
    add(ItemList(tuple(Item((said(step),)) for step in result.next_steps), "numbered"))
    return blocks


def _provenance(result: Assessment, context: Context) -> list[Block]:
    """What made this report: tool, rule set, answers, date, source."""
    blocks: list[Block] = []
    add = blocks.append
    add(Heading(2, (own("Provenance"),)))
    info = result.ruleset
    add(
        Table(
            cells(own("Item"), own("Value")),
            ("left", "left"),
            (
                cells(own("Tool"), own(f"aichoice {context.version}")),
                cells(own("Rule set"), (said(info["name"]), own(" "), said(info["version"]))),
                cells(own("Rule set sha256"), own(info["sha256"], "code")),
                cells(own("Answers sha256"), own(result.answers_sha256, "code")),
                cells(own("Date"), own(context.date)),
                cells(own("Source"), own(ARTICLE, "em")),
            ),
        )
    )
    return blocks


def _scores(need: NeedResult) -> list[Block]:
    """One need's scores: each option's score and evidence, and how both is scored."""
    score_rows = []
    for option in OPTIONS:
        name: Inline = (
            (own(TITLES[option], "strong"), own(" (recommended)"))
            if option is need.recommendation
            else (own(TITLES[option]),)
        )
        score_rows.append((name, (own(f"{need.scores.get(option):g}"),), (own(f"{need.evidence.get(option):g}"),)))
    ev = need.evidence
    return [
        Table(cells(own("Option"), own("Score"), own("Evidence")), ("left", "right", "right"), tuple(score_rows)),
        Paragraph(
            (
                own(
                    f"Evidence is the summed weight of the rules that fired for each option. Both scores "
                    f"chat {ev.chat:g} + api {ev.api:g} + evidence for combining {ev.both:g} - the "
                    f"overhead of running two ({need.both_overhead:g})."
                ),
            )
        ),
    ]


_NOTE = {
    "assumed": "assumed default",
    "skipped": "skipped, default",
    "set": "set by --set",
    "mapped": "not given; read from the other answers",
}


def _how_answered(need: NeedResult, qid: str) -> str:
    """How a need's answer came: assumed, skipped (its question did not apply), set by --set, read
    from the other answers (a file written before the question), or given."""
    return (
        "assumed"
        if qid in need.assumed
        else "skipped"
        if qid in need.skipped
        else "set"
        if qid in need.overridden
        else "mapped"
        if qid in need.mapped
        else ""
    )


def _answer(need: NeedResult, qid: str) -> Inline:
    """A need's answer in the several-needs answers table, with how it came when not given."""
    note = _NOTE.get(_how_answered(need, qid))
    return (said(format_value(need.answers[qid])),) + ((own(" "), own(f"({note})", "em")) if note else ())


def _budget_words(result: Assessment) -> Inline:
    """One sentence: one need's cost comparison, or the budget of the verdict (`verdict_cost`)."""
    if not result.several:
        cost = result.needs[0].cost
        return (said(cost.summary),) if cost is not None else ()
    return (own("the budget of the verdict is "), *verdict_cost(result))


_SECTIONS: tuple[Callable[[Assessment, Context], list[Block]], ...] = (
    summary,
    _recommendation,
    _channel_map,
    _why,
    _why_not,
    _scores_section,
    _costs_section,
    _where,
    _answers,
    _changes,
    _gaps,
    _governance,
    _next_steps,
    _provenance,
)
