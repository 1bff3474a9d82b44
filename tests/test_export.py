"""export: ClaimReview JSON-LD (Google's required fields), CSL-JSON, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.formats.claimreview import rating_json
from factcheck.formats.csl import csl_date, csl_name
from factcheck.ledger.models import Rating
from tests.cli_runner import run
from tests.demo_ledger import CLAIMS, SOURCES, write_ledger
from tests.factory import SHIPPED_LEDGER

# What Google's fact-check markup requires of a ClaimReview (developers.google.com/search/docs/
# appearance/structured-data/factcheck): claimReviewed, reviewRating with alternateName, url.
# The rest is what the issue asks us to emit.
GOOGLE_CLAIMREVIEW = {
    "type": "object",
    "required": [
        "@context", "@type", "claimReviewed", "reviewRating", "url", "author", "datePublished",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": "^https?://"},
        "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "author": {
            "type": "object",
            "required": ["@type", "name"],
            "properties": {"@type": {"enum": ["Organization", "Person"]}},
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"const": "Rating"},
                "alternateName": {"type": "string", "minLength": 1},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                "bestRating": {"const": 5},
                "worstRating": {"const": 1},
            },
            "dependentRequired": {"ratingValue": ["bestRating", "worstRating"]},
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "author", "datePublished", "appearance"],
            "properties": {
                "@type": {"const": "Claim"},
                "appearance": {
                    "type": "object",
                    "required": ["url"],
                    "properties": {"url": {"type": "string", "pattern": "^https?://"}},
                },
            },
        },
    },
}  # fmt: skip


def reviews(ledger: Path, *extra: str) -> list[dict[str, Any]]:
    result = run("export", "-f", "claimreview", "-l", str(ledger), "--date", "2026-11-27", *extra)
    assert result.code == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def test_claimreview_one_per_rated_claim_with_google_fields(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    got = reviews(
        tmp_path,
        *("--reviewer", "Demo Desk", "--reviewer-url", "https://fc.example/"),
        *("--review-url", "https://fc.example/r"),
    )
    # every claim but an unrated opinion gets a review (the summary names the rest)
    kept = [c for c in CLAIMS if c.get("rating") or c["kind"] not in ("opinion", "prediction")]
    assert len(got) == len(kept)
    for review, claim in zip(got, kept, strict=True):
        jsonschema.validate(review, GOOGLE_CLAIMREVIEW)
        assert review["url"] == f"https://fc.example/r#claim-{claim['id']}"
        assert review["author"] == {
            "@type": "Organization",
            "name": "Demo Desk",
            "url": "https://fc.example/",
        }
        assert review["datePublished"] == "2026-11-27"
        full = claim.get("claim", claim["quote"])
        assert review["claimReviewed"] == (full if len(full) <= 75 else review["claimReviewed"])
        assert len(review["claimReviewed"]) <= 75
        item = review["itemReviewed"]
        assert item["appearance"]["url"] == SOURCES["demo-article"]["url"]
        assert item["author"] == {"@type": "Person", "name": "Ada Lovelace"}
        assert item["datePublished"] == "2021-09-30"
    by_label = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in got}
    assert by_label["Inaccurate"]["ratingValue"] == 1
    assert by_label["Mostly accurate"]["ratingValue"] == 4
    assert by_label["Accurate"]["ratingValue"] == 5
    assert by_label["Unverified"] == {
        "@type": "Rating",
        "name": "Unverified",
        "alternateName": "Unverified",
    }


def test_rating_scale_is_the_documented_mapping() -> None:
    expected = {
        Rating.ACCURATE: 5,
        Rating.MOSTLY_ACCURATE: 4,
        Rating.MIXED: 3,
        Rating.MISLEADING: 2,
        Rating.INACCURATE: 1,
    }
    for rating in Rating:
        r = rating_json(rating)
        assert r.get("ratingValue") == expected.get(rating)
        assert r["alternateName"]


@pytest.mark.skipif(
    not SHIPPED_LEDGER.is_file(), reason="the shipped ledger is not in this checkout"
)
def test_shipped_ledger_exports_valid_claimreviews() -> None:
    got = reviews(
        SHIPPED_LEDGER,
        *("--review-url", "https://example.org/factcheck/report.html"),
        *("--reviewer", "Example Desk", "--reviewer-url", "https://example.org/"),
    )
    assert len(got) > 50
    for review in got:
        jsonschema.validate(review, GOOGLE_CLAIMREVIEW)
    assert len({r["url"] for r in got}) == len(got)


def test_claimreview_without_review_url_says_what_is_missing(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    who = ["--reviewer", "Ada Desk", "--reviewer-url", "https://desk.example/"]
    result = run("export", "-f", "claimreview", "-l", str(tmp_path), *who)
    assert result.code == 0
    data = json.loads(result.stdout)
    assert data and all("url" not in r for r in data)
    assert data[0]["author"] == {
        "@type": "Organization",
        "name": "Ada Desk",
        "url": "https://desk.example/",
    }
    assert "no --review-url" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("--review-url", "javascript:alert(1)"), ("--date", "27/11/2026"), ("--format", "xml")],
)
def test_export_rejects_bad_options(tmp_path: Path, args: tuple[str, str]) -> None:
    write_ledger(tmp_path)
    base = ["-l", str(tmp_path)] + ([] if args[0] == "--format" else ["-f", "claimreview"])
    result = run("export", *base, *args)
    assert result.code == 2
    assert result.stdout == ""


def test_csl_bibliography(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    result = run("export", "-f", "csl", "-l", str(tmp_path))
    items = {i["id"]: i for i in json.loads(result.stdout)}
    assert set(items) == set(SOURCES)
    wire = items["wire-2021-output"]
    assert wire["type"] == "article-newspaper"
    assert wire["author"] == [
        {"family": "Hopper", "given": "Grace Brewster"},
        {"literal": "Reuters Staff"},
    ]
    assert wire["issued"] == {"date-parts": [[2021, 7]]}
    assert wire["accessed"] == {"date-parts": [[2026, 11, 27]]}
    assert wire["URL"] == SOURCES["wire-2021-output"]["url"]
    assert wire["container-title"] == "Wire & Co"
    assert items["ministry-statement"]["type"] == "document"
    assert items["ministry-statement"]["author"] == [{"literal": "Ministry of Foreign Affairs"}]
    assert items["demo-article"]["issued"] == {"date-parts": [[2021, 9, 30]]}
    csl_keys = {
        "id", "type", "title", "author", "publisher", "container-title", "issued", "URL",
        "accessed",
    }  # fmt: skip
    for item in items.values():
        assert set(item) <= csl_keys


def test_csl_names_and_dates() -> None:
    assert csl_name("Roh, Joori") == {"family": "Roh", "given": "Joori"}
    assert csl_name("Louie Dane C. Merced") == {"family": "Merced", "given": "Louie Dane C."}
    assert csl_name("KCNA") == {"literal": "KCNA"}
    assert csl_name("Bank of Korea") == {"literal": "Bank of Korea"}
    assert csl_date("2021") == {"date-parts": [[2021]]}
    assert csl_date("sometime") == {"literal": "sometime"}


@given(st.dates())
def test_csl_date_round_trips(day: Any) -> None:
    y, m, d = csl_date(day.isoformat())["date-parts"][0]
    assert (y, m, d) == (day.year, day.month, day.day)


def test_jsonl_and_csv_carry_the_derived_status(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    lines = run("export", "-f", "jsonl", "-l", str(tmp_path)).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [c["id"] for c in CLAIMS]
    status = {r["id"]: r["status"] for r in records}
    assert status["output-fell"] == "disputed" and status["headline"] == "unsourced"
    assert records[0]["schema_version"] == 1 and records[0]["sources"] == ["wire-2021-output"]

    out = tmp_path / "claims.csv"
    result = run("export", "-f", "csv", "-l", str(tmp_path), "-o", str(out), "--status", "sourced")
    assert result.stdout == "" and "2 claims" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["output-figure", "worst-in-decades"]
    assert {r["status"] for r in rows} == {"sourced"}
    assert json.loads(rows[0]["sources"]) == ["wire-2021-output"]
