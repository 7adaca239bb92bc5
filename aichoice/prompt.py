"""The interactive questionnaire: sections, help on demand, defaults, a way back, a review.

Typed text is turned into the same raw value an answers file would hold and
checked by `answers.validate_value`, so the prompt accepts exactly what a file
would, and refuses it with the same reason. All of it is drawn on the console
it is given (stderr in the CLI), so stdout carries only the result.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aichoice.answers import Draft, Need, dump_draft, raw_from_text, resolve, validate_value
from aichoice.files import write_atomic
from aichoice.errors import AichoiceError, AnswerError
from aichoice.models import AnswerValue, Question, RuleSet
from aichoice.wording import format_value
from aichoice.sanitize import terminal as clean

BACK = ("<", "back")
_YES = ("y", "yes")
HELP = "?"

ReadLine = Callable[[str], str]


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


class Interview:
    """Asks the rule set's questions on a console and returns the answers as a draft; then offers
    to save them, asking again when a path will not do, so no typed answer is lost."""

    def __init__(self, console: Console, read: ReadLine | None = None) -> None:
        self.console = console
        self.read: ReadLine = read or (lambda prompt: console.input(Text(prompt)))

    # -- the whole run -----------------------------------------------------

    def run(self, ruleset: RuleSet, draft: Draft | None = None) -> Draft:
        """Ask `ruleset`'s questions that `draft` lacks (all, without one), review, then offer to add
        another need (its questions asked with the last need's answers as defaults); return the
        answers as a draft: one need, or several with `needs`."""
        self.ruleset = ruleset
        self.questions = list(ruleset.questions.values())
        self.section_of = {
            q.id: (index, section) for index, section in enumerate(ruleset.questionnaire.sections, 1)
            for q in section.questions
        }
        draft = draft or Draft(source="<questionnaire>")
        given = set(draft.values)
        project = draft.project
        if project is None and not given:
            project = _read(self.console, self.read, "Project name (optional, Enter to skip): ") or None
        needs: list[tuple[str, dict[str, AnswerValue]]] = [("", self._need(dict(draft.values), given))]
        while self._yes("Add another need, for example a customer-facing assistant beside a staff tool? [y/N] "):
            if len(needs) == 1:
                needs[0] = (self._name("the need you described first", 1, []), needs[0][1])
            name = self._name("the new need", len(needs) + 1, [n for n, _ in needs])
            needs.append((name, self._need({}, set(), defaults=needs[-1][1])))
            self._review_needs(needs)
        overridden = [q for q in draft.overridden if q in needs[0][1]]
        if len(needs) == 1:
            return Draft(project, self._applicable(needs[0][1]), draft.source, cost=draft.cost, overridden=overridden)
        return Draft(project, {}, draft.source, cost=draft.cost, overridden=overridden,
                     needs=[Need(name, self._applicable(values), index) for index, (name, values) in enumerate(needs)])

    def _need(self, values: dict[str, AnswerValue], given: set[str],
              defaults: dict[str, AnswerValue] | None = None) -> dict[str, AnswerValue]:
        """One need's answers: ask what is missing (offering `defaults`), then the review and its changes."""
        self._ask_from(values, given, defaults or {})
        while True:
            number = self._review(values, given)
            if number is None:
                return values
            question = self.questions[number - 1]
            try:
                values[question.id] = self._ask_one(question, number, values.get(question.id))
            except _Back:
                continue  # back from a change: to the review, answer unchanged
            given.discard(question.id)
            self._ask_from(values, given, defaults or {})  # a changed answer may bring new questions in

    def _yes(self, prompt: str) -> bool:
        """A yes/no question whose answer is no unless the user says yes (or input ends)."""
        try:
            return self.read(prompt).strip().lower() in _YES
        except EOFError:
            return False

    def _name(self, which: str, number: int, taken: list[str]) -> str:
        """A need's name, asked until it is not empty and not another need's."""
        while True:
            name = _read(self.console, self.read, f"Name {which} [Need {number}]: ") or f"Need {number}"
            if name not in taken:
                return name
            self.console.print(_line(f"  Another need is called {name!r}; choose another name.", style="red"))

    def _review_needs(self, needs: list[tuple[str, dict[str, AnswerValue]]]) -> None:
        """List the needs; a number reviews and changes that need, -N removes need N, Enter goes on."""
        while True:
            self.console.print()
            self.console.rule(_line("Your needs", style="bold"), align="left")
            for number, (name, _) in enumerate(needs, 1):
                self.console.print(_line(f"  {number}. {name}"))
            text = _read(self.console, self.read, "Enter to go on, a number to change that need, "
                                                   "or -N to remove need N: ")
            if text == "":
                return
            wanted = text.lstrip("-")
            if wanted.isdigit() and 1 <= int(wanted) <= len(needs):
                index = int(wanted) - 1
                if text.startswith("-"):
                    if len(needs) > 1:
                        needs.pop(index)
                    else:
                        self.console.print(_line("  The last need stays.", style="yellow"))
                    continue
                name, values = needs[index]
                needs[index] = (name, self._need(values, set()))
                continue
            self.console.print(_line(f"  Type a number from 1 to {len(needs)}, -N, or press Enter.", style="red"))

    def _applicable(self, values: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
        """The answers to the questions that apply (the one walk of `answers.resolve`)."""
        skipped = set(resolve(self.ruleset.questions, values).skipped)
        return {qid: value for qid, value in values.items() if qid not in skipped}

    def _ask_from(self, values: dict[str, AnswerValue], given: set[str],
                  defaults: dict[str, AnswerValue] | None = None) -> None:
        """Ask, in order, every applicable question not yet answered (offering `defaults`); `<` steps back."""
        asked: list[int] = []
        previous: dict[str, AnswerValue] = {}
        index = 0
        while index < len(self.questions):
            question = self.questions[index]
            skipped = resolve(self.ruleset.questions, values).skipped
            if question.id in values or question.id in given or question.id in skipped:
                index += 1
                continue
            try:
                current = previous.pop(question.id, None)
                if current is None and defaults:
                    current = defaults.get(question.id)
                values[question.id] = self._ask_one(question, index + 1, current)
            except _Back:
                if not asked:
                    self.console.print(_line("  This is the first question.", style="yellow"))
                    continue
                index = asked.pop()
                back_to = self.questions[index].id
                previous[back_to] = values.pop(back_to)
                continue
            asked.append(index)
            index += 1

    # -- one question ------------------------------------------------------

    def _ask_one(self, question: Question, number: int, current: AnswerValue | None = None) -> AnswerValue:
        default = question.default if current is None else current
        self._show(question, number, default, "current" if current is not None else "default")
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

    def _show(self, question: Question, number: int, default: AnswerValue, kind: str) -> None:
        section_number, section = self.section_of[question.id]
        total_sections = len(self.ruleset.questionnaire.sections)
        self.console.print()
        self.console.rule(
            _line(f"Section {section_number}/{total_sections} · {section.title} · "
                 f"Question {number}/{len(self.questions)}"),
            style="dim", align="left",
        )
        self.console.print(_line(question.text, style="bold"))
        if question.choices:
            table = Table.grid(padding=(0, 2))
            for index, choice in enumerate(question.choices, 1):
                chosen = choice.value in default if isinstance(default, list) else choice.value == default
                mark = _line(f"({kind})" if chosen else "", style="green")
                table.add_row(_line(f"  {index}", style="cyan"), _line(choice.value), _line(choice.label, style="dim"), mark)
            self.console.print(table)
        tips = {
            "choice": "type a number or a value",
            "list": "numbers or values, separated by commas; - for none",
            "bool": "y or n",
            "int": f"a whole number{f' ({question.unit})' if question.unit else ''}",
        }[question.type]
        self.console.print(_line(
            f"  Enter = {format_value(default)} · {tips} · ? help · < back", style="dim"
        ))

    # -- the review ----------------------------------------------------------

    def _review(self, values: dict[str, AnswerValue], given: set[str]) -> int | None:
        """Show every answer; return a question number to change, or None to go on."""
        skipped = set(resolve(self.ruleset.questions, values).skipped)
        self.console.print()
        self.console.rule(_line("Review your answers", style="bold"), align="left")
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        table.add_column("#", justify="right", style="cyan")
        table.add_column("Question")
        table.add_column("Answer")
        for number, question in enumerate(self.questions, 1):
            if question.id in skipped:
                answer = _line(f"{format_value(question.default)} (skipped)", style="dim")
            else:
                note = " (from file)" if question.id in given else ""
                answer = _line(format_value(values[question.id]) + note)
            table.add_row(str(number), _line(question.text), answer)
        self.console.print(table)
        while True:
            text = _read(self.console, self.read, "Enter to see the recommendation, or a number to change an answer: ")
            if text == "":
                return None
            if text.isdigit() and 1 <= int(text) <= len(self.questions):
                if self.questions[int(text) - 1].id not in skipped:
                    return int(text)
                self.console.print(_line(f"  Question {text} does not apply, given your other answers.", style="yellow"))
                continue
            self.console.print(_line(f"  Type a number from 1 to {len(self.questions)}, or press Enter.", style="red"))

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

    def save(self, answers: Draft, target: tuple[Path, bool]) -> Path | None:
        """Write the answers; when the path will not do, say why and ask for another."""
        path, replace = target
        while True:
            try:
                write_atomic(path, dump_draft(answers), force=replace)
                self._say(f"aichoice: answers saved to {clean(str(path))}; re-assess with: "
                          f"aichoice assess --answers {clean(str(path))}")
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
