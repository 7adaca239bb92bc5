"""Words every output shares: verdict titles and summaries, the lead sentence, answers as a person reads them.

One place, so that the terminal, the report, the job summary and the
explanation never say the same thing three slightly different ways.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from aichoice.models import Answers, AnswerValue, Assessment, Band, NeedResult, Option, Question, Reason

TITLES = {Option.chat: "Chat interface", Option.api: "API", Option.both: "Both"}
SUMMARIES = {
    Option.chat: "Give people a ready-made AI chat tool.",
    Option.api: "Build on a generative AI API, inside your products and workflows.",
    Option.both: "Chat for people, and an API for products and workflows.",
}
# What a case with no project name is called, in a table or on a chart.
UNNAMED = "This case"
# An option as the subject of a sentence ("An API scores 20 against chat 30.").
SUBJECTS = {Option.chat: "Chat", Option.api: "An API", Option.both: "Both"}


def lead(verdict: Assessment | NeedResult) -> str:
    """How far a verdict leads: 'leads api by 5 points', or the tie and what broke it; for the
    whole of several needs, the weakest need's lead. Then, where the rule set measured it, how
    often verdicts with such a lead agreed with the known cases (what the confidence is)."""
    if isinstance(verdict, Assessment) and verdict.several:
        words = f"each need's own verdict leads by {verdict.margin:g} points or more"
    elif verdict.margin:
        words = f"leads {_value(verdict.runner_up)} by {verdict.margin:g} points"
    else:
        words = f"tied with {_value(verdict.runner_up)}; the rule set's tie order decides"
    return words if verdict.measured is None else f"{words}; {measured(verdict.measured)}"


def measured(band: Band) -> str:
    """A band of leads and how its known cases went: 'leads of 10-19 points: 17 of 18 measured
    cases agreed'."""
    span = f"{band.min_lead}+" if band.max_lead is None else f"{band.min_lead}-{band.max_lead}"
    if not band.cases:
        return f"leads of {span} points: no measured case"
    return f"leads of {span} points: {band.agreed} of {band.cases} measured cases agreed"


def _value(option: Option | None) -> str:
    return option.value if option is not None else "no other verdict"


def in_favour(need: NeedResult) -> list[Reason]:
    """The reasons that add to the need's recommended option's score, strongest first."""
    return [reason for reason in need.reasons if reason.in_favour]


def reasons_in_favour(assessment: Assessment) -> list[tuple[NeedResult, Reason]]:
    """Each need's reasons in favour of its own verdict, need by need, strongest first in each."""
    return [(need, reason) for need in assessment.needs for reason in in_favour(need)]


def strongest_reasons(assessment: Assessment, top: int = 3) -> list[tuple[NeedResult, Reason]]:
    """The `top` strongest reasons in favour across the needs: heaviest first, need order breaking ties."""
    return sorted(reasons_in_favour(assessment), key=lambda pair: -pair[1].weight)[:top]


def question_words(question: Question | None, qid: str) -> str:
    """A question as a person reads it: its text (its id when the questionnaire does not have it)."""
    return question.text if question is not None else qid


def question_label(question: Question | None, qid: str) -> str:
    """A question named in a few words, where a line names several: its short label, else its text."""
    return question.short if question is not None and question.short else question_words(question, qid)


def answer_words(
    question: Question | None, value: AnswerValue, named: Collection[str] | None = None, brief: bool = False
) -> str:
    """An answer as a person reads it: a choice's label, yes/no, a number with separators and its
    unit. For a list, the labels of the values the user gave, only those in `named` when the
    values a rule's condition names are known: never the rule's own list. `brief` keeps a label's
    head ("Deep" of "Deep: inside core systems and workflows"), for lines that name many answers."""
    if question is None:
        return format_value(value)
    labels = {
        choice.value: choice.label.split(": ", 1)[0] if brief else choice.label for choice in question.choices or []
    }
    if isinstance(value, list):
        given = [item for item in value if named is None or item in named]
        return " / ".join(labels.get(item, item) for item in given) if given else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" + (f" {question.unit}" if question.unit else "")
    return labels.get(value, value)


def answer_notes(needs: list[Answers]) -> list[str]:
    """What a person should know about how the answers were read: defaults assumed, answers set by
    --set, answers ignored (for several needs, each need's, named)."""
    notes = []
    for answers in needs:
        label = f"{answers.name}: " if len(needs) > 1 and answers.name else ""
        notes += [label + note for note in _notes(answers)]
    return notes


def _notes(answers: Answers) -> list[str]:
    notes = []
    if answers.assumed:
        notes.append(
            f"assumed defaults for {len(answers.assumed)} unanswered question(s): {', '.join(answers.assumed)}"
        )
    if answers.overridden:
        notes.append(f"answers set by --set, in place of the input's: {', '.join(answers.overridden)}")
    if answers.ignored:
        notes.append(
            f"ignored the answers to {', '.join(answers.ignored)}: given the other answers these "
            "questions do not apply (see 'when' in aichoice questions)"
        )
    return notes


def format_value(value: Any) -> str:
    """An answer as a person would read or type it: yes/no, comma lists, 1,000."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
