"""Evaluate claim matching on CheckThat! 2020 Task 2 (English): tweets against the claims Snopes
checked. Prints MAP@1, MAP@5, MRR and recall@5 per method, BM25 beside the matcher.

    python scripts/eval_match.py [--data DIR] [--split dev|train|test] [--cache DIR]

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
from typing import Any

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


def review_texts(claims: Sequence[str], titles: Sequence[str]) -> list[str]:
    """What ``match`` reads of each verified claim, as ``import claimreview`` would have made
    it: the claim, and the review's headline as the title of the source its evidence cites."""
    from factcheck.matching.index import claim_text

    return [
        claim_text({"claim": c, "evidence": [{"source_title": t}]})
        for c, t in zip(claims, titles, strict=True)
    ]


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
    copies: dict[str, str] | None = None,
) -> dict[str, float]:
    """The measures of ``scores``' rankings (ties in archive order). With ``copies`` (a claim id
    → the id of the first claim of the same words), copies of a claim count as that claim."""
    top = np.argsort(-scores, axis=1, kind="stable")[:, :100]
    ranked = [[ids[j] for j in row] for row in top]
    relevant = [gold.get(q, set()) for q in qids]
    if copies is not None:
        ranked = [list(dict.fromkeys(copies[d] for d in r)) for r in ranked]
        relevant = [{copies[d] for d in rel} for rel in relevant]
    return measures(ranked, relevant)


def copies_of(ids: Sequence[str], claims: Sequence[str]) -> dict[str, str]:
    """Each claim id → the id of the first claim with the same words (case and punctuation set
    aside): the archive holds 184 such pairs, most differing only in their quote marks."""
    import re

    first: dict[str, str] = {}
    return {
        cid: first.setdefault(" ".join(re.findall(r"\w+", text.lower())), cid)
        for cid, text in zip(ids, claims, strict=True)
    }


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


def embedded(texts: Sequence[str], cache: Path | None) -> npt.NDArray[np.float16]:
    """The shipped encoder's vectors of ``texts``, kept in ``cache`` (a folder) between runs:
    the archive's 10,373 claims take minutes of CPU."""
    import hashlib

    from factcheck.matching.entries import VECTOR_LAYOUT
    from factcheck.matching.vectors import MODEL_PATH, embed_many

    if cache is None:
        return embed_many(texts)
    digest = hashlib.sha256("\0".join(texts).encode())
    digest.update(f"{MODEL_PATH.stat().st_size} {VECTOR_LAYOUT}".encode())
    path = cache / f"vectors-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        out: npt.NDArray[np.float16] = np.load(path)
        return out
    out = embed_many(texts)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


class Matcher:
    """The matcher over the same index ``match`` builds: BM25 (stop words, suffixes) over
    ``docs`` and, given ``meanings``, sentence vectors of those, each part's score apart."""

    def __init__(self, docs: Sequence[str], meanings: Sequence[str], cache: Path | None) -> None:
        from factcheck.matching.index import Index, Part
        from factcheck.matching.lexical import postings

        self.index = Index([Part(postings(docs), embedded(meanings, cache))])
        self.cache = cache

    def parts(self, queries: Sequence[str]) -> tuple[npt.NDArray[np.float32], npt.NDArray[Any]]:
        """BM25 and cosine (below 0 made 0) of every query with every claim."""
        from factcheck.matching.clean import clean

        bm25 = np.stack([self.index.bm25.scores(clean(q)) for q in queries])
        cos = self.index.cosines(embedded(queries, self.cache).astype(np.float32))
        return bm25, np.maximum(cos, 0.0)

    def ranker(self, *, lexical: bool) -> Ranker:
        from factcheck.matching import rank

        def scores(queries: Sequence[str]) -> npt.NDArray[np.float32]:
            from factcheck.matching.clean import clean

            cosines = None
            if not lexical:
                cosines = self.index.cosines(embedded(queries, self.cache).astype(np.float32))
            return np.stack(
                [
                    rank.scores(
                        self.index,
                        self.index.bm25.scores(clean(q)),
                        None if cosines is None else cosines[i],
                    )
                    for i, q in enumerate(queries)
                ]
            )

        return scores


def fused(
    bm25: npt.NDArray[np.float32], cos: npt.NDArray[Any], weight: float, saturation: float
) -> npt.NDArray[np.float32]:
    out: npt.NDArray[np.float32] = (
        weight * cos + (1 - weight) * bm25 / (bm25 + saturation)
    ).astype(np.float32)
    return out


