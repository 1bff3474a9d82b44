"""Claim records carry the keys a ledger may set — short:, and format 2's appeared, appearance,
verdict — when it sets them, and no such key when it does not (records stay as they were)."""

from __future__ import annotations

import json
from pathlib import Path

from tests import factory
from tests.cli_runner import run

OPTIONAL = {"short", "appeared", "appearance", "verdict"}

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "identifier": "fc-bridge-toll",
    "url": "https://factcheck.example.org/bridge-toll",
    "claimReviewed": "The bridge toll tripled this year.",
    "datePublished": "2021-05-04",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A. Mayor"},
        "datePublished": "2021-05-01",
        "appearance": {"@type": "CreativeWork", "url": "https://news.example.org/toll"},
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    },
}


def test_imported_claims_carry_their_appearance_and_verdict(tmp_path: Path) -> None:
    archive = tmp_path / "review.json"
    archive.write_text(json.dumps(REVIEW), "utf-8")
    ledger = tmp_path / "archive"
    assert run("import", "claimreview", str(archive), "--dir", str(ledger)).code == 0
    for args in (("list", "--json"), ("show", "fc-bridge-toll", "--json")):
        result = run(*args, ledger=ledger)
        assert result.code == 0, result.stderr
        data = json.loads(result.stdout)
        record = data[0] if isinstance(data, list) else data
        assert record["appeared"] == "2021-05-01"
        assert record["appearance"] == ["https://news.example.org/toll"]
        assert record["verdict"] == "Mostly false"
        assert "short" not in record


def test_the_shipped_ledger_records_have_none_of_them() -> None:
    result = run("list", "--json")
    assert result.code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and not OPTIONAL & set().union(*map(set, records))


def test_a_short_restatement_is_in_the_record(tmp_path: Path) -> None:
    claims = [dict(c) for c in factory.BASE_CLAIMS]
    claims[0]["short"] = "North Korea's GDP fell 4.9% in 2020, the BOK said"
    factory.write_ledger(tmp_path, claims=claims)
    result = run("list", "--json", ledger=tmp_path)
    assert result.code == 0, result.stderr
    by_id = {r["id"]: r for r in json.loads(result.stdout)}
    assert by_id[claims[0]["id"]]["short"] == claims[0]["short"]
    assert all("short" not in by_id[c["id"]] for c in claims[1:])
