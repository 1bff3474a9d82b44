"""Evaluate claim matching on CheckThat! 2020 Task 2 (English): tweets against the claims Snopes
checked. Prints MAP@1, MAP@5, MRR and recall@5 per method, BM25 beside the matcher.

    python scripts/eval_match.py [--data DIR] [--split dev|train]

DIR (default ../shared/data/clef2020-claim-retrieval) holds verified_claims.docs.tsv and
SPLIT/tweets.queries.tsv + SPLIT/tweet-vclaim-pairs.qrels. The data is for research use and is
not shipped with factcheck. Every setting of the matcher was chosen on train; report dev.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
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


def plain_bm25(docs: Sequence[str]) -> Ranker:
    """The reference baseline: BM25 over lower-cased words, no stop words or stemming."""
    import re

    from factcheck.matching import lexical
    from factcheck.matching.clean import clean

    word = re.compile(r"\w+")

    def ids(text: str, memo: object = None) -> list[int]:  # (no memo: plain words)
        import zlib

        return [zlib.crc32(w.encode()) for w in word.findall(text.lower())]

    saved = lexical.term_ids
    lexical.term_ids = ids  # type: ignore[assignment]
    try:
        index = lexical.BM25([lexical.postings(docs)])

        def rank(queries: Sequence[str]) -> npt.NDArray[np.float32]:
            lexical.term_ids = ids  # type: ignore[assignment]
            try:
                return np.stack([index.scores(clean(q)) for q in queries])
            finally:
                lexical.term_ids = saved  # type: ignore[assignment]

        return rank
    finally:
        lexical.term_ids = saved  # type: ignore[assignment]


def matcher(docs: Sequence[str]) -> Ranker:
    """The matcher's BM25 (stop words, suffixes) over the same index ``match`` builds."""
    from factcheck.matching.clean import clean
    from factcheck.matching.index import Index, build_part

    index = Index([build_part(docs)])

    def bm25(queries: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.stack([index.bm25.scores(clean(q)) for q in queries])

    return bm25


def tune(data: Path) -> int:
    """The saturation and the --against threshold, searched on the held-out fifth of train."""
    from factcheck.matching import rank

    ids, claims, titles = read_claims(data)
    docs = [f"{c} {t}" for c, t in zip(claims, titles, strict=True)]
    qids, texts, gold = read_split(data, "train")
    cut = len(qids) * 4 // 5
    qids, texts = qids[cut:], texts[cut:]
    b = matcher(docs)(texts)
    held = evaluate(b, ids, qids, gold)["MAP@5"]
    print(f"MAP@5 of the ranking (saturation does not change it): {held:.4f}")
    found = []
    for saturation in (1.0, 2.0, 5.0, 10.0, 20.0, 40.0):
        scores = 100 * b / (b + saturation)
        best = max((balanced(scores, ids, qids, gold, t), t) for t in np.arange(20.0, 90.0, 1.0))
        found.append((best[0], -saturation, best[1]))
        print(f"SATURATION {saturation:g}: SAME {best[1]:.0f}, balanced accuracy {best[0]:.3f}")
    found.sort(reverse=True)
    accuracy, saturation, same = found[0]
    print(f"best: SATURATION {-saturation:g}, SAME {same:.0f} (balanced accuracy {accuracy:.3f})")
    scores = 100 * b / (b + rank.SATURATION)
    best = max((balanced(scores, ids, qids, gold, t), t) for t in np.arange(20.0, 90.0, 1.0))
    print(f"at SATURATION {rank.SATURATION:g}: SAME {best[1]:.0f}, balanced accuracy {best[0]:.3f}")
    print(f"now in rank.py: SATURATION {rank.SATURATION:g}, SAME {rank.SAME:g}")
    return 0


def checked_before(
    scores: npt.NDArray[np.float32],
    ids: Sequence[str],
    qids: Sequence[str],
    gold: dict[str, set[str]],
    same: float,
) -> tuple[float, float]:
    """``--against``'s decision at threshold ``same``: the share of tweets whose best claim is a
    right one and scores ``same`` or more (found), and the share that still score ``same`` or
    more once their right claims are taken out of the archive (false alarms)."""
    pos = {d: i for i, d in enumerate(ids)}
    found = alarms = 0
    for row, q in zip(scores, qids, strict=True):
        rel = [pos[d] for d in gold.get(q, ()) if d in pos]
        top = int(np.argmax(row))
        found += top in rel and row[top] >= same
        masked = row.copy()
        masked[rel] = -np.inf
        alarms += masked.max() >= same
    return found / len(qids), alarms / len(qids)


def balanced(
    scores: npt.NDArray[np.float32],
    ids: Sequence[str],
    qids: Sequence[str],
    gold: dict[str, set[str]],
    same: float,
) -> float:
    found, alarms = checked_before(scores, ids, qids, gold, same)
    return (found + 1 - alarms) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument(
        "--tune",
        action="store_true",
        help="search SATURATION and the --against threshold SAME on the last fifth of train; "
        "never on dev",
    )
    args = parser.parse_args()
    if args.tune:
        return tune(args.data)
    ids, claims, titles = read_claims(args.data)
    docs = [f"{c} {t}" for c, t in zip(claims, titles, strict=True)]
    qids, texts, gold = read_split(args.data, args.split)
    bm25 = matcher(docs)
    methods: dict[str, Ranker] = {
        "BM25, plain words (baseline)": plain_bm25(docs),
        "match: BM25, stop words and suffixes (the matcher's)": bm25,
    }
    print(f"CheckThat! 2020 task 2 English, {args.split}: {len(texts)} tweets, {len(ids)} claims")
    from factcheck.matching.rank import SAME, saturate

    found, alarms = checked_before(100 * saturate(bm25(texts)), ids, qids, gold, SAME)
    print(
        f"--against at score {SAME:g}: the right claim found for {found:.1%} of the tweets; "
        f"with their claims taken out, {alarms:.1%} still say 'already checked'"
    )
    print("| method | MAP@1 | MAP@5 | MRR | R@5 | s |\n|---|---|---|---|---|---|")
    for name, ranker in methods.items():
        start = time.perf_counter()
        m = evaluate(ranker(texts), ids, qids, gold)
        took = time.perf_counter() - start
        print(
            f"| {name} | {m['MAP@1']:.3f} | {m['MAP@5']:.3f} | {m['MRR']:.3f} | {m['R@5']:.3f} "
            f"| {took:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
