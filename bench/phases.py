"""Where a cold ``check`` of one ledger spends its time, phase by phase, beside yq on the same file.

    python bench/phases.py bench/data/ledger-10000 --runs 3

Each round times, in this process: reading the files, each YAML reader alone on claims.yaml
(libyaml's events without any object built from them, the libyaml reader, the line reader),
building and validating the claims, loading the sources and the article, and the check's
rules; and, in a child process, ``yq '.claims | length'`` (or a naive PyYAML load without
yq) and ``factcheck check`` with an empty cache. Medians of the rounds; on a loaded machine
compare the phases with the reference measured in the same rounds, not with other runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from factcheck.checks.gate import check_ledger
from factcheck.ledger.load import load_ledger
from factcheck.ledger.yamlfast import load_fast
from factcheck.ledger.yamlio import load_yaml, read_text


def timed(work: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def child(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger", type=Path, help="a ledger's folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # the collector as factcheck.cli.main sets it, so that the in-process phases pay what a
    # command pays (with the default, a 100,000-claim ledger loaded and was checked about half
    # again as slowly)
    gc.set_threshold(50_000, 20, 20)
    claims = args.ledger / "claims.yaml"
    yq = shutil.which("yq")
    ref_name = "yq '.claims | length'" if yq else "naive PyYAML load"
    ref = (
        [yq, ".claims | length", str(claims)]
        if yq
        else [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
            str(claims),
        ]
    )
    script = Path(sys.executable).with_name("factcheck")
    check = [str(script) if script.exists() else sys.executable, "check", str(args.ledger)]
    base = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    text = read_text(claims)
    phases: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        phases.setdefault(name, []).append(seconds)

    for _ in range(args.runs):
        add(f"{ref_name} (child process)", child(ref, base))
        with tempfile.TemporaryDirectory() as cache:
            add(
                "factcheck check, cold (child process)",
                child(check, {**base, "FACTCHECK_CACHE_DIR": cache}),
            )
        add(
            "python start-up + import typer (child process)",
            child([sys.executable, "-c", "import typer"], base),
        )
        add("read claims.yaml", timed(lambda: read_text(claims)))

        def events() -> None:
            for _event in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass

        add("libyaml's events alone (PyYAML CParser)", timed(events))
        add("libyaml reader (yamlevents)", timed(lambda: load_yaml(text, claims, fast=False)))
        add("line reader (yamlfast)", timed(lambda: load_fast(text)))
        start = time.perf_counter()
        ledger = load_ledger(claims)
        add(
            "load_ledger: read, parse, validate, build, sources, article",
            time.perf_counter() - start,
        )
        start = time.perf_counter()
        check_ledger(ledger)
        add("check_ledger: the rules", time.perf_counter() - start)
        del ledger
    width = max(len(name) for name in phases)
    reference = statistics.median(phases[f"{ref_name} (child process)"])
    for name, times in phases.items():
        median = statistics.median(times)
        print(f"{name:<{width}}  {median:7.3f} s  {median / reference:5.2f}× the reference")


if __name__ == "__main__":
    main()
