"""Ranking claims for statements: words (BM25) and meaning (sentence vectors), in one score.

Each statement is scored against every claim by BM25 over its cleaned words (``clean``,
``lexical``) and by the cosine of its sentence vector with the claim's (``vectors``):

    score = 100 * (WEIGHT * max(cos, 0) + (1 - WEIGHT) * bm25 / (bm25 + SATURATION))

and, lexical only (``--lexical``, or an index without vectors):

    score = 100 * bm25 / (bm25 + LEXICAL_SATURATION)

BM25 saturates rather than being divided by the query's best score, so a score does not depend
on the other claims a statement matches. The constants were chosen on a held-out fifth of the
CheckThat! 2020 train split (``scripts/eval_match.py --tune``, ``docs/matching.md``); ``SAME``
(``LEXICAL_SAME``) is the score from which ``extract --against`` and ``add --against`` say a
claim already checks the statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.matching.clean import clean
from factcheck.matching.vectors import embed_many

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from factcheck.matching.index import Index

WEIGHT = 0.5
SATURATION = 80.0
SAME = 38.0
LEXICAL_SATURATION = 5.0
LEXICAL_SAME = 83.0


@dataclass(frozen=True)
class Match:
    place: int  # the claim's place in the index (its ledgers end to end)
    score: float


def same(index: Index) -> float:
    """The score from which a claim of ``index`` is taken to check the same thing."""
    return LEXICAL_SAME if index.vectors is None else SAME


def scores(
    index: Index, bm25: npt.NDArray[np.float32], cos: npt.NDArray[np.float32] | None
) -> npt.NDArray[np.float32]:
    """Every claim's score from 0 to 1 for a statement whose BM25 scores are ``bm25`` and whose
    cosines with the claims' vectors are ``cos`` (None: lexical only)."""
    import numpy as np

    if cos is None:
        out: npt.NDArray[np.float32] = (bm25 / (bm25 + LEXICAL_SATURATION)).astype(np.float32)
        return out
    out = (WEIGHT * np.maximum(cos, 0.0) + (1 - WEIGHT) * (bm25 / (bm25 + SATURATION))).astype(
        np.float32
    )
    return out


def rank(
    index: Index,
    statements: Sequence[str],
    limit: int,
    vectors: npt.NDArray[np.float16] | None = None,
) -> list[list[Match]]:
    """The best ``limit`` claims for each statement, best first (ties by place); none that
    scores 0. ``vectors``: the statements' sentence vectors when already made (``embed_many``
    of the statements as given)."""
    import numpy as np

    out: list[list[Match]] = []
    if index.size == 0:
        return [[] for _ in statements]
    k = min(limit, index.size)
    cosines = None
    if index.vectors is not None:
        # The statement as given: its links and handles carry meaning the vector can use (chosen
        # on the held-out fifth, as the constants were); BM25 reads it cleaned.
        if vectors is None:
            vectors = embed_many(statements)
        cosines = index.cosines(vectors.astype(np.float32))  # one product for the batch
    for at, text in enumerate(statements):
        cos = None if cosines is None else cosines[at]
        score = scores(index, index.bm25.scores(clean(text)), cos)
        top = np.argpartition(-score, k - 1)[:k] if k < index.size else np.arange(index.size)
        top = top[np.lexsort((top, -score[top]))]
        # a claim sharing no word with the statement is no match
        out.append([Match(int(i), round(100 * float(score[i]), 1)) for i in top if score[i] > 0])
    return out
