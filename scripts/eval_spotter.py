"""Evaluate a claim spotter model file through ``factcheck.spotting.model`` (the run time).

Prints, side by side, figures on the dev split of the training source and on data from another
source (transfer), none of which the training saw:

* check-worthiness, F1 of the positive class: trained on CheckThat! 2024 Task 1 train; ct24 dev
  (the same debates, "dev") and ct24 dev-test (= CheckThat! 2023 Task 1B test, "transfer").
* subjectivity, macro-F1: trained on NewsSD-ENG train; NewsSD-ENG val and test ("dev") and
  CheckThat! 2025 dev without the NewsSD-ENG test sentences (= CheckThat! 2023 Task 2 test,
  other articles and annotators, "transfer"), with ct25 dev whole beside it.

Then the model's size, its load time and the time to score 100 sentences (best of 5).

Usage: python scripts/eval_spotter.py [--model FILE] [--data DIR]
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


def evaluate(path: Path, data: Path) -> dict[str, float]:
    """Print and return every figure for the model file at ``path``."""
    t = time.perf_counter()
    model = spotter.Spotter(path)
    load_s = time.perf_counter() - t
    figures: dict[str, float] = {}

    print("check-worthiness, F1 of Yes (trained on ct24 train)")
    for split, role in (("dev", "dev"), ("dev-test", "transfer")):
        x, y = load_ct24(data, split)
        pred = [s.checkworthy_label for s in model.score(x)]
        figures[f"cw ct24 {split}"] = v = f1(y, pred)
        print(f"  {role:<9} ct24 {split:<40} n={len(x):<5} F1={v:.3f}")

    print("subjectivity, macro-F1 (trained on NewsSD-ENG train)")
    sets = [("dev", f"newssd {s}", load_newssd(data, s)) for s in ("val", "test")]
    ct25_dev = load_ct25(data, "dev")
    newssd_test = {t.strip() for t in load_newssd(data, "test")[0]}
    keep = [i for i, t in enumerate(ct25_dev[0]) if t.strip() not in newssd_test]
    ct23_test = ([ct25_dev[0][i] for i in keep], [ct25_dev[1][i] for i in keep])
    sets.append(("transfer", "ct25 dev minus newssd test (= CT23 test)", ct23_test))
    sets.append(("mixed", "ct25 dev (whole)", ct25_dev))
    for role, name, (x, y) in sets:
        pred = [s.subjective_label for s in model.score(x)]
        figures[f"subj {name}"] = v = macro_f1(y, pred)
        print(f"  {role:<9} {name:<45} n={len(x):<4} macro-F1={v:.3f}")

    print(f"model file: {path.stat().st_size / 1e6:.1f} MB, load {1000 * load_s:.0f} ms")
    if ARTICLE.exists():
        texts = [s.text for s in spotter.split_sentences(ARTICLE.read_text(encoding="utf-8"))]
        hundred = (texts * 2)[:100]
        model.score(hundred)
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            model.score(hundred)
            best = min(best, time.perf_counter() - t)
        figures["score_100_s"] = best
        print(f"scoring 100 article sentences: {1000 * best:.0f} ms (best of 5)")
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=spotter.MODEL_PATH)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    evaluate(args.model, args.data.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
