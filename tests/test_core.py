"""The core: loading with positions, derived status, and every check rule."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.checks.gate import check_ledger
from factcheck.errors import FactcheckError
from factcheck.ledger.discover import discover_ledger
from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import Evidence, Kind, Stance, Status, derive_status
from tests.factory import BASE_CLAIMS, BASE_SOURCES, write_ledger


def claims_with(**changes: Any) -> list[dict[str, Any]]:
    claims = copy.deepcopy(BASE_CLAIMS)
    for claim_id, fields in changes.items():
        target = next(c for c in claims if c["id"] == claim_id.replace("_", "-"))
        target.update(fields)
    return claims


def rules_of(path: Path) -> list[tuple[str, str]]:
    return [
        (f.rule, f.claim_id or f.source_id or "") for f in check_ledger(load_ledger(path)).findings
    ]


# --- status ---------------------------------------------------------------------------------------

STATUS_TABLE = [
    (Kind.OPINION, [], Status.OPINION),
    (Kind.PREDICTION, [Stance.CONTRADICTS], Status.OPINION),
    (Kind.FACT, [], Status.UNSOURCED),
    (Kind.FACT, [Stance.CONTEXT], Status.UNSOURCED),
    (Kind.FACT, [Stance.SUPPORTS], Status.SOURCED),
    (Kind.ATTRIBUTION, [Stance.SUPPORTS, Stance.CONTEXT], Status.SOURCED),
    (Kind.FACT, [Stance.SUPPORTS, Stance.CONTRADICTS], Status.DISPUTED),
    (Kind.ATTRIBUTION, [Stance.CONTRADICTS], Status.DISPUTED),
]


@pytest.mark.parametrize(("kind", "stances", "expected"), STATUS_TABLE)
def test_status_table(kind: Kind, stances: list[Stance], expected: Status) -> None:
    evidence = [Evidence("s", stance, "says") for stance in stances]
    assert derive_status(kind, evidence) is expected


@given(st.sampled_from(list(Kind)), st.lists(st.sampled_from(list(Stance)), max_size=6))
def test_status_invariants(kind: Kind, stances: list[Stance]) -> None:
    status = derive_status(kind, [Evidence("s", s, "x") for s in stances])
    if kind in (Kind.OPINION, Kind.PREDICTION):
        assert status is Status.OPINION
    elif Stance.CONTRADICTS in stances:
        assert status is Status.DISPUTED
    elif Stance.SUPPORTS in stances:
        assert status is Status.SOURCED
    else:
        assert status is Status.UNSOURCED


# --- discovery and loading ------------------------------------------------------------------------


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


def test_clean_ledger_has_no_findings(tmp_path: Path) -> None:
    result = check_ledger(load_ledger(write_ledger(tmp_path)))
    assert result.findings == []
    assert result.exit_code() == 0
    assert result.claims == 3


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, claims_text="format: 1\narticle: article\nclaims:\n  - id: [x\n")
    with pytest.raises(FactcheckError) as info:
        load_ledger(path)
    assert info.value.line is not None and info.value.line >= 4
    assert "YAML syntax error" in info.value.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("format: 2\narticle: a\nclaims: []\n", "unsupported ledger format 2"),
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


def test_dates_stay_strings(tmp_path: Path) -> None:
    ledger = load_ledger(write_ledger(tmp_path))
    assert ledger.sources["reuters-gdp"].issued == "2021-07-30"
    assert ledger.sources["fao-food"].issued == "2021-06"


# --- check rules ----------------------------------------------------------------------------------


def test_duplicate_id(tmp_path: Path) -> None:
    claims = copy.deepcopy(BASE_CLAIMS)
    claims.append({**claims[2]})
    assert ("duplicate-id", "talks-resume") in rules_of(write_ledger(tmp_path, claims))


def test_unknown_source_and_unsourced(tmp_path: Path) -> None:
    claims = claims_with(
        food_shortage={"evidence": [{"source": "nowhere", "stance": "supports", "says": "x"}]}
    )
    rules = rules_of(write_ledger(tmp_path, claims))
    assert ("unknown-source", "food-shortage") in rules
    assert ("unused-source", "fao-food") in rules


def test_unsourced_and_context_does_not_count(tmp_path: Path) -> None:
    claims = claims_with(
        food_shortage={"evidence": [{"source": "fao-food", "stance": "context", "says": "x"}]}
    )
    assert ("unsourced", "food-shortage") in rules_of(write_ledger(tmp_path, claims))


def test_quote_not_found_names_the_closest_span(tmp_path: Path) -> None:
    claims = claims_with(food_shortage={"quote": "Food shortages amounted to 860,000 tons."})
    result = check_ledger(load_ledger(write_ledger(tmp_path, claims)))
    (finding,) = [f for f in result.findings if f.rule == "quote-not-found"]
    assert finding.hint is not None
    assert (
        "article 7:1" in finding.hint and "Food shortage amounted to 860,000 tonnes" in finding.hint
    )
    assert "score" in finding.hint


def test_quote_ambiguous_and_prefix_disambiguates(tmp_path: Path) -> None:
    base = {"id": "not-lifted", "quote": "Sanctions were not lifted.", "kind": "opinion"}
    rules = rules_of(write_ledger(tmp_path / "a", [*BASE_CLAIMS, base]))
    assert ("quote-ambiguous", "not-lifted") in rules
    fixed = {**base, "prefix": "860,000 tonnes. "}
    assert rules_of(write_ledger(tmp_path / "b", [*BASE_CLAIMS, fixed])) == []
    wrong = {**base, "prefix": "nothing like this "}
    assert ("quote-not-found", "not-lifted") in rules_of(
        write_ledger(tmp_path / "c", [*BASE_CLAIMS, wrong])
    )


def test_figure_mismatch_compares_values(tmp_path: Path) -> None:
    ev = [{"source": "reuters-gdp", "stance": "supports", "says": "GDP fell 4.5 percent in 2020."}]
    claims = claims_with(gdp_contraction={"evidence": ev})
    result = check_ledger(load_ledger(write_ledger(tmp_path / "a", claims)))
    (finding,) = [f for f in result.findings if f.rule == "figure-mismatch"]
    assert "4.9" in finding.message and "2020" not in finding.message
    ok = [{"source": "fao-food", "stance": "supports", "says": "a gap of 860000 tonnes"}]
    assert rules_of(write_ledger(tmp_path / "b", claims_with(food_shortage={"evidence": ok}))) == []


def test_source_rules_and_bad_paths(tmp_path: Path) -> None:
    sources = copy.deepcopy(BASE_SOURCES)
    sources["unused"] = {"id": "unused", "title": "Only a title", "text": "../../etc/passwd"}
    sources["absolute"] = {
        "id": "absolute",
        "title": "t",
        "publisher": "p",
        "issued": "2020",
        "url": "https://e.org",
        "text": "/etc/passwd",
    }
    rules = rules_of(write_ledger(tmp_path, sources=sources))
    assert ("unused-source", "unused") in rules
    assert ("source-incomplete", "unused") in rules
    assert ("bad-path", "unused") in rules and ("bad-path", "absolute") in rules


def test_symlink_out_of_the_ledger_is_bad_path(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    path = write_ledger(tmp_path / "ledger")
    (path.parent / "sources" / "article.txt").unlink()
    (path.parent / "sources" / "article.txt").symlink_to(outside)
    assert ("bad-path", "article") in rules_of(path)


def test_ignore_silences_and_unused_ignore_warns(tmp_path: Path) -> None:
    reason = "Searched FAO and WFP reports for 2021; nothing found."
    claims = claims_with(
        food_shortage={"evidence": [], "ignore": [{"rule": "unsourced", "reason": reason}]},
        talks_resume={"ignore": [{"rule": "figure-mismatch", "reason": "none"}]},
    )
    sources = {k: v for k, v in BASE_SOURCES.items() if k != "fao-food"}
    result = check_ledger(load_ledger(write_ledger(tmp_path, claims, sources)))
    assert [(f.rule, f.claim_id) for f in result.findings] == [("unused-ignore", "talks-resume")]
    assert result.suppressed == 1
    assert result.exit_code() == 0 and result.exit_code(strict=True) == 1


def test_ignore_needs_a_reason(tmp_path: Path) -> None:
    claims = claims_with(food_shortage={"ignore": [{"rule": "unsourced"}]})
    findings = load_ledger(write_ledger(tmp_path, claims)).findings
    assert any("missing required key 'reason'" in f.message for f in findings)
