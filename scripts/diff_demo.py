"""Build a small git repository for the README's ``factcheck diff`` example.

A copy of the shipped ledger is committed on ``main`` as published; the branch ``review``,
checked out, holds a made-up review of it, made with factcheck's own editing commands and left
uncommitted: a source added and cited against a claim, and another claim re-rated. Run from the
repository root: ``python scripts/diff_demo.py [FOLDER]`` (default /tmp/factcheck-diff-demo,
replaced if it exists). Commits get a fixed author and date, so the commit ids, and the
README's transcript, stay the same while the shipped ledger does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHO = {"NAME": "Desk", "EMAIL": "desk@example.org", "DATE": "2021-10-01T12:00:00Z"}
ENV = {f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in WHO.items()}
EDITS = [
    [
        "source",
        "add",
        "--id",
        "demo-bok-2021-07-30",
        "--type",
        "report",
        "--title",
        "Gross Domestic Product Estimates for North Korea in 2020 (demo entry)",
        "--publisher",
        "Bank of Korea",
        "--issued",
        "2021-07-30",
        "--url",
        "https://example.org/demo/bok-2020-estimates",
    ],
    [
        "cite",
        "econ-bok-gdp-minus-4-9",
        "demo-bok-2021-07-30",
        "--stance",
        "contradicts",
        "--says",
        "The BOK put North Korea's 2020 contraction at 4.5%.",
    ],
    ["rate", "econ-worst-crisis-ever", "inaccurate"],
]


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/factcheck-diff-demo")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "claims.yaml", folder / "claims.yaml")
    shutil.copytree(ROOT / "sources", folder / "sources")
    env = {**os.environ, **ENV, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "The fact-check as published")
    git("checkout", "-q", "-b", "review")
    for edit in EDITS:
        command = [sys.executable, "-m", "factcheck", *edit, "--ledger", str(folder)]
        subprocess.run(command, env=env, check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
