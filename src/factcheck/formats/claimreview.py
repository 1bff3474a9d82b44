"""schema.org ClaimReview JSON-LD for a ledger's claims. No I/O.

The rating scale maps onto ClaimReview's numbers as ``models.Rating.value_on_scale`` says:

    accurate 5 · mostly-accurate 4 · mixed 3 · misleading 2 · inaccurate 1
    (bestRating 5, worstRating 1)

``unverified`` is not on the scale: its ``reviewRating`` carries only ``alternateName``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.formats.csl import is_organisation
from factcheck.ledger.models import Claim, Ledger, Rating

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


def rating_json(rating: Rating) -> dict[str, Any]:
    """schema.org Rating for a verdict; ``unverified`` gets a label and no number."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": RATING_LABELS[rating]}
    value = rating.value_on_scale
    if value is not None:
        out.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return out


def _people(names: Sequence[str]) -> list[dict[str, Any]]:
    return [{"@type": "Organization" if is_organisation(n) else "Person", "name": n} for n in names]


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
        if claim.quote is None:
            _unquoted(review, claim, ledger)
        out.append(review)
    return out


def _unquoted(review: dict[str, Any], claim: Claim, ledger: Ledger) -> None:
    """A claim that quotes no article (format 2, e.g. imported from a ClaimReview): the claim
    as its own fields tell it (speaker, appeared, appearance), its id as the identifier, the
    published verdict's words, and, when its first evidence is a published review (a source
    with a url), that review's url, publisher, date and headline rather than the export's."""
    review["identifier"] = claim.id
    if claim.verdict and claim.rating is not None:
        review["reviewRating"]["alternateName"] = claim.verdict
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = _people([claim.speaker])[0]
    if claim.appeared:
        item["datePublished"] = claim.appeared
    works = [{"@type": "CreativeWork", "url": url} for url in claim.appearance]
    if works:
        item["appearance"] = works[0] if len(works) == 1 else works
    review["itemReviewed"] = item
    first = ledger.sources.get(claim.evidence[0].source) if claim.evidence else None
    if first is None or not first.url:
        return
    review["url"] = first.url
    if first.publisher:
        review["author"] = {"@type": "Organization", "name": first.publisher}
    if first.issued:
        review["datePublished"] = first.issued
    if first.title:
        review["name"] = first.title


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
