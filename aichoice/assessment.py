"""The assessment pipeline as a library: answers in (a file, standard input, a mapping, the
questionnaire), an Assessment out. The CLI is a thin layer over this; so is `aichoice.assess`.

    rules/ -> load_ruleset -> RuleSet ─┐
    answers -> load_draft -> Draft (+ --set) -> complete_needs (or the questionnaire) -> Answers per need ─┤
        -> explain.assess_needs: each need explained, then combined -> Assessment
        -> render.charts.placed: each need's point placed for the chart (presentation)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Mapping, Sequence

from aichoice.answers import Draft, complete_needs, load_draft, parse_overrides, read_document, with_overrides
from aichoice.errors import AichoiceError
from aichoice.explain import assess_needs
from aichoice.files import same_file, within
from aichoice.loader import MAX_BYTES, Marks, read_file
from aichoice.models import Answers, Assessment, RuleSet
from aichoice.render.charts import placed
from aichoice.ruleset import load_ruleset
from aichoice.sanitize import terminal as clean

HOW_TO_PASS = (
    "pass --answers FILE, or pipe YAML in (aichoice assess < answers.yaml), "
    "or run aichoice assess in a terminal to answer the questions"
)
PIPE_HINT = (
    "to read a pipe, use --answers - (or pipe the YAML in without --answers): cat answers.yaml | aichoice assess"
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


def check_interactive_options(
    answers: str | None, ask_missing: bool, interactive: bool, save: Path | None, report: Path | None
) -> None:
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


def check_outputs(
    outputs: Mapping[str, Path | None],
    rules: Path | None,
    answers: str | None = None,
    batch_inputs: Sequence[Path] = (),
) -> None:
    """Refuse, before anything is read or asked, an output (`--report`, `--save`) that is an
    input: the answers file (or the file on standard input), a file of the rule set in use, a
    batch input file, or a file a batch input folder would be read for (`batch_inputs` given:
    a batch, which reads no answers from standard input). Writing it would
    replace what the run was made from. Files are compared as files (their inode), so
    `./x`, a symlink or a hard link is caught as surely as the same spelling."""
    for option, target in outputs.items():
        if target is None:
            continue
        clash = _input_at(target, answers, rules, batch_inputs)
        if clash is not None:
            raise AichoiceError(
                f"{option} {clean(str(target))} is {clash}; aichoice never writes over an input",
                hint=f"give {option} a file of its own",
            )


def _input_at(target: Path, answers: str | None, rules: Path | None, batch_inputs: Sequence[Path]) -> str | None:
    """What input `target` is ('the answers file', ...), or None."""
    from aichoice.batch import YAML_SUFFIXES
    from aichoice.ruleset import RULESET_FILES, default_rules_dir

    if answers not in (None, "-") and same_file(target, answers):
        return "the answers file"
    if answers in (None, "-") and not batch_inputs and _is_stdin(target):
        return "the file on standard input"
    folder = rules if rules is not None else default_rules_dir()
    for name in RULESET_FILES:
        if same_file(target, folder / name):
            return f"a file of the rule set ({name})"
    for path in batch_inputs:
        if same_file(target, path):
            return "a batch input"
        if (
            path.is_dir()
            and target.name.endswith(YAML_SUFFIXES)
            and not target.name.startswith(".")
            and within(path, target)
        ):
            return f"in the batch input folder {clean(str(path))}, where every *.yaml file is an input"
    return None


def _is_stdin(target: Path) -> bool:
    """Whether standard input is a redirected regular file that `target` names."""
    try:
        return os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(target))
    except (OSError, ValueError, AttributeError):
        return False


def run_assessment(options: AssessOptions, ask: Ask | None = None, stdin: IO[bytes] | None = None) -> Run:
    """Load the rules, read and validate the answers (asking for what is missing when `ask`
    is given), evaluate and explain each need, and combine them."""
    ruleset = load_ruleset(options.rules)
    overrides = parse_overrides(list(options.overrides), ruleset.questions)
    if ask is not None:
        draft = load_draft(*read_answers(options.answers, stdin), ruleset) if options.answers is not None else None
        if draft is not None and draft.needs:
            raise AichoiceError(
                "--ask-missing asks the questions of one need; this file has several",
                hint="assess it without --ask-missing, or use --defaults",
            )
        if overrides.by_need:
            raise AichoiceError(
                "--set NEED:QUESTION=VALUE changes a need of an answers file; the questionnaire "
                "names its needs as it goes",
                hint="use --set QUESTION=VALUE for every need",
            )
        if overrides:
            draft = with_overrides(draft or Draft(source="<questionnaire>"), overrides)
        draft = ask(ruleset, draft)
        needs = complete_needs(ruleset, draft)
    else:
        draft = with_overrides(load_draft(*read_answers(options.answers, stdin), ruleset), overrides)
        needs = complete_needs(ruleset, draft, options.fill_defaults)
    return Run(ruleset, needs, placed(assess_needs(ruleset, needs, _own(draft))), draft)


def _own(draft: Draft) -> list[set[str]]:
    """The questions each need answers itself (one need: none of its own)."""
    return [set(need.values) for need in draft.needs] or [set()]


def read_answers(answers: str | None, stdin: IO[bytes] | None = None) -> tuple[bytes, str]:
    """The raw answers and their name for messages: a file, or standard input (capped)."""
    if answers == "":
        raise AichoiceError("--answers was given an empty path", hint=HOW_TO_PASS)
    if answers is not None and answers != "-":
        return read_file(answers, "answers file", "--answers", pipe_hint=PIPE_HINT), answers
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise AichoiceError("no answers: standard input is closed", hint=HOW_TO_PASS)
    data = stream.read(MAX_BYTES + 1)
    if not data.strip():
        raise AichoiceError("no answers: standard input is empty", hint=HOW_TO_PASS)
    return data, "<stdin>"


def assess_source(
    source: str | Path | Mapping[str, Any], *, rules: str | Path | None = None, defaults: bool = False
) -> Assessment:
    """Assess an answers file (a path) or a mapping shaped like one, as `aichoice assess` does.

    `assessment.to_dict()` is exactly the document `aichoice assess --format json`
    prints. Raises AichoiceError, located, for anything the CLI would refuse, and
    for arguments of the wrong type. "-" is refused: a library never reads the
    process's standard input (a file named "-" is "./-"). The mapping is never changed.
    """
    folder = _rules_folder(rules)
    if isinstance(source, Mapping):
        return _assess_mapping(source, folder, defaults)
    return run_assessment(AssessOptions(answers=_answers_path(source), rules=folder, fill_defaults=defaults)).assessment


def _assess_mapping(source: Mapping[str, Any], folder: Path | None, defaults: bool) -> Assessment:
    """A mapping assessed as a file's document would be (a shallow copy: the caller's is never changed).

    A file cannot hold an integer of over 4,300 digits (the loader refuses it);
    a mapping can, and Python refuses to write one as text (a ValueError):
    that too is the caller's input to fix, so an AichoiceError.
    """
    ruleset = load_ruleset(folder)
    try:
        draft = read_document(dict(source), Marks("<mapping>"), ruleset)
        return placed(assess_needs(ruleset, complete_needs(ruleset, draft, defaults), _own(draft)))
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
        raise AichoiceError(
            "the mapping holds an integer too long to write as text (over 4,300 digits)", "<mapping>"
        ) from None


def _answers_path(source: object) -> str:
    """The answers file named by `source` (a str or a path object), or why it names none."""
    path = _path_text(source)
    if path is None:
        raise AichoiceError(
            f"expected an answers file path or a mapping, got {_kind(source)}",
            hint="pass a str or pathlib.Path naming a YAML file, or a dict of answers",
        )
    if path == "-":
        raise AichoiceError(
            "aichoice.assess does not read standard input ('-')",
            hint="pass a mapping of answers (yaml.safe_load it yourself), or a path; a file named '-' is './-'",
        )
    return path


def _rules_folder(rules: object) -> Path | None:
    """The rule set folder named by `rules` (None: the shipped one), or why it names none."""
    if rules is None:
        return None
    path = _path_text(rules)
    if path is None:
        raise AichoiceError(
            f"rules: expected a rule set folder path, got {_kind(rules)}",
            hint="pass a str or pathlib.Path (decode bytes with os.fsdecode)",
        )
    return Path(path)


def _path_text(value: object) -> str | None:
    """A str or path object as its path text; None for anything else (bytes included: a path of
    bytes is a caller's decoding decision, not ours)."""
    if not isinstance(value, (str, os.PathLike)):
        return None
    try:
        path = os.fspath(value)
    except TypeError:  # a __fspath__ that returns neither str nor bytes
        return None
    return path if isinstance(path, str) else None


def _kind(value: object) -> str:
    """What a wrong argument is, by its type: 'bytes', 'a tuple', 'an int'."""
    name = type(value).__name__
    return name if name in ("bytes", "bytearray") else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"
