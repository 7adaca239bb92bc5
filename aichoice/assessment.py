"""The assessment pipeline as a library: answers in (a file, standard input, a mapping, the
questionnaire), an Assessment out. The CLI is a thin layer over this; so is `aichoice.assess`.

    rules/ -> load_ruleset -> RuleSet ─┐
    answers -> load_draft -> Draft (+ --set) -> complete_needs (or the questionnaire) -> Answers per need ─┤
        -> explain.assess_needs: each need explained, then combined -> Assessment
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Mapping

from aichoice.answers import Draft, complete_needs, load_draft, parse_overrides, read_document, with_overrides
from aichoice.errors import AichoiceError
from aichoice.explain import assess_needs
from aichoice.files import same_file
from aichoice.loader import MAX_BYTES, Marks, read_file
from aichoice.models import Answers, Assessment, RuleSet
from aichoice.ruleset import load_ruleset
from aichoice.sanitize import terminal as clean

HOW_TO_PASS = (
    "pass --answers FILE, or pipe YAML in (aichoice assess < answers.yaml), "
    "or run aichoice assess in a terminal to answer the questions"
)

# Asks a person for what a draft lacks (everything, without a draft) and returns the completed draft.
Ask = Callable[[RuleSet, "Draft | None"], Draft]


@dataclass(frozen=True)
class AssessOptions:
    """What to assess and how: the options of `aichoice assess` that decide the result."""

    answers: str | None = None  # an answers file; "-" or None: standard input (or, with `ask`, none)
    rules: Path | None = None  # a rule set folder; None: the shipped rule set
    fill_defaults: bool = False  # unanswered questions take their defaults (and are listed as assumed)
    overrides: tuple[str, ...] = ()  # --set [NEED:]QUESTION=VALUE: answers in place of the input's


@dataclass
class Run:
    """One run of the pipeline: the rule set, the validated answers of each need, the assessment,
    and the answers as given (with their needs), for saving them."""

    ruleset: RuleSet
    needs: list[Answers]
    assessment: Assessment
    draft: Draft | None = None


def check_interactive_options(answers: str | None, ask_missing: bool, interactive: bool, save: Path | None,
                              report: Path | None) -> None:
    """Refuse combinations of the questionnaire's options that cannot work, before anything is
    read or asked (a clash found after the last question would lose every typed answer)."""
    if ask_missing and not interactive:
        raise AichoiceError("--ask-missing needs a terminal to ask in", hint="use --defaults in a pipeline")
    if ask_missing and (answers is None or answers == "-"):
        raise AichoiceError("--ask-missing goes with --answers FILE")
    if save is not None and not interactive:
        raise AichoiceError("--save saves answers typed at the prompts; it needs a terminal")
    if save is not None and report is not None and same_file(save, report):
        raise AichoiceError(f"--save and --report name the same file ({clean(str(save))}); give each its own")


def run_assessment(options: AssessOptions, ask: Ask | None = None, stdin: IO[bytes] | None = None) -> Run:
    """Load the rules, read and validate the answers (asking for what is missing when `ask`
    is given), evaluate and explain each need, and combine them."""
    ruleset = load_ruleset(options.rules)
    overrides = parse_overrides(list(options.overrides), ruleset.questions)
    if ask is not None:
        draft = load_draft(*read_answers(options.answers, stdin), ruleset) if options.answers is not None else None
        if draft is not None and draft.needs:
            raise AichoiceError("--ask-missing asks the questions of one need; this file has several",
                                hint="assess it without --ask-missing, or use --defaults")
        if overrides.by_need:
            raise AichoiceError("--set NEED:QUESTION=VALUE changes a need of an answers file; the questionnaire "
                                "names its needs as it goes", hint="use --set QUESTION=VALUE for every need")
        if overrides:
            draft = with_overrides(draft or Draft(source="<questionnaire>"), overrides)
        draft = ask(ruleset, draft)
        needs = complete_needs(ruleset, draft)
    else:
        draft = with_overrides(load_draft(*read_answers(options.answers, stdin), ruleset), overrides)
        needs = complete_needs(ruleset, draft, options.fill_defaults)
    return Run(ruleset, needs, assess_needs(ruleset, needs, _own(draft)), draft)


def _own(draft: Draft) -> list[set[str]]:
    """The questions each need answers itself (one need: none of its own)."""
    return [set(need.values) for need in draft.needs] or [set()]


def read_answers(answers: str | None, stdin: IO[bytes] | None = None) -> tuple[bytes, str]:
    """The raw answers and their name for messages: a file, or standard input (capped)."""
    if answers is not None and answers != "-":
        return read_file(answers, "answers file", "--answers"), answers
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise AichoiceError("no answers: standard input is closed", hint=HOW_TO_PASS)
    data = stream.read(MAX_BYTES + 1)
    if not data.strip():
        raise AichoiceError("no answers: standard input is empty", hint=HOW_TO_PASS)
    return data, "<stdin>"


def assess(source: str | Path | Mapping[str, Any], *, rules: str | Path | None = None,
           defaults: bool = False) -> Assessment:
    """Assess an answers file (a path) or a mapping shaped like one, as `aichoice assess` does.

    `assessment.to_dict()` is exactly the document `aichoice assess --format json`
    prints. Raises AichoiceError, located, for anything the CLI would refuse.
    """
    folder = Path(rules) if rules is not None else None
    if isinstance(source, Mapping):
        ruleset = load_ruleset(folder)
        draft = read_document(dict(source), Marks("<mapping>"), ruleset)
        return assess_needs(ruleset, complete_needs(ruleset, draft, defaults), _own(draft))
    return run_assessment(AssessOptions(answers=str(source), rules=folder, fill_defaults=defaults)).assessment