def tune(data: Path, cache: Path | None) -> int:
    """WEIGHT and SATURATION, then the --against threshold SAME, searched on the held-out fifth
    of train; the same for the lexical ranking."""
    from factcheck.matching import rank

    ids, claims, titles = read_claims(data)
    docs = review_texts(claims, titles)
    qids, texts, gold = read_split(data, "train")
    cut = len(qids) * 4 // 5
    qids, texts = qids[cut:], texts[cut:]
    bm25, cos = Matcher(docs, claims, cache).parts(texts)
    grid = []
    for weight in np.arange(0.0, 1.001, 0.1):
        for saturation in (2.0, 5.0, 10.0, 20.0, 40.0, 80.0, 160.0):
            m = evaluate(fused(bm25, cos, weight, saturation), ids, qids, gold)["MAP@5"]
            grid.append((round(m, 4), -abs(weight - 0.5), weight, saturation))
    grid.sort(reverse=True)
    for m, _, weight, saturation in grid[:8]:
        print(f"WEIGHT {weight:.1f} SATURATION {saturation:g}: MAP@5 {m:.4f}")
    _, _, weight, saturation = grid[0]
    lexical = next(g for g in grid if g[2] == 0.0)
    print(f"best: WEIGHT {weight:.1f}, SATURATION {saturation:g}; BM25 alone: MAP@5 {lexical[0]}")
    for name, scores in (
        ("fused", 100 * fused(bm25, cos, weight, saturation)),
        ("lexical", 100 * fused(bm25, cos, 0.0, rank.LEXICAL_SATURATION)),
    ):
        best = max((balanced(scores, ids, qids, gold, t), t) for t in np.arange(10.0, 95.0, 1.0))
        print(f"{name}: SAME {best[1]:.0f} (balanced accuracy {best[0]:.3f})")
    print(
        f"now in rank.py: WEIGHT {rank.WEIGHT:g}, SATURATION {rank.SATURATION:g}, SAME "
        f"{rank.SAME:g}; LEXICAL_SATURATION {rank.LEXICAL_SATURATION:g}, LEXICAL_SAME "
        f"{rank.LEXICAL_SAME:g}"
    )
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
    parser.add_argument(
        "--split",
        default="dev",
        help="a folder of DIR with tweets.queries.tsv and tweet-vclaim-pairs.qrels: dev, train, "
        "or test where the held-out split has been put",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="search the ranking's constants and the --against thresholds on the last fifth of "
        "train; never on dev",
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="keep sentence vectors in this folder"
    )
    args = parser.parse_args()
    if args.tune:
        return tune(args.data, args.cache)
    if not (args.data / args.split / "tweets.queries.tsv").is_file():
        parser.error(f"no {args.split}/tweets.queries.tsv in {args.data}")
    from factcheck.matching.rank import LEXICAL_SAME, SAME

    ids, claims, titles = read_claims(args.data)
    docs = review_texts(claims, titles)
    qids, texts, gold = read_split(args.data, args.split)
    start = time.perf_counter()
    matcher = Matcher(docs, claims, args.cache)
    print(f"index of {len(ids)} claims: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    methods: dict[str, tuple[Ranker, float | None]] = {
        "BM25, plain words (baseline)": (plain_bm25(docs), None),
        "match --lexical: BM25, stop words and suffixes": (
            matcher.ranker(lexical=True),
            LEXICAL_SAME,
        ),
        "match: BM25 and MiniLM sentence vectors": (matcher.ranker(lexical=False), SAME),
    }
    print(f"CheckThat! 2020 task 2 English, {args.split}: {len(texts)} tweets, {len(ids)} claims")
    rows, notes = [], []
    copies = copies_of(ids, claims)
    for name, (ranker, same) in methods.items():
        start = time.perf_counter()
        scores = ranker(texts)
        took = time.perf_counter() - start
        m = evaluate(scores, ids, qids, gold)
        one = evaluate(scores, ids, qids, gold, copies)["MAP@5"]
        rows.append(
            f"| {name} | {m['MAP@1']:.3f} | {m['MAP@5']:.3f} | {m['MRR']:.3f} | {m['R@5']:.3f} "
            f"| {one:.3f} | {took:.1f} |"
        )
        if same is not None:
            found, alarms = checked_before(100 * scores, ids, qids, gold, same)
            notes.append(
                f"{name}: --against at score {same:g}: the right claim found for {found:.1%} of "
                f"the tweets; with their claims taken out, {alarms:.1%} still say 'already checked'"
            )
    print(
        "| method | MAP@1 | MAP@5 | MRR | R@5 | MAP@5, copies as one | s |\n"
        "|---|---|---|---|---|---|---|"
    )
    print("\n".join(rows))
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
