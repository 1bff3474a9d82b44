"""Ledger views: what ``list``, ``search`` and ``stats`` read of a ledger, JSON-ready.

A view is computed from a loaded ``Ledger`` by the functions the commands always used
(``records.claim_record`` with the article's anchors, ``search.doc_words``), then kept in the cache
as JSON (``cache.view``): loading 10,000 JSON records with orjson is far faster than unpickling
10,000 dataclasses and rebuilding their records and anchors. The commands then filter, sort,
search and count those plain records; the functions here do what ``query.select``,
``multi.search_many`` and ``records.stats_record`` do on ``Claim`` objects, with the same results
(tests/test_perf_views.py holds them equal).

Three parts, stored apart so each command reads only what it needs:

- ``records``: ``{"path", "claims", "sources", "records"}``, the claim records in file order;
- ``meta``, ``listing`` and ``blob``: the ledger's name and counts; per claim what the filters
  and sorts read and where its JSON text sits in ``blob``; the claims' JSON text as ``list
  --json`` writes it (so an unfiltered ``list --json`` is the blob between brackets);
- ``search``: ``{"vocab", "postings", "quotes"}``, the ledger's sorted vocabulary, for each word
  the (claim, field) pairs it occurs in, and each quote after rapidfuzz's ``default_process``;
- ``stats``: the counts ``records.stats_record`` adds up, for one ledger.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.ledger.models import Ledger
    from factcheck.query.filters import Filters, SortKey

Record = dict[str, Any]
View = dict[str, Any]
PARTS = ("records", "meta", "listing", "blob", "search", "stats")
NFIELDS = 8  # search.FIELD_WEIGHTS
FACTUAL = ("fact", "attribution")


def build(ledger: Ledger) -> dict[str, Any]:
    """Every part of the view of one ledger (``blob`` is bytes, the others JSON-ready)."""
    from rapidfuzz.utils import default_process

    from factcheck.formats.fastjson import dumps_indented
    from factcheck.formats.records import article_of, claim_record
    from factcheck.ledger.discover import display_path
    from factcheck.query.search import FIELD_WEIGHTS, doc_words
    from factcheck.text.inert import json_safe

    article = article_of(ledger)
    records = [claim_record(c, ledger, article) for c in ledger.claims]
    # each record as ``output.to_json`` writes it inside a list: what ``list --json`` joins
    # (a lone surrogate, from a YAML escape, survives the trip as the json module writes it)
    # encoded one by one, each text dropped at once: at 100,000 claims the texts, their bytes
    # and the joined blob each take ~100 MB, and holding all three was the peak of a cold run
    pieces: list[bytes] = []
    utf8 = True
    for r in records:
        text = json_safe(dumps_indented([r]))[2:-2]
        if utf8 and not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                utf8 = False
        pieces.append(text.encode("utf-8", "surrogatepass"))
    rows = []
    at = 0
    for r, piece in zip(records, pieces, strict=True):
        sources = [e["source"] for e in r["evidence"]]
        rows.append([r["id"], r["status"], r["kind"], r["tags"], r["section"], sources, r["line"]])
        rows[-1] += [at, at + len(piece)]
        at += len(piece) + 2  # the pieces are stored as they are written: joined by ",\n"
    blob_len = sum(len(p) for p in pieces) + 2 * max(0, len(pieces) - 1)
    field_no = {name: i for i, name in enumerate(FIELD_WEIGHTS)}
    postings: dict[str, list[int]] = {}
    for i, c in enumerate(ledger.claims):
        for name, ws in doc_words(c, ledger.sources).items():
            for w in ws:
                postings.setdefault(w, []).append(i * NFIELDS + field_no[name])
    vocab = sorted(postings)
    path = display_path(ledger.claims_path)
    blob = b",\n".join(pieces)
    del pieces
    return {
        "records": {
            "path": path,
            "claims": len(records),
            "sources": len(ledger.sources),
            "records": records,
        },
        "meta": {"path": path, "claims": len(records), "blob": blob_len, "utf8": utf8},
        "listing": {"rows": rows},
        "blob": blob,
        "search": {
            "vocab": vocab,
            # hex of native uint32 arrays: read as one string per word, decoded only for hit words
            "postings": [array("I", sorted(postings[w])).tobytes().hex() for w in vocab],
            "quotes": [default_process(c.quote) for c in ledger.claims],
        },
        "stats": counts(records, len(ledger.sources), path),
    }


def accepts(filters: Filters, record: Record) -> bool:
    """``Filters.accepts`` on a claim record."""
    sources = [e["source"] for e in record["evidence"]] if filters.source else ()
    return _accepts(
        filters, record["status"], record["kind"], record["tags"], record["section"], sources
    )


def _accepts(
    filters: Filters,
    status: str,
    kind: str,
    tags: Sequence[str],
    section: str | None,
    sources: Sequence[str],
) -> bool:
    if filters.status and status not in filters.status:
        return False
    if filters.kind and kind not in filters.kind:
        return False
    if filters.tag and not set(filters.tag) & set(tags):
        return False
    if filters.section:
        wanted = {s.casefold() for s in filters.section}
        if (section or "").casefold() not in wanted:
            return False
    return not (filters.source and not set(sources) & set(filters.source))


def _row_ok(filters: Filters, row: list[Any]) -> bool:
    return _accepts(filters, row[1], row[2], row[3], row[4], row[5])


def _no_filter(filters: Filters) -> bool:
    return not (filters.status or filters.kind or filters.tag or filters.section or filters.source)


def select(views: Sequence[View], filters: Filters, sort: SortKey) -> list[Record]:
    """``multi.select_many`` on records views: the chosen records in the same order."""
    from factcheck.query.filters import SortKey

    everything = [r for v in views for r in v["records"]]
    chosen = everything if _no_filter(filters) else [r for r in everything if accepts(filters, r)]
    if sort is SortKey.POSITION:
        return chosen
    keys = {
        SortKey.ID: lambda r: (r["id"],),
        SortKey.STATUS: lambda r: (r["status"], r["id"]),
        SortKey.KIND: lambda r: (r["kind"], r["id"]),
        SortKey.SECTION: lambda r: (r["section"] or "", r["line"]),
    }
    return sorted(chosen, key=keys[sort])


def plain(filters: Filters, sort: SortKey) -> bool:
    """Every claim in file order: ``select_json`` then needs no listing."""
    from factcheck.query.filters import SortKey

    return _no_filter(filters) and sort is SortKey.POSITION


def select_json(
    views: Sequence[tuple[View, bytes] | tuple[View, bytes, View]],
    filters: Filters,
    sort: SortKey,
) -> bytes:
    """``output.to_json(records)`` of what ``select`` chooses, as UTF-8 (surrogates passed), joined
    from the stored pieces; the views are (meta, blob) or, unless ``plain``, (meta, blob, listing).
    """
    from factcheck.query.filters import SortKey

    if plain(filters, sort):
        body = b",\n".join(v[1] for v in views if v[0]["claims"])
        return b"[\n" + body + b"\n]\n" if body else b"[]\n"
    no_filter = _no_filter(filters)
    chosen = [
        (row, v[1])
        for v in views
        for row in v[2]["rows"]  # type: ignore[misc]
        if no_filter or _row_ok(filters, row)
    ]
    if sort is not SortKey.POSITION:
        keys = {
            SortKey.ID: lambda t: (t[0][0],),
            SortKey.STATUS: lambda t: (t[0][1], t[0][0]),
            SortKey.KIND: lambda t: (t[0][2], t[0][0]),
            SortKey.SECTION: lambda t: (t[0][4] or "", t[0][6]),
        }
        chosen.sort(key=keys[sort])
    if not chosen:
        return b"[]\n"
    return b"[\n" + b",\n".join(blob[row[7] : row[8]] for row, blob in chosen) + b"\n]\n"


def search(
    views: Sequence[tuple[View, View, bytes, View]],
    filters: Filters,
    query: str,
    *,
    limit: int | None,
    min_score: float,
) -> list[tuple[Record, tuple[tuple[int, int], ...]]]:
    """``multi.search_many`` on (meta, listing, blob, search) views: the match records (with
    ``score`` and ``matched_fields``), best first, each with the spans of its quote to highlight.
    """
    from factcheck.query.search import spans

    ranked: list[tuple[float, int, int, int, tuple[str, ...], list[dict[str, float]]]] = []
    for n, (_, lv, _, sv) in enumerate(views):
        rows = lv["rows"]
        keep = (
            None if _no_filter(filters) else {i for i, r in enumerate(rows) if _row_ok(filters, r)}
        )
        scored, similar = score_postings(sv, keep, len(rows), query, min_score=min_score)
        scored.sort(key=lambda m: (-m[0], rows[m[1]][6]))
        if limit is not None:
            scored = scored[:limit]
        for score, i, fields in scored:
            ranked.append((-score, n, rows[i][6], i, fields, similar))
    ranked.sort(key=lambda t: t[:3])
    chosen = ranked if limit is None else ranked[:limit]
    out = []
    for neg, n, _, i, fields, similar in chosen:
        row, blob = views[n][1]["rows"][i], views[n][2]
        record = _piece(blob[row[7] : row[8]])
        record["score"] = -neg
        record["matched_fields"] = list(fields)
        out.append((record, spans(record["quote"], similar)))
    return out


def _piece(data: bytes) -> Record:
    import orjson

    try:
        record: Record = orjson.loads(data)
    except ValueError:  # a lone surrogate: not UTF-8, but the json module reads it back
        import json

        record = json.loads(data.decode("utf-8", "surrogatepass"))
    return record


def score_postings(
    sv: View, keep: set[int] | None, count: int, query: str, *, min_score: float
) -> tuple[list[tuple[float, int, tuple[str, ...]]], list[dict[str, float]]]:
    """``search.score_docs`` from the word → (claim, field) postings of a search view: the same
    scores, found from the words that match the query instead of from every claim."""
    from bisect import bisect_left

    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    from factcheck.query.search import FIELD_WEIGHTS, PHRASE_SHARE, WORD_CUTOFF, query_words

    qwords = query_words(query)
    if not qwords or not count or (keep is not None and not keep):
        return [], []
    vocab: list[str] = sv["vocab"]
    weights = list(FIELD_WEIGHTS.values())
    names = list(FIELD_WEIGHTS)
    similar: list[dict[str, float]] = []
    totals: dict[int, float] = {}
    fields_of: dict[int, set[int]] = {}
    for q in qwords:
        hits = process.extract(q, vocab, scorer=fuzz.ratio, limit=None, score_cutoff=WORD_CUTOFF)
        table = {word: float(score) for word, score, _ in hits}
        if len(q) >= 4:  # sorted: the words that start with q are one run of the vocabulary
            for word in vocab[bisect_left(vocab, q) :]:
                if not word.startswith(q):
                    break
                table[word] = max(table.get(word, 0.0), 95.0)
        similar.append(table)
        # a claim's best is its best (word, field) pair: the highest weighted score, and on a tie
        # the earlier field (``score_docs`` takes the first field that beats the best so far)
        best: dict[int, tuple[float, int]] = {}
        for word, s in table.items():
            for p in array("I", bytes.fromhex(sv["postings"][bisect_left(vocab, word)])):
                c, f = divmod(p, NFIELDS)
                if keep is not None and c not in keep:
                    continue
                v = s * weights[f]
                cur = best.get(c)
                if cur is None or v > cur[0] or (v == cur[0] and f < cur[1]):
                    best[c] = (v, f)
        for c, (v, f) in best.items():
            totals[c] = totals.get(c, 0.0) + v
            fields_of.setdefault(c, set()).add(f)
    phrase = default_process(query)
    quotes = sv["quotes"]
    partial_ratio = fuzz.partial_ratio
    # a claim no query word hits scores the phrase share at most: skip those when that is too low
    pool = range(count) if keep is None else sorted(keep)
    candidates = pool if min_score <= PHRASE_SHARE * 100 else sorted(totals)
    n = len(similar)
    scored: list[tuple[float, int, tuple[str, ...]]] = []
    for c in candidates:
        token_score = totals.get(c, 0.0) / n
        phrase_score = partial_ratio(phrase, quotes[c]) if phrase else 0.0
        score = round((1 - PHRASE_SHARE) * token_score + PHRASE_SHARE * phrase_score, 1)
        if score >= min_score:
            hit = fields_of.get(c, set())
            scored.append((score, c, tuple(names[f] for f in range(NFIELDS) if f in hit)))
    return scored, similar


def counts(records: Sequence[Record], sources: int, path: str) -> View:
    """One ledger's part of ``records.stats_record``."""
    sections: dict[str, int] = {}
    for r in records:
        name = r["section"] or "(none)"
        sections[name] = sections.get(name, 0) + 1
    return {
        "path": path,
        "claims": len(records),
        "sources": sources,
        "by_status": dict(Counter(r["status"] for r in records)),
        "by_kind": dict(Counter(r["kind"] for r in records)),
        "by_section": sections,
        "by_rating": dict(Counter(r["rating"] for r in records if r["rating"])),
        "factual": sum(1 for r in records if r["kind"] in FACTUAL),
    }


def stats(parts: Sequence[View]) -> Record:
    """``records.stats_record`` from the stats parts of several ledgers."""
    from factcheck.formats.records import SCHEMA_VERSION
    from factcheck.ledger.models import Kind, Status

    by_status: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_rating: Counter[str] = Counter()
    by_section: dict[str, int] = {}
    for p in parts:
        by_status.update(p["by_status"])
        by_kind.update(p["by_kind"])
        by_rating.update(p["by_rating"])
        for name, n in p["by_section"].items():
            by_section[name] = by_section.get(name, 0) + n
    factual = sum(p["factual"] for p in parts)
    backed = by_status[Status.SOURCED.value] + by_status[Status.DISPUTED.value]
    return {
        "schema_version": SCHEMA_VERSION,
        "claims": sum(p["claims"] for p in parts),
        "sources": sum(p["sources"] for p in parts),
        "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
        "by_kind": {k.value: by_kind.get(k.value, 0) for k in Kind},
        "by_section": by_section,
        "by_rating": dict(sorted(by_rating.items())),
        "factual": factual,
        "factual_with_evidence": backed,
        "sourced_share": round(backed / factual, 4) if factual else None,
        "ledgers": [p["path"] for p in parts],
    }
