"""Markup in the reviewer's metadata and overlong claims: inert in the report's HTML, in the
ClaimReview JSON-LD embedded in it, and in ``export -f claimreview``.

``review:`` carries script tags, ``</script>``, attribute break-outs, bidi overrides and a
``javascript:`` address in every key; one claim is 20,000 characters of payload. The real CLI
runs in a child (time and memory bounded). The page must hold only its own elements and three
scripts (the JSON data, the ClaimReview data block, the code); the JSON-LD must parse, name the
reviewer as typed (made inert) and keep every ``claimReviewed`` within 75 characters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.hostile_helpers import ARTICLE_TEXT, BIDI, make_ledger, q, run_cli
from tests.hostile.test_hostile_html import ATTR_BREAK, CLOSE_SCRIPT, SCRIPT_TAG, parse

PAYLOAD = f"{SCRIPT_TAG} {ATTR_BREAK} {CLOSE_SCRIPT} \u202eevil"
LONG = ("The minister said " + PAYLOAD + " ") * 120  # about 20,000 characters
QUOTE = ARTICLE_TEXT.split("\n")[0].strip() or "x"

CLAIMS = f"""format: 1
article: art
review:
  reviewer: {q(PAYLOAD)}
  reviewer_url: {q("https://desk.example/" + ATTR_BREAK)}
  same_as: [{q("javascript:alert(1)")}, {q("https://social.example/" + ATTR_BREAK)}]
  url: {q("https://desk.example/checks/{id}?x=" + ATTR_BREAK)}
  published: 2026-11-20
  methodology: {q(PAYLOAD)}
  corrections: {q("javascript:alert(1)")}
claims:
  - id: long
    quote: {q(QUOTE)}
    claim: {q(LONG)}
    kind: fact
    rating: inaccurate
    note: {q(PAYLOAD)}
"""


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil-review")
    make_ledger(root, CLAIMS)
    return root


def test_the_report_keeps_reviewer_markup_inert(ledger: Path) -> None:
    out = ledger / "report.html"
    result = run_cli(["report", "--html", str(out), "--ledger", str(ledger)], cwd=ledger)
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    p = parse(page)
    assert [a for a, _ in p.scripts] == [
        {"type": "application/json", "id": "factcheck-data"},
        {"type": "application/ld+json", "id": "claimreview"},
        {},
    ]
    for tag, attrs in p.tags:
        assert tag not in ("img", "svg", "iframe"), tag
        assert not [n for n in attrs if n.startswith("on")], (tag, attrs)
        href = (attrs.get("href") or "").strip()
        if href:
            assert href.startswith(("#", "https://")), href
    assert not BIDI.search(page)
    text = "".join(p.text)
    assert f"Reviewed by {SCRIPT_TAG}" in text  # shown as typed, as text
    jsonld_raw = p.scripts[1][1]
    for forbidden in ("<", ">", "&"):
        assert forbidden not in jsonld_raw
    reviews: list[dict[str, Any]] = json.loads(jsonld_raw)
    assert len(reviews) == 1
    assert reviews[0]["author"]["name"].startswith(SCRIPT_TAG)
    assert len(reviews[0]["claimReviewed"]) <= 75
    assert reviews[0]["itemReviewed"]["text"].startswith("The minister said")
    # same_as entries that are not plain http(s) addresses are schema findings, and left out
    assert "sameAs" not in reviews[0]["author"]


def test_the_export_keeps_the_claim_short_and_the_reviewer_as_data(ledger: Path) -> None:
    result = run_cli(["export", "-f", "claimreview", "--ledger", str(ledger)], cwd=ledger)
    assert result.code == 0, result.err
    reviews = json.loads(result.out)
    assert len(reviews[0]["claimReviewed"]) <= 75
    assert reviews[0]["url"].startswith("https://desk.example/checks/long?x=")
    assert "javascript:" not in json.dumps(reviews[0]["author"])
