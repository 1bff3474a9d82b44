"""Evaluate the shipped claim spotter through ``factcheck.spotting.model`` only.

Prints F1 of the positive class (check-worthiness) on CheckThat! 2024 Task 1 English dev and
dev-test, and macro-F1 (subjectivity) on NewsSD-ENG val/test and CheckThat! 2025 dev (plus its
CT23-test part, the sentences of ct25 dev that are not in NewsSD-ENG test), and the time taken
to score the shipped article.

Usage: python scripts/eval_spotter.py [--data DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_spotter import (  # noqa: E402
    DEFAULT_DATA,
    f1,
    load_ct24,
    load_ct25,
    load_newssd,
    macro_f1,
)

from factcheck.spotting import model as spotter  # noqa: E402

ARTICLE = REPO / "sources" / "hitkari-2021-nk-peace-talks.txt"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    data = args.data.resolve()

    t = time.perf_counter()
    spotter.score(["Warm-up."])
    print(f"model load: {1000 * (time.perf_counter() - t):.0f} ms")
    size = sum(p.stat().st_size for p in spotter.MODEL_PATH.parent.iterdir() if p.is_file())
    print(f"model files: {size / 1e6:.2f} MB")

    print("check-worthiness, F1 of the positive class (Yes)")
    for split in ("dev", "dev-test"):
        x, y = load_ct24(data, split)
        pred = [s.checkworthy_label for s in spotter.score(x)]
        print(f"  ct24 {split:<9} n={len(x):<5} F1={f1(y, pred):.3f}")

    print("subjectivity, macro-F1 (SUBJ/OBJ)")
    sets = [(f"newssd {s}", load_newssd(data, s)) for s in ("val", "test")]
    ct25_dev = load_ct25(data, "dev")
    sets.append(("ct25 dev", ct25_dev))
    newssd_test = {t.strip() for t in load_newssd(data, "test")[0]}
    keep = [i for i, t in enumerate(ct25_dev[0]) if t.strip() not in newssd_test]
    ct23_test = ([ct25_dev[0][i] for i in keep], [ct25_dev[1][i] for i in keep])
    sets.append(("ct25 dev minus newssd test (= CT23 test)", ct23_test))
    for name, (x, y) in sets:
        pred = [s.subjective_label for s in spotter.score(x)]
        print(f"  {name:<41} n={len(x):<4} macro-F1={macro_f1(y, pred):.3f}")

    if ARTICLE.exists():
        text = ARTICLE.read_text(encoding="utf-8")
        t = time.perf_counter()
        sentences = spotter.split_sentences(text)
        t_split = time.perf_counter() - t
        texts = [s.text for s in sentences]
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            spotter.score(texts)
            best = min(best, time.perf_counter() - t)
        print(
            f"article: {len(sentences)} sentences, split {1000 * t_split:.0f} ms, "
            f"score {1000 * best:.1f} ms (best of 5)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
