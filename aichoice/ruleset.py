"""Load a rule set folder (ruleset, questions, scoring and readiness files): the public face.

One subject, a rule set from a folder: `load_ruleset` (the first error
raised), `check_ruleset` (every error and warning, in a `Report`) and
`copy_ruleset` (the shipped one, to tune). Two ways in, one result:

    cold:  read the four files -> parse the YAML -> validate with pydantic into the
           models -> cross-check (questions, values, operators, ids) -> RuleSet
           -> keep the validated values in the cache
    warm:  read the four files -> their sha256 names a cache entry -> check the
           entry's own sha256 and its shape against the models -> RuleSet

Checking (the cold way) is rulecheck.py's subject and the cache (the warm
way) rulecache.py's; this module reads the files, chooses the way and keeps
each rule set loaded in this process. A test holds both ways to equal rule
sets over generated rule sets: the cache can make a run faster, never
different.

Every problem is a `RulesError` located at `file:line:col`: a schema error, a
rule that names an unknown question or value, an operator that does not fit
the question's type, a duplicate id. `check_ruleset` collects all of them,
plus warnings (rules that can never fire, questions or values no rule uses);
`load_ruleset` stops at the first error.
"""

from __future__ import annotations

import os
from pathlib import Path

from aichoice import rulecache
from aichoice.digest import sha256
from aichoice.errors import AichoiceError, RulesError
from aichoice.files import read_capped
from aichoice.loader import MAX_BYTES
from aichoice.models import RuleSet

# check_files is looked up here at each call: tests/test_startup.py replaces it to prove a warm start never validates.
from aichoice.rulecheck import Report, check_files

__all__ = ["RULESET_FILES", "Report", "check_ruleset", "copy_ruleset", "default_rules_dir", "load_ruleset"]

RULESET_FILES = ("ruleset.yaml", "questions.yaml", "scoring.yaml", "readiness.yaml")


def default_rules_dir() -> Path:
    """The shipped rule set: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


_LOADED: dict[tuple[str, str], RuleSet] = {}


def load_ruleset(directory: str | Path | None = None) -> RuleSet:
    """Read, validate and cross-check the rule set in `directory`; raise its first error.

    Validation runs once per content: a rule set loaded before in this
    process is returned as it was, and one whose exact bytes were validated
    before by this version of the code is rebuilt from the values validation
    produced then (rulecache.py), which keeps start-up short.
    """
    folder = Path(directory) if directory is not None else default_rules_dir()
    files, errors = _read(folder)
    if errors:
        raise _first(errors, directory)
    digest = _digest(files)
    key = (str(folder.resolve()), digest)
    if key in _LOADED:
        return _LOADED[key]
    entry = rulecache.entry_for(digest)
    ruleset = rulecache.rebuild(folder, entry, digest) if entry is not None else None
    if ruleset is None:
        report = check_files(folder, files, digest, lint=False)
        if report.errors:
            raise _first(report.errors, directory)
        assert report.ruleset is not None
        ruleset = report.ruleset
        rulecache.remember(entry, ruleset)
    _LOADED[key] = ruleset
    return ruleset


def check_ruleset(directory: str | Path | None = None, lint: bool = True) -> Report:
    """Every error in the rule set and, with `lint`, every warning (no cache: always checked)."""
    folder = Path(directory) if directory is not None else default_rules_dir()
    files, errors = _read(folder)
    if errors:
        return Report(errors=errors)
    return check_files(folder, files, _digest(files), lint)


def _first(errors: list[AichoiceError], directory: str | Path | None) -> AichoiceError:
    first = errors[0]
    if len(errors) > 1:
        more = len(errors) - 1
        where = f" {directory}" if directory is not None else ""
        first.hint = f"{more} more error{'s' if more > 1 else ''}: run 'aichoice rules check{where}'"
    return first


def _read(folder: Path) -> tuple[dict[str, bytes], list[AichoiceError]]:
    if not folder.is_dir():
        return {}, [RulesError(f"rule set folder not found: {folder}", hint=f"it must hold {', '.join(RULESET_FILES)}")]
    files: dict[str, bytes] = {}
    errors: list[AichoiceError] = []
    for name in RULESET_FILES:
        path = folder / name
        try:
            files[name] = read_capped(path, MAX_BYTES)
        except FileNotFoundError:
            errors.append(RulesError(f"missing rule file {name}", str(path)))
        except OSError as exc:
            errors.append(RulesError(f"cannot read rule file: {exc.strerror}", str(path)))
    return files, errors


def _digest(files: dict[str, bytes]) -> str:
    """The rule set's sha256: its file names and bytes, in a fixed order."""
    digest = sha256()
    for name in RULESET_FILES:
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return str(digest.hexdigest())


def copy_ruleset(folder: str | Path, force: bool = False) -> None:
    """Copy the shipped rule set into `folder`, to tune it; files already there are kept
    unless `force`. An empty path is refused: `Path("")` is the current folder, which is
    never what `rules init ""` (an unset variable, say) meant."""
    from aichoice.files import write_atomic
    from aichoice.sanitize import terminal as clean

    if not str(folder).strip():
        raise AichoiceError(
            "the folder name is empty; give the folder to copy the rule set into",
            hint="for example: aichoice rules init our-rules (or . for the current folder)",
        )
    directory = Path(folder)
    shown = clean(str(directory))
    if directory.exists() and not directory.is_dir():
        raise AichoiceError(f"{shown} is a file, not a folder")
    existing = [name for name in RULESET_FILES if os.path.lexists(directory / name)]
    if existing and not force:
        raise AichoiceError(f"{shown} already holds {', '.join(existing)}; pass --force to replace them")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AichoiceError(f"cannot create {shown}: {exc.strerror}") from None
    source = default_rules_dir()
    for name in RULESET_FILES:
        write_atomic(directory / name, (source / name).read_text(encoding="utf-8"), force=True)
