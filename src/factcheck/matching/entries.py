"""The matching index's cache entries, and what a changed ledger takes from its last one.

Each ledger's part of the index is cached as ``.npz`` files under the parse cache's folder, one
a layout (``LAYOUT``: BM25 postings; ``VECTOR_LAYOUT``: sentence vectors), keyed on
the BLAKE2b of the ledger's claim records (its view's blob), factcheck's version and the layout:
an unchanged ledger is never indexed again, a changed one alone is. Entries are read only when
they are the user's own and private, written atomically (``scale/entryfile``), marked used when
read, and count toward the cache's cap like the parse cache's (``scale/cachedir``).

Encoding is what a vectors entry costs (about 6 ms of CPU a claim), and a changed ledger has
mostly the same claims as before: a newsroom imports the week's reviews into an archive of ten
thousand, or edits a note. So a vectors entry also holds a 64-bit key of each claim's text as
the encoder reads it (``text_keys``), and the cache remembers each ledger file's last vectors
entry (``LAST_LAYOUT``: a small file naming it, per resolved path). When a ledger changes, its
claims whose text is unchanged take their vectors from that entry, and only new or edited texts
are encoded. A text's vector does not depend on the texts encoded beside it (up to float16
rounding of float32 sums), so the part is the one a build from nothing gives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from factcheck.matching.vectors import DIM, Advance

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    import numpy.typing as npt

    from factcheck.matching.lexical import Postings

try:  # as scale/cache: the built-in module, not OpenSSL's
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

# BM25 postings (v1 entries also held vectors of a table no longer shipped; v2 had no titles)
LAYOUT = "match-v3"
# sentence vectors, apart: --lexical needs none (v2 entries had no text keys)
VECTOR_LAYOUT = "match-vectors-v3"
LAST_LAYOUT = "match-last-v1"  # per ledger file: the key of its last vectors entry
T = TypeVar("T")


@dataclass
class Vectors:
    """A ledger's claims' sentence vectors (float16, one row a claim) and each claim's text key
    (``text_keys``), in file order."""

    keys: npt.NDArray[np.uint64]
    vectors: npt.NDArray[np.float16]


def through_cache(
    hashed: Sequence[Any],
    layout: str,
    build: Callable[[list[int]], list[T]],
    to_bytes: Callable[[T], bytes],
    from_bytes: Callable[[Any], T],
    built: Callable[[int, str], object] | None = None,
    fits: Callable[[int, T], bool] | None = None,
) -> list[T]:
    """One entry per ledger, read from the cache's ``layout`` folder, or built (all the missing
    ones in one call of ``build``, given their places) and stored; ``built`` is told the place
    and key of each entry stored. An entry read that ``fits`` refuses (one of the wrong length:
    tampered with) is a miss, built again and stored over it. ``hashed``: each ledger's records'
    BLAKE2b so far."""
    from factcheck.scale.cachedir import touch
    from factcheck.scale.entryfile import read_private, write_private

    stamp = _stamp(layout)
    keys: list[str] = []
    paths: list[Path | None] = []
    found: list[T | None] = []
    for blob_hash in hashed:
        digest = blob_hash.copy()  # the key hashes blob + "\0" + stamp, with no copy of the blob
        digest.update(b"\0" + stamp)
        keys.append(digest.hexdigest())
        paths.append(path := entry_path(layout, keys[-1]))
        data = read_private(path) if path is not None else None  # None: absent or not ours
        entry = decode(data, from_bytes) if data is not None else None
        if entry is not None and fits is not None and not fits(len(found), entry):
            entry = None
        if entry is not None and path is not None:
            touch(path)  # used now: evicted last
        found.append(entry)
    misses = [i for i, e in enumerate(found) if e is None]
    for i, entry in zip(misses, build(misses) if misses else [], strict=True):
        found[i] = entry
        path = paths[i]
        if path is not None:
            write_private(path, to_bytes(entry))
            if built is not None:
                built(i, keys[i])
    return [e for e in found if e is not None]


def encode(
    texts: Sequence[Sequence[str]],
    names: Sequence[str | None],
    advance: Advance | None = None,
) -> list[Vectors]:
    """The vectors of several ledgers' claims' texts (``texts[n]``: ledger ``n``'s, in order),
    those whose text a last entry of the same ledger files (``names``) holds taken from it, the
    others encoded together (``vectors.embed_many``, told ``advance``)."""
    import numpy as np

    from factcheck.matching.vectors import embed_many

    keys = [text_keys(ts) for ts in texts]
    before = [last for name in dict.fromkeys(names) if (last := _last(name)) is not None]
    known_vectors = np.concatenate([np.zeros((0, DIM), np.float16), *(b.vectors for b in before)])
    known = {int(k): row for row, k in enumerate(k for b in before for k in b.keys)}
    rows = np.array([known.get(int(k), -1) for ks in keys for k in ks], dtype=np.int64)
    have = rows >= 0
    out = np.zeros((len(rows), DIM), dtype=np.float16)
    out[have] = known_vectors[rows[have]]
    todo = np.flatnonzero(~have)
    flat_texts = [t for ts in texts for t in ts]
    out[todo] = embed_many([flat_texts[i] for i in todo], advance)
    parts, start = [], 0
    for ks in keys:
        parts.append(Vectors(ks, out[start : start + len(ks)]))
        start += len(ks)
    return parts


def text_keys(texts: Sequence[str]) -> npt.NDArray[np.uint64]:
    """A 64-bit key of each text as the encoder reads it (``vectors.same_text``): texts with one
    key have one vector."""
    import numpy as np

    from factcheck.matching.vectors import same_text

    joined = b"".join(
        blake2b(same_text(t).encode("utf-8", "surrogatepass"), digest_size=8).digest()
        for t in texts
    )
    return np.frombuffer(joined, dtype="<u8").astype(np.uint64)


def remember(name: str | None, key: str) -> None:
    """Note ``key`` as the last vectors entry of the ledger file ``name``."""
    from factcheck.scale.entryfile import write_private

    path = _last_path(name)
    if path is not None:
        write_private(path, key.encode("ascii"))


def _last(name: str | None) -> Vectors | None:
    """The last vectors entry of the ledger file ``name``, if the cache still holds it."""
    from factcheck.scale.entryfile import read_private

    path = _last_path(name)
    pointer = read_private(path) if path is not None else None
    if pointer is None or len(pointer) != 64 or pointer.strip(b"0123456789abcdef"):
        return None  # not a key this cache writes: never followed
    entry = entry_path(VECTOR_LAYOUT, pointer.decode("ascii"))
    data = read_private(entry) if entry is not None else None
    return decode(data, vectors_of) if data is not None else None


def _last_path(name: str | None) -> Path | None:
    if name is None:
        return None
    digest = blake2b(_stamp(VECTOR_LAYOUT) + b"\0" + name.encode("utf-8", "surrogateescape"))
    return entry_path(LAST_LAYOUT, digest.hexdigest(), "key")


def entry_path(layout: str, key: str, kind: str = "npz") -> Path | None:
    """Where the entry ``key`` of ``layout`` lives; None without a cache."""
    from factcheck.scale.cache import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / layout / key[:2] / f"{key}.{kind}"


def _stamp(layout: str) -> bytes:
    """What the entries depend on besides the records: factcheck's version and the layout."""
    from factcheck import __version__

    return f"{__version__}\0{layout}".encode()


def decode(data: bytes, from_bytes: Callable[[Any], T]) -> T | None:
    """An ``.npz`` entry's bytes read by ``from_bytes``; None when damaged."""
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


def postings_of(z: Any) -> Postings:
    from factcheck.matching.lexical import Postings

    return Postings(z["terms"], z["docs"], z["tfs"], z["lengths"])


def postings_bytes(lex: Postings) -> bytes:
    return _npz(terms=lex.terms, docs=lex.docs, tfs=lex.tfs, lengths=lex.lengths)


def vectors_of(z: Any) -> Vectors:
    import numpy as np

    vectors, keys = z["vectors"], z["keys"]
    if vectors.dtype != np.float16 or vectors.ndim != 2 or vectors.shape[1] != DIM:
        raise ValueError("not sentence vectors")
    if keys.dtype != np.uint64 or keys.shape != (len(vectors),):
        raise ValueError("not one key a vector")
    return Vectors(keys, vectors)


def vectors_bytes(entry: Vectors) -> bytes:
    return _npz(vectors=entry.vectors, keys=entry.keys)
