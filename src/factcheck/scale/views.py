"""Ledger views: what ``list``, ``search`` and ``stats`` read of a ledger, JSON-ready.

A view is computed from a loaded ``Ledger`` by the functions the commands always used
(``records.claim_record`` with the article's anchors, ``query.search.index``), then kept in the
cache as JSON (``cache.views``): loading 10,000 JSON records with orjson is far faster than
unpickling 10,000 dataclasses and rebuilding their records and anchors. The commands then choose,
order and search the claims with ``query.filters`` and ``query.search``, the engine the commands
that hold a ledger use.

The parts, stored apart so each command reads only what it needs:

- ``meta``: the ledger's name and counts, the length of ``blob``, and the ``claims:`` entries
  that could not be built (``records.invalid_records``: the read commands warn of them);
- ``listing``: per claim its ``Row`` (what the filters and sort keys read), and where its JSON
  text sits in ``blob``;
- ``blob``: the claims' JSON text as ``list --json`` writes it (so an unfiltered ``list --json``
  is the blob between brackets; the other formats read the records back from it). Built for the
  cache, it goes to its file as it is made (``scale/spill``) and is read back mapped;
- ``search``: the ledger's ``query.search.Index``;
- ``stats``: the counts ``stats`` adds up, for one ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from factcheck.query.filters import Row
from factcheck.scale.blobs import SEP, Blob, parse_json, records_of

if TYPE_CHECKING:
    from factcheck.formats.records import Record
    from factcheck.ledger.models import Ledger
    from factcheck.query.filters import Filters, SortKey
    from factcheck.query.search import Index

FACTUAL = ("fact", "attribution")


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

    meta: Meta
    listing: Listing
    blob: Blob
    search: Index
    stats: Counts


ALL = ("meta", "listing", "blob", "search", "stats")


def build(
    ledger: Ledger,
    *,
    search: bool = True,
    parts: Sequence[str] = ALL,
    consume: bool = False,
    blob_to: Callable[[bytes], object] | None = None,
) -> Views:
    """The parts of the view of one ledger: every one (to be cached), or those named in
    ``parts``; ``search`` False leaves out the search index (the costliest part, which ``list``
    and ``match`` do not read: a later ``search`` makes it). ``consume``: the caller lets the
    ledger go, and each claim is dropped from it as soon as its part of the view is made.
    ``blob_to``: the blob's bytes go to it, in order, and the view holds no ``blob``.

    One pass over the claims: each claim's record is made, encoded, counted and dropped. At
    100,000 claims the records, their JSON texts and the joined blob each took 100-150 MB, and
    holding them all was the peak of a cold run."""
    from factcheck.formats.fastjson import dumps_indented
    from factcheck.formats.records import article_of, claim_record, invalid_records
    from factcheck.ledger.discover import display_path
    from factcheck.query.search import index
    from factcheck.text.inert import json_safe

    wanted = set(parts)
    keep_blob, keep_listing = "blob" in wanted, "listing" in wanted
    encode = keep_blob or keep_listing or "meta" in wanted
    found = index(ledger.claims, ledger.sources) if search and "search" in wanted else None
    article = article_of(ledger)
    claims = ledger.claims
    once: set[str] = set()
    if consume:
        # a quote only one claim has leaves the article's index with its claim: the index
        # holds every claim's quote, and would keep each claim's memory from being reused
        once = _once([c.quote for c in claims if c.quote is not None])
        ledger.claims = []
        claims.reverse()  # popped from the end: each claim is let go once read
    tally = _Tally()
    # each record as ``output.to_json`` writes it inside a list: what ``list --json`` joins
    # (a lone surrogate, from a YAML escape, survives the trip as the json module writes it)
    blob = bytearray()  # grown in place: no list of pieces, no joined copy
    put = blob_to or blob.extend
    size = 0
    utf8 = True
    listing: Listing = {"rows": [], "starts": [], "ends": []}
    count = len(claims)
    for i in range(count):
        c = claims.pop() if consume else claims[i]
        r = claim_record(c, ledger, article)
        if consume and article is not None and c.quote in once:
            article.forget(c.quote)  # no other claim quotes it
            once.discard(c.quote)
        tally.add(r)
        if not encode:
            continue
        text = json_safe(dumps_indented([r]))[2:-2]
        if utf8 and not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                utf8 = False
        piece = text.encode("utf-8", "surrogatepass")
        del text
        at = size + (len(SEP) if i else 0)
        size = at + len(piece)
        if keep_listing:
            listing["rows"].append(list(Row.of(c, i)))
            listing["starts"].append(at)
            listing["ends"].append(size)
        if keep_blob:
            if i:
                put(SEP)
            put(piece)
    path = display_path(ledger.claims_path)
    sources = len(ledger.sources)
    built: Views = {
        "meta": {
            "path": path,
            "claims": count,
            "blob": size,
            "utf8": utf8,
            "invalid": invalid_records(ledger),
        },
        "listing": listing,
        **({"blob": blob} if blob_to is None else {}),
        **({"search": found} if found is not None else {}),
        "stats": tally.counts(count, sources, path, invalid=len(ledger.invalid)),
    }
    return built


def _once(quotes: list[str]) -> set[str]:
    """The quotes that occur once in ``quotes``."""
    seen: set[str] = set()
    again: set[str] = set()
    for q in quotes:
        (again if q in seen else seen).add(q)
    return seen - again


def invalid(views: Sequence[Views]) -> list[Record]:
    """The entries every view's ledger left out (from their ``meta``), in ledger order."""
    return [e for v in views for e in v["meta"]["invalid"]]


