"""The claim spotter's speed: loading the model and scoring 100 sentences of the shipped article.

    python bench/spotter.py [--runs 5]

Beside each time it prints the time of a comparison run in the same process: the bare float32
matrix products the encoder's dense layers need for those sentences (numpy, no Python between
them), so a busy machine slows both sides and the ratio says what the encoder adds on top of
its arithmetic. The 100 sentences are scored in this process and, as ``extract`` scores an
article, in two even batches on a pool of two worker processes (one BLAS thread each, as the
command line sets). The targets: load <= 0.5 s, 100 sentences <= 1 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
for _blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas, "1")  # as factcheck's command line does, before numpy loads

from factcheck.scale.pool import spread  # noqa: E402
from factcheck.spotting import model as spotter  # noqa: E402

ARTICLE = ROOT / "sources" / "hitkari-2021-nk-peace-talks.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    import numpy as np

    t, c = time.perf_counter(), time.process_time()
    model = spotter.Spotter(spotter.MODEL_PATH)
    load_wall, load_cpu = time.perf_counter() - t, time.process_time() - c
    spotter.load()  # the module's model, which the pool's forked workers share
    texts = [s.text for s in spotter.split_sentences(ARTICLE.read_text(encoding="utf-8"))]
    hundred = (texts * 2)[:100]
    enc = model.encoder
    n_tokens = sum(len(enc.framed(spotter.wordpiece(s, model.vocab))) for s in hundred)
    d = enc.pos.shape[1]
    x = np.ones((n_tokens, d), dtype=np.float32)
    mats = [layer.weights(layer.buffers()) for layer in enc.layers]

    def gemms() -> None:
        for qkv, o, f1, f2 in mats:
            x @ qkv
            x @ o
            x @ f1 @ f2

    halves = [hundred[:50], hundred[50:]]
    model.score(hundred)
    score_s: list[float] = []
    score_cpu: list[float] = []
    pool_s: list[float] = []
    gemm_s: list[float] = []
    for _ in range(args.runs):  # interleaved, so a burst of load hits all three
        t, c = time.perf_counter(), time.process_time()
        model.score(hundred)
        score_s.append(time.perf_counter() - t)
        score_cpu.append(time.process_time() - c)
        t = time.perf_counter()
        pooled = [s for half in spread(spotter.score, halves, 2) for s in half]
        pool_s.append(time.perf_counter() - t)
        assert pooled == model.score(hundred)
        t = time.perf_counter()
        gemms()
        gemm_s.append(time.perf_counter() - t)
    best, ref = min(score_s), min(gemm_s)
    print(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
    print(f"model {spotter.MODEL_PATH.name}: {spotter.MODEL_PATH.stat().st_size / 1e6:.1f} MB")
    print(f"load: {load_wall:.3f} s wall, {load_cpu:.3f} s CPU (target <= 0.5 s)")
    print(
        f"score 100 sentences ({n_tokens} tokens, {len(enc.layers)} layers): {best:.3f} s best "
        f"of {args.runs} (target <= 1 s), {min(score_cpu):.3f} s CPU; bare matrix products "
        f"{ref:.3f} s; ratio {best / ref:.2f}x"
    )
    print(
        f"the same 100 in two batches on two worker processes (extract's way): "
        f"{min(pool_s):.3f} s best of {args.runs}, {min(pool_s) / best:.2f}x one process"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
