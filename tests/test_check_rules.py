"""Every check rule on a loaded ledger: what fires, on which claim or source, and what
``ignore`` silences."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from factcheck.checks.gate import check_ledger
from factcheck.ledger.load import load_ledger
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


def test_clean_ledger_has_no_findings(ledger: Path) -> None:
    result = check_ledger(load_ledger(ledger))
    assert result.findings == []
    assert result.exit_code() == 0
    assert result.claims == 3


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
