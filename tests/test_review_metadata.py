"""claims.yaml's optional ``review:`` mapping and a claim's ``short:``: read into the ledger, and
the validator and the JSON Schema agree on what is valid."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import Review
from tests.factory import BASE_CLAIMS, write_ledger
from tests.test_schema import CLAIMS_VALIDATOR

GOOD: dict[str, Any] = {
    "reviewer": "Desk",
    "reviewer_url": "https://desk.example/",
    "same_as": ["https://social.example/@desk"],
    "url": "https://desk.example/checks/{id}",
    "published": "2026-11-20",
    "updated": "2026-11-28",
    "methodology": "https://desk.example/how",
    "corrections": "corrections@desk.example",
}


def load_with(tmp_path: Path, review: Any, claims: list[dict[str, Any]] | None = None) -> Any:
    import yaml

    doc = {
        "format": 1,
        "article": "article",
        "review": review,
        "claims": claims or BASE_CLAIMS,
    }
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=200)
    ledger = load_ledger(write_ledger(tmp_path, claims_text=text))
    return doc, ledger


def test_review_is_read(tmp_path: Path) -> None:
    _, ledger = load_with(tmp_path, GOOD)
    assert ledger.review == Review(
        reviewer="Desk",
        reviewer_url="https://desk.example/",
        same_as=("https://social.example/@desk",),
        url="https://desk.example/checks/{id}",
        published="2026-11-20",
        updated="2026-11-28",
        methodology="https://desk.example/how",
        corrections="corrections@desk.example",
    )
    assert not [f for f in ledger.findings if f.rule == "schema"]


def test_no_review_is_an_empty_one(tmp_path: Path) -> None:
    ledger = load_ledger(write_ledger(tmp_path))
    assert ledger.review == Review()


REVIEW_MUTATIONS: list[tuple[str, Any]] = [
    ("reviewer", ""),
    ("reviewer", 3),
    ("reviewer_url", "desk.example"),
    ("url", "javascript:alert(1)"),
    ("same_as", "https://x.example/"),
    ("same_as", ["ftp://x.example/"]),
    ("published", "20 Nov 2026"),
    ("updated", "2026-11"),
    ("methodology", ""),
    ("extra", "x"),
]


@pytest.mark.parametrize(("key", "value"), REVIEW_MUTATIONS)
def test_review_mutations_agree(tmp_path: Path, key: str, value: Any) -> None:
    review = {**GOOD, key: value}
    doc, ledger = load_with(tmp_path, review)
    schema_ok = CLAIMS_VALIDATOR.is_valid(doc)
    validator_ok = not any(f.rule == "schema" for f in ledger.findings)
    assert schema_ok == validator_ok, (key, value, [f.message for f in ledger.findings])


@pytest.mark.parametrize("review", [None, "Desk", ["Desk"]])
def test_review_must_be_a_mapping(tmp_path: Path, review: Any) -> None:
    doc, ledger = load_with(tmp_path, review)
    schema_ok = CLAIMS_VALIDATOR.is_valid(doc)
    validator_ok = not any(f.rule == "schema" for f in ledger.findings)
    assert schema_ok == validator_ok


@pytest.mark.parametrize("short", ["GDP fell 4.9% in 2020.", "x" * 75, "x" * 76, "", 5])
def test_short_agrees(tmp_path: Path, short: Any) -> None:
    claims = copy.deepcopy(BASE_CLAIMS)
    claims[0]["short"] = short
    doc, ledger = load_with(tmp_path, GOOD, claims)
    schema_ok = CLAIMS_VALIDATOR.is_valid(doc)
    validator_ok = not any(f.rule == "schema" for f in ledger.findings)
    assert schema_ok == validator_ok, (short, [f.message for f in ledger.findings])
    if schema_ok:
        assert ledger.claims[0].short == short
