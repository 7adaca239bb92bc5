"""The JSON path stays light: no Rich rendering, and the rule set validated once, not every run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import EXAMPLES

PROBE = """
import sys
import aichoice.ruleset
from aichoice.cli import app
from aichoice.exits import run

if sys.argv[2] == "cached":
    def must_not_validate(*args, **kwargs):
        raise AssertionError("validated a rule set whose bytes were validated before")
    aichoice.ruleset.check_files = must_not_validate
sys.argv = ["aichoice", "assess", "--answers", sys.argv[1], "--format", "json"]
try:
    run(app)  # cli.main without its fast exit, so that this probe can report afterwards
except SystemExit:
    pass
sys.stderr.write("\\nrich loaded\\n" if "rich" in sys.modules else "\\nno rich\\n")
"""


def run_probe(cache: str, mode: str) -> tuple[dict, str]:
    env = {**os.environ, "AICHOICE_CACHE_DIR": cache}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(EXAMPLES / "design-studio.yaml"), mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout), done.stderr.strip().splitlines()[-1]


def test_json_path_loads_no_rich_and_validates_rules_once(tmp_path) -> None:
    cache = str(tmp_path / "cache")
    first, rich_first = run_probe(cache, "fresh")  # validates the rule set and leaves a marker
    second, rich_second = run_probe(cache, "cached")  # must rebuild it without validating
    assert rich_first == rich_second == "no rich"
    assert first == second and first["recommendation"] == "chat"
