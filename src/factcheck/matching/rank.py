"""Ranking claims for statements: the matcher's BM25, saturated into a score from 0 to 100.

Each statement is cleaned (``clean``) and scored against every claim by BM25 (``lexical``):

    score = 100 * bm25 / (bm25 + SATURATION)

BM25 saturates so a score means the same in a ledger of ten claims and in an archive of a
hundred thousand (it does not depend on the best score of the query). ``SATURATION`` and ``SAME``
were chosen on a held-out fifth of the CheckThat! 2020 train split (``docs/matching.md``);
``SAME`` is the score from which ``extract --against`` and ``add --against`` say a claim already
checks the statement.
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

SATURATION = 5.0
SAME = 83.0


@dataclass(frozen=True)
class Match:
    place: int  # the claim's place in the index (its ledgers end to end)
    score: float


def saturate(bm25: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """BM25 scores made scores from 0 to 1 that do not depend on the query's best."""
    import numpy as np

    out: npt.NDArray[np.float32] = (bm25 / (bm25 + SATURATION)).astype(np.float32)
    return out


def rank(index: Index, statements: Sequence[str], limit: int) -> list[list[Match]]:
    """The best ``limit`` claims for each statement, best first (ties by place); none that
    scores 0."""
    import numpy as np

    out: list[list[Match]] = []
    if index.size == 0:
        return [[] for _ in statements]
    k = min(limit, index.size)
    for text in statements:
        score = saturate(index.bm25.scores(clean(text)))
        top = np.argpartition(-score, k - 1)[:k] if k < index.size else np.arange(index.size)
        top = top[np.lexsort((top, -score[top]))]
        # a claim sharing no word with the statement is no match
        out.append([Match(int(i), round(100 * float(score[i]), 1)) for i in top if score[i] > 0])
    return out
