"""A ledger's sources as a CSL-JSON bibliography (CSL 1.0.2). No I/O."""

from __future__ import annotations

import re
from typing import Any

from factcheck.ledger.models import Ledger, Source

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


def is_organisation(name: str) -> bool:
    words = name.replace(",", " ").split()
    if len(words) < 2 or len(words) > 5:
        return True
    if any(w.casefold().strip(".") in _ORG_WORDS for w in words):
        return True
    return not all(w[:1].isupper() for w in words)


def csl_name(name: str) -> dict[str, str]:
    """A CSL name: ``{family, given}`` for a personal name, ``{literal}`` for an organisation."""
    name = " ".join(name.split())
    if "," in name and not is_organisation(name):
        last, first = (p.strip() for p in name.split(",", 1))
        return {"family": last, "given": first}
    if is_organisation(name):
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
