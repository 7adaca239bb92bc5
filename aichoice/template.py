"""A commented answers file with every question, its help, its values and its default."""

from __future__ import annotations

import textwrap

import yaml

from aichoice.cost import COST_FIELDS, FIELDS_HELP
from aichoice.models import RuleSet
from aichoice.sanitize import comment

WIDTH = 78


def answers_template(ruleset: RuleSet) -> str:
    """YAML that `aichoice assess --answers FILE --defaults` accepts exactly as printed."""
    info = ruleset.info
    lines = [
        f"# aichoice answers file (contract v2) for rule set {comment(info.name)} {comment(info.version)}.",
        "# Each answer is filled in with its default: change what does not fit, then run",
        "#   aichoice assess --answers THIS_FILE",
        "# Editors that read JSON Schema can check it: aichoice schema > aichoice-answers.schema.json",
        "# and add this first line:  # yaml-language-server: $schema=aichoice-answers.schema.json",
        "",
        "# project: Name shown in the outputs",
        "answers:",
    ]
    for section in ruleset.questionnaire.sections:
        lines.append(f"  # == {comment(section.title)} ==")
        for question in section.questions:
            lines.append(f"  # {comment(question.text)}")
            for part in textwrap.wrap(comment(question.help), WIDTH - 4):
                lines.append(f"  #   {part}")
            if question.choices:
                kind = "one or more of" if question.type == "list" else "one of"
                lines.append(f"  # Values ({kind}):")
                for choice in question.choices:
                    lines.append(f"  #   {comment(choice.value)}: {comment(choice.label)}")
            elif question.type == "bool":
                lines.append("  # Values: true or false")
            else:
                bounds = f" >= {question.min}" if question.min is not None else ""
                bounds += f" <= {question.max}" if question.max is not None else ""
                unit = f" ({comment(question.unit)})" if question.unit else ""
                lines.append(f"  # Value: a whole number{bounds}{unit}")
            if question.when is not None:
                lines.append(f"  # Asked only when: {comment(question.when.describe())}")
            value = yaml.safe_dump(question.default, default_flow_style=True, width=1 << 30).strip()
            value = value.removesuffix("\n...").removesuffix("...").strip()
            lines.append(f"  {question.id}: {value}")
            lines.append("")
    lines.append("# Optional: cost per completed outcome (aichoice cost --help). Uncomment and fill in;")
    lines.append("# seats default to team_size and tasks to monthly_volume, other fields to 0 (months 12).")
    lines.append("# cost:")
    defaulted = {"seats": "team_size", "tasks": "monthly_volume"}
    for name in COST_FIELDS:
        if name in defaulted:  # left out, so that the answers above supply it
            lines.append(f"#   # {name}: ...  # {FIELDS_HELP[name]}; left out, it is {defaulted[name]}")
        else:
            lines.append(f"#   {name}: {12 if name == 'months' else 0}  # {FIELDS_HELP[name]}")
    return "\n".join(lines).rstrip("\n") + "\n"
