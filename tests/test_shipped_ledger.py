"""The shipped ledger (claims.yaml + sources/) stays publishable: CI runs these on every change."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from tests.cli_runner import run
from tests.factory import ROOT, SHIPPED_ARTICLE, SHIPPED_LEDGER

LEDGER = SHIPPED_LEDGER
SOURCES = ROOT / "sources"
ARTICLE = SHIPPED_ARTICLE
SHARED_ARTICLE = (
    ROOT.parent / "shared" / "article" / "why-is-north-korea-interested-in-peace-talks.txt"
)

# The article's headings, plus the pseudo-sections for the headline, the lead and the byline box.
SECTIONS = {
    "Title",
    "Introduction",
    "Peace with Conditions applied",
    "On Our Terms",
    "Crumbling Inside",
    "A Decade in Power",
    "Winds of change down South",
    "Balmy Breeze or A Storm?",
    "Author bio",
}


def _ledger() -> dict[str, Any]:
    data = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _claims() -> list[dict[str, Any]]:
    claims = _ledger()["claims"]
    assert isinstance(claims, list)
    return claims


def _article_text() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


def _ids(claims: list[dict[str, Any]]) -> list[str]:
    return [str(c["id"]) for c in claims]


CLAIMS = _claims()


def test_check_passes_with_no_unsilenced_findings() -> None:
    result = run("check", "--format", "json", ledger=ROOT)
    assert result.code == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["counts"]["errors"] == 0, report["findings"]
    assert report["counts"]["warnings"] == 0, report["findings"]
    assert report["findings"] == []


def test_article_is_the_ledgers_article() -> None:
    assert _ledger()["article"] == ARTICLE.stem
    assert (SOURCES / f"{ARTICLE.stem}.yaml").is_file()


@pytest.mark.skipif(not SHARED_ARTICLE.exists(), reason="shared article copy not present")
def test_article_text_is_byte_identical_to_shared_copy() -> None:
    assert ARTICLE.read_bytes() == SHARED_ARTICLE.read_bytes()


@pytest.mark.parametrize("claim", CLAIMS, ids=_ids(CLAIMS))
def test_quote_occurs_exactly_once(claim: dict[str, Any]) -> None:
    quote = claim["quote"]
    assert isinstance(quote, str) and quote
    assert _article_text().count(quote) == 1


@pytest.mark.parametrize("claim", CLAIMS, ids=_ids(CLAIMS))
def test_evidence_sources_exist(claim: dict[str, Any]) -> None:
    for evidence in claim.get("evidence") or []:
        assert (SOURCES / f"{evidence['source']}.yaml").is_file(), evidence["source"]


@pytest.mark.parametrize("claim", CLAIMS, ids=_ids(CLAIMS))
def test_section_is_an_article_heading(claim: dict[str, Any]) -> None:
    assert claim.get("section") in SECTIONS
    if claim["section"] not in {"Title", "Introduction", "Author bio"}:
        assert f"\n{claim['section']}\n" in _article_text()


DISPUTED = [
    c
    for c in CLAIMS
    if c["kind"] in ("fact", "attribution")
    and any(e["stance"] == "contradicts" for e in c.get("evidence") or [])
]


def test_there_are_disputed_claims() -> None:
    # The dossier documents errors in the article (4.5% not 4.9%, 28 Sept local time, ...).
    assert len(DISPUTED) >= 4


@pytest.mark.parametrize("claim", DISPUTED, ids=_ids(DISPUTED))
def test_disputed_claim_has_rating_and_note(claim: dict[str, Any]) -> None:
    assert claim.get("rating"), "a disputed claim needs a rating"
    assert str(claim.get("note") or "").strip(), (
        "a disputed claim needs a note saying what is right"
    )


def test_ids_are_unique() -> None:
    ids = _ids(CLAIMS)
    assert len(ids) == len(set(ids))
