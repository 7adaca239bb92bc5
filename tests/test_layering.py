"""The arrows of shared/design.md, enforced: a module imports only modules of a lower layer.

errors <- models <- {loader, engine, explain, prompt, render} <- cli, with the
modules this project added placed where they belong. Imports inside
functions count too: a lazy import is still an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "aichoice"

LAYERS: dict[str, float] = {  # cost (4.5) reads the price catalog and data (prices, 4)
    "aichoice.sanitize": 0,
    "aichoice.digest": 0,
    "aichoice.errors": 1,
    "aichoice.models.options": 1.1,
    "aichoice.models.fields": 1.1,
    "aichoice.models.answers": 1.1,
    "aichoice.models.conditions": 1.2,
    "aichoice.models.questionnaire": 1.3,
    "aichoice.models.plain": 1.3,
    "aichoice.models.rules": 1.4,
    "aichoice.models.results": 1.45,  # a result quotes the policy's measured band
    "aichoice.models": 2,  # the models package: its modules above, re-exported by its __init__
    "aichoice.clock": 2,
    "aichoice.files": 2,
    "aichoice.wording": 3,
    "aichoice.loader": 3,
    "aichoice.rulecache": 3,
    "aichoice.engine": 4,
    "aichoice.cost": 4.5,
    "aichoice.cost_files": 4.6,
    "aichoice.prices": 4,
    "aichoice.answers.values": 5,
    "aichoice.answers.drafts": 5,
    "aichoice.answers.need_cost": 5.1,
    "aichoice.answers.completion": 5.2,
    "aichoice.answers.overrides": 5.2,
    "aichoice.answers.document": 5.3,
    "aichoice.answers": 5.4,  # the answers package: its modules above, re-exported by its __init__
    "aichoice.lint": 5,
    "aichoice.rulecheck": 5.5,
    "aichoice.ruleset": 6,
    "aichoice.explain": 6,
    "aichoice.gate": 6,
    "aichoice.batch.sources": 7,
    "aichoice.batch.rows": 7.1,
    "aichoice.batch.pool": 7.2,
    "aichoice.batch": 7.3,  # the batch package: its modules above, re-exported by its __init__
    "aichoice.schema": 7,
    "aichoice.template": 7,
    "aichoice.prompt": 7,
    "aichoice.render": 8,  # the render package: its modules may import each other
    "aichoice.assessment": 9,
    "aichoice.calibration": 9.5,  # assesses known cases through assessment's front door
    "aichoice.exits": 10,
    "aichoice.helptext": 10,
    "aichoice.cli": 11,
    "aichoice.__main__": 12,
}
ROOT_ALLOWED = {"__version__"}  # `from aichoice import __version__` is the package's own version


def layer(module: str) -> int:
    if module.startswith("aichoice.render"):
        return LAYERS["aichoice.render"]
    return LAYERS[module]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, int, list[str]]]:
    """(imported module, line, names) for every import of an aichoice module, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aichoice"):
            found.append((node.module, node.lineno, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, []) for alias in node.names if alias.name.startswith("aichoice")]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if module_name(p) != "aichoice")


def test_every_module_has_a_layer() -> None:
    assert {module_name(p) for p in MODULES if not module_name(p).startswith("aichoice.render")} <= set(LAYERS), (
        "add the new module to LAYERS"
    )


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_imports_point_down(path: Path) -> None:
    importer = module_name(path)
    for imported, line, names in imports(path):
        if imported == "aichoice":
            names = [n for n in names if n not in ROOT_ALLOWED]
            imported = f"aichoice.{names[0]}" if names else ""
            if not imported:
                continue
        same_package = importer.startswith("aichoice.render") and imported.startswith("aichoice.render")
        assert same_package or layer(imported) < layer(importer), (
            f"{importer} (layer {layer(importer)}) imports {imported} (layer {layer(imported)}) at line {line}"
        )


def test_the_library_never_exits_or_prints() -> None:
    """Only the CLI layer knows exit codes and prints: nothing below calls sys.exit or print()."""
    for path in MODULES:
        if layer(module_name(path)) >= LAYERS["aichoice.exits"]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                assert name not in ("sys.exit", "print", "typer.echo", "exit"), f"{path.name}:{node.lineno}: {name}"


def test_no_module_imports_another_modules_private_name() -> None:
    """`from aichoice.x import _y` would tie a module to another's insides: public names only."""
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aichoice"):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                assert not private, f"{path.name}:{node.lineno}: {node.module} {private}"


def test_one_function_in_the_package_is_named_assess() -> None:
    """`aichoice.assess` is the front door; the others say what they do (a reader of a call knows which runs)."""
    named = [
        f"{path.name}:{node.lineno}"
        for path in [PACKAGE / "__init__.py", *MODULES]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name == "assess"
    ]
    assert len(named) == 1 and named[0].startswith("__init__.py:"), named
