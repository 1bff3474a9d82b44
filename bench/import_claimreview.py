"""The import benchmark: ``factcheck import claimreview`` of a 10,373-review archive, timed
against a naive importer run in the same measurement (json + PyYAML's C dumper writing the same
files, with no validation, no read-back and no sync), with the target checked.

    python bench/import_claimreview.py               # 10,373 reviews, 3 runs each
    python bench/import_claimreview.py --reviews 50000 --runs 1

The archive is synthetic (bench/gen_claimreview.py): the size of CheckThat! 2020's verified
claims, with no real review in it. Each run imports into a fresh folder, then appends a second
archive of as many reviews (other identifiers) to the ledger it made: appending N reviews to a
ledger of M claims should cost about an import of N plus one reading of the M, so the append
row should take about twice the new-ledger row (and far less than an import of N + M reviews
from nothing would take twice over). The importers take turns run after run, so a busy
machine slows all alike. Peak RSS comes from /usr/bin/time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_claimreview  # noqa: E402
from run import Sample, factcheck_argv, measure, summary  # noqa: E402

TARGET_S = 10.0
TARGET_RSS_X = 10.0  # peak memory at most this many times the archive's size (plus start-up)
APPEND = "factcheck import, appended to that ledger"
STARTUP_MB = 60  # the interpreter and the program: an import of one review peaks at about 25 MB

NAIVE = r"""
import json, os, sys, yaml
src, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(out, "sources"))
claims = []
with open(src, encoding="utf-8") as handle:
    for line in handle:
        r = json.loads(line)
        cid = r["identifier"]
        sid = "review-" + cid
        claims.append({"id": cid, "claim": r["claimReviewed"], "kind": "fact",
                       "evidence": [{"source": sid, "stance": "contradicts", "says": "x"}]})
        record = {"id": sid, "url": r["url"], "title": r.get("name"),
                  "publisher": r["author"]["name"], "issued": r["datePublished"]}
        with open(os.path.join(out, "sources", sid + ".yaml"), "w", encoding="utf-8") as f:
            yaml.dump(record, f, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
with open(os.path.join(out, "claims.yaml"), "w", encoding="utf-8") as f:
    yaml.dump({"format": 2, "claims": claims}, f, Dumper=yaml.CSafeDumper, sort_keys=False,
              allow_unicode=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=10_373)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "FACTCHECK_NO_CACHE": "1"}
    with tempfile.TemporaryDirectory(prefix="factcheck-import-bench-") as scratch:
        root = Path(scratch)
        archive = gen_claimreview.write_archive(root / "archive.jsonl", args.reviews)
        more = gen_claimreview.write_archive(root / "more.jsonl", args.reviews, start=args.reviews)
        size_mb = archive.stat().st_size / 2**20
        taken: dict[str, list[Sample]] = {
            "factcheck import": [],
            "naive json+yaml": [],
            APPEND: [],
        }
        for n in range(args.runs):
            argv = {
                "factcheck import": [
                    *factcheck_argv(),
                    *("import", "claimreview", str(archive), "--dir", str(root / f"fc-{n}")),
                ],
                "naive json+yaml": [
                    sys.executable,
                    "-c",
                    NAIVE,
                    str(archive),
                    str(root / f"n-{n}"),
                ],
                APPEND: [  # into the ledger the first import of this run made
                    *factcheck_argv(),
                    *("import", "claimreview", str(more), "--dir", str(root / f"fc-{n}")),
                ],
            }
            for name, cmd in argv.items():
                taken[name].append(measure(cmd, 1, env, root))
        done = {name: summary(samples) for name, samples in taken.items()}
        check = measure([*factcheck_argv(), "check", "--ledger", str(root / "fc-0")], 1, env, root)
    fc, naive, append = done["factcheck import"], done["naive json+yaml"], done[APPEND]
    print(
        f"archive: {args.reviews:,} reviews, {size_mb:.1f} MB (JSON Lines), then "
        f"{args.reviews:,} more appended; {args.runs} runs"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| what | wall s (median) | cpu s | peak RSS MB | exit |")
    print("|---|---|---|---|---|")
    for name, s in [*done.items(), ("check of the imported ledger (cold)", check)]:
        print(f"| {name} | {s.wall:.2f} | {s.cpu:.2f} | {s.rss_mb:.0f} | {s.code} |")
    print(f"ratio factcheck / naive (wall): {fc.wall / naive.wall:.2f}x")
    print(
        f"ratio append / new ledger: cpu {append.cpu / fc.cpu:.2f}x, "
        f"wall {append.wall / fc.wall:.2f}x (about 2x: an import of N plus a reading of M = N)"
    )
    ok_time = fc.wall <= TARGET_S
    ok_mem = fc.rss_mb <= TARGET_RSS_X * size_mb + STARTUP_MB
    print(f"target import <= {TARGET_S:g} s: {'met' if ok_time else 'MISSED'} ({fc.wall:.2f} s)")
    print(
        f"target peak RSS <= {TARGET_RSS_X:g}x the archive + {STARTUP_MB} MB start-up: "
        f"{'met' if ok_mem else 'MISSED'} ({fc.rss_mb:.0f} MB for {size_mb:.1f} MB)"
    )
    return 0 if fc.code == append.code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
