"""export -f claimreview against a fact-checking publisher's checklist: a named reviewer (never
this program), the reviewer's own address, the verdict the page shows with its name, the claim
in at most 75 characters, first appearance and sameAs where known, one page per claim with
``{id}``, and every claim accounted for. The markup is expanded with PyLD, a JSON-LD processor,
as a consumer would read it (schema.org's context served locally: nothing is fetched)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyld import jsonld

from factcheck.formats.verdict import short_claim, verdict_of
from factcheck.ledger.models import Claim, Kind
from tests.cli_runner import run
from tests.demo_ledger import CLAIMS, write_ledger
from tests.factory import SHIPPED_LEDGER

WHO = ("--reviewer", "Demo Desk", "--reviewer-url", "https://desk.example/")
REVIEW_META = """review:
  reviewer: Ledger Desk
  reviewer_url: https://ledger-desk.example/
  same_as: [https://social.example/@ledgerdesk]
  url: https://ledger-desk.example/checks/{id}
  published: 2026-11-20
  updated: 2026-11-28
  methodology: https://ledger-desk.example/methodology
  corrections: corrections@ledger-desk.example
"""


def with_review(root: Path, meta: str = REVIEW_META) -> Path:
    """The demo ledger with a ``review:`` mapping after ``article:``."""
    path = write_ledger(root)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("claims:\n", meta + "claims:\n", 1), encoding="utf-8")
    return path


def export(root: Path, *extra: str) -> tuple[list[dict[str, Any]], str]:
    result = run("export", "-f", "claimreview", "-l", str(root), "--date", "2026-11-27", *extra)
    assert result.code == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data, result.stderr


def test_no_reviewer_no_claimreview(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    result = run("export", "-f", "claimreview", "-l", str(tmp_path))
    assert result.code == 2 and result.stdout == ""
    assert "--reviewer NAME and --reviewer-url URL" in result.stderr
    only_name = run("export", "-f", "claimreview", "-l", str(tmp_path), "--reviewer", "X")
    assert only_name.code == 2 and "factcheck" not in only_name.stdout


def test_author_is_the_reviewer_with_its_own_url(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    got, _ = export(tmp_path, *WHO, "--review-url", "https://desk.example/report.html")
    for review in got:
        assert review["author"] == {
            "@type": "Organization",
            "name": "Demo Desk",
            "url": "https://desk.example/",
        }
        assert review["url"].startswith("https://desk.example/report.html#claim-")
        assert review["author"]["url"] != review["url"]


def test_reviewer_and_pages_from_the_ledger_metadata(tmp_path: Path) -> None:
    with_review(tmp_path)
    result = run("export", "-f", "claimreview", "-l", str(tmp_path))
    assert result.code == 0, result.stderr
    got = json.loads(result.stdout)
    review = got[0]
    assert review["author"] == {
        "@type": "Organization",
        "name": "Ledger Desk",
        "url": "https://ledger-desk.example/",
        "sameAs": "https://social.example/@ledgerdesk",
    }
    assert review["datePublished"] == "2026-11-20" and review["dateModified"] == "2026-11-28"
    # {id}: one page per claim
    assert [r["url"] for r in got] == [
        f"https://ledger-desk.example/checks/{r['url'].rsplit('/', 1)[1]}" for r in got
    ]
    assert len({r["url"] for r in got}) == len(got)
    assert "https://ledger-desk.example/checks/output-fell" in {r["url"] for r in got}
    # the options still win over the ledger
    over, _ = export(tmp_path, "--reviewer", "Other Desk")
    assert over[0]["author"]["name"] == "Other Desk" and over[0]["datePublished"] == "2026-11-27"


def test_every_claim_is_accounted_for(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    got, err = export(tmp_path, *WHO)
    unrated_opinions = [
        c["id"] for c in CLAIMS if not c.get("rating") and c["kind"] in ("opinion", "prediction")
    ]
    assert len(got) + len(unrated_opinions) == len(CLAIMS)
    assert f"{len(got)} ClaimReviews (of {len(CLAIMS)} claims)" in err
    assert f"left out: {len(unrated_opinions)} unrated opinions or predictions" in err
    # the unrated unsourced claim is reviewed, with the verdict the page shows
    names = {r["reviewRating"]["name"] for r in got}
    assert "Unsubstantiated" in names


def test_the_verdict_is_the_pages_and_named(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    got, _ = export(tmp_path, *WHO)
    by_text = {r["claimReviewed"]: r for r in got}
    fell = by_text["The agency estimated output shrank 4.9% last year."]
    assert fell["reviewRating"]["name"] == fell["reviewRating"]["alternateName"] == "Inaccurate"
    page = tmp_path / "r.html"
    assert run("report", "--html", str(page), "-l", str(tmp_path), *WHO).code == 0
    html = page.read_text(encoding="utf-8")
    embedded = json.loads(html.split('id="claimreview">')[1].split("</script>")[0])
    assert [r["reviewRating"] for r in embedded] == [r["reviewRating"] for r in got]
    for r in got:  # each verdict's words are on the page
        assert f"</span> {r['reviewRating']['name']}</span>" in html


def test_first_appearance_only_for_what_the_article_itself_claims(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    got, _ = export(tmp_path, *WHO)
    kinds = {c.get("claim", c["quote"]): c["kind"] for c in CLAIMS}
    for r in got:
        full = r["itemReviewed"].get("text", r["claimReviewed"])
        if kinds[full] == "attribution":
            assert "firstAppearance" not in r["itemReviewed"]
        else:
            first = r["itemReviewed"]["firstAppearance"]
            assert first["url"] == "https://example.org/demo-headline"


def test_short_claim_from_the_ledger_and_full_claim_kept(tmp_path: Path) -> None:
    long_claim = "The agency estimated " + "that output shrank by a great deal " * 4 + "last year."
    claims = [dict(c) for c in CLAIMS]
    claims[0] = {**claims[0], "claim": long_claim}
    claims[2] = {**claims[2], "short": "Output fell the most in decades."}
    write_ledger(tmp_path, claims=claims)
    got, _ = export(tmp_path, *WHO)
    first = got[0]
    assert len(first["claimReviewed"]) <= 75 and first["claimReviewed"].endswith("…")
    assert first["itemReviewed"]["text"] == long_claim
    assert "Output fell the most in decades." in {r["claimReviewed"] for r in got}


def test_an_overlong_short_is_a_schema_finding(tmp_path: Path) -> None:
    claims = [dict(c) for c in CLAIMS]
    claims[2] = {**claims[2], "short": "x" * 76}
    write_ledger(tmp_path, claims=claims)
    result = run("check", "-l", str(tmp_path), "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert any(
        f["rule"] == "schema" and "'short'" in f["message"] and "76 characters" in f["message"]
        for f in findings
    )


def _local_schema_org(url: str, options: Any = None) -> dict[str, Any]:
    """schema.org's context, served locally: every term in the schema.org vocabulary."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": "https://schema.org/"}},
    }


