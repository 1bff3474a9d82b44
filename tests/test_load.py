"""Finding and loading a ledger: discovery order, YAML errors with their position, refused
documents, schema findings at the node, duplicate keys, dates kept as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import discover_ledger
from factcheck.ledger.load import load_ledger
from tests.factory import write_ledger


def test_discovery_order(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "a")
    nested = tmp_path / "a" / "sources"
    assert discover_ledger(cwd=nested, env={}) == path
    other = write_ledger(tmp_path / "b")
    assert discover_ledger(cwd=nested, env={"FACTCHECK_LEDGER": str(other.parent)}) == other
    assert discover_ledger(str(path), cwd=tmp_path, env={"FACTCHECK_LEDGER": str(other)}) == path
    if not any((folder / "claims.yaml").exists() for folder in tmp_path.parents):
        with pytest.raises(FactcheckError, match=r"no claims\.yaml"):
            discover_ledger(cwd=tmp_path, env={})
    with pytest.raises(FactcheckError, match="no ledger at"):
        discover_ledger(str(tmp_path / "missing"), cwd=tmp_path, env={})


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, claims_text="format: 1\narticle: article\nclaims:\n  - id: [x\n")
    with pytest.raises(FactcheckError) as info:
        load_ledger(path)
    assert info.value.line is not None and info.value.line >= 4
    assert "YAML syntax error" in info.value.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("format: 3\narticle: a\nclaims: []\n", "unsupported ledger format 3"),
        ("article: a\nclaims: []\n", "no 'format' key"),
        ("- 1\n- 2\n", "must be a mapping"),
        ("", "it is empty"),
        ("format: 1\nclaims: !!python/object:os.system {}\n", "not allowed"),
    ],
)
def test_unreadable_ledgers_raise(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(FactcheckError, match=fragment):
        load_ledger(write_ledger(tmp_path, claims_text=text))


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["format: 1", "article: article", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("claims: *a8")
    with pytest.raises(FactcheckError, match="aliases"):
        load_ledger(write_ledger(tmp_path, claims_text="\n".join(lines) + "\n"))


def test_schema_findings_point_at_the_node(tmp_path: Path) -> None:
    text = (
        "format: 1\n"
        "article: article\n"
        "claims:\n"
        "  - id: Bad Id\n"
        "    quote: Talks may resume next year.\n"
        "    kind: prediction\n"
        "  - id: ok-claim\n"
        "    quote: Talks may resume next year.\n"
        "    kind: fakt\n"
        "    qoute: typo\n"
        "    tags: economy\n"
    )
    found = {
        (f.rule, f.line, f.col): f
        for f in load_ledger(write_ledger(tmp_path, claims_text=text)).findings
    }
    assert "lowercase slug" in found[("schema", 4, 9)].message
    assert found[("schema", 9, 11)].hint == "did you mean 'fact'?"
    assert found[("schema", 10, 5)].hint == "did you mean 'quote'?"
    assert ("schema", 11, 11) in found


def test_duplicate_keys_are_findings_not_last_wins(tmp_path: Path) -> None:
    text = "format: 1\narticle: article\nclaims: []\nclaims: []\n"
    findings = load_ledger(write_ledger(tmp_path, claims_text=text)).findings
    assert [(f.rule, f.line) for f in findings] == [("schema", 4)]
    assert "duplicate key 'claims'" in findings[0].message


def test_dates_stay_strings(ledger: Path) -> None:
    loaded = load_ledger(ledger)
    assert loaded.sources["reuters-gdp"].issued == "2021-07-30"
    assert loaded.sources["fao-food"].issued == "2021-06"
