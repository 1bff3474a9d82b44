"""The matching index of a ledger, and of a tree of them.

One ledger's part (``Part``) is its claims' BM25 postings and, unless matching is lexical only,
their sentence vectors (``vectors``), made from the claim records ``list --json`` gives
(``scale/views``'s blob), so they depend on nothing but those records' text. Each is cached as an
``.npz`` under the parse cache's folder (``LAYOUT``, ``VECTOR_LAYOUT``), keyed on the BLAKE2b of
the records, factcheck's version and the layout: an unchanged ledger is never indexed again, a
changed one alone is. A tree's ``Index`` lays its ledgers' parts end to end; the BM25 collection
statistics are the whole tree's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from factcheck.matching.lexical import BM25, Postings, postings
from factcheck.matching.vectors import DIM

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    import numpy.typing as npt

    from factcheck.scale.blobs import Blob

try:  # as scale/cache: the built-in module, not OpenSSL's
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

# BM25 postings (v1 entries also held vectors of a table no longer shipped; v2 had no titles)
LAYOUT = "match-v3"
VECTOR_LAYOUT = "match-vectors-v2"  # sentence vectors (``vectors``), apart: --lexical needs none
T = TypeVar("T")
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


def parts_for(blobs: Sequence[Blob], *, vectors: bool = False) -> list[Part]:
    """The parts of the ledgers whose claims' JSON texts (``scale/views``'s blobs, records
    joined by ``,\n``) are ``blobs``, through the cache: postings, and sentence vectors when
    ``vectors``; what is missing is built on every core when there is enough of it."""
    # each blob hashed once; each layout's key goes on from a copy of its hash
    hashed = [blake2b(blob, digest_size=32) for blob in blobs]
    lexical = _through_cache(blobs, hashed, LAYOUT, _build_postings, _postings_bytes, _postings_of)
    if not vectors:
        return [Part(p) for p in lexical]
    meanings = _through_cache(
        blobs, hashed, VECTOR_LAYOUT, _build_vectors, _vectors_bytes, _vectors_of
    )
    wrong = [
        i
        for i, (p, v) in enumerate(zip(lexical, meanings, strict=True))
        if len(v) != len(p.lengths)
    ]
    if wrong:  # an entry of the wrong length (tampered with): never trusted
        for i, v in zip(wrong, _build_vectors([blobs[i] for i in wrong]), strict=True):
            meanings[i] = v
    return [Part(p, v) for p, v in zip(lexical, meanings, strict=True)]


def _through_cache(
    blobs: Sequence[Blob],
    hashed: Sequence[Any],
    layout: str,
    build: Callable[[list[Blob]], list[T]],
    to_bytes: Callable[[T], bytes],
    from_bytes: Callable[[Any], T],
) -> list[T]:
    """One entry per blob, read from the cache's ``layout`` folder, or built (all the missing
    ones in one call of ``build``) and stored. ``hashed``: each blob's BLAKE2b so far."""
    from factcheck.scale.cachedir import touch
    from factcheck.scale.entryfile import read_private, write_private

    folder = _folder(layout)
    stamp = _stamp(layout)
    paths: list[Path | None] = []
    found: list[T | None] = []
    for blob_hash in hashed:
        digest = blob_hash.copy()  # the key hashes blob + "\0" + stamp, with no copy of the blob
        digest.update(b"\0" + stamp)
        key = digest.hexdigest()
        path = folder / key[:2] / f"{key}.npz" if folder is not None else None
        paths.append(path)
        data = read_private(path) if path is not None else None  # None: absent or not ours
        entry = _decode(data, from_bytes) if data is not None else None
        if entry is not None and path is not None:
            touch(path)  # used now: evicted last (``scale/cachedir``)
        found.append(entry)
    misses = [i for i, p in enumerate(found) if p is None]
    built = build([blobs[i] for i in misses]) if misses else []
    for i, entry in zip(misses, built, strict=True):
        found[i] = entry
        path = paths[i]
        if path is not None:
            write_private(path, to_bytes(entry))
    return [e for e in found if e is not None]


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
    if _folder(LAYOUT) is not None:
        parts_for([view["blob"]])


def _records(blob: Blob) -> list[dict[str, Any]]:
    from factcheck.scale.blobs import parse_json

    return parse_json(b"[" + blob + b"]") if blob else []


def _postings_of_blob(blob: Blob) -> Postings:
    """The postings of one ledger's claims' JSON text."""
    return postings([claim_text(r) for r in _records(blob)])


def _build_vectors(blobs: list[Blob]) -> list[npt.NDArray[np.float16]]:
    """The sentence vectors of several ledgers' claims, embedded together."""
    from factcheck.matching.vectors import embed_many

    texts = [[meaning_text(r) for r in _records(b)] for b in blobs]
    flat = embed_many([t for ts in texts for t in ts])
    out, at = [], 0
    for ts in texts:
        out.append(flat[at : at + len(ts)])
        at += len(ts)
    return out


def _stamp(layout: str) -> bytes:
    """What the index's entries depend on besides the records: factcheck's version and the
    layout of an entry."""
    from factcheck import __version__

    return f"{__version__}\0{layout}".encode()


def _folder(layout: str) -> Path | None:
    from factcheck.scale.cache import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / layout


def _decode(data: bytes, from_bytes: Callable[[Any], T]) -> T | None:
    import io

    import numpy as np

    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return from_bytes(z)
    except Exception:  # damaged: a miss
        return None


def _npz(**arrays: Any) -> bytes:
    import io

    import numpy as np

    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _postings_of(z: Any) -> Postings:
    return Postings(z["terms"], z["docs"], z["tfs"], z["lengths"])


def _postings_bytes(lex: Postings) -> bytes:
    return _npz(terms=lex.terms, docs=lex.docs, tfs=lex.tfs, lengths=lex.lengths)


def _vectors_of(z: Any) -> npt.NDArray[np.float16]:
    import numpy as np

    vectors = z["vectors"]
    if vectors.dtype != np.float16 or vectors.ndim != 2 or vectors.shape[1] != DIM:
        raise ValueError("not sentence vectors")
    out: npt.NDArray[np.float16] = vectors
    return out


def _vectors_bytes(vectors: npt.NDArray[np.float16]) -> bytes:
    return _npz(vectors=vectors)


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
