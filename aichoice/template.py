"""A commented answers file with every question, its help, its values, its scope and its default."""

from __future__ import annotations

import textwrap

import yaml

from aichoice.cost import COST_FIELDS, FIELDS_HELP
from aichoice.models import AnswerValue, Question, RuleSet
from aichoice.sanitize import comment

WIDTH = 78


def answers_template(ruleset: RuleSet) -> str:
    """YAML that `aichoice assess --answers FILE --defaults` accepts exactly as printed."""
    info = ruleset.info
    lines = [
        f"# aichoice answers file (contract v3) for rule set {comment(info.name)} {comment(info.version)}.",
        "# Each answer is filled in with its default: change what does not fit, then run",
        "#   aichoice assess --answers THIS_FILE",
        "# Editors that read JSON Schema can check it: aichoice schema > aichoice-answers.schema.json",
        "# and add this first line:  # yaml-language-server: $schema=aichoice-answers.schema.json",
        "# A question is about the whole organisation or about one need (one use of AI). With several",
        "# needs (see the end), the organisation's are answered once, here, and every need shares them.",
        "",
        "# project: Name shown in the outputs",
        "answers:",
    ]
    for section in ruleset.questionnaire.sections:
        lines.append(f"  # == {comment(section.title)} ==")
        for question in section.questions:
            lines.append(f"  # {comment(question.text)}")
            lines.append(_SCOPE[question.scope])
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
            lines.append(f"  {question.id}: {_flow(question.default)}")
            lines.append("")
    lines += _needs_example(ruleset)
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


# Whom a question's answer describes, as the questionnaire asks it (`Question.scope`).
_SCOPE = {
    "organisation": "  # About the organisation: asked once; every need shares this answer.",
    "need": "  # About the need: asked for each need; under needs:, each need may give its own.",
}


def _flow(value: AnswerValue) -> str:
    """An answer as one line of YAML, read back as the same value."""
    text = yaml.safe_dump(value, default_flow_style=True, width=1 << 30).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _needs_example(ruleset: RuleSet) -> list[str]:
    """A commented `needs:` block for an assessment of several needs: uncommented, the file is still
    valid, each need taking the answers above but for its own. Named by the first need question."""
    question = next((q for q in ruleset.questions.values() if q.scope == "need"), None)
    if question is None:
        return []
    other = _another_value(question)
    return [
        "# Several needs, for example a staff writing tool and a customer-facing bot: keep the answers",
        "# above (the organisation's, and what every need shares) and give each need, under needs:, the",
        "# answers that differ for it. Uncomment and fill in:",
        "# needs:",
        "#   - name: Staff assistant",
        f"#     answers: {comment('{' + question.id + ': ' + _flow(question.default) + '}')}",
        "#   - name: Support bot",
        f"#     answers: {comment('{' + question.id + ': ' + _flow(other) + '}')}",
        "",
    ]


def _another_value(question: Question) -> AnswerValue:
    """A value other than the default, where the question has one, so the example needs differ."""
    if question.type == "choice":
        return next((value for value in question.values if value != question.default), question.default)
    if question.type == "bool":
        return not question.default
    return question.default