def rows(listing: Listing) -> Iterator[Row]:
    """The rows of a listing."""
    return map(Row._make, listing["rows"])


def parts_for_list(filters: Filters, sort: SortKey) -> tuple[str, ...]:
    """The parts ``list`` reads: the claims' JSON text and, when it chooses or orders, the
    listing."""
    return ("meta", "blob") if plain(filters, sort) else ("meta", "blob", "listing")


def plain(filters: Filters, sort: SortKey) -> bool:
    """Every claim in file order: then no listing is needed."""
    from factcheck.query.filters import SortKey

    return filters.empty and sort is SortKey.POSITION


def select(views: Sequence[Views], filters: Filters, sort: SortKey) -> list[Record]:
    """The records of the claims ``filters`` keeps, in the ``sort`` order, from views with
    ``parts_for_list``: their JSON texts read back (as fast as storing the records apart, which
    the views did once)."""
    if plain(filters, sort):
        return [r for v in views for r in records_of(v["blob"])]
    records: list[Record] = parse_json(select_json(views, filters, sort))
    return records


def select_json(views: Sequence[Views], filters: Filters, sort: SortKey) -> bytes:
    """``output.to_json`` of the records ``select`` returns, as UTF-8 (surrogates passed),
    joined from the stored JSON texts, from views with ``parts_for_list``."""
    return b"".join(json_chunks(views, filters, sort))


def json_chunks(
    views: Sequence[Views], filters: Filters, sort: SortKey
) -> Iterator[bytes | bytearray]:
    """``select_json`` in pieces to write one after the other: every claim in file order is
    the views' blobs themselves, not a copy of them joined (at 100,000 claims, 100 MB each),
    and a blob mapped from its file a megabyte at a time (``spill.Mapped.chunks``)."""
    from factcheck.query.filters import choose
    from factcheck.scale.spill import Mapped

    if plain(filters, sort):
        blobs = [v["blob"] for v in views if v["meta"]["claims"]]
        if not blobs:
            yield b"[]\n"
            return
        yield b"[\n"
        for n, blob in enumerate(blobs):
            if n:
                yield SEP
            if isinstance(blob, Mapped):
                yield from blob.chunks()
            else:
                yield blob
        yield b"\n]\n"
        return
    chosen = choose((rows(v["listing"]) for v in views), filters, sort)
    blobs = [v["blob"] for v in views]
    starts = [v["listing"]["starts"] for v in views]
    ends = [v["listing"]["ends"] for v in views]
    body = SEP.join(blobs[n][starts[n][r.place] : ends[n][r.place]] for n, r in chosen)
    yield from [b"[\n", body, b"\n]\n"] if body else [b"[]\n"]


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


def _piece(view: Views, place: int) -> bytes | bytearray:
    """The JSON text of the view's claim at ``place`` (from its listing and blob)."""
    listing = view["listing"]
    return view["blob"][listing["starts"][place] : listing["ends"][place]]


class _Tally:
    """The counts of ``stats``, added up one claim record at a time."""

    def __init__(self) -> None:
        self.sections: dict[str, int] = {}
        self.status: Counter[str] = Counter()
        self.kind: Counter[str] = Counter()
        self.rating: Counter[str] = Counter()
        self.factual = 0

    def add(self, r: Record) -> None:
        name = r["section"] or "(none)"
        self.sections[name] = self.sections.get(name, 0) + 1
        self.status[r["status"]] += 1
        self.kind[r["kind"]] += 1
        if r["rating"]:
            self.rating[r["rating"]] += 1
        if r["kind"] in FACTUAL:
            self.factual += 1

    def counts(self, claims: int, sources: int, path: str, *, invalid: int = 0) -> Counts:
        return {
            "path": path,
            "claims": claims,
            "sources": sources,
            "by_status": dict(self.status),
            "by_kind": dict(self.kind),
            "by_section": self.sections,
            "by_rating": dict(self.rating),
            "factual": self.factual,
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
