"""The read commands written the slow, obvious way over ``Claim`` objects: what ``list``,
``search`` and ``stats`` must print (the way tests/yaml_reference.py is for the YAML reader).

The commands read cached views through ``query.filters`` and ``query.search``; these functions
share none of that: their own filter, sort keys, scoring (one word at a time) and counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from factcheck.formats.records import SCHEMA_VERSION, Record, article_of, claim_record
from factcheck.ledger.discover import display_path
from factcheck.ledger.models import Claim, Kind, Ledger, Status
from factcheck.query.filters import Filters, SortKey


def accepts(filters: Filters, claim: Claim) -> bool:
    if filters.status and claim.status.value not in filters.status:
        return False
    if filters.kind and claim.kind.value not in filters.kind:
        return False
    if filters.tag and not set(filters.tag) & set(claim.tags):
        return False
    if filters.section:
        wanted = {s.casefold() for s in filters.section}
        if (claim.section or "").casefold() not in wanted:
            return False
    return not (filters.source and not {e.source for e in claim.evidence} & set(filters.source))


def sort_key(sort: SortKey, claim: Claim) -> tuple[Any, ...]:
    if sort is SortKey.ID:
        return (claim.id,)
    if sort is SortKey.STATUS:
        return (claim.status.value, claim.id)
    if sort is SortKey.KIND:
        return (claim.kind.value, claim.id)
    if sort is SortKey.SECTION:
        return (claim.section or "", claim.pos.line)
    return ()  # POSITION: the sort is stable


def select_many(
    ledgers: Sequence[Ledger], filters: Filters, sort: SortKey
) -> list[tuple[Claim, Ledger]]:
    """The claims of several ledgers ``filters`` keeps, in one order, each with its ledger."""
    chosen = [(c, x) for x in ledgers for c in x.claims if accepts(filters, c)]
    return sorted(chosen, key=lambda t: sort_key(sort, t[0]))


def scores(
    ledger: Ledger, claims: Sequence[Claim], query: str
) -> list[tuple[float, tuple[str, ...]]]:
    """Each claim's (score, matched fields), one word at a time (none without query words)."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    from factcheck.query import search as s

    qwords = s.query_words(query)
    if not qwords or not claims:
        return []
    claim_words = [s.doc_words(c, ledger.sources) for c in claims]
    vocab = sorted(set().union(*(w for d in claim_words for w in d.values())))
    similar = []
    for q in qwords:
        hits = process.extract(q, vocab, scorer=fuzz.ratio, limit=None, score_cutoff=70.0)
        table = {w: float(sc) for w, sc, _ in hits}
        for w in vocab:
            if len(q) >= 4 and w.startswith(q):
                table[w] = max(table.get(w, 0.0), 95.0)
        similar.append(table)
    out = []
    for claim, words in zip(claims, claim_words, strict=True):
        total, hit_fields = 0.0, set()
        for table in similar:
            best, best_field = 0.0, ""
            for name, ws in words.items():
                for w in ws:
                    sc = table.get(w)
                    if sc is not None and sc * s.FIELD_WEIGHTS[name] > best:
                        best, best_field = sc * s.FIELD_WEIGHTS[name], name
            total += best
            if best_field:
                hit_fields.add(best_field)
        phrase = fuzz.partial_ratio(
            default_process(query), default_process(claim.quote or claim.text)
        )
        score = round(0.85 * total / len(similar) + 0.15 * phrase, 1)
        out.append((score, tuple(n for n in s.FIELD_WEIGHTS if n in hit_fields)))
    return out


def search_one(
    ledger: Ledger, filters: Filters, query: str, *, limit: int | None, min_score: float
) -> list[tuple[float, Claim, tuple[str, ...]]]:
    """One ledger's matches scoring ``min_score`` or more, best first (then by line)."""
    pool = [c for c in ledger.claims if accepts(filters, c)]
    found = [
        (score, c, fields)
        # no query words: no scores, no matches
        for c, (score, fields) in zip(pool, scores(ledger, pool, query), strict=False)
        if score >= min_score
    ]
    found.sort(key=lambda m: (-m[0], m[1].pos.line))
    return found if limit is None else found[:limit]


def search_many(
    ledgers: Sequence[Ledger], filters: Filters, query: str, *, limit: int | None, min_score: float
) -> list[Record]:
    """The match records of several ledgers, ranked as one list (best first)."""
    ranked = []
    for n, x in enumerate(ledgers):
        for score, c, fields in search_one(x, filters, query, limit=limit, min_score=min_score):
            ranked.append((-score, n, c.pos.line, c, fields, x))
    ranked.sort(key=lambda r: r[:3])
    out = []
    articles = {id(x): article_of(x) for x in ledgers}
    for neg, _, _, c, fields, x in ranked if limit is None else ranked[:limit]:
        record = claim_record(c, x, articles[id(x)])
        record["score"] = -neg
        record["matched_fields"] = list(fields)
        out.append(record)
    return out


def stats_record(ledgers: list[Ledger]) -> Record:
    """``stats --json``, counted over the claims."""
    claims = [c for ledger in ledgers for c in ledger.claims]
    by_status = Counter(c.status.value for c in claims)
    by_kind = Counter(c.kind.value for c in claims)
    by_section: Counter[str] = Counter(c.section or "(none)" for c in claims)
    by_rating = Counter(c.rating.value for c in claims if c.rating)
    factual = sum(1 for c in claims if c.kind in (Kind.FACT, Kind.ATTRIBUTION))
    backed = by_status[Status.SOURCED.value] + by_status[Status.DISPUTED.value]
    sections: list[str] = []
    for c in claims:
        name = c.section or "(none)"
        if name not in sections:
            sections.append(name)
    return {
        "schema_version": SCHEMA_VERSION,
        "claims": len(claims),
        "invalid": sum(len(ledger.invalid) for ledger in ledgers),
        "sources": sum(len(ledger.sources) for ledger in ledgers),
        "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
        "by_kind": {k.value: by_kind.get(k.value, 0) for k in Kind},
        "by_section": {name: by_section[name] for name in sections},
        "by_rating": dict(sorted(by_rating.items())),
        "factual": factual,
        "factual_with_evidence": backed,
        "sourced_share": round(backed / factual, 4) if factual else None,
        "ledgers": [display_path(ledger.claims_path) for ledger in ledgers],
    }
