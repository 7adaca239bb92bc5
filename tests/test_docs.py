"""The documentation: the rules guide's worked example is a fixture with its documented effect,
and every command is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import aichoice
from aichoice.cli import app
from aichoice.ruleset import RULESET_FILES, check_ruleset
from tests.conftest import EXAMPLES, ROOT, rules_variant

FIXTURE = Path(__file__).parent / "fixtures" / "eu-residency"
GUIDE = ROOT / "docs" / "rules.md"


def eu_rules(tmp_path: Path) -> Path:
    """The shipped rule set with the guide's EU snippets appended, as the guide says."""
    return rules_variant(
        tmp_path / "our-rules",
        append={snippet.stem: snippet.read_text(encoding="utf-8") for snippet in sorted(FIXTURE.glob("*.yaml"))},
    )


def test_the_guide_shows_the_fixture_verbatim() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for snippet in FIXTURE.glob("*.yaml"):
        assert f"```yaml\n{snippet.read_text(encoding='utf-8')}```" in guide, snippet.name


def test_worked_example_has_the_documented_effect(tmp_path: Path) -> None:
    rules = eu_rules(tmp_path)
    report = check_ruleset(rules)
    assert report.errors == [] and report.warnings == []
    text = (EXAMPLES / "shipping-records.yaml").read_text(encoding="utf-8")
    data = text.replace(
        "  data_sensitivity: confidential\n", "  data_sensitivity: confidential\n  eu_data_residency: true\n"
    ).encode()
    before = aichoice.assess(yaml.safe_load(text)).needs[0]
    after = aichoice.assess(yaml.safe_load(data), rules=rules).needs[0]
    assert (before.evidence.api, after.evidence.api) == (43, 45)
    assert "Data must stay in the EU, and an API lets you choose where it is processed and kept." in [
        r.text for r in after.reasons
    ]
    assert "eu-data-residency" in {g.id for g in after.gaps}
    assert "eu-data-residency" not in {g.id for g in before.gaps}
    assert after.recommendation == before.recommendation

    internal = text.replace("data_sensitivity: confidential", "data_sensitivity: internal").encode()
    skipped = aichoice.assess(yaml.safe_load(internal), rules=rules)
    # (no people work with the AI directly in this example: their tool's questions are skipped too)
    assert skipped.needs[0].skipped == ["people_tool", "own_tool_for", "eu_data_residency"]


def test_every_command_is_documented(runner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    assert names
    for name in names:
        assert f"aichoice {name}" in readme, name
        result = runner.invoke(app, name.split() + ["--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, name


def test_rule_files_are_the_documented_ones() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name in RULESET_FILES:
        assert f"`{name}`" in guide


def test_the_readme_python_examples_run(monkeypatch) -> None:
    """The "Use from Python" section is a doctest: what it shows is what the library does."""
    import doctest

    import aichoice

    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block for block in re.findall(r"```python\n(.*?)```", text, re.S) if ">>>" in block]
    assert blocks, "the README has no Python example"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for index, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README[{index}]", "README.md", 0))
    assert runner.failures == 0
    assert doctest.testmod(aichoice, optionflags=doctest.ELLIPSIS).failed == 0
