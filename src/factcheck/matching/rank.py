"""Ranking claims for statements: BM25 and the sentence vectors, fused.

Each statement is cleaned (``clean``), scored against every claim by BM25 and by the cosine of
the sentence vectors, and the two are fused into one score from 0 to 100:

    score = 100 * (WEIGHT * max(cos, 0) + (1 - WEIGHT) * bm25 / (bm25 + SATURATION))

BM25 saturates so a score means the same in a ledger of ten claims and in an archive of a
hundred thousand (it does not depend on the best score of the query); the weights were chosen on
the CheckThat! 2020 train split (``docs/matching.md``). ``SAME`` is the score from which
``extract --against`` and ``add --against`` say a claim already checks the statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.matching.clean import clean

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from factcheck.matching.index import Index

WEIGHT = 0.5
SATURATION = 5.0
SAME = 73.0
_BATCH = 256  # statements whose cosines are computed in one matrix product


@dataclass(frozen=True)
class Match:
    place: int  # the claim's place in the index (its ledgers end to end)
    score: float


def fuse(bm25: npt.NDArray[np.float32], cos: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    import numpy as np

    lexical = bm25 / (bm25 + SATURATION)
    out: npt.NDArray[np.float32] = (WEIGHT * np.maximum(cos, 0) + (1 - WEIGHT) * lexical).astype(
        np.float32
    )
    return out


def rank(index: Index, statements: Sequence[str], limit: int) -> list[list[Match]]:
    """The best ``limit`` claims for each statement, best first (ties by place); none that
    scores 0."""
    import numpy as np

    from factcheck.matching.encoder import encoder

    out: list[list[Match]] = []
    if index.size == 0:
        return [[] for _ in statements]
    cleaned = [clean(s) for s in statements]
    for at in range(0, len(cleaned), _BATCH):
        batch = cleaned[at : at + _BATCH]
        cos = index.cosines(encoder().encode(batch))
        for row, text in zip(cos, batch, strict=True):
            fused = fuse(index.bm25.scores(text), row)
            k = min(limit, index.size)
            top = np.argpartition(-fused, k - 1)[:k] if k < index.size else np.arange(index.size)
            top = top[np.lexsort((top, -fused[top]))]
            # a claim sharing neither a word nor a direction with the statement is no match
            out.append(
                [Match(int(i), round(100 * float(fused[i]), 1)) for i in top if fused[i] > 0]
            )
    return out
