"""The matching index of a ledger, and of a tree of them.

One ledger's part (``Part``) is its claims' BM25 postings, made from the claim records
``list --json`` gives (``scale/views``'s blob), so it depends on nothing but those records' text.
It is cached as an ``.npz`` under the parse cache's folder (``LAYOUT``), keyed on the BLAKE2b of
the records, factcheck's version and the layout: an unchanged ledger is never indexed again, a
changed one alone is. A tree's ``Index`` lays its ledgers' parts end to end; the BM25 collection
statistics are the whole tree's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factcheck.matching.lexical import BM25, Postings, postings

if TYPE_CHECKING:
    from pathlib import Path

try:  # as scale/cache: the built-in module, not OpenSSL's
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

LAYOUT = "match-v2"  # v1 entries also held sentence vectors; a new folder, so none is read


def claim_text(record: dict[str, Any]) -> str:
    """What a claim is matched on: its restatement, its quote, its speaker and its note."""
    parts = [record.get("claim") or "", record.get("quote") or ""]
    if parts[1] == parts[0]:
        parts[1] = ""
    parts += [record.get("speaker") or "", record.get("note") or ""]
    return " ".join(p for p in parts if p)


@dataclass
class Part:
    """One ledger's BM25 postings, its claims in file order."""

    lexical: Postings

    @property
    def size(self) -> int:
        return len(self.lexical.lengths)


def build_part(texts: Sequence[str]) -> Part:
    return Part(postings(texts))


def parts_for(blobs: Sequence[bytes]) -> list[Part]:
    """The parts of the ledgers whose claims' JSON texts (``scale/views``'s blobs, records
    joined by ``,\n``) are ``blobs``, through the cache; the missing ones built on every core
    when there are enough of them."""
    from factcheck.scale.pool import jobs

    folder = _folder()
    stamp = _stamp()
    paths: list[Path | None] = []
    found: list[Part | None] = []
    for blob in blobs:
        digest = blake2b(blob, digest_size=32)  # (blob + b"\0" + stamp would copy the blob)
        digest.update(b"\0" + stamp)
        key = digest.hexdigest()
        path = folder / key[:2] / f"{key}.npz" if folder is not None else None
        paths.append(path)
        found.append(_read(path) if path is not None else None)
    misses = [i for i, p in enumerate(found) if p is None]
    workers = jobs(len(misses)) if len(misses) > 1 else 1
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(misses) // (workers * 8))
            built = list(pool.map(_build, [blobs[i] for i in misses], chunksize=chunk))
    else:
        built = [_build(blobs[i]) for i in misses]
    for i, part in zip(misses, built, strict=True):
        found[i] = part
        path = paths[i]
        if path is not None:
            _write(path, part)
    return [p for p in found if p is not None]


def prepare(view: Any) -> None:
    """Index a view where it was built (``scale.pool.load_views``'s ``prepare``): a tree's
    ledgers read from nothing are indexed by the workers that read them, each blob while it is
    at hand, and the parent finds the parts in the cache. Nothing without a cache."""
    if _folder() is not None:
        parts_for([view["blob"]])


def _build(blob: bytes) -> Part:
    """The part of one ledger's claims' JSON text."""
    from factcheck.scale.views import parse_json

    records = parse_json(b"[" + blob + b"]") if blob else []
    return build_part([claim_text(r) for r in records])


def _stamp() -> bytes:
    """What the index's entries depend on besides the records: factcheck's version and the
    layout of an entry."""
    from factcheck import __version__

    return f"{__version__}\0{LAYOUT}".encode()


def _folder() -> Path | None:
    from factcheck.scale.cache import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / LAYOUT


def _read(path: Path) -> Part | None:
    import io

    import numpy as np

    from factcheck.scale.entryfile import read_private

    data = read_private(path)  # None when absent or writable by someone else
    if data is None:
        return None
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            lex = Postings(z["terms"], z["docs"], z["tfs"], z["lengths"])
            part = Part(lex)
    except Exception:  # damaged: a miss
        return None
    return part


def _write(path: Path, part: Part) -> None:
    import io

    import numpy as np

    from factcheck.scale.entryfile import write_private

    buf = io.BytesIO()
    lex = part.lexical
    np.savez(buf, terms=lex.terms, docs=lex.docs, tfs=lex.tfs, lengths=lex.lengths)
    write_private(path, buf.getvalue())


class Index:
    """The parts of several ledgers, end to end: BM25 over all their claims."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.bm25 = BM25([p.lexical for p in parts])
        self.size = self.bm25.size
