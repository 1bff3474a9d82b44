"""Ledgers and child processes for the process cases (signals, concurrent writers, bad disks)."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.hostile.hostile_helpers import (
    ARTICLE_ID,
    MEMORY_BOUND,
    TIME_BOUND,
    Run,
    child_env,
    make_ledger,
)

REPO = Path(__file__).resolve().parents[2]
TEMP = re.compile(r"\.claims\.yaml\..+\.tmp")
N_CLAIMS = 100  # claims.yaml of about 11 kB, loaded and rewritten in well under a second


def sentence(k: int) -> str:
    return f"Claim number {k} says the figure rose by {k % 97}.{k % 10}% in {1950 + k % 70}."


def build_ledger(root: Path, n: int = N_CLAIMS) -> Path:
    """A ledger with ``n`` opinion claims, each quoting one sentence of the article, a comment
    on top and a blank line between claims (the layout the writer must keep)."""
    article = "Headline\n\n" + "\n".join(sentence(k) for k in range(n)) + "\n"
    body = "".join(
        f'\n  - id: c{k}\n    quote: "{sentence(k)}"\n    kind: opinion\n    tags: [t{k % 7}]\n'
        for k in range(n)
    )
    claims = f"# the ledger\nformat: 1\narticle: {ARTICLE_ID}\nclaims:\n{body}"
    return make_ledger(root, claims, article=article)


def temps(root: Path) -> list[str]:
    """The writer's temporary files in the ledger folder."""
    return sorted(name for name in os.listdir(root) if TEMP.fullmatch(name))


def _child_setup() -> None:  # pragma: no cover - runs in the child
    # A test session started in the background may ignore SIGINT; the child must not inherit
    # that, or Python would not install its KeyboardInterrupt handler.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


def spawn(args: list[str], root: Path, **hooks: str) -> subprocess.Popen[bytes]:
    """factcheck ARGS in a child, with the writer instrumented by ``hooks`` (see process_child)."""
    env = child_env(**hooks)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.hostile.process_child", *args, "--ledger", str(root)],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_child_setup,
    )


def finish(proc: subprocess.Popen[bytes], timeout: float = TIME_BOUND) -> Run:
    start = time.monotonic()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return Run(proc.returncode, out, err, time.monotonic() - start)


def wait_for(predicate: object, proc: subprocess.Popen[bytes], timeout: float = TIME_BOUND) -> bool:
    """Poll ``predicate()`` every millisecond until it holds (True) or the child exits (False)."""
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            return bool(predicate())
        time.sleep(0.001)
    proc.kill()
    raise AssertionError("the child never reached the awaited point")