def test_pyld_expands_every_term_to_schema_org(tmp_path: Path) -> None:
    with_review(tmp_path)
    result = run("export", "-f", "claimreview", "-l", str(tmp_path))
    got = json.loads(result.stdout)
    expanded = jsonld.expand(got, {"documentLoader": _local_schema_org})
    assert len(expanded) == len(got)
    s = "https://schema.org/"
    for node, review in zip(expanded, got, strict=True):
        assert node["@type"] == [s + "ClaimReview"]
        assert node[s + "claimReviewed"][0]["@value"] == review["claimReviewed"]
        rating = node[s + "reviewRating"][0]
        assert rating[s + "name"][0]["@value"] == review["reviewRating"]["name"]
        author = node[s + "author"][0]
        assert author[s + "url"][0]["@value"] == "https://ledger-desk.example/"
        # nothing was dropped: every key of the markup expanded to a schema.org IRI
        assert all(k.startswith(s) or k == "@type" for k in node)


@pytest.mark.skipif(not SHIPPED_LEDGER.is_file(), reason="the shipped ledger is not here")
def test_shipped_ledger_reviews_are_short_and_one_per_claim_page(tmp_path: Path) -> None:
    result = run(
        "export", "-f", "claimreview", "-l", str(SHIPPED_LEDGER), *WHO,
        "--review-url", "https://desk.example/checks/{id}",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    got = json.loads(result.stdout)
    assert all(len(r["claimReviewed"]) <= 75 for r in got)
    assert len({r["url"] for r in got}) == len(got)
    assert all("#" not in r["url"] for r in got)
    assert "left out:" in result.stderr and "unrated opinions" in result.stderr


# The verdict table (formats/verdict.py's docstring) ------------------------------------------


@pytest.mark.parametrize(
    ("status", "rating", "label", "attention"),
    [
        ("sourced", "accurate", "Accurate", False),
        ("disputed", "mostly-accurate", "Mostly accurate", True),
        ("sourced", "mostly-accurate", "Mostly accurate", False),
        ("sourced", "mixed", "Mixed", True),
        ("sourced", "misleading", "Misleading", True),
        ("disputed", "inaccurate", "Inaccurate", True),
        ("opinion", "unverified", "Unverified", True),
        ("disputed", None, "Disputed", True),
        ("sourced", None, "Supported", False),
        ("unsourced", None, "Unsubstantiated", True),
        ("opinion", None, "Opinion, not rated", False),
    ],
)
def test_verdict_table(status: str, rating: str | None, label: str, attention: bool) -> None:
    v = verdict_of(status, rating)
    assert (v.label, v.attention) == (label, attention)
    assert v.mark  # a non-colour cue for every verdict
    if status == "disputed" and rating == "mostly-accurate":
        assert v.qualifier == "a source corrects a detail" and v.tone != "false"


@given(st.text(min_size=1, max_size=400).filter(lambda t: t.strip()))
def test_short_claim_is_at_most_75_and_a_prefix(text: str) -> None:
    claim = Claim(id="x", quote=text, kind=Kind.FACT)
    short = short_claim(claim)
    assert 0 < len(short) <= 75
    flat = " ".join(text.split())
    assert short == flat or flat.startswith(short.removesuffix("…"))
