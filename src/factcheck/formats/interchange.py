"""``factcheck export``: one text per format, from the formats that know each. No I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from factcheck.ledger.models import Claim, Ledger

if TYPE_CHECKING:
    from factcheck.formats.claimreview import Reviewer

EXPORT_COLUMNS = (
    "id", "status", "kind", "rating", "section", "speaker", "tags", "quote", "claim", "note",
    "sources", "line",
)  # fmt: skip


def export_record(record: dict[str, Any]) -> dict[str, Any]:
    """A claim record with the cited source ids (a list: a JSON array in a CSV cell)."""
    return {**record, "sources": list(dict.fromkeys(ev["source"] for ev in record["evidence"]))}


def export(
    ledger: Ledger,
    chosen: Sequence[Claim],
    fmt: str,
    *,
    reviewer: Reviewer | None = None,
    review_url: str | None = None,
    date: str = "",
    updated: str | None = None,
    bom: bool = False,
) -> tuple[str, str]:
    """The text of ``factcheck export --format fmt`` for the ``chosen`` claims, and a summary.

    ``fmt`` is claimreview, csl, jsonl or csv; ``bom``: the CSV starts with a byte-order mark.
    """
    from factcheck.formats.claimreview import claim_reviews
    from factcheck.formats.csl import csl_bibliography
    from factcheck.formats.records import article_of, claim_record
    from factcheck.formats.text import to_csv, to_json, to_jsonl

    if fmt == "claimreview":
        reviews = claim_reviews(
            ledger, chosen, reviewer=reviewer, review_url=review_url, date=date, updated=updated
        )
        summary = reviews.summary(len(chosen))
        if review_url is None:
            summary += "; no --review-url, so no review has the url Google requires"
        return to_json(reviews.items), summary
    if fmt == "csl":
        items = csl_bibliography(ledger)
        return to_json(items), f"{len(items)} sources as CSL-JSON"
    article = article_of(ledger)
    records = [export_record(claim_record(c, ledger, article)) for c in chosen]
    text = to_jsonl(records) if fmt == "jsonl" else to_csv(records, EXPORT_COLUMNS, bom=bom)
    return text, f"{len(records)} claims"
