"""Two revisions of factcheck, timed against each other in one measurement.

    python bench/revisions.py abae8be HEAD          # the shipped ledger and 10,000 claims
    python bench/revisions.py main my-branch --runs 21 --ledger bench/data/ledger-100

Each revision's ``src/`` is checked out into a temporary folder (``git archive``, so the working
tree is not touched), compiled, and run with this interpreter and its installed dependencies through
``PYTHONPATH``. Every command runs warm (its own cache folder, filled by a first run), or with
``--cold`` from an empty cache folder every time (every file parsed, the cache written), and the
two revisions take turns run after run, so a busy machine slows both alike. The figure that matters
is the ratio of the medians: below 1.00× the second revision is faster. Wall and CPU time (user +
system, of the child) are both given; on a machine shared with other work CPU time moves less.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COMMANDS = {
    "list --json": ["list", "--json"],
    "search": ["search", "sanctions budget tonnes", "--json"],
    "check": ["check"],
    "stats --json": ["stats", "--json"],
}


def checkout(rev: str, into: Path) -> Path:
    """``rev``'s ``src/`` unpacked below ``into``; returns the folder to put on PYTHONPATH."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"],
        capture_output=True,
        check=True,
    ).stdout
    folder = into / rev.replace("/", "_")
    archive_path = into / "src.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(folder, filter="data")
    # compiled once here: with PYTHONDONTWRITEBYTECODE set, every run would compile it again
    compileall.compile_dir(folder / "src", quiet=1)
    return folder / "src"


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The run's wall seconds and CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def compare(revs: list[str], ledger: Path, runs: int, scratch: Path, *, cold: bool = False) -> None:
    import shutil

    trees = {rev: checkout(rev, scratch) for rev in revs}
    print(f"{ledger}  ({runs} {'cold' if cold else 'warm'} runs each, medians)")
    for name, args in COMMANDS.items():
        envs = {
            rev: {
                **os.environ,
                "PYTHONPATH": str(src),
                "FACTCHECK_CACHE_DIR": str(scratch / f"cache-{i}"),
            }
            for i, (rev, src) in enumerate(trees.items())
        }
        argvs = {
            rev: [sys.executable, "-m", "factcheck", *args, "--ledger", str(ledger)] for rev in revs
        }
        if not cold:
            for rev in revs:  # fill the cache and compile the sources once
                timed(argvs[rev], envs[rev])
        times: dict[str, list[float]] = {rev: [] for rev in revs}
        cpus: dict[str, list[float]] = {rev: [] for rev in revs}
        for k in range(runs):
            for rev in revs if k % 2 == 0 else revs[::-1]:
                if cold:
                    shutil.rmtree(envs[rev]["FACTCHECK_CACHE_DIR"], ignore_errors=True)
                wall, cpu = timed(argvs[rev], envs[rev])
                times[rev].append(wall)
                cpus[rev].append(cpu)
        a, b = (statistics.median(times[rev]) for rev in revs)
        ca, cb = (statistics.median(cpus[rev]) for rev in revs)
        print(
            f"  {name:13s} {revs[0]} {a:.3f} s   {revs[1]} {b:.3f} s   {b / a:.2f}× wall;"
            f"  CPU {ca:.3f} s   {cb:.3f} s   {cb / ca:.2f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--ledger", type=Path, action="append", help="claims.yaml or its folder")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold", action="store_true", help="an empty cache for every run")
    parser.add_argument(
        "--command", action="append", choices=list(COMMANDS), help="only these (default: all)"
    )
    args = parser.parse_args()
    if args.command:
        for name in list(COMMANDS):
            if name not in args.command:
                del COMMANDS[name]
    ledgers = args.ledger or [ROOT / "claims.yaml", HERE / "data" / "ledger-10000"]
    with tempfile.TemporaryDirectory() as scratch:
        for ledger in ledgers:
            if not ledger.exists():
                print(f"{ledger}: missing (python bench/run.py --quick generates it)")
                continue
            compare([args.old, args.new], ledger, args.runs, Path(scratch), cold=args.cold)


if __name__ == "__main__":
    main()
