"""Refresh the transcripts in README.md from real runs.

A transcript is a fenced block preceded by ``<!-- run: COMMAND -->``; the block is replaced by
``$ COMMAND`` and what the command printed (stdout and stderr, colour off, 100 columns).
Run from the repository root with the project installed: ``python scripts/readme_transcripts.py``.
``--check`` exits 1 when the README is out of date instead of writing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

MARK = re.compile(r"<!-- run: (?P<cmd>.+?) -->\n```(?P<lang>\w*)\n.*?```", re.S)


def run(cmd: str) -> str:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    env.pop("GITHUB_ACTIONS", None)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    done = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env, check=False)
    return done.stdout + done.stderr


def refresh(text: str, keep: Callable[[str], bool] = lambda cmd: False) -> str:
    """``text`` with every transcript run again, but those whose command ``keep`` names."""

    def replace(m: re.Match[str]) -> str:
        cmd = m.group("cmd")
        if keep(cmd):
            return m.group(0)
        out = run(cmd).rstrip("\n")
        return f"<!-- run: {cmd} -->\n```{m.group('lang')}\n$ {cmd}\n{out}\n```"

    return MARK.sub(replace, text)


def main() -> int:
    readme = Path("README.md")
    old = readme.read_text(encoding="utf-8")
    new = refresh(old)
    if "--check" in sys.argv:
        return 0 if new == old else 1
    readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
