"""The matching index of a ledger, and of a tree of them.

One ledger's part (``Part``) is its claims' BM25 postings and, unless matching is lexical only,
their sentence vectors (``vectors``), made from the claim records ``list --json`` gives
(``scale/views``'s blob), so they depend on nothing but those records' text. Each is cached
(``entries``: ``LAYOUT``, ``VECTOR_LAYOUT``), keyed on the records: an unchanged ledger is never
indexed again, a changed one alone is, and its unchanged claims keep their vectors. A tree's
``Index`` lays its ledgers' parts end to end; the BM25 collection statistics are the whole
tree's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factcheck.matching.entries import LAYOUT, VECTOR_LAYOUT
from factcheck.matching.lexical import BM25, Postings, postings

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from factcheck.matching.entries import Vectors
    from factcheck.matching.vectors import Advance
    from factcheck.scale.blobs import Blob

try:  # as scale/cache: the built-in module, not OpenSSL's
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

_BLOCK = 1024  # claims' vectors made float32 at a time for a product (1.5 MB)


def claim_text(record: dict[str, Any]) -> str:
    """What a claim is matched on: its restatement, its quote, its speaker, its note and the
    titles of the sources its evidence cites (an imported review's headline among them)."""
    parts = [record.get("claim") or "", record.get("quote") or ""]
    if parts[1] == parts[0]:
        parts[1] = ""
    parts += [record.get("speaker") or "", record.get("note") or ""]
    titles = (e.get("source_title") for e in record.get("evidence") or () if isinstance(e, dict))
    parts += dict.fromkeys(t for t in titles if isinstance(t, str))  # each title once
    return " ".join(p for p in parts if p)


def meaning_text(record: dict[str, Any]) -> str:
    """What a claim's sentence vector is made of: its restatement, else its quote."""
    return str(record.get("claim") or record.get("quote") or "")


@dataclass
class Part:
    """One ledger's BM25 postings and, when asked for, its claims' sentence vectors (float16,
    one row a claim), its claims in file order."""

    lexical: Postings
    vectors: npt.NDArray[np.float16] | None = None

    @property
    def size(self) -> int:
        return len(self.lexical.lengths)


def build_part(texts: Sequence[str], meanings: Sequence[str] | None = None) -> Part:
    """The part of claims matched on ``texts`` (BM25) and, given, ``meanings`` (vectors)."""
    from factcheck.matching.vectors import embed_many

    return Part(postings(texts), None if meanings is None else embed_many(meanings))


def parts_for(
    blobs: Sequence[Blob],
    *,
    vectors: bool = False,
    names: Sequence[str | None] | None = None,
    advance: Advance | None = None,
) -> list[Part]:
    """The parts of the ledgers whose claims' JSON texts (``scale/views``'s blobs, records
    joined by ``,\n``) are ``blobs``, through the cache (``entries``): postings, and sentence
    vectors when ``vectors``; what is missing is built on every core when there is enough of it.
    ``names``: the ledgers' files (resolved paths), whose last vectors entries a changed ledger
    takes the vectors of its unchanged claims from; ``advance(done, total)``: told of the texts
    encoded."""
    from factcheck.matching import entries

    # each blob hashed once; each layout's key goes on from a copy of its hash
    hashed = [blake2b(blob, digest_size=32) for blob in blobs]
    lexical = entries.through_cache(
        hashed,
        LAYOUT,
        lambda places: _build_postings([blobs[i] for i in places]),
        entries.postings_bytes,
        entries.postings_of,
    )
    if not vectors:
        return [Part(p) for p in lexical]
    files = list(names) if names is not None else [None] * len(blobs)
    meanings = entries.through_cache(
        hashed,
        VECTOR_LAYOUT,
        lambda places: _build_vectors(
            [blobs[i] for i in places], [files[i] for i in places], advance
        ),
        entries.vectors_bytes,
        entries.vectors_of,
        built=lambda i, key: entries.remember(files[i], key),
        fits=lambda i, v: len(v.vectors) == len(lexical[i].lengths),
    )
    return [Part(p, v.vectors) for p, v in zip(lexical, meanings, strict=True)]


def _build_postings(blobs: list[Blob]) -> list[Postings]:
    """The postings of ledgers' claims' JSON texts, a ledger a process when there are enough."""
    from factcheck.scale.pool import jobs

    workers = jobs(len(blobs)) if len(blobs) > 1 else 1
    if workers == 1:
        return [_postings_of_blob(b) for b in blobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(blobs) // (workers * 8))
        return list(pool.map(_postings_of_blob, blobs, chunksize=chunk))


def prepare(view: Any) -> None:
    """Index a view where it was built (``scale.pool.load_views``'s ``prepare``): a tree's
    ledgers read from nothing are indexed by the workers that read them, each blob while it is
    at hand, and the parent finds the parts in the cache. Nothing without a cache. (Their
    sentence vectors are made afterwards, all together, on every core: ``vectors.embed_many``.)"""
    from factcheck.scale.cache import cache_dir

    if cache_dir() is not None:
        parts_for([view["blob"]])


def _records(blob: Blob) -> list[dict[str, Any]]:
    from factcheck.scale.blobs import parse_json

    return parse_json(b"[" + blob + b"]") if blob else []


def _postings_of_blob(blob: Blob) -> Postings:
    """The postings of one ledger's claims' JSON text."""
    return postings([claim_text(r) for r in _records(blob)])


def _build_vectors(
    blobs: list[Blob],
    names: list[str | None],
    advance: Advance | None = None,
) -> list[Vectors]:
    """The sentence vectors of several ledgers' claims (``entries.encode``)."""
    from factcheck.matching.entries import encode

    return encode([[meaning_text(r) for r in _records(b)] for b in blobs], names, advance)


class Index:
    """The parts of several ledgers, end to end: BM25 over all their claims, and their sentence
    vectors (float16, one row a claim, each part's apart) when every part has them."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.bm25 = BM25([p.lexical for p in parts])
        self.size = self.bm25.size
        self.vectors: list[npt.NDArray[np.float16]] | None = None
        if all(p.vectors is not None for p in parts):
            self.vectors = [p.vectors for p in parts if p.vectors is not None]

    def cosines(self, statements: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Each statement's cosine with every claim (``statements``: one unit vector a row).
        The claims' vectors are made float32 a block at a time, never all at once: a tree of
        100,000 claims held 154 MB of them beside the 77 MB they take (peak 515 -> 411 MB for
        1,000 statements, for about 50 ms more CPU every 64 statements)."""
        import numpy as np

        assert self.vectors is not None
        out = np.empty((len(statements), self.size), dtype=np.float32)
        at = 0
        for rows in self.vectors:
            for start in range(0, len(rows), _BLOCK):
                block = rows[start : start + _BLOCK].astype(np.float32)
                out[:, at : at + len(block)] = statements @ block.T
                at += len(block)
        return out
