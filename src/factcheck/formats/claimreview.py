"""schema.org ClaimReview JSON-LD for a ledger's claims. No I/O.

The rating scale maps onto ClaimReview's numbers as ``models.Rating.value_on_scale`` says:

    accurate 5 · mostly-accurate 4 · mixed 3 · misleading 2 · inaccurate 1
    (bestRating 5, worstRating 1)

``unverified`` is not on the scale: its ``reviewRating`` carries only ``alternateName``; nor
are the verdicts of unrated claims (Disputed, Supported, Unsubstantiated; ``formats.verdict``).
Unrated opinions get no review, and ``Reviews.left_out`` says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from factcheck.formats.csl import is_organisation
from factcheck.formats.verdict import Verdict, claim_verdict, short_claim
from factcheck.ledger.models import Claim, Kind, Ledger, Rating, Review, Source, Status

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
    out: dict[str, Any] = {
        "@type": "Rating",
        "name": RATING_LABELS[rating],
        "alternateName": RATING_LABELS[rating],
    }
    value = rating.value_on_scale
    if value is not None:
        out.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return out


def _people(names: Sequence[str]) -> list[dict[str, Any]]:
    return [{"@type": "Organization" if is_organisation(n) else "Person", "name": n} for n in names]


@dataclass(frozen=True)
class Reviewer:
    """Who published the review: ClaimReview's ``author`` (never defaulted to this program)."""

    name: str
    url: str
    same_as: tuple[str, ...] = ()

    def json(self) -> dict[str, Any]:
        kind = "Organization" if is_organisation(self.name) else "Person"
        out: dict[str, Any] = {"@type": kind, "name": self.name, "url": self.url}
        if self.same_as:
            out["sameAs"] = list(self.same_as) if len(self.same_as) > 1 else self.same_as[0]
        return out


def reviewer_of(
    review: Review, *, name: str | None = None, url: str | None = None
) -> Reviewer | None:
    """The reviewer from options (``name``, ``url``) or else the ledger's ``review:``; None when
    either the name or the address is known from neither."""
    name = name or review.reviewer
    url = url or review.reviewer_url
    if not name or not url:
        return None
    return Reviewer(name, url, review.same_as)


def review_page(review_url: str, claim_id: str) -> str:
    """A claim's review address: ``{id}`` in ``review_url`` replaced by the claim's id (one page
    per claim); without ``{id}``, the page's address (its own fragment dropped) + ``#claim-<id>``,
    the claim's entry in ``factcheck report`` (one page for all, a fragment per claim)."""
    if "{id}" in review_url:
        return review_url.replace("{id}", quote(claim_id, safe=""))
    return f"{review_url.split('#')[0]}#claim-{claim_id}"


@dataclass(frozen=True)
class Reviews:
    """The ClaimReviews, and each claim left out with why (nothing is dropped silently)."""

    items: list[dict[str, Any]]
    left_out: list[tuple[str, str]] = field(default_factory=list)

    def summary(self, chosen: int) -> str:
        line = f"{len(self.items)} ClaimReviews (of {chosen} claims)"
        if self.left_out:
            why = Counter(reason for _, reason in self.left_out)
            line += "; left out: " + ", ".join(f"{n} {r}" for r, n in sorted(why.items()))
        return line


def reviewed(claim: Claim) -> str | None:
    """Why ``claim`` gets no ClaimReview, or None when it gets one: an unrated opinion or
    prediction is not a checkable fact; every other claim has a verdict (``verdict``)."""
    if claim.rating is None and claim.status is Status.OPINION:
        return "unrated opinions or predictions (not a checkable fact)"
    return None


def claim_reviews(
    ledger: Ledger,
    claims: Sequence[Claim],
    *,
    reviewer: Reviewer | None,
    review_url: str | None = None,
    date: str | None,
    updated: str | None = None,
) -> Reviews:
    """One ClaimReview per claim with a verdict (``formats.verdict``: the page's verdict).

    ``claimReviewed`` is the short claim (``verdict.short_claim``, at most 75 characters), the
    full restatement is ``itemReviewed.text``; ``url`` is ``review_page(review_url, id)``, absent
    without a ``review_url``; ``author`` is ``reviewer`` (absent when None: not publishable);
    ``datePublished`` is ``date`` (absent when None).
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
    out = Reviews([])
    for claim in claims:
        why = reviewed(claim)
        if why is not None:
            out.left_out.append((claim.id, why))
            continue
        verdict = claim_verdict(claim)
        item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
        if claim.kind is not Kind.ATTRIBUTION and len(appearance) > 1:
            # the article made the claim itself; an attribution first appeared elsewhere
            item["firstAppearance"] = appearance
        if claim_author:
            item["author"] = claim_author[0] if len(claim_author) == 1 else claim_author
        if article is not None and article.issued:
            item["datePublished"] = article.issued
        full = claim.text
        short = short_claim(claim)
        if full != short:
            item["text"] = full
        review: dict[str, Any] = {
            "@context": SCHEMA_ORG,
            "@type": "ClaimReview",
            "claimReviewed": short,
            "reviewRating": verdict_json(verdict),
            "itemReviewed": item,
        }
        if date:
            review["datePublished"] = date
        if reviewer is not None:
            review["author"] = reviewer.json()
        if updated:
            review["dateModified"] = updated
        if review_url:
            review["url"] = review_page(review_url, claim.id)
        if claim.note:
            review["reviewBody"] = claim.note
        if claim.quote is None:
            _unquoted(review, claim, ledger)
        out.items.append(review)
    return out


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """schema.org Rating for the page's verdict: its words as ``name`` and ``alternateName``,
    its number on the 1–5 scale when it has one."""
    out: dict[str, Any] = {
        "@type": "Rating",
        "name": verdict.label,
        "alternateName": verdict.label,
    }
    if verdict.value is not None:
        out.update(ratingValue=verdict.value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return out


def published_review(claim: Claim, ledger: Ledger) -> Source | None:
    """The published review a claim that quotes no article was imported from: its first
    evidence's source, when that has a url (that review's author and date are the export's)."""
    if claim.quote is not None or not claim.evidence:
        return None
    first = ledger.sources.get(claim.evidence[0].source)
    return first if first is not None and first.url else None


def all_published(ledger: Ledger, claims: Sequence[Claim]) -> bool:
    """Whether every claim carries its own published review, so the export needs no reviewer."""
    return all(published_review(c, ledger) is not None for c in claims)


def _unquoted(review: dict[str, Any], claim: Claim, ledger: Ledger) -> None:
    """A claim that quotes no article (format 2, e.g. imported from a ClaimReview): the claim
    as its own fields tell it (speaker, appeared, appearance), its id as the identifier, the
    published verdict's words, and, when its first evidence is a published review (a source
    with a url), that review's url, publisher, date and headline rather than the export's."""
    review["identifier"] = claim.id
    if claim.verdict and claim.rating is not None:
        review["reviewRating"]["alternateName"] = claim.verdict
    item: dict[str, Any] = {"@type": "Claim"}
    if "text" in review["itemReviewed"]:
        item["text"] = review["itemReviewed"]["text"]
    if claim.speaker:
        item["author"] = _people([claim.speaker])[0]
    if claim.appeared:
        item["datePublished"] = claim.appeared
    works = [{"@type": "CreativeWork", "url": url} for url in claim.appearance]
    if works:
        item["appearance"] = works[0] if len(works) == 1 else works
    review["itemReviewed"] = item
    first = published_review(claim, ledger)
    if first is None:
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
