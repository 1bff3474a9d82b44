"""Evaluate claim matching on CheckThat! 2020 Task 2 (English): tweets against the claims Snopes
checked. Prints MAP@1, MAP@5, MRR and recall@5 per method, BM25 beside the matcher.

    python scripts/eval_match.py [--data DIR] [--split dev|train]

DIR (default ../shared/data/clef2020-claim-retrieval) holds verified_claims.docs.tsv and
SPLIT/tweets.queries.tsv + SPLIT/tweet-vclaim-pairs.qrels. The data is for research use and is
not shipped with factcheck. Every setting of the matcher was chosen on train; report dev.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clef2020-claim-retrieval"
if not DEFAULT_DATA.exists():
    DEFAULT_DATA = Path("/work/shared/data/clef2020-claim-retrieval")

csv.field_size_limit(sys.maxsize)

Ranker = Callable[[Sequence[str]], npt.NDArray[np.float32]]  # queries → (queries, claims) scores


def read_claims(data: Path) -> tuple[list[str], list[str], list[str]]:
    """Ids, claims and headlines of the verified claims."""
    ids, claims, titles = [], [], []
    with open(data / "verified_claims.docs.tsv", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        for row in rows:
            ids.append(row[0])
            claims.append(row[1])
            titles.append(row[2] if len(row) > 2 else "")
    return ids, claims, titles


def read_split(data: Path, split: str) -> tuple[list[str], list[str], dict[str, set[str]]]:
    """Tweet ids, texts and the ids of the claims each one is checked by."""
    qids, texts = [], []
    with open(data / split / "tweets.queries.tsv", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        for row in rows:
            qids.append(row[0])
            texts.append(row[1])
    gold: dict[str, set[str]] = {}
    for line in (data / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            gold.setdefault(parts[0], set()).add(parts[2])
    return qids, texts, gold


def measures(ranked: Sequence[Sequence[str]], relevant: Sequence[set[str]]) -> dict[str, float]:
    """MAP@1, MAP@5, MRR and recall@5 (the task's definitions: AP@k divides by min(|rel|, k))."""

    def ap(r: Sequence[str], rel: set[str], k: int) -> float:
        hits, total = 0, 0.0
        for i, d in enumerate(r[:k]):
            if d in rel:
                hits += 1
                total += hits / (i + 1)
        return total / min(len(rel), k) if rel else 0.0

    def rr(r: Sequence[str], rel: set[str]) -> float:
        return next((1 / (i + 1) for i, d in enumerate(r) if d in rel), 0.0)

    n = len(ranked)
    return {
        "MAP@1": sum(ap(r, g, 1) for r, g in zip(ranked, relevant, strict=True)) / n,
        "MAP@5": sum(ap(r, g, 5) for r, g in zip(ranked, relevant, strict=True)) / n,
        "MRR": sum(rr(r, g) for r, g in zip(ranked, relevant, strict=True)) / n,
        "R@5": sum(len(set(r[:5]) & g) / len(g) for r, g in zip(ranked, relevant, strict=True)) / n,
    }


def evaluate(
    scores: npt.NDArray[np.float32],
    ids: Sequence[str],
    qids: Sequence[str],
    gold: dict[str, set[str]],
) -> dict[str, float]:
    top = np.argsort(-scores, axis=1, kind="stable")[:, :100]
    ranked = [[ids[j] for j in row] for row in top]
    return measures(ranked, [gold.get(q, set()) for q in qids])
