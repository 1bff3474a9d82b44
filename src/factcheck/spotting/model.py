"""Claim spotting: check-worthiness and subjectivity scores, and the spotter's public names.

Pure core code: no CLI or rendering imports. The model is ``all-MiniLM-L6-v2`` fine-tuned on
both tasks at once: one shared transformer encoder (``factcheck.spotting.encoder``, a numpy
forward pass), mean-pooled, and one logistic output per task. The weights are in
``factcheck/spotting/spotter-v2.npz`` (int8 matrices with float scales), loaded lazily on first
use; run time needs only numpy (and pysbd for sentence splitting). Tokenisation is BERT-uncased
WordPiece (``factcheck.text.wordpiece``). The names in ``__all__`` are importable from here,
the spotter's one entry point.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.spotting.sentences import Piece, atomic_spans, split_sentences
from factcheck.text.wordpiece import wordpiece

__all__ = [
    "MODEL_PATH",
    "Piece",
    "Score",
    "Spotter",
    "atomic_spans",
    "load",
    "score",
    "split_sentences",
    "wordpiece",
]

MODEL_PATH = Path(__file__).resolve().parent / "spotter-v2.npz"
HEADS = ("cw", "subj")
# Sentences are scored in chunks of this many tokens, so memory stays bounded on long input.
_CHUNK_TOKENS = 4096


@dataclass(frozen=True)
class Score:
    """Scores for one sentence. A label is true exactly when its score is at least 0.5."""

    checkworthy: float
    checkworthy_label: bool
    subjective: float
    subjective_label: bool


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class Spotter:
    """The model in one file: an encoder and a linear head per task."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        import numpy as np

        from factcheck.spotting.encoder import load

        self.encoder, self.vocab, arrays = load(path)
        self.cache: dict[str, list[int]] = {}
        self.coef = {h: arrays[f"{h}_coef"].astype(np.float64) for h in HEADS}
        self.bias = {h: float(arrays[f"{h}_bias"]) for h in HEADS}

    def logits(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Each head's logit for each text, in order."""
        import numpy as np

        enc = self.encoder
        ids = [enc.framed(wordpiece(t, self.vocab, cache=self.cache)) for t in texts]
        pooled = enc.pooled_chunked(ids, _CHUNK_TOKENS).astype(np.float64)
        # Row-wise products, not a matrix-vector product, so a row's logit does not depend
        # on the rows beside it.
        return {
            h: [float(v) for v in (pooled * self.coef[h]).sum(axis=1) + self.bias[h]] for h in HEADS
        }

    def score(self, sentences: Sequence[str]) -> list[Score]:
        if not sentences:
            return []
        logits = self.logits([str(s) for s in sentences])
        out: list[Score] = []
        for a, b in zip(logits["cw"], logits["subj"], strict=True):
            pa, pb = _sigmoid(a), _sigmoid(b)
            out.append(Score(pa, pa >= 0.5, pb, pb >= 0.5))
        return out


_LOCK = threading.Lock()
_MODEL: Spotter | None = None


def _model() -> Spotter:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = Spotter(MODEL_PATH)
    return _MODEL


def load() -> None:
    """Load the model now rather than on the first call to ``score``."""
    _model()


def score(sentences: Sequence[str]) -> list[Score]:
    """Check-worthiness and subjectivity scores (0–1) with labels, one per sentence, in order.

    A label is ``score >= 0.5``: the model's own decision threshold, never tuned on a split
    whose figures are reported.
    """
    return _model().score(sentences)
