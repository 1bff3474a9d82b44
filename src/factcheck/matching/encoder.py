"""The matcher's sentence encoder: a static word-piece embedding table (``matcher-v2.npz``
beside this module), so encoding is a table look-up and a weighted mean, in numpy.

The table was distilled from ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0) at
training time (``scripts/train_matcher.py``, see ``docs/matching.md``) on texts that allow shipped
weights (CheckThat! 2024 Task 1 and NewsSD-ENG sentences, the shipped article); nothing of torch
or the transformer is needed at run time. File keys: ``vocab`` (the BERT-uncased pieces, newline
separated, UTF-8), ``emb`` (int8 rows), ``scale`` (each row's scale), ``weight`` (each piece's
weight in the mean).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.text.wordpiece import wordpiece

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MODEL_FILE = Path(__file__).with_name("matcher-v2.npz")
MODEL_VERSION = "matcher-v2"


class Encoder:
    def __init__(self, path: Path) -> None:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            pieces = bytes(z["vocab"]).decode("utf-8").split("\n")
            self.vocab = {w: i for i, w in enumerate(pieces)}
            # int8 rows kept as they are (a float copy would be 47 MB); each row's scale times its
            # piece's weight is applied to the few rows a text picks
            self.rows = z["emb"]
            self.scale = z["scale"].astype(np.float32) * z["weight"].astype(np.float32)
        self.cache: dict[str, list[int]] = {}

    @property
    def dim(self) -> int:
        return int(self.rows.shape[1])

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors, one row per text (a text with no known piece is the zero vector)."""
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        rows, scale, vocab, cache = self.rows, self.scale, self.vocab, self.cache
        for i, text in enumerate(texts):
            ids = wordpiece(text, vocab, cache=cache)
            if ids:
                out[i] = scale[ids] @ rows[ids]
        norm = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norm, out=out, where=norm > 0)
        return out


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    return Encoder(MODEL_FILE)
