"""Claim spotting: check-worthiness and subjectivity scores, and the spotter's public names.

Pure core code: no CLI or rendering imports. The model is a small linear ensemble over

* sparse TF-IDF word and character n-grams,
* a static word-piece embedding table distilled from ``all-MiniLM-L6-v2`` at training time
  (PCA-reduced, then fitted to its sentence embeddings of unlabelled sentences, int8),
  mean-pooled with frequency weights,
* a handful of hand-made features (figures, proper nouns, hedges, first person, modals).

It is loaded lazily from ``factcheck/spotting/spotter-v1.npz`` on first use and needs only numpy
(and pysbd for sentence splitting). The features are in ``factcheck.spotting.features`` and
``factcheck.spotting.wordpiece``, the sentence splitting in ``factcheck.spotting.sentences``; the
names in ``__all__`` are importable from here, the spotter's one entry point.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.spotting.features import HAND_FEATURES, char_ngrams, hand_features, word_ngrams
from factcheck.spotting.sentences import Piece, atomic_spans, split_sentences
from factcheck.spotting.wordpiece import wordpiece

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "HAND_FEATURES",
    "MODEL_PATH",
    "Piece",
    "Score",
    "atomic_spans",
    "char_ngrams",
    "hand_features",
    "load",
    "score",
    "split_sentences",
    "word_ngrams",
    "wordpiece",
]

MODEL_PATH = Path(__file__).resolve().parent / "spotter-v1.npz"
HEADS = ("cw", "subj")


@dataclass(frozen=True)
class Score:
    """Scores for one sentence. A label is true exactly when its score is at least 0.5."""

    checkworthy: float
    checkworthy_label: bool
    subjective: float
    subjective_label: bool


class _Head:
    """One binary classifier: sparse n-gram TF-IDF + dense features, logistic output."""

    def __init__(self, z: Any, name: str) -> None:
        import numpy as np

        raw = bytes(z[f"{name}_grams"]).decode("utf-8")
        grams = raw.split("\n") if raw else []
        kinds = z[f"{name}_kind"]
        n_word = int((kinds == 0).sum())
        self.word = dict(zip(grams[:n_word], range(n_word), strict=True))
        self.char = dict(zip(grams[n_word:], range(n_word, len(grams)), strict=True))
        self.idf = z[f"{name}_idf"].astype(np.float64)
        self.coef = z[f"{name}_coef"].astype(np.float64)
        self.dense_coef = z[f"{name}_dense_coef"].astype(np.float64)
        self.bias = float(z[f"{name}_bias"])

    def _sparse(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Dot products of the l2-normalised sublinear TF-IDF vectors with the weights."""
        import numpy as np

        n = len(texts)
        if not self.word and not self.char:
            return np.zeros(n)
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for i, t in enumerate(texts):
            for row, grams, table in (
                (2 * i, word_ngrams(t), self.word),
                (2 * i + 1, char_ngrams(t), self.char),
            ):
                for g, c in Counter(grams).items():
                    j = table.get(g)
                    if j is not None:
                        rows.append(row)
                        cols.append(j)
                        tfs.append(c)
        if not rows:
            return np.zeros(n)
        idx = np.array(cols, dtype=np.int64)
        w = (1.0 + np.log(np.array(tfs, dtype=np.float64))) * self.idf[idx]
        r = np.array(rows, dtype=np.int64)
        dot = np.bincount(r, weights=w * self.coef[idx], minlength=2 * n)
        norm = np.sqrt(np.bincount(r, weights=w * w, minlength=2 * n))
        per = np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 0)
        out: npt.NDArray[np.float64] = per[0::2] + per[1::2]
        return out

    def logits(self, texts: Sequence[str], dense: npt.NDArray[np.float64]) -> list[float]:
        # Row-wise products, not a BLAS matrix-vector product: its result can differ in the last
        # bit with the row's position in the batch, and a score must not depend on its batch.
        out = self._sparse(texts) + (dense * self.dense_coef).sum(axis=1) + self.bias
        return [float(v) for v in out]


class _Model:
    def __init__(self, path: Path) -> None:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["wp_vocab"]).decode("utf-8").split("\n")
            self.vocab = {w: i for i, w in enumerate(vocab)}
            self.emb = z["emb"]
            self.emb_scale = z["emb_scale"].astype(np.float32)
            self.cache: dict[str, list[int]] = {}
            self.hand_mean = z["hand_mean"].astype(np.float64)
            self.hand_std = z["hand_std"].astype(np.float64)
            self.heads = {name: _Head(z, name) for name in HEADS}
            self.tok_weight = {name: z[f"{name}_tok_weight"].astype(np.float32) for name in HEADS}

    def ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [wordpiece(t, self.vocab, cache=self.cache) for t in texts]

    def embed(self, ids: Sequence[list[int]], head: str) -> npt.NDArray[np.float64]:
        import numpy as np

        weight = self.tok_weight[head]
        out = np.zeros((len(ids), self.emb.shape[1]), dtype=np.float64)
        for i, row in enumerate(ids):
            if not row:
                continue
            v = (weight[row] * self.emb_scale[row]) @ self.emb[row].astype(np.float32)
            n = float(np.linalg.norm(v))
            if n > 0:
                out[i] = v / n
        return out

    def hand(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        import numpy as np

        hand = np.array([hand_features(t) for t in texts], dtype=np.float64)
        hand = hand.reshape(len(texts), len(HAND_FEATURES))
        out: npt.NDArray[np.float64] = (hand - self.hand_mean) / self.hand_std
        return out

    def logits(self, texts: Sequence[str]) -> dict[str, list[float]]:
        import numpy as np

        ids = self.ids(texts)
        hand = self.hand(texts)
        return {
            name: head.logits(texts, np.hstack([self.embed(ids, name), hand]))
            for name, head in self.heads.items()
        }


_LOCK = threading.Lock()
_MODEL: _Model | None = None


def _model() -> _Model:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = _Model(MODEL_PATH)
    return _MODEL


def load() -> None:
    """Load the model now rather than on the first call to ``score``."""
    _model()


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def score(sentences: Sequence[str]) -> list[Score]:
    """Check-worthiness and subjectivity scores (0–1) with labels, one per sentence, in order.

    Scores are calibrated so that the decision threshold tuned on the dev splits sits at 0.5.
    """
    if not sentences:
        return []
    model = _model()
    texts = [str(s) for s in sentences]
    logits = model.logits(texts)
    cw, subj = logits["cw"], logits["subj"]
    out: list[Score] = []
    for a, b in zip(cw, subj, strict=True):
        pa, pb = _sigmoid(a), _sigmoid(b)
        out.append(Score(pa, pa >= 0.5, pb, pb >= 0.5))
    return out
