"""Ledger views: what ``list``, ``search`` and ``stats`` read of a ledger, JSON-ready.

A view is computed from a loaded ``Ledger`` by the functions the commands always used
(``records.claim_record`` with the article's anchors, ``query.search.index``), then kept in the
cache as JSON (``cache.views``): loading 10,000 JSON records with orjson is far faster than
unpickling 10,000 dataclasses and rebuilding their records and anchors. The commands then choose,
order and search the claims with ``query.filters`` and ``query.search``, the engine the commands
that hold a ledger use.

The parts, stored apart so each command reads only what it needs:

- ``records``: the claim records in file order (what ``list`` shows outside JSON when it lists
  every claim in file order; it reads the chosen claims' JSON text back otherwise);
- ``meta``: the ledger's name and counts, the length of ``blob``, and the ``claims:`` entries
  that could not be built (``records.invalid_records``: the read commands warn of them);
- ``listing``: per claim its ``Row`` (what the filters and sort keys read), and where its JSON
  text sits in ``blob``;
- ``blob``: the claims' JSON text as ``list --json`` writes it (so an unfiltered ``list --json``
  is the blob between brackets);
- ``search``: the ledger's ``query.search.Index``;
- ``stats``: the counts ``stats`` adds up, for one ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from factcheck.query.filters import Row

if TYPE_CHECKING:
    from factcheck.formats.records import Record
    from factcheck.ledger.models import Ledger
    from factcheck.query.filters import Filters, SortKey
    from factcheck.query.search import Index

FACTUAL = ("fact", "attribution")


class Records(TypedDict):
    path: str
    claims: int
    sources: int
    records: list[Record]


class Meta(TypedDict):
    path: str
    claims: int
    blob: int  # its length in bytes: a blob of another length is not this view's
    utf8: bool  # False when a lone surrogate (from a YAML escape) is in the text
    invalid: list[Record]  # the entries left out: records.invalid_records


class Listing(TypedDict):
    rows: list[list[Any]]  # the fields of each claim's ``Row``, in order
    starts: list[int]  # where each claim's JSON text starts in the blob
    ends: list[int]  # and ends


class Counts(TypedDict):
    path: str
    claims: int
    sources: int
    by_status: dict[str, int]
    by_kind: dict[str, int]
    by_section: dict[str, int]
    by_rating: dict[str, int]
    factual: int
    invalid: int  # entries of claims: left out, not counted above


class Views(TypedDict, total=False):
    """The parts of one ledger's view that a command read."""

    records: Records
    meta: Meta
    listing: Listing
    blob: bytes
    search: Index
    stats: Counts


SEP = b",\n"  # between the claims' JSON texts, as ``list --json`` writes them


def build(ledger: Ledger, *, search: bool = True) -> Views:
    """Every part of the view of one ledger; ``search`` False leaves out the search index (the
    costliest part, which ``list`` and ``match`` do not read: a later ``search`` makes it)."""
    from factcheck.formats.fastjson import dumps_indented
    from factcheck.formats.records import article_of, claim_record, invalid_records
    from factcheck.ledger.discover import display_path
    from factcheck.query.search import index
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
    listing: Listing = {"rows": [], "starts": [], "ends": []}
    at = 0
    for i, (c, piece) in enumerate(zip(ledger.claims, pieces, strict=True)):
        listing["rows"].append(list(Row.of(c, i)))
        listing["starts"].append(at)
        listing["ends"].append(at + len(piece))
        at += len(piece) + len(SEP)
    path = display_path(ledger.claims_path)
    blob = SEP.join(pieces)
    del pieces
    return {
        "records": {
            "path": path,
            "claims": len(records),
            "sources": len(ledger.sources),
            "records": records,
        },
        "meta": {
            "path": path,
            "claims": len(records),
            "blob": len(blob),
            "utf8": utf8,
            "invalid": invalid_records(ledger),
        },
        "listing": listing,
        "blob": blob,
        **({"search": index(ledger.claims, ledger.sources)} if search else {}),
        "stats": counts(records, len(ledger.sources), path, invalid=len(ledger.invalid)),
    }


def invalid(views: Sequence[Views]) -> list[Record]:
    """The entries every view's ledger left out (from their ``meta``), in ledger order."""
    return [e for v in views for e in v["meta"]["invalid"]]


def rows(listing: Listing) -> Iterator[Row]:
    """The rows of a listing."""
    return map(Row._make, listing["rows"])


