"""How sure a verdict is, measured: assess cases whose right verdict is known, and count, for each
band of leads, how many the verdict agreed with (`aichoice rules calibrate`).

A known case is a case file (an answers file whose first line is `# documented: chat|api|both`,
as in cases/) or one entry of a scenarios file (`scenarios:`, each with `expect` and `answers`, as
tests/scenarios.yaml). The result is the `confidence:` block of a rule set's policy, which turns a
lead into the figure every output reports (`Band.confidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aichoice.errors import AichoiceError
from aichoice.loader import MAX_BYTES, describe, load_yaml, read_text
from aichoice.models import OPTIONS, Band, Calibration, Option

# Where a band of leads starts, in points: 0-3 is a close call by the shipped policy.
DEFAULT_EDGES = (0, 4, 10, 20)
# Each case is assessed in full (a few milliseconds): this keeps a run to seconds.
MAX_CASES = 1000
_DOCUMENTED = re.compile(r"# documented: (chat|api|both)\s*")


@dataclass(frozen=True)
class Known:
    """One case whose right verdict is known, as the rule set assessed it."""

    kind: str  # "case" (a case file) or "scenario"
    expected: Option
    verdict: Option
    lead: int

    @property
    def agreed(self) -> bool:
        return self.verdict is self.expected


def known_cases(paths: list[Path], rules: Path | None) -> list[Known]:
    """Every known case in `paths` (files, or folders of *.yaml files), assessed with `rules`."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    known: list[Known] = []
    for file in files:
        known += _read(file, rules)
        if len(known) > MAX_CASES:
            raise AichoiceError(f"over {MAX_CASES:,} known cases", str(file), hint="calibrate on fewer cases")
    if not known:
        raise AichoiceError(
            "no known cases in the paths given", hint="name case files, folders of them, or a scenarios file"
        )
    return known


def calibrate(known: list[Known], edges: tuple[int, ...] = DEFAULT_EDGES) -> Calibration:
    """The bands of leads from `edges` (the first 0, rising), each with how many of the known
    cases whose lead falls in it the verdict agreed with."""
    if not edges or edges[0] != 0 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise AichoiceError("bands must start at 0 and rise, e.g. 0,4,10,20")
    bands = []
    for index, low in enumerate(edges):
        high = edges[index + 1] - 1 if index + 1 < len(edges) else None
        inside = [k for k in known if k.lead >= low and (high is None or k.lead <= high)]
        bands.append(Band(min_lead=low, max_lead=high, agreed=sum(k.agreed for k in inside), cases=len(inside)))
    cases = sum(k.kind == "case" for k in known)
    scenarios = len(known) - cases
    return Calibration(measured_on=f"{cases} documented cases and {scenarios} scenarios", bands=bands)


def calibration_yaml(calibration: Calibration) -> str:
    """The `confidence:` block to put under `policy:` in ruleset.yaml (indented for it)."""
    lines = [
        "  # How sure a verdict is, measured by `aichoice rules calibrate`: of the known cases",
        "  # with a lead in each band, how many the verdict agreed with. A verdict's confidence is",
        "  # (agreed + 1) / (cases + 2): never 100%, and 50% where nothing was measured.",
        "  confidence:",
        f"    measured_on: {calibration.measured_on}",
        "    bands:",
    ]
    for band in calibration.bands:
        high = "null" if band.max_lead is None else band.max_lead
        lines.append(
            f"      - {{min_lead: {band.min_lead}, max_lead: {high}, agreed: {band.agreed}, cases: {band.cases}}}"
        )
    return "\n".join(lines) + "\n"


def _read(file: Path, rules: Path | None) -> list[Known]:
    """The known cases of one file: a case file, or a scenarios file."""
    from aichoice.assessment import assess_source
    from aichoice.files import read_capped

    try:
        text = read_text(read_capped(file, MAX_BYTES), str(file))
    except OSError as exc:
        raise AichoiceError(f"cannot read: {exc.strerror or exc}", str(file)) from None
    first = text.split("\n", 1)[0]
    label = _DOCUMENTED.fullmatch(first)
    if label is not None:
        result = assess_source(file, rules=rules)
        return [Known("case", Option(label.group(1)), result.recommendation, result.margin)]
    document, _ = load_yaml(text, str(file))
    if not isinstance(document, dict) or not isinstance(document.get("scenarios"), list):
        raise AichoiceError(
            "neither a case file nor a scenarios file",
            str(file),
            hint="a case file's first line is '# documented: chat|api|both'; a scenarios file has 'scenarios:'",
        )
    return [_scenario(entry, index, file, rules) for index, entry in enumerate(document["scenarios"], 1)]


def _scenario(entry: Any, index: int, file: Path, rules: Path | None) -> Known:
    from aichoice.assessment import assess_source

    expected = entry.get("expect") if isinstance(entry, dict) else None
    if expected not in [o.value for o in OPTIONS] or not isinstance(entry.get("answers"), dict):
        raise AichoiceError(
            f"scenario {index} must be a mapping with 'expect' (chat, api or both) and 'answers', "
            f"got {describe(entry)}",
            str(file),
        )
    try:
        result = assess_source({"answers": entry["answers"]}, rules=rules)
    except AichoiceError as error:
        raise AichoiceError(f"scenario {index}: {error.message}", str(file), hint=error.hint) from None
    return Known("scenario", Option(expected), result.recommendation, result.margin)
