"""Rule sets: the shipped one loads and is traceable; a broken one is a located error."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aichoice.engine import score
from aichoice.errors import RulesError
from aichoice.ruleset import RULESET_FILES, default_rules_dir, load_ruleset
from tests.conftest import ARTICLE, HANG_SECONDS, rules_variant


def test_shipped_rules_load(ruleset) -> None:
    assert ruleset.info.name == "aichoice-default"
    assert len(ruleset.rules) >= 30
    assert re.fullmatch(r"[0-9a-f]{64}", ruleset.sha256)
    assert Path(ruleset.path) == default_rules_dir()


CONTRACT_V1 = {
    "primary_goal": ("choice", ["conversation", "capability", "both"]),
    "time_to_value": ("choice", ["immediately", "weeks", "months"]),
    "adoption_stage": ("choice", ["experimental", "pilot", "production"]),
    "engineering_capacity": ("choice", ["none", "limited", "dedicated"]),
    "audience": ("list", ["employees", "customers", "systems"]),
    "user_flexibility": ("choice", ["high", "medium", "low"]),
    "automation": ("choice", ["none", "assisted", "full"]),
    "output_format": ("choice", ["conversational", "structured", "mixed"]),
    "integration": ("choice", ["none", "some", "deep"]),
    "customization": ("choice", ["standard", "moderate", "deep"]),
    "product_infrastructure": ("bool", []),
    "monthly_volume": ("int", []),
    "team_size": ("int", []),
    "budget_preference": ("choice", ["predictable", "usage_based"]),
    "governance_priority": ("choice", ["low", "medium", "high"]),
    "data_sensitivity": ("choice", ["public", "internal", "confidential", "regulated"]),
    "use_cases": (
        "list",
        [
            "brainstorming",
            "writing_support",
            "internal_productivity",
            "research_assistance",
            "training",
            "ai_search",
            "customer_support_automation",
            "personalized_recommendations",
            "document_processing",
            "saas_features",
            "content_generation",
            "coding_assistant",
        ],
    ),
}
# Contract v2 adds values and changes none: every v1 file is a v2 file that means the same.
CONTRACT_V2 = {
    **CONTRACT_V1,
    "audience": ("list", CONTRACT_V1["audience"][1] + ["external_people"]),
    "use_cases": (
        "list",
        CONTRACT_V1["use_cases"][1] + ["tutoring", "accessibility", "fraud_risk", "clinical_legal_documentation"],
    ),
}


# Contract v3 adds two questions, and a v2 file that lacks them means what it meant: each says what
# a file without its answer means (`absent`), read from the other answers as rule sets 2.x did.
CONTRACT_V3 = {
    **CONTRACT_V2,
    "people_tool": ("choice", ["ready_made", "own", "both"]),
    "own_tool_for": ("list", ["your_data", "your_controls", "your_brand", "model_choice"]),
}


def test_questionnaire_matches_contract_v3(ruleset) -> None:
    questions = ruleset.questions
    assert set(questions) == set(CONTRACT_V3)
    assert all(questions[qid].absent for qid in set(CONTRACT_V3) - set(CONTRACT_V2))
    for qid, (kind, values) in CONTRACT_V3.items():
        assert set(CONTRACT_V1.get(qid, ("", []))[1]) <= set(values), qid  # nothing of v1 is taken away
        assert questions[qid].type == kind, qid
        assert sorted(questions[qid].values) == sorted(values), qid
    assert questions["monthly_volume"].min == 0
    assert questions["team_size"].min == 1


def test_every_question_has_help_and_a_default(ruleset) -> None:
    for question in ruleset.questions.values():
        assert question.help.strip() and question.default is not None, question.id


def _normalise(text: str) -> str:
    text = text.replace("•", " ").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _article() -> str:
    """The source article, normalised. Locally its absence skips; in CI it fails, since a quote
    check that silently skips would let a misquote land."""
    if not ARTICLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the source article is missing in CI: {ARTICLE}")
        pytest.skip("the source article is not beside this checkout (../shared/source/article.txt)")
    return _normalise(ARTICLE.read_text(encoding="utf-8"))


def test_every_rule_quotes_the_article(ruleset) -> None:
    article = _article()
    sources = {rule.id: rule.source for rule in ruleset.rules}
    sources.update({check.id: check.source for check in ruleset.readiness.checks})
    for item in ruleset.readiness.governance:
        sources[item.question] = item.question
    for name, source in sources.items():
        row = TABLE_ROW.fullmatch(source)
        if row:  # a comparison-table row, shown as the row it is: its cells must be one row of that table
            assert _normalise(row["table"]) in article, f"{name}: no table {row['table']!r} in the article"
            cells = " ".join(row.group("category", "chat", "api"))
            assert _normalise(cells) in article, f"{name}: {cells!r} is not a row of the article's table"
            continue
        for part in source.split("…"):
            assert _normalise(part) in article, f"{name}: {part.strip()!r} is not in the article"


# How a rule cites a row of one of the article's comparison tables (Category, Chat, API columns):
# quoting the row's cells run together reads as a fragment ("Output Conversational Structured").
TABLE_ROW = re.compile(
    r"(?P<table>.+) table — (?P<category>[^:]+): chat interfaces “(?P<chat>[^”]+)”, "
    r"APIs “(?P<api>[^”]+)”"
)


def test_a_table_row_citation_must_match_a_row() -> None:
    article = _article()
    good = TABLE_ROW.fullmatch(
        "Core Differences table — Setup: chat interfaces “Immediate”, APIs “Development required”"
    )
    bad = TABLE_ROW.fullmatch(
        "Core Differences table — Setup: chat interfaces “Development required”, APIs “Immediate”"
    )
    assert good and bad
    assert _normalise(" ".join(good.group("category", "chat", "api"))) in article
    assert _normalise(" ".join(bad.group("category", "chat", "api"))) not in article


def test_quotes_in_question_help_are_the_articles_words(ruleset) -> None:
    article = _article()
    for question in ruleset.questions.values():
        for quote in re.findall(r'"([^"]+)"', question.help):
            assert _normalise(quote).rstrip(".,") in article, f"{question.id}: {quote!r}"


def test_every_option_has_rules(ruleset) -> None:
    assert {rule.supports.value for rule in ruleset.rules} == {"chat", "api", "both"}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    """The last line holding `needle` (a duplicate stands after its original)."""
    numbers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert numbers, needle
    return numbers[-1]


@pytest.mark.parametrize(
    "file, old, new, words, needle",
    [
        (
            "scoring.yaml",
            "{question: time_to_value, equals: immediately}",
            "{question: time_to_valu, equals: immediately}",
            "unknown question 'time_to_valu'",
            "time_to_valu,",
        ),
        (
            "scoring.yaml",
            "{question: time_to_value, equals: immediately}",
            "{question: time_to_value, equals: tomorrow}",
            "unknown value 'tomorrow'",
            "tomorrow",
        ),
        (
            "scoring.yaml",
            "{question: time_to_value, equals: immediately}",
            "{question: time_to_value, gte: 3}",
            "'gte' does not apply",
            "gte: 3",
        ),
        (
            "scoring.yaml",
            "{question: time_to_value, equals: immediately}",
            "{question: time_to_value, equals: immediately, in: [weeks]}",
            "exactly one of",
            "in: [weeks]",
        ),
        (
            "scoring.yaml",
            "  - id: results-immediately\n",
            "  - id: results-immediately\n    colour: red\n",
            "unknown key 'colour'",
            "colour: red",
        ),
        (
            "scoring.yaml",
            "  - id: build-time-acceptable",
            "  - id: results-immediately",
            "duplicate rule id",
            "id: results-immediately",
        ),
        (
            "scoring.yaml",
            "    supports: api\n    principle: Core differences\n    weight: 1\n    when: {question: time_to",
            "    supports: maybe\n    principle: Core differences\n    weight: 1\n    when: {question: time_to",
            "supports",
            "supports: maybe",
        ),
        (
            "questions.yaml",
            "        default: weeks",
            "        default: fortnight",
            "default of 'time_to_value'",
            "fortnight",
        ),
        ("ruleset.yaml", "tie_order: [chat, api, both]", "tie_order: [chat, api, api]", "tie_order", "tie_order"),
        (
            "readiness.yaml",
            "{question: engineering_capacity, in: [none, limited]}",
            "{question: engineering_capacity, in: [none, few]}",
            "unknown value 'few'",
            "few]",
        ),
        (
            "readiness.yaml",
            "  - id: monitoring",
            "  - id: engineering-resources",
            "duplicate check id",
            "id: engineering-resources",
        ),
    ],
)
def test_broken_rule_files_are_located(
    rules_copy: Path, file: str, old: str, new: str, words: str, needle: str
) -> None:
    path = rules_copy / file
    _replace(path, old, new)
    with pytest.raises(RulesError) as info:
        load_ruleset(rules_copy)
    error = info.value
    assert words in error.message
    assert error.path == str(path)
    assert error.line is not None
    assert abs(error.line - _line_of(path, needle)) <= 2, error


def test_missing_file_and_folder(rules_copy: Path, tmp_path: Path) -> None:
    (rules_copy / "scoring.yaml").unlink()
    with pytest.raises(RulesError, match="missing rule file scoring.yaml"):
        load_ruleset(rules_copy)
    with pytest.raises(RulesError, match="not found"):
        load_ruleset(tmp_path / "nowhere")


def test_rule_file_yaml_errors_name_the_rule_file(rules_copy: Path) -> None:
    path = rules_copy / "ruleset.yaml"
    path.write_text("name: x\nname: y\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_ruleset(rules_copy)
    assert info.value.path == str(path) and info.value.line == 2


def test_sha256_follows_the_content(rules_copy: Path, ruleset) -> None:
    assert load_ruleset(rules_copy).sha256 == ruleset.sha256
    _replace(rules_copy / "scoring.yaml", "weight: 4", "weight: 5")
    assert load_ruleset(rules_copy).sha256 != ruleset.sha256


def test_file_names_are_the_documented_ones() -> None:
    assert RULESET_FILES == ("ruleset.yaml", "questions.yaml", "scoring.yaml", "readiness.yaml")


def test_a_validated_rule_set_is_rebuilt_equal(rules_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """The cache path (no pydantic) builds exactly what validation builds."""
    from aichoice import ruleset as ruleset_mod

    monkeypatch.setenv("AICHOICE_CACHE_DIR", str(tmp_path / "cache"))
    validated = load_ruleset(rules_copy)
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the marker
    ruleset_mod._LOADED.clear()
    rebuilt = load_ruleset(rules_copy)
    assert rebuilt is not validated and rebuilt == validated
    assert rebuilt == ruleset_mod.check_ruleset(rules_copy).ruleset


def test_changed_bytes_are_validated_again(rules_copy: Path, tmp_path: Path, monkeypatch) -> None:
    from aichoice import ruleset as ruleset_mod

    monkeypatch.setenv("AICHOICE_CACHE_DIR", str(tmp_path / "cache"))
    load_ruleset(rules_copy)
    ruleset_mod._LOADED.clear()
    _replace(rules_copy / "scoring.yaml", "weight: 4", "weight: -4")
    with pytest.raises(RulesError, match="from 1 to 100"):
        load_ruleset(rules_copy)


def test_an_unwritable_cache_is_no_cache(rules_copy: Path, tmp_path: Path, monkeypatch) -> None:
    from aichoice import ruleset as ruleset_mod

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AICHOICE_CACHE_DIR", str(blocker / "cache"))
    ruleset_mod._LOADED.clear()
    assert load_ruleset(rules_copy).info.name == "aichoice-default"
    monkeypatch.setenv("AICHOICE_CACHE_DIR", "off")
    ruleset_mod._LOADED.clear()
    assert load_ruleset(rules_copy).info.name == "aichoice-default"


# -- the cache can make a run faster, never different (the hostile review) -------------------------


SHIPPED_QUESTIONS = load_ruleset().questions


def _comparison(draw) -> dict:
    question = draw(st.sampled_from(list(SHIPPED_QUESTIONS.values())))
    values = question.values
    if question.type == "choice":
        return draw(
            st.sampled_from(
                [
                    {"question": question.id, "equals": draw(st.sampled_from(values))},
                    {"question": question.id, "in": draw(st.lists(st.sampled_from(values), min_size=1, max_size=3))},
                ]
            )
        )
    if question.type == "list":
        return draw(
            st.sampled_from(
                [
                    {"question": question.id, "includes": draw(st.sampled_from(values))},
                    {"question": question.id, "in": draw(st.lists(st.sampled_from(values), min_size=1, max_size=3))},
                ]
            )
        )
    if question.type == "bool":
        return {"question": question.id, "equals": draw(st.booleans())}
    op = draw(st.sampled_from(["gte", "lte", "equals"]))
    return {"question": question.id, op: draw(st.integers(min_value=question.min or 0, max_value=300_000))}


@st.composite
def conditions(draw, depth: int = 0) -> dict:
    if depth >= 2 or draw(st.booleans()):
        return _comparison(draw)
    kind = draw(st.sampled_from(["all", "any", "not"]))
    if kind == "not":
        return {"not": draw(conditions(depth + 1))}
    return {kind: draw(st.lists(conditions(depth + 1), min_size=1, max_size=3))}


@st.composite
def rule_sets(draw) -> dict:
    rules = [
        {
            "id": f"r{i}",
            "supports": draw(st.sampled_from(["chat", "api", "both"])),
            "principle": "p",
            "weight": draw(st.integers(min_value=1, max_value=100)),
            "when": draw(conditions()),
            "reason": "r",
            "source": "s",
        }
        for i in range(draw(st.integers(min_value=1, max_value=8)))
    ]
    policy = {
        "both": {"overhead": draw(st.integers(min_value=0, max_value=40))},
        "decisive_margin": draw(st.sampled_from([1, 7.5, 10, 20])),
        "close_call_margin": draw(st.sampled_from([0, 2.5, 3])),
        "tie_order": ["chat", "api", "both"],
    }
    return {"rules": rules, "policy": policy, "list_default_as_scalar": draw(st.booleans())}


def _write_rule_set(folder: Path, generated: dict) -> None:
    rules_variant(folder)
    (folder / "scoring.yaml").write_text(yaml.safe_dump({"rules": generated["rules"]}), encoding="utf-8")
    info = yaml.safe_load((folder / "ruleset.yaml").read_text(encoding="utf-8"))
    info["policy"] = generated["policy"]
    (folder / "ruleset.yaml").write_text(yaml.safe_dump(info), encoding="utf-8")
    if generated["list_default_as_scalar"]:  # one value, written without brackets
        _replace(folder / "questions.yaml", "default: [employees]", "default: employees")


@settings(max_examples=25)
@given(
    rule_sets(),
    st.lists(
        st.fixed_dictionaries(
            {
                qid: (
                    st.sampled_from(q.values)
                    if q.type == "choice"
                    else st.lists(st.sampled_from(q.values), min_size=q.min_items, unique=True)
                    if q.type == "list"
                    else st.booleans()
                    if q.type == "bool"
                    else st.integers(min_value=q.min or 0, max_value=300_000)
                )
                for qid, q in SHIPPED_QUESTIONS.items()
            }
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_regression_cold_and_warm_cache_give_the_same_rule_set_and_verdicts(generated: dict, answers: list) -> None:
    import tempfile

    from aichoice import ruleset as ruleset_mod

    with tempfile.TemporaryDirectory() as temp:
        folder, cache = Path(temp) / "rules", Path(temp) / "cache"
        _write_rule_set(folder, generated)
        old = os.environ.get("AICHOICE_CACHE_DIR")
        os.environ["AICHOICE_CACHE_DIR"] = str(cache)
        try:
            ruleset_mod._LOADED.clear()
            cold = load_ruleset(folder)
            assert len(list(cache.iterdir())) == 1
            ruleset_mod._LOADED.clear()
            warm = load_ruleset(folder)
        finally:
            ruleset_mod._LOADED.clear()
            if old is None:
                del os.environ["AICHOICE_CACHE_DIR"]
            else:
                os.environ["AICHOICE_CACHE_DIR"] = old
    assert warm is not cold and warm == cold
    for values in answers:
        assert score(warm, values) == score(cold, values)


def _entry(cache: Path) -> Path:
    (entry,) = cache.iterdir()
    return entry


def _reseal(entry: Path, body: bytes, digest: str) -> None:
    from aichoice.digest import sha256

    entry.write_bytes(sha256(digest.encode() + b"\0" + body).hexdigest().encode() + b"\n" + body)


@pytest.mark.parametrize(
    "tamper",
    ["edited", "resealed-wrong-shape", "resealed-deep-json", "garbage", "fifo", "truncated", "resealed-missing-key"],
)
def test_regression_a_tampered_cache_entry_is_ignored_and_rebuilt(
    rules_copy: Path, tmp_path: Path, monkeypatch, tamper: str
) -> None:
    from aichoice import ruleset as ruleset_mod

    monkeypatch.setenv("AICHOICE_CACHE_DIR", str(tmp_path / "cache"))
    ruleset_mod._LOADED.clear()
    cold = load_ruleset(rules_copy)
    entry = _entry(tmp_path / "cache")
    seal, _, body = entry.read_bytes().partition(b"\n")
    assert b'"weight": 4' in body and b'"policy"' in body
    if tamper == "edited":
        entry.write_bytes(seal + b"\n" + body.replace(b'"weight": 4', b'"weight": 90', 1))
    elif tamper == "resealed-wrong-shape":
        _reseal(entry, body.replace(b'"weight": 4', b'"weight": "4"', 1), cold.sha256)
    elif tamper == "resealed-deep-json":
        _reseal(entry, b"[" * 100_000 + b"]" * 100_000, cold.sha256)
    elif tamper == "resealed-missing-key":
        _reseal(entry, body.replace(b'"policy"', b'"polici"', 1), cold.sha256)
    elif tamper == "garbage":
        entry.write_bytes(b"\xff\x00" * 100)
    elif tamper == "truncated":
        entry.write_bytes(entry.read_bytes()[:-20])
    else:
        entry.unlink()
        os.mkfifo(entry)
    ruleset_mod._LOADED.clear()
    start = time.perf_counter()
    warm = load_ruleset(rules_copy)
    assert time.perf_counter() - start < HANG_SECONDS  # never blocks on a FIFO
    assert warm == cold
    ruleset_mod._LOADED.clear()


# -- the cache rebuilds through the models' one public hook (issue 23) ------------------------------


def test_from_plain_rebuilds_what_to_plain_wrote(ruleset) -> None:
    """`models.from_plain` is the inverse of `to_plain` for validated values, and takes each value
    only as exactly its type."""
    from aichoice.models import Compare, Questionnaire, Rule, RuleSetInfo, ShapeError, from_plain, to_plain

    assert from_plain(RuleSetInfo, to_plain(ruleset.info)) == ruleset.info
    assert from_plain(Questionnaire, to_plain(ruleset.questionnaire)) == ruleset.questionnaire
    assert [from_plain(Rule, to_plain(rule)) for rule in ruleset.rules] == ruleset.rules
    assert from_plain(Compare, {"question": "team_size", "in": [1, "a"]}).in_ == [1, "a"]
    for wrong in (
        {"question": "team_size", "gte": "4"},
        {"question": "team_size", "gte": True},
        {"question": "team_size", "gte": 4, "extra": 1},
        ["question"],
    ):
        with pytest.raises(ShapeError):
            from_plain(Compare, wrong)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")  # `__version__` is public


def test_the_rule_set_modules_use_no_private_name_of_another_module() -> None:
    """Loading, checking and caching reach the models (and each other) only through public names."""
    import ast

    package = Path(__file__).resolve().parent.parent / "aichoice"
    for name in ("ruleset.py", "rulecheck.py", "rulecache.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aichoice"):
                assert not [a.name for a in node.names if _private(a.name)], name
                modules |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                modules |= {(a.asname or a.name).split(".")[0] for a in node.names}
        private = [
            ast.unparse(node)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ]
        assert not private, f"{name}: {private}"
