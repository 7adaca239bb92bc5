"""The markdown report: pasted into a design doc, a pull request or an ADR.

GitHub- and GitLab-flavoured markdown only: pipe tables, task lists, a
mermaid chart, no raw HTML. Given the same result, questions and date, the
output is byte-identical.
"""

from __future__ import annotations

from aichoice import sanitize
from aichoice.render import Context
from aichoice.models import OPTIONS, Option, Result
from aichoice.wording import SUMMARIES, TITLES, UNNAMED, format_value, in_favour, lead

ARTICLE = "Generative AI API vs Chat Interfaces: Key Differences"
GOVERNANCE_NOTE = {
    Option.chat: "Chat environments centralize governance: check what the chat product lets you control.",
    Option.api: "API environments distribute responsibility: these are yours to answer in your own system.",
    Option.both: "Chat environments centralize governance; API environments distribute responsibility. "
    "Answer each question for both.",
}

md = sanitize.markdown  # every string from an input passes it


class MarkdownRenderer:
    """`--format markdown` and `--report`: the report, dated `context.date`."""

    def render(self, result: Result, context: Context) -> str:
        return report(result, context)


def report(result: Result, context: Context) -> str:
    """The whole report as one markdown string."""
    out: list[str] = []
    add = out.append
    winner = result.recommendation
    title = "AI adoption assessment" + (f": {md(result.project)}" if result.project else "")
    add(f"# {title}")
    add("")

    add("## Recommendation")
    add("")
    summary = SUMMARIES[winner]
    add(f"**{TITLES[winner]}**: {summary[0].lower()}{summary[1:]}")
    add("")
    add(f"- Confidence: {result.confidence:.0%} ({lead(result)})")
    add(f"- Close call: {'yes' if result.close_call else 'no'}")
    if result.assumed:
        add(f"- Assumed defaults for {len(result.assumed)} unanswered question(s): "
            + ", ".join(f"`{q}`" for q in result.assumed))
    if result.close_call:
        add("")
        add("> **Close call.** A small change in the answers could change this verdict; "
            "see *What would change the recommendation*.")
    add("")

    several = len(result.needs) > 1
    add("## Channel map")
    add("")
    add("| Need | Channel | Strongest reason |")
    add("| --- | --- | --- |")
    for need in result.needs or [result]:
        strongest = in_favour(need)
        add(f"| {md(need.name if several else result.project or UNNAMED)} | {TITLES[need.recommendation]} | "
            f"{md(strongest[0].text) if strongest else 'the tie order'} |")
    add("")

    add("## Why")
    add("")
    supporting = in_favour(result)
    for index, reason in enumerate(supporting, 1):
        answers = "; ".join(f"`{qid}` = {md(format_value(value))}" for qid, value in reason.answers.items())
        marker = f"{index}. "
        where = f"for {md(reason.need)}; " if reason.need else ""
        add(f"{marker}{md(reason.text)} ({where}{reason.supports.value} +{reason.weight:g}; "
            f"{answers}; *{md(reason.principle)}*)")
        add(f"{' ' * len(marker)}> {md(reason.source)}")  # indented to stay inside the list item
    if not supporting:
        add("No rule fired in favour of this option; it wins on the rule set's tie order.")
    if result.cost is not None:
        add(f"\nCost per completed outcome: {md(result.cost.summary)} (see *Cost per completed outcome*; "
            "cost informs the decision but does not score it).")
    add("")

    add("## Why not the alternatives")
    add("")
    for item in result.why_not:
        add(f"- **{TITLES[item.option]}**: {md(item.summary)}")
    add("")

    add("## Scores")
    add("")
    if several:
        add("| Need | Channel | Chat | API | Both | Confidence |")
        add("| --- | --- | ---: | ---: | ---: | ---: |")
        for need in result.needs:
            add(f"| {md(need.name)} | {TITLES[need.recommendation]} | {need.scores.chat:g} | {need.scores.api:g} | "
                f"{need.scores.both:g} | {need.confidence:.0%} |")
        add("")
        add("Each need is scored on its own; the assessment is chat when every need is chat, an API when every "
            "need is an API, and both otherwise. Its confidence is the weakest need's.")
    else:
        add("| Option | Score | Evidence |")
        add("| --- | ---: | ---: |")
        for option in OPTIONS:
            name = f"**{TITLES[option]}** (recommended)" if option is winner else TITLES[option]
            add(f"| {name} | {result.scores.get(option):g} | {result.evidence.get(option):g} |")
        add("")
        ev = result.evidence
        add(f"Evidence is the summed weight of the rules that fired for each option. Both scores chat "
            f"{ev.chat:g} + api {ev.api:g} + evidence for combining {ev.both:g} - the overhead of running two "
            f"({result.both_overhead:g}).")
    add("")

    if result.cost is not None:
        from aichoice.render.cost import markdown_section

        out.extend(markdown_section(result.cost, md))

    points = [need.position for need in result.needs or [result] if need.position is not None]
    if points:
        add("## Where this case sits")
        add("")
        add("```mermaid")
        add("quadrantChart")
        add("    title Conversation need vs capability need")
        add("    x-axis Low capability need --> High capability need")
        add("    y-axis Low conversation need --> High conversation need")
        add("    quadrant-1 Both")
        add("    quadrant-2 Chat")
        add("    quadrant-3 Start small with chat")
        add("    quadrant-4 API")
        for spot in points:
            add(f"    {sanitize.mermaid(spot.label)}: [{spot.x:.3f}, {spot.y:.3f}]")
        add("```")
        add("")

    add("## Your answers")
    add("")
    if several:
        add("| Question | " + " | ".join(md(need.name) for need in result.needs) + " |")
        add("| --- |" + " --- |" * len(result.needs))
        for qid in result.needs[0].answers:
            question = context.questions.get(qid)
            text = question.text if question else qid
            cells = " | ".join(md(format_value(need.answers[qid])) for need in result.needs)
            add(f"| {md(text)} (`{qid}`) | {cells} |")
    else:
        add("| Question | Answer | Note |")
        add("| --- | --- | --- |")
        for qid, value in result.answers.items():
            question = context.questions.get(qid)
            text = question.text if question else qid
            note = ("assumed default" if qid in result.assumed else "skipped, default" if qid in result.skipped
                    else "set by --set" if qid in result.overridden else "")
            add(f"| {md(text)} (`{qid}`) | {md(format_value(value))} | {note} |")
    add("")

    add("## What would change the recommendation")
    add("")
    if result.sensitivity:
        for change in result.sensitivity:
            old, new = format_value(change.from_), format_value(change.to)
            scope = (f" (in {md(change.need)})" if change.need else " (shared by the needs)") if several else ""
            if change.kind == "threshold":
                verb = "Raising" if change.direction == "up" else "Lowering"
                add(f"- {verb} `{change.question}`{scope} from {md(old)} to {md(new)} gives "
                    f"**{change.recommendation.value}**.")
            else:
                add(f"- `{change.question}`{scope}: {md(old)} → {md(new)} gives **{change.recommendation.value}**.")
    else:
        add("No single change of answer would change the recommendation.")
    add("")

    add("## Readiness gaps and risks")
    add("")
    groups = (("api_challenge", "API challenges"), ("chat_limitation", "Chat limitations"))
    if not result.gaps:
        add("The answers flag none of the article's API challenges or chat limitations for this verdict.")
        add("")
    for kind, heading in groups:
        gaps = [g for g in result.gaps if g.kind == kind]
        if not gaps:
            continue
        add(f"### {heading}")
        add("")
        for gap in gaps:
            add(f"- **{md(gap.title)}**: {md(gap.detail)} Next step: {md(gap.next_step)}")
        add("")

    add("## Governance checklist")
    add("")
    add(md(GOVERNANCE_NOTE[winner]))
    add("")
    for check in result.governance:
        if check.emphasised:
            add(f"- [ ] **{md(check.question)}** (pressing: {md(check.why)})")
        else:
            add(f"- [ ] {md(check.question)}")
    add("")

    add("## Next steps")
    add("")
    for index, step in enumerate(result.next_steps, 1):
        add(f"{index}. {md(step)}")
    add("")

    add("## Provenance")
    add("")
    add("| Item | Value |")
    add("| --- | --- |")
    add(f"| Tool | aichoice {context.version} |")
    add(f"| Rule set | {md(result.ruleset['name'])} {md(result.ruleset['version'])} |")
    add(f"| Rule set sha256 | `{result.ruleset['sha256']}` |")
    add(f"| Answers sha256 | `{result.answers_sha256}` |")
    add(f"| Date | {context.date} |")
    add(f"| Source | *{ARTICLE}* |")
    return "\n".join(out) + "\n"


def summary(result: Result, top: int = 3) -> str:
    """A short block for a CI job summary (GITHUB_STEP_SUMMARY): verdict, confidence, top reasons."""
    name = f" · {md(result.project)}" if result.project else ""
    close = " · **close call**" if result.close_call else ""
    lines = [
        f"### aichoice{name}: {TITLES[result.recommendation]}",
        "",
        f"Confidence {result.confidence:.0%}{close} · rule set {md(result.ruleset['name'])} "
        f"{md(result.ruleset['version'])}",
        "",
    ]
    for reason in in_favour(result)[:top]:
        lines.append(f"- {md(reason.text)} ({reason.supports.value} +{reason.weight:g})")
    return "\n".join(lines) + "\n\n"
