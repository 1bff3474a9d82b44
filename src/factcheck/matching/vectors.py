"""Sentence vectors for matching: what a claim means, beside the words BM25 counts.

The encoder is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0) as published, six layers,
its matrices int8 (``minilm-l6.npz``, made by ``scripts/export_matcher.py``), run by the
spotter's numpy forward pass (``factcheck.spotting.encoder``; the two models share the code,
not the weights: the spotter's encoder is fine-tuned for its own tasks). A text's vector is the
mean of its word pieces' last-layer vectors (up to 128 pieces), of length one, stored as
float16. Loaded lazily, once a process.

Quote marks are one mark before encoding: straight or curly, single or double, a quotation or an
apostrophe ("Trump’s", 'Trump's'), each is a different word piece to the model, and a claim
written with one style would otherwise not tie with the same claim written with another. Texts
that read the same (once quote marks, case and spacing are set aside, as the uncased model
does) are encoded once and share one vector, so two copies of a claim score exactly alike and
rank in ledger order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MODEL_PATH = Path(__file__).resolve().parent / "minilm-l6.npz"
DIM = 384
# Texts are encoded in chunks of about this many word pieces: a chunk's activations (the
# widest, 1,536 floats a piece) stay near 6 MB. Chunks of 4,096 took 0–9% less CPU for 1,000
# claims and 87 MB more memory at peak (216 MB against 129).
_CHUNK_TOKENS = 1024
POOL_CHUNK = 500  # texts a worker embeds at a time, when an index is built on several cores
# Every quote mark and apostrophe becomes the ASCII apostrophe (chosen on the held-out fifth of
# the CheckThat! 2020 train split; docs/matching.md).
_QUOTES = str.maketrans(dict.fromkeys('"\u201c\u201d\u201e\u2018\u2019\u201a', "'"))


Advance = Callable[[int, int], None]  # told (done, total) as texts are encoded


def meaning(text: str) -> str:
    """``text`` as the encoder reads it: its quote marks made one."""
    return text.translate(_QUOTES)


class Embedder:
    """Texts to unit vectors."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        from factcheck.spotting.encoder import load

        self.encoder, self.vocab, _ = load(path)
        self.cache: dict[str, list[int]] = {}

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float16]:
        """One float16 vector of length one per text, in order (zeros for an empty text)."""
        import numpy as np

        from factcheck.text.wordpiece import wordpiece

        enc = self.encoder
        ids = [enc.framed(wordpiece(meaning(t), self.vocab, cache=self.cache)) for t in texts]
        if not ids:
            return np.zeros((0, DIM), dtype=np.float16)
        out = enc.pooled_chunked(ids, _CHUNK_TOKENS)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out /= norms
        out[[len(i) == 2 for i in ids]] = 0.0  # nothing but [CLS] [SEP]: no meaning to match
        vectors: npt.NDArray[np.float16] = out.astype(np.float16)
        return vectors


_lock = threading.Lock()
_loaded: Embedder | None = None


def embedder() -> Embedder:
    """The process's one embedder, loaded on first use."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = Embedder()
        return _loaded


def embed(texts: Sequence[str]) -> npt.NDArray[np.float16]:
    """``Embedder.embed`` with the shipped model (loaded only when there is a text)."""
    if not texts:
        import numpy as np

        return np.zeros((0, DIM), dtype=np.float16)
    return embedder().embed(texts)


def embed_many(texts: Sequence[str], advance: Advance | None = None) -> npt.NDArray[np.float16]:
    """``embed`` of many texts (the claims of an archive being indexed), each distinct text
    once (``same_text``), in chunks of ``POOL_CHUNK`` at most, across the machine's cores when
    there are enough of them (``FACTCHECK_JOBS`` as for a tree). A text's vector is the same
    either way, up to float16 rounding of float32 sums; texts that read the same get the very
    same vector. ``advance(done, total)`` is told of each chunk done (distinct texts)."""
    import numpy as np

    from factcheck.scale.pool import jobs, spread

    first: dict[str, int] = {}
    where = [first.setdefault(same_text(t), len(first)) for t in texts]
    if len(first) < len(texts):
        unique = [""] * len(first)
        for text, at in zip(texts, where, strict=True):
            if not unique[at]:
                unique[at] = text
        return embed_many(unique, advance)[where]
    workers = jobs(len(texts) // (POOL_CHUNK // 4)) if len(texts) > POOL_CHUNK else 1
    size = min(POOL_CHUNK, -(-len(texts) // workers)) or 1  # a chunk for each worker at least
    chunks = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
    out = np.zeros((len(texts), DIM), dtype=np.float16)
    at = 0
    for vectors in spread(embed, chunks, workers):
        out[at : at + len(vectors)] = vectors
        at += len(vectors)
        if advance is not None:
            advance(at, len(texts))
    return out


def same_text(text: str) -> str:
    """What two texts share when the encoder reads them alike: quote marks made one, case and
    runs of spaces set aside (the model's word pieces are lower-cased, split on spaces)."""
    return " ".join(meaning(text).lower().split())
