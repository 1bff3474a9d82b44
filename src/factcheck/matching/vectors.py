"""Sentence vectors for matching: what a claim means, beside the words BM25 counts.

The encoder is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0) as published, six layers,
its matrices int8 (``minilm-l6.npz``, made by ``scripts/export_matcher.py``), run by the
spotter's numpy forward pass (``factcheck.spotting.encoder``; the two models share the code,
not the weights: the spotter's encoder is fine-tuned for its own tasks). A text's vector is the
mean of its word pieces' last-layer vectors (up to 128 pieces), of length one, stored as
float16. Loaded lazily, once a process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
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
        ids = [enc.framed(wordpiece(t, self.vocab, cache=self.cache)) for t in texts]
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


def embed_many(texts: Sequence[str]) -> npt.NDArray[np.float16]:
    """``embed`` of many texts (the claims of an archive being indexed): in chunks across the
    machine's cores when there are enough of them (``FACTCHECK_JOBS`` as for a tree). A text's
    vector is the same either way, up to float16 rounding of float32 sums."""
    import numpy as np

    from factcheck.scale.pool import jobs, spread

    workers = jobs(len(texts) // (POOL_CHUNK // 4)) if len(texts) >= 2 * POOL_CHUNK else 1
    if workers <= 1:
        return embed(texts)
    chunks = [list(texts[i : i + POOL_CHUNK]) for i in range(0, len(texts), POOL_CHUNK)]
    return np.concatenate(list(spread(embed, chunks, workers)))
