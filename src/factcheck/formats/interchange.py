"""Exports for other tools: schema.org ClaimReview JSON-LD and a CSL-JSON bibliography. No I/O.

The rating scale maps onto ClaimReview's numbers as ``models.Rating.value_on_scale`` says:

    accurate 5 · mostly-accurate 4 · mixed 3 · misleading 2 · inaccurate 1
    (bestRating 5, worstRating 1)

``unverified`` is not on the scale: its ``reviewRating`` carries only ``alternateName``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from factcheck.ledger.models import Claim, Ledger, Rating, Source

SCHEMA_ORG = "https://schema.org"
BEST_RATING = 5
WORST_RATING = 1

RATING_LABELS = {
    Rating.ACCURATE: "Accurate",
    Rating.MOSTLY_ACCURATE: "Mostly accurate",
    Rating.MIXED: "Mixed",
    Rating.MISLEADING: "Misleading",
    Rating.INACCURATE: "Inaccurate",
    Rating.UNVERIFIED: "Unverified",
}

# Source types of the ledger format → CSL 1.0.2 item types.
CSL_TYPES = {
    "article": "article-magazine",
    "news": "article-newspaper",
    "report": "report",
    "statement": "document",
    "speech": "speech",
    "dataset": "dataset",
    "book": "book",
    "web": "webpage",
}

_ORG_WORDS = {
    "affairs", "agency", "association", "bank", "board", "bureau", "center", "centre",
    "committee", "council", "daily", "department", "desk", "editors", "foundation", "government",
    "group", "institute", "ministry", "network", "news", "office", "organisation", "organization",
    "party", "post", "press", "reuters", "service", "staff", "times", "university", "wire",
}  # fmt: skip


def rating_json(rating: Rating) -> dict[str, Any]:
    """schema.org Rating for a verdict; ``unverified`` gets a label and no number."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": RATING_LABELS[rating]}
    value = rating.value_on_scale
    if value is not None:
        out.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return out


def _people(names: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {"@type": "Organization" if _is_organisation(n) else "Person", "name": n} for n in names
    ]


def claim_reviews(
    ledger: Ledger,
    claims: Sequence[Claim],
    *,
    reviewer: str,
    review_url: str | None,
    date: str,
) -> list[dict[str, Any]]:
    """One ClaimReview per rated claim (claims without ``rating`` are left out).

    ``url`` of each review is ``review_url#claim-<id>`` (the claim's row in ``factcheck report``),
    or absent when no ``review_url`` is given.
    """
    article = ledger.sources.get(ledger.article_id or "")
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    claim_author: list[dict[str, Any]] = []
    if article is not None:
        for key, value in (
            ("url", article.url),
            ("headline", article.title),
            ("datePublished", article.issued),
        ):
            if value:
                appearance[key] = value
        if article.publisher:
            appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
        claim_author = _people(article.author)
        if not claim_author and article.publisher:
            claim_author = [{"@type": "Organization", "name": article.publisher}]
    author: dict[str, Any] = {"@type": "Organization", "name": reviewer}
    if review_url:
        author["url"] = review_url
    out = []
    for claim in claims:
        if claim.rating is None:
            continue
        item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
        if claim_author:
            item["author"] = claim_author[0] if len(claim_author) == 1 else claim_author
        if article is not None and article.issued:
            item["datePublished"] = article.issued
        review: dict[str, Any] = {
            "@context": SCHEMA_ORG,
            "@type": "ClaimReview",
            "claimReviewed": claim.claim or claim.quote,
            "reviewRating": rating_json(claim.rating),
            "itemReviewed": item,
            "author": author,
            "datePublished": date,
        }
        if review_url:
            review["url"] = f"{review_url.split('#')[0]}#claim-{claim.id}"
        if claim.note:
            review["reviewBody"] = claim.note
        out.append(review)
    return out


def _is_organisation(name: str) -> bool:
    words = name.replace(",", " ").split()
    if len(words) < 2 or len(words) > 5:
        return True
    if any(w.casefold().strip(".") in _ORG_WORDS for w in words):
        return True
    return not all(w[:1].isupper() for w in words)


def csl_name(name: str) -> dict[str, str]:
    """A CSL name: ``{family, given}`` for a personal name, ``{literal}`` for an organisation."""
    name = " ".join(name.split())
    if "," in name and not _is_organisation(name):
        last, first = (p.strip() for p in name.split(",", 1))
        return {"family": last, "given": first}
    if _is_organisation(name):
        return {"literal": name}
    *given, family = name.split()
    return {"family": family, "given": " ".join(given)}


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def csl_date(value: str) -> dict[str, Any]:
    """``YYYY[-MM[-DD]]`` → ``{"date-parts": [[y, m, d]]}``; anything else as a literal."""
    found = _DATE.match(value.strip())
    if not found:
        return {"literal": value}
    return {"date-parts": [[int(p) for p in found.groups() if p is not None]]}


def csl_item(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {"id": source.id, "type": CSL_TYPES.get(source.type or "", "document")}
    if source.title:
        item["title"] = source.title
    if source.author:
        item["author"] = [csl_name(a) for a in source.author]
    if source.publisher:
        item["publisher"] = source.publisher
    if source.issued:
        item["issued"] = csl_date(source.issued)
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = csl_date(source.accessed)
    if source.note:
        item["note"] = source.note
    return item


def csl_bibliography(ledger: Ledger) -> list[dict[str, Any]]:
    """Every source of the ledger as CSL-JSON, ordered by id."""
    return [csl_item(s) for s in sorted(ledger.sources.values(), key=lambda s: s.id)]


EXPORT_COLUMNS = (
    "id", "status", "kind", "rating", "section", "speaker", "tags", "quote", "claim", "note",
    "sources", "line",
)  # fmt: skip


def export_record(record: dict[str, Any]) -> dict[str, Any]:
    """A claim record with the cited source ids flattened for CSV."""
    return {**record, "sources": list(dict.fromkeys(ev["source"] for ev in record["evidence"]))}


def review_date(date: str | None) -> str:
    """ClaimReview's ``datePublished``: ``date`` checked as YYYY-MM-DD, or today (UTC).

    Raises ValueError with the message for the user when ``date`` is not a date.
    """
    import datetime

    if date is None:
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    try:
        return datetime.date.fromisoformat(date).isoformat()
    except ValueError:
        raise ValueError(f"--date must be YYYY-MM-DD, not {date!r}") from None


def export(
    ledger: Ledger,
    chosen: Sequence[Claim],
    fmt: str,
    *,
    reviewer: str,
    review_url: str | None,
    date: str,
) -> tuple[str, str]:
    """The text of ``factcheck export --format fmt`` for the ``chosen`` claims, and a summary.

    ``fmt`` is claimreview, csl, jsonl or csv.
    """
    from factcheck.formats.records import article_of, claim_record
    from factcheck.formats.text import to_csv, to_json, to_jsonl

    if fmt == "claimreview":
        reviews = claim_reviews(ledger, chosen, reviewer=reviewer, review_url=review_url, date=date)
        summary = f"{len(reviews)} ClaimReviews (of {len(chosen)} claims; unrated left out)"
        if review_url is None:
            summary += "; no --review-url, so no review has the url Google requires"
        return to_json(reviews), summary
    if fmt == "csl":
        items = csl_bibliography(ledger)
        return to_json(items), f"{len(items)} sources as CSL-JSON"
    article = article_of(ledger)
    records = [export_record(claim_record(c, ledger, article)) for c in chosen]
    text = to_jsonl(records) if fmt == "jsonl" else to_csv(records, EXPORT_COLUMNS)
    return text, f"{len(records)} claims"
