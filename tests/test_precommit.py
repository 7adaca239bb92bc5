"""The shipped pre-commit hooks, run by pre-commit itself in a scratch git repository.

The hooks are `repo: local` copies of `.pre-commit-hooks.yaml`'s entries (same entry, files and
pass_filenames), with `language: system` so they run the aichoice of this interpreter instead of
pip-installing the repository into pre-commit's own environment: offline and fast, and still the
shipped definitions that are checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("pre_commit", reason="pre-commit is not installed: pip install -e '.[test]'")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
HOOKS: dict[str, dict[str, Any]] = {
    hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
}
# A hook's line in pre-commit's report: its name, dots, and how it went.
STATUS = re.compile(r"^(?P<name>.+?)\.{3,}(?P<status>Passed|Failed|Skipped)$")


def local(hook_id: str, args: list[str]) -> dict[str, Any]:
    """The shipped hook as a local one: every field as shipped, but run from this environment."""
    return {**HOOKS[hook_id], "language": "system", "args": args}


@pytest.fixture
def scratch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository holding an answers file and a rule set, and the environment to run in."""
    repo = tmp_path / "repo"
    (repo / "ai").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "staff-and-support.yaml", repo / "ai" / "assessment.yaml")
    shutil.copytree(ROOT / "rules", repo / "rules")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key not in {"GITHUB_STEP_SUMMARY", "FORCE_COLOR", "COLUMNS"}
    }
    # The aichoice on PATH is the one of this interpreter; pre-commit's store is this test's.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["NO_COLOR"] = "1"
    git = ["git", "-C", str(repo)]
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", str(repo)], check=True, env=env)
    for key, value in [("user.name", "Test"), ("user.email", "test@example.com"), ("commit.gpgsign", "false")]:
        subprocess.run([*git, "config", key, value], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "--no-verify", "-m", "answers and rules"], check=True, env=env)
    return repo, env


def pre_commit(scratch: tuple[Path, dict[str, str]], *hooks: dict[str, Any]) -> tuple[int, list[str]]:
    """`pre-commit run --all-files` with these hooks: its exit code and its output's lines."""
    repo, env = scratch
    config = {"repos": [{"repo": "local", "hooks": list(hooks)}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", ".pre-commit-config.yaml"], check=True, env=env)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = (result.stdout + result.stderr).rstrip("\n")
    return result.returncode, output.splitlines()


def test_the_shipped_hooks_are_quiet_and_install_from_the_repository() -> None:
    assert set(HOOKS) == {"aichoice-assess", "aichoice-rules-check"}
    for hook in HOOKS.values():
        # Installed from the repository by pre-commit; run once, on the files named in args.
        assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert HOOKS["aichoice-assess"]["entry"] == "aichoice assess --format brief --quiet"
    assert HOOKS["aichoice-rules-check"]["entry"] == "aichoice rules check"


def test_a_passing_assessment_prints_nothing(scratch) -> None:
    code, lines = pre_commit(
        scratch,
        local("aichoice-assess", ["--answers", "ai/assessment.yaml", "--expect", "both"]),
        local("aichoice-rules-check", ["rules"]),
    )
    assert code == 0, "\n".join(lines)
    # Only pre-commit's own status lines: not one line from aichoice.
    statuses = [(m["name"], m["status"]) if (m := STATUS.match(line)) else line for line in lines]
    assert statuses == [("aichoice assess", "Passed"), ("aichoice rules check", "Passed")], "\n".join(lines)


def test_a_drifted_assessment_fails_in_a_few_lines(scratch) -> None:
    code, lines = pre_commit(
        scratch,
        local("aichoice-assess", ["--answers", "ai/assessment.yaml", "--expect", "Support bot=chat"]),
        local("aichoice-rules-check", ["rules"]),
    )
    text = "\n".join(lines)
    assert code != 0, text
    assert len(lines) <= 10, text
    first = STATUS.match(lines[0])
    assert first and first["status"] == "Failed", text
    assert "aichoice: expected Support bot=chat, but that need's recommendation is api" in lines, text
    # Each need's verdict, on a line of its own (the gate's line aside).
    verdicts = [line for line in lines if not line.startswith("aichoice: expected")]
    assert any("Staff assistant" in line and "chat" in line.lower() for line in verdicts), text
    assert any("Support bot" in line and "api" in line.lower() for line in verdicts), text
    assert "{" not in text, text  # no JSON


def test_a_broken_rule_set_fails_the_rules_hook(scratch) -> None:
    repo, _ = scratch
    questions = repo / "rules" / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    code, lines = pre_commit(scratch, local("aichoice-rules-check", ["rules"]))
    text = "\n".join(lines)
    assert code != 0 and "questions.yaml" in text, text
    first = STATUS.match(lines[0])
    assert first and first["status"] == "Failed", text


def readme_config() -> dict[str, Any]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(repos:\n.*?)```", readme, re.S)
    assert block, "the README has no .pre-commit-config.yaml example"
    return yaml.safe_load(block[1])


def test_the_readme_config_names_the_shipped_hooks() -> None:
    (entry,) = readme_config()["repos"]
    assert entry["repo"] == "https://github.com/OWNER/aichoice"
    assert {hook["id"] for hook in entry["hooks"]} <= set(HOOKS)
    # No release is tagged: a placeholder that autoupdate --freeze replaces, or a full SHA.
    assert entry["rev"] == "HEAD" or re.fullmatch(r"[0-9a-f]{40}", entry["rev"]), entry["rev"]


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout (an sdist)")
def test_autoupdate_freeze_makes_the_readme_rev_a_full_sha(scratch) -> None:
    # As the README says: OWNER's copy stands in for the repository, and autoupdate --freeze
    # replaces the placeholder rev with a full commit SHA of it.
    repo, env = scratch
    config = readme_config()
    config["repos"][0]["repo"] = str(ROOT)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "autoupdate", "--freeze", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rev = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev
    subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}^{{commit}}"], check=True)
