"""The interactive questionnaire: sections, help on demand, defaults, a way back, a review.

The organisation's questions (scope `organisation`) are asked once, first;
then each need's own questions (scope `need`), for the first need and for
every need added after it. A question set by `--set` is asked for none: its
answer holds for every need.

Typed text is turned into the same raw value an answers file would hold and
checked by `answers.validate_value`, so the prompt accepts exactly what a file
would, and refuses it with the same reason. All of it is drawn on the console
it is given (stderr in the CLI), so stdout carries only the result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aichoice.answers import Draft, Need, dump_draft, raw_from_text, resolve, shown_name, validate_value
from aichoice.errors import AichoiceError, AnswerError
from aichoice.files import write_atomic
from aichoice.models import AnswerValue, Question, RuleSet
from aichoice.sanitize import terminal as clean
from aichoice.wording import format_value

BACK = ("<", "back")
_YES = ("y", "yes")
HELP = "?"
ORGANISATION = "Organisation"
ADD_ANOTHER = "Add another need? [y/N] (Enter: no, see the recommendation) "
TO_ADD_ANOTHER = "go on to 'Add another need?'"
TO_THE_LIST = "go on to the list of needs"
BACK_TO_THE_LIST = "back to the list of needs"

ReadLine = Callable[[str], str]
Intro = Callable[[str], str]  # the line that opens a pass, given "N questions"


def _line(text: str, style: str = "") -> Text:
    """Rule-set texts, typed answers and messages about them: safe on a terminal, never markup."""
    return Text(clean(text), style=style)


class _Back(Exception):
    """The user asked to return to the previous question."""


def _read(console: Console, read: ReadLine, prompt: str) -> str:
    """One line of input; the end of input is an error, never a loop."""
    try:
        return read(prompt).strip()
    except EOFError:
        raise AichoiceError("input ended before the questionnaire was finished; nothing was assessed") from None


def parse_text(question: Question, text: str) -> AnswerValue:
    """Turn typed text into a valid answer, or raise AnswerError (the file's reasons)."""
    return validate_value(question, raw_from_text(question, text, separator=",", numbered=True))


@dataclass
class _Need:
    """A need being described: its name (empty while it is the only one), its own answers (the
    need questions'), those a file gave (not asked), and the previous need's answers, offered as
    defaults so that a second need like the first takes a few keystrokes."""

    name: str
    own: dict[str, AnswerValue]
    given: set[str] = field(default_factory=set)
    defaults: dict[str, AnswerValue] = field(default_factory=dict)
    defaults_from: str = ""


@dataclass
class _Walk:
    """One pass through the questionnaire: the organisation's questions or one need's. `values`
    holds what the questions' `when`s read (the shared answers and, for a need, its own); the
    `given` questions are answered already (a file, --set) and not asked."""

    label: str
    questions: list[Question]
    values: dict[str, AnswerValue]
    given: set[str]
    defaults: dict[str, AnswerValue] = field(default_factory=dict)
    defaults_from: str = ""


class Interview:
    """Asks the rule set's questions on a console and returns the answers as a draft; then offers
    to save them, asking again when a path will not do, so no typed answer is lost."""

    def __init__(self, console: Console, read: ReadLine | None = None) -> None:
        self.console = console
        self.read: ReadLine = read or (lambda prompt: console.input(Text(prompt)))

    # -- the whole run -----------------------------------------------------

    def run(self, ruleset: RuleSet, draft: Draft | None = None) -> Draft:
        """Ask what `draft` lacks (everything, without one): the project's name, the organisation's
        questions, the need's, a review; then offer to add needs, each asked only its own
        questions. Returns one need's answers, or the shared answers and each need's own."""
        draft = draft or Draft(source="<questionnaire>")
        self._start(ruleset, draft)
        project = draft.project
        if project is None:  # a file without a name, --set, or nothing yet: ask
            project = _read(self.console, self.read, "Project name (optional, Enter to skip): ") or None
        self._ask_from(
            self._organisation(),
            intro=lambda n: (
                f"First, {n} about your organisation, asked once: "
                "if you describe several needs (uses of AI), all share "
                "these answers."
            ),
        )
        self._ask_need(
            0,
            intro=lambda n: (
                f"Now {n} about one need: one thing you want AI for. After the review "
                "you can add another need, with its own answers."
            ),
        )
        self._review_need(0, TO_ADD_ANOTHER)
        while self._add_another():
            self._add_need()
        return self._draft(project, draft)

    def _start(self, ruleset: RuleSet, draft: Draft) -> None:
        """Split what the draft holds: --set answers and organisation answers are shared by every
        need; the rest (from an --ask-missing file) is the first need's own."""
        self.ruleset = ruleset
        self.questions = list(ruleset.questions.values())
        self.section_of = {
            q.id: (index, section)
            for index, section in enumerate(ruleset.questionnaire.sections, 1)
            for q in section.questions
        }
        self.fixed = set(draft.overridden)
        self.shared = {
            qid: value
            for qid, value in draft.values.items()
            if qid in self.fixed or ruleset.questions[qid].scope == "organisation"
        }
        self.shared_given = set(self.shared)
        own = {qid: value for qid, value in draft.values.items() if qid not in self.shared}
        self.needs = [_Need("", own, set(own))]
        # The review's order is the asking order: the organisation's questions, then the need's.
        self.order = [q for q in self.questions if q.scope == "organisation"] + self._need_questions()

    def _need_questions(self) -> list[Question]:
        """The questions asked for each need (every question not the organisation's)."""
        return [q for q in self.questions if q.scope != "organisation"]

    def _draft(self, project: str | None, draft: Draft) -> Draft:
        """The answers that apply: one need's all in `values`; for several, the shared answers in
        `values` (kept if they apply to some need) and each need's own in its `Need`."""
        skipped = [self._skipped({**self.shared, **need.own}) for need in self.needs]
        if len(self.needs) == 1:
            values = {
                qid: value for qid, value in {**self.shared, **self.needs[0].own}.items() if qid not in skipped[0]
            }
            return Draft(
                project,
                values,
                draft.source,
                cost=draft.cost,
                overridden=[qid for qid in draft.overridden if qid in values],
            )
        shared = {qid: value for qid, value in self.shared.items() if not all(qid in s for s in skipped)}
        needs = [
            Need(need.name, {qid: value for qid, value in need.own.items() if qid not in skipped[index]}, index)
            for index, need in enumerate(self.needs)
        ]
        return Draft(
            project,
            shared,
            draft.source,
            cost=draft.cost,
            overridden=[qid for qid in draft.overridden if qid in shared],
            needs=needs,
        )

    # -- the passes: the organisation's questions, a need's ---------------------

    def _organisation(self) -> _Walk:
        """The organisation's questions; their answers are the shared ones (changed in place)."""
        return _Walk(
            ORGANISATION, [q for q in self.questions if q.scope == "organisation"], self.shared, self.shared_given
        )

    def _need_walk(self, index: int) -> _Walk:
        """Need `index`'s questions, read against the shared answers and its own; --set ones not asked."""
        need = self.needs[index]
        return _Walk(
            self._label(index),
            self._need_questions(),
            {**self.shared, **need.own},
            need.given | self.fixed,
            need.defaults,
            need.defaults_from,
        )

    def _ask_need(self, index: int, intro: Intro | None = None) -> None:
        """Ask need `index` what it lacks of its own questions; the organisation's are not asked."""
        walk = self._need_walk(index)
        self._ask_from(walk, intro)
        self.needs[index].own = {qid: value for qid, value in walk.values.items() if qid not in self.shared}

    def _label(self, index: int) -> str:
        """How headers name a need: by its number and name once there are several."""
        if len(self.needs) == 1:
            return "Your need"
        return f"Need {index + 1} of {len(self.needs)} · {self.needs[index].name}"

    def _skipped(self, values: dict[str, AnswerValue]) -> set[str]:
        """The questions whose `when` does not hold: the one walk of `answers.resolve`, as a file's."""
        return set(resolve(self.ruleset.questions, values).skipped)

    def _plan(self, walk: _Walk, also: Question | None = None) -> list[Question]:
        """The questions this pass asks, given the answers so far: the ones that apply and were not
        given (and `also`, an answer being changed); the headers count these."""
        skipped = self._skipped(walk.values)
        return [q for q in walk.questions if q is also or (q.id not in walk.given and q.id not in skipped)]

    def _ask_from(self, walk: _Walk, intro: Intro | None = None) -> None:
        """Ask, in order, every applicable question of the pass not yet answered (offering its
        defaults); `<` steps back within the pass. `intro` opens a pass that asks anything."""
        asked: list[int] = []
        previous: dict[str, AnswerValue] = {}
        if intro is not None and any(q.id not in walk.values for q in self._plan(walk)):
            count = len(self._plan(walk))
            self.console.print()
            self.console.print(_line(intro(f"{count} question{'s' if count != 1 else ''}"), style="bold"))
        index = 0
        while index < len(walk.questions):
            question = walk.questions[index]
            if question.id in walk.values or question.id in walk.given or question.id in self._skipped(walk.values):
                index += 1
                continue
            try:
                walk.values[question.id] = self._ask_new(walk, question, previous.pop(question.id, None))
            except _Back:
                if not asked:
                    self._first_question(walk)
                    continue
                index = asked.pop()
                back_to = walk.questions[index].id
                previous[back_to] = walk.values.pop(back_to)
                continue
            asked.append(index)
            index += 1

    def _ask_new(self, walk: _Walk, question: Question, current: AnswerValue | None) -> AnswerValue:
        """A question not answered yet: the answer given before `<` is offered, else the previous need's."""
        if current is not None:
            return self._ask_one(walk, question, current, "current")
        if question.id in walk.defaults:
            return self._ask_one(walk, question, walk.defaults[question.id], f"as in {walk.defaults_from}")
        return self._ask_one(walk, question, question.default, "default")

    def _first_question(self, walk: _Walk) -> None:
        """`<` at a pass's first question: say so, and for a need where the earlier answers are changed."""
        where = (
            " about this need; the organisation's answers can be changed at the review"
            if walk.label != ORGANISATION
            else ""
        )
        self.console.print(_line(f"  This is the first question{where}.", style="yellow"))

    # -- one question ------------------------------------------------------

    def _ask_one(self, walk: _Walk, question: Question, default: AnswerValue, kind: str) -> AnswerValue:
        """Ask until the typed text is a valid answer; Enter takes `default` (marked `kind`)."""
        self._show(question, self._header(walk, question), default, kind)
        while True:
            text = _read(self.console, self.read, "> ")
            if text == HELP:
                self.console.print(_line(question.help, style="italic"), _line(""))
                continue
            if text.lower() in BACK:
                raise _Back
            if text == "":
                self.console.print(_line(f"  {format_value(default)}", style="dim"))
                return default
            try:
                return parse_text(question, text)
            except AnswerError as error:
                self.console.print(_line(f"  {error.message}", style="bold red"))
                if error.hint:
                    self.console.print(_line(f"  {error.hint}", style="red"))

    def _header(self, walk: _Walk, question: Question) -> str:
        """Whose question it is, then its section and number among the questions this pass asks."""
        plan = self._plan(walk, also=question)
        sections = sorted({self.section_of[q.id][0] for q in plan})
        section_number, section = self.section_of[question.id]
        return (
            f"{walk.label} · Section {sections.index(section_number) + 1}/{len(sections)} · {section.title} · "
            f"Question {plan.index(question) + 1}/{len(plan)}"
        )

    def _rule(self, title: Text, style: str = "") -> None:
        """A heading on a rule; one too wide for the terminal (a long need's name) is printed whole,
        wrapped, since a rule would cut off its end: the question's number."""
        if title.cell_len + 2 <= self.console.width:  # room for the rule: a space and one line
            self.console.rule(title, style=style, align="left")
        else:
            self.console.print(title)

    def _show(self, question: Question, header: str, default: AnswerValue, kind: str) -> None:
        """The question, its choices, and what Enter takes (and where that answer comes from)."""
        self.console.print()
        self._rule(_line(header), style="dim")
        self.console.print(_line(question.text, style="bold"))
        if question.choices:
            table = Table.grid(padding=(0, 2))
            for index, choice in enumerate(question.choices, 1):
                chosen = choice.value in default if isinstance(default, list) else choice.value == default
                mark = _line(f"({kind})" if chosen else "", style="green")
                table.add_row(
                    _line(f"  {index}", style="cyan"), _line(choice.value), _line(choice.label, style="dim"), mark
                )
            self.console.print(table)
        tips = {
            "choice": "type a number or a value",
            "list": "numbers or values, separated by commas; - for none",
            "bool": "y or n",
            "int": f"a whole number{f' ({question.unit})' if question.unit else ''}",
        }[question.type]
        source = "" if question.choices or kind == "default" else f" ({kind})"
        self.console.print(_line(f"  Enter = {format_value(default)}{source} · {tips} · ? help · < back", style="dim"))

    # -- the review ----------------------------------------------------------

    def _review_need(self, index: int, then: str) -> None:
        """Review need `index` (with the organisation's answers) and make its changes; Enter does `then`."""
        while True:
            question = self._review(index, then)
            if question is None:
                return
            self._change(index, question)

    def _review(self, index: int, then: str) -> Question | None:
        """Show every answer of need `index`, the shared ones first; return a question to change, or None."""
        need = self.needs[index]
        values = {**self.shared, **need.own}
        skipped = self._skipped(values)
        title = "Review your answers" + ("" if len(self.needs) == 1 else f" · {self._label(index)}")
        self.console.print()
        self._rule(_line(title, style="bold"))
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        table.add_column("#", justify="right", style="cyan")
        table.add_column("Question")
        table.add_column("Answer")
        groups = {self.order[0].id: f"{ORGANISATION}: asked once, shared by every need"}
        first_own = next((q for q in self.order if q.scope != "organisation"), None)
        if first_own is not None:
            groups[first_own.id] = (
                "Your need: asked again for each need you add"
                if len(self.needs) == 1
                else f"{need.name}: this need's own answers"
            )
        for number, question in enumerate(self.order, 1):
            if question.id in groups:
                table.add_row("", _line(groups[question.id], style="bold"), _line(""))
            table.add_row(str(number), _line(question.text), self._answer(question, values, skipped, need))
        self.console.print(table)
        return self._choose(skipped, then)

    def _answer(self, question: Question, values: dict[str, AnswerValue], skipped: set[str], need: _Need) -> Text:
        """An answer in the review, with where it came from when it was not typed here."""
        if question.id in skipped:
            return _line(f"{format_value(question.default)} (skipped)", style="dim")
        if question.id in self.fixed:
            note = (
                " (set by --set)"
                if question.scope == "organisation" or len(self.needs) == 1
                else " (set by --set, for every need)"
            )
        else:
            note = " (from file)" if question.id in self.shared_given | need.given else ""
        return _line(format_value(values[question.id]) + note)

    def _choose(self, skipped: set[str], then: str) -> Question | None:
        """The review's prompt: a question to change, or None for Enter."""
        while True:
            text = _read(self.console, self.read, f"Enter: {then}; or a number to change an answer: ")
            if text == "":
                return None
            if text.isdigit() and 1 <= int(text) <= len(self.order):
                question = self.order[int(text) - 1]
                if question.id in self.fixed:
                    self.console.print(
                        _line(
                            f"  Question {text} is set by --set, for every need; to answer it "
                            "here, run without that --set.",
                            style="yellow",
                        )
                    )
                elif question.id in skipped:
                    self.console.print(
                        _line(f"  Question {text} does not apply, given your other answers.", style="yellow")
                    )
                else:
                    return question
                continue
            self.console.print(
                _line(f"  Type a number from 1 to {len(self.order)}, or press Enter to {then}.", style="red")
            )

    def _change(self, index: int, question: Question) -> None:
        """Ask `question` again. A changed organisation answer holds for every need, and may bring
        questions in for any of them: each is asked what it now lacks."""
        organisation = question.scope == "organisation"
        walk = self._organisation() if organisation else self._need_walk(index)
        try:
            value = self._ask_one(walk, question, walk.values[question.id], "current")
        except _Back:
            return  # back from a change: to the review, answer unchanged
        if organisation:
            self.shared[question.id] = value
            self.shared_given.discard(question.id)
            self._ask_from(self._organisation())
            for each in range(len(self.needs)):
                self._ask_need(each)
        else:
            self.needs[index].own[question.id] = value
            self.needs[index].given.discard(question.id)
            self._ask_need(index)

    # -- several needs -----------------------------------------------------------

    def _add_another(self) -> bool:
        """Whether to add a need: no unless the user says yes (or input ends)."""
        self.console.print()
        self.console.print(
            _line(
                "  Another need, for example a customer-facing assistant beside a staff tool, "
                "gets its own answers; the organisation's are kept.",
                style="dim",
            )
        )
        return self._yes(ADD_ANOTHER)

    def _add_need(self) -> None:
        """Name the needs (the first one too, once there is a second), ask the new one its own
        questions with the last need's answers offered, review it, then list the needs."""
        if len(self.needs) == 1 and not self.needs[0].name:
            self.needs[0].name = self._name("the need you described first", 1)
        last = self.needs[-1]
        name = self._name("the new need", len(self.needs) + 1)
        self.needs.append(_Need(name, {}, set(), dict(last.own), last.name))
        index = len(self.needs) - 1
        label = self._label(index)
        self._ask_need(index, intro=lambda n: f"{label}: {n} of its own; the organisation's answers are kept.")
        self._review_need(index, TO_THE_LIST)
        self._review_needs()

    def _yes(self, prompt: str) -> bool:
        """A yes/no question whose answer is no unless the user says yes (or input ends)."""
        try:
            return self.read(prompt).strip().lower() in _YES
        except EOFError:
            return False

    def _name(self, which: str, number: int) -> str:
        """A need's name, asked until it is not empty and not another need's; kept as shown (one
        line, no control characters), so the name saved is the name seen."""
        taken = [shown_name(need.name) for need in self.needs]
        while True:
            name = (
                shown_name(_read(self.console, self.read, f"Name {which} (Enter: Need {number}): ")) or f"Need {number}"
            )
            if name not in taken:  # compared as shown: two names that look the same are one name
                return name
            self.console.print(_line(f"  Another need is called {name!r}; choose another name.", style="red"))

    def _review_needs(self) -> None:
        """List the needs; a number reviews and changes that need, -N removes need N, Enter goes on."""
        while True:
            self.console.print()
            self._rule(_line("Your needs", style="bold"))
            for number, need in enumerate(self.needs, 1):
                self.console.print(_line(f"  {number}. {need.name}"))
            self.console.print(
                _line("  Every need shares the organisation's answers; change them at any need's review.", style="dim")
            )
            text = _read(
                self.console,
                self.read,
                f"Enter: {TO_ADD_ANOTHER}; a number: review and change that need; -N: remove need N: ",
            )
            if text == "":
                return
            wanted = text.lstrip("-")
            if wanted.isdigit() and 1 <= int(wanted) <= len(self.needs):
                if text.startswith("-"):
                    self._remove(int(wanted) - 1)
                else:
                    self._review_need(int(wanted) - 1, BACK_TO_THE_LIST)
                continue
            self.console.print(
                _line(
                    f"  Type a number from 1 to {len(self.needs)}, -N, or press Enter to {TO_ADD_ANOTHER}.", style="red"
                )
            )

    def _remove(self, index: int) -> None:
        """Remove a need, but never the last: an assessment has at least one."""
        if len(self.needs) > 1:
            self.needs.pop(index)
        else:
            self.console.print(_line("  The last need stays.", style="yellow"))

    # -- saving the answers -----------------------------------------------------

    def where_to_save(self, save: Path | None, force: bool) -> tuple[Path, bool] | None:
        """Where to save the answers and whether to replace: `save` (--save), or the user's
        answer (default: don't save)."""
        if save is not None:
            return save, force
        try:
            if self.read("Save these answers to a file? [y/N] ").strip().lower() not in _YES:
                return None
            name = self.read("File name [aichoice-answers.yaml]: ").strip() or "aichoice-answers.yaml"
            return self._confirm(Path(name))
        except EOFError:  # input ended at an optional question: the answer is no
            self.console.print()
            self._say("aichoice: answers not saved")
            return None

    def save(
        self, answers: Draft, target: tuple[Path, bool], refuse: Callable[[Path], None] | None = None
    ) -> Path | None:
        """Write the answers; when the path will not do (`refuse` raises for an input of the run),
        say why and ask for another."""
        path, replace = target
        while True:
            try:
                if refuse is not None:
                    refuse(path)
                write_atomic(path, dump_draft(answers), force=replace)
                self._say(
                    f"aichoice: answers saved to {clean(str(path))}; re-assess with: "
                    f"aichoice assess --answers {clean(str(path))}"
                )
                return path
            except AichoiceError as error:
                self._say(f"aichoice: {error}")
            try:
                name = self.read("Save to another file (Enter to not save): ").strip()
                again = self._confirm(Path(name)) if name else None
            except EOFError:
                again = None
            if again is None:
                self._say("aichoice: answers not saved")
                return None
            path, replace = again

    def _confirm(self, target: Path) -> tuple[Path, bool] | None:
        """A typed file name, and whether to replace it: only if the user says so."""
        if os.path.lexists(target) and not target.is_dir():
            if self.read(f"{clean(str(target))} exists. Replace it? [y/N] ").strip().lower() not in _YES:
                self._say("aichoice: answers not saved")
                return None
            return target, True
        return target, False

    def _say(self, text: str) -> None:
        self.console.print(_line(text), soft_wrap=True)  # a path is never broken across lines