def parts_for_list(filters: Filters, sort: SortKey, json: bool) -> tuple[str, ...]:
    """The parts ``list`` reads: the claims' JSON text and, when it chooses or orders, the
    listing; for every claim in file order outside JSON, the records."""
    if plain(filters, sort):
        return ("meta", "blob") if json else ("meta", "records")
    return ("meta", "blob", "listing")


def plain(filters: Filters, sort: SortKey) -> bool:
    """Every claim in file order: then no listing is needed."""
    from factcheck.query.filters import SortKey

    return filters.empty and sort is SortKey.POSITION


def select(views: Sequence[Views], filters: Filters, sort: SortKey) -> list[Record]:
    """The records of the claims ``filters`` keeps, in the ``sort`` order, from views with
    ``parts_for_list`` (outside JSON): the stored records, or the chosen JSON texts read back
    (faster than all the records when some are chosen, as fast when all are)."""
    if plain(filters, sort):
        return [r for v in views for r in v["records"]["records"]]
    records: list[Record] = parse_json(select_json(views, filters, sort))
    return records


def select_json(views: Sequence[Views], filters: Filters, sort: SortKey) -> bytes:
    """``output.to_json`` of the records ``select`` returns, as UTF-8 (surrogates passed),
    joined from the stored JSON texts, from views with ``parts_for_list``."""
    from factcheck.query.filters import choose

    if plain(filters, sort):
        body = SEP.join(v["blob"] for v in views if v["meta"]["claims"])
    else:
        chosen = choose((rows(v["listing"]) for v in views), filters, sort)
        blobs = [v["blob"] for v in views]
        starts = [v["listing"]["starts"] for v in views]
        ends = [v["listing"]["ends"] for v in views]
        body = SEP.join(blobs[n][starts[n][r.place] : ends[n][r.place]] for n, r in chosen)
    return b"[\n" + body + b"\n]\n" if body else b"[]\n"


def search(
    views: Sequence[Views],
    filters: Filters,
    query: str,
    *,
    limit: int | None,
    min_score: float,
) -> list[tuple[Record, tuple[tuple[int, int], ...]]]:
    """The match records (with ``score`` and ``matched_fields``), best first over all the views
    (meta, listing, blob and search), each with the spans of its quote to highlight.

    A claim's score depends only on the query and the claim (and its ledger's source titles), so
    the best ``limit`` of each ledger hold the best ``limit`` of all.
    """
    from factcheck.query.search import Similar, score, spans

    ranked: list[tuple[float, int, int, int, tuple[str, ...], Similar]] = []
    for n, v in enumerate(views):
        listed = v["listing"]["rows"]
        keep = None
        if not filters.empty:
            keep = {r.place for r in rows(v["listing"]) if filters.accepts(r)}
        scored, similar = score(v["search"], keep, query, min_score=min_score)
        line = {i: Row._make(listed[i]).line for _, i, _ in scored}  # the scored claims' rows only
        scored.sort(key=lambda m: (-m[0], line[m[1]]))
        for total, i, fields in scored if limit is None else scored[:limit]:
            ranked.append((-total, n, line[i], i, fields, similar))
    ranked.sort(key=lambda t: t[:3])
    out = []
    for neg, n, _, place, fields, similar in ranked if limit is None else ranked[:limit]:
        record: Record = parse_json(_piece(views[n], place))
        record["score"] = -neg
        record["matched_fields"] = list(fields)
        shown = record["quote"] if record["quote"] is not None else record["claim"] or ""
        out.append((record, spans(shown, similar)))  # a format-2 claim may quote no article
    return out


def _piece(view: Views, place: int) -> bytes:
    """The JSON text of the view's claim at ``place`` (from its listing and blob)."""
    listing = view["listing"]
    return view["blob"][listing["starts"][place] : listing["ends"][place]]


def parse_json(data: bytes) -> Any:
    """JSON text the views stored, read back."""
    import orjson

    try:
        return orjson.loads(data)
    except ValueError:  # a lone surrogate: not UTF-8, but the json module reads it back
        import json

        return json.loads(data.decode("utf-8", "surrogatepass"))


def counts(records: Sequence[Record], sources: int, path: str, *, invalid: int = 0) -> Counts:
    """One ledger's part of ``stats`` (``invalid``: its entries left out)."""
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
        "invalid": invalid,
    }


def stats(parts: Sequence[Counts]) -> Record:
    """The ``stats`` record of several ledgers, from their counts."""
    from factcheck.formats.records import SCHEMA_VERSION
    from factcheck.ledger.vocab import Kind, Status

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
        "invalid": sum(p["invalid"] for p in parts),
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
