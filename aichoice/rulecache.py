"""The cache of validated rule sets: validate a rule set's exact bytes once, not every run.

One subject, keeping and finding again what validation produced. Validating
a rule set needs pydantic, which would double a run's start-up time; a rule
set whose bytes this same code validated before is instead rebuilt from the
values validation produced then (with `models.from_plain`, never pydantic).

An entry is named by the rule set's sha256 and a fingerprint of the
validating code (an entry made by other code proves nothing), and holds one
line, the seal (the sha256 of the rule set's digest and the body), then the
body, the validated values as JSON. The cache holds the values validation
produced (never what was written), so both ways give equal rule sets. An
entry that is missing, not a regular file, too big, fails its seal or has
the wrong shape is ignored and the rule set validated again: the cache can
make a run faster, never different. AICHOICE_CACHE_DIR names the folder
(`off` disables it); by default it is $XDG_CACHE_HOME/aichoice
or ~/.cache/aichoice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from aichoice import __version__
from aichoice.digest import sha256
from aichoice.errors import AichoiceError
from aichoice.files import open_atomic, read_capped
from aichoice.models import Questionnaire, Readiness, RuleSet, RuleSetInfo, Scoring, from_plain, to_plain

MAX_CACHE_BYTES = 8 * 1024 * 1024

# The model each rule file validates into, by the file's name: an entry keeps each one's values
# under that name.
_FILES = {
    "ruleset.yaml": RuleSetInfo,
    "questions.yaml": Questionnaire,
    "scoring.yaml": Scoring,
    "readiness.yaml": Readiness,
}

# The code whose every byte an entry depends on: each a module, or a package (all its modules).
_VALIDATING = ("models", "ruleset", "rulecheck", "rulecache", "answers", "loader")


def entry_for(digest: str) -> Path | None:
    """The cache entry for a rule set of these bytes (`digest`, their sha256) and this code;
    None when the cache is off."""
    folder = _cache_dir()
    return None if folder is None else folder / f"validated-{digest}-{_code_fingerprint()}.json"


def rebuild(folder: Path, entry: Path, digest: str) -> RuleSet | None:
    """The rule set these bytes validated to before, from its cache entry; None when there is
    no entry that passes its integrity and shape checks (then the rule set is validated)."""
    try:
        raw = read_capped(entry, MAX_CACHE_BYTES)
        if len(raw) > MAX_CACHE_BYTES:
            return None
        seal, _, body = raw.partition(b"\n")
        if seal.decode("ascii") != sha256(digest.encode() + b"\0" + body).hexdigest():
            return None  # written by something else, cut short, or edited
        data = json.loads(body)
        built = {name: from_plain(model, data[name]) for name, model in _FILES.items()}
        return RuleSet(
            info=built["ruleset.yaml"],
            questionnaire=built["questions.yaml"],
            rules=built["scoring.yaml"].rules,
            readiness=built["readiness.yaml"],
            sha256=digest,
            path=str(folder),
        )
    except Exception:  # noqa: BLE001 - any failure of an optional cache means: validate instead
        return None


def remember(entry: Path | None, ruleset: RuleSet) -> None:
    """Keep the validated values, sealed with their sha256; a cache that cannot be written is no cache."""
    if entry is None:
        return
    data = _without_none(
        {
            "ruleset.yaml": to_plain(ruleset.info),
            "questions.yaml": to_plain(ruleset.questionnaire),
            "scoring.yaml": {"rules": to_plain(ruleset.rules)},
            "readiness.yaml": to_plain(ruleset.readiness),
        }
    )
    body = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    seal = sha256(ruleset.sha256.encode() + b"\0" + body).hexdigest()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with open_atomic(entry, force=True) as out:
            out.write(seal + "\n" + body.decode("utf-8"))
    except (OSError, AichoiceError):
        pass


def _without_none(data: Any) -> Any:
    """Plain data without the fields that are None (each is its field's default): a smaller cache."""
    if isinstance(data, dict):
        return {k: _without_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_none(v) for v in data]
    return data


def _cache_dir() -> Path | None:
    """Where validated rule sets are kept; AICHOICE_CACHE_DIR=off disables it."""
    setting = os.environ.get("AICHOICE_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aichoice"


def _code_fingerprint() -> str:
    """The validating code itself: an entry made by other code proves nothing."""
    digest = sha256(f"{__version__} {yaml.__version__}".encode())
    here = Path(__file__).parent
    for name in _VALIDATING:
        module, package = here / f"{name}.py", here / name
        if module.is_file():
            paths = [module]
        else:  # a package: os.listdir, as Path.glob would cost more than all the reading
            paths = [package / file for file in sorted(os.listdir(package)) if file.endswith(".py")]
        for path in paths:
            digest.update(f"{name}/{path.name}".encode() + b"\0" + path.read_bytes())
    return str(digest.hexdigest())[:16]
