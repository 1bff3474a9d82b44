"""Building hostile ledgers in a temporary folder and running the CLI on them in a bounded child.

Every case runs ``python -m factcheck`` in a subprocess with a wall-clock bound (``timeout``) and an
address-space bound (``RLIMIT_AS``), so that a hang or a memory blow-up fails the case instead of
the test session.
"""

from __future__ import annotations

import os
import pty
import re
import resource
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TIME_BOUND = 5.0
MEMORY_BOUND = 1 << 30  # 1 GiB of address space for the child

ARTICLE_ID = "art"
ARTICLE_TEXT = (
    "North Korea's GDP contracted by 4.9% in 2020.\n"
    "Talks resumed in the autumn. Sanctions stayed in place.\n"
)
CLAIM = (
    '  - id: gdp\n    quote: "North Korea\'s GDP contracted by 4.9% in 2020."\n    kind: opinion\n'
)
CLAIMS = f"format: 1\narticle: {ARTICLE_ID}\nclaims:\n{CLAIM}"
ARTICLE_SOURCE = (
    f"id: {ARTICLE_ID}\ntype: article\ntitle: The article\npublisher: A paper\n"
    f"issued: 2021-09-30\nurl: https://example.org/a\ntext: {ARTICLE_ID}.txt\n"
)

# Rich emits SGR colour sequences on purpose with --color always; nothing else may carry an ESC.
SGR = re.compile(rb"\x1b\[[0-9;]*m")
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ERROR_LINE = re.compile(r"^(?P<where>[^\n]+?): error: (?P<message>[^\n]+)$")


def q(text: str) -> str:
    """A YAML double-quoted scalar (escapes keep control characters writable in YAML)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = re.sub(
        r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
        lambda m: f"\\u{ord(m.group(0)):04x}",
        out,
    )
    return f'"{out}"'


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def make_ledger(
    root: Path,
    claims: str | bytes = CLAIMS,
    sources: dict[str, str | bytes] | None = None,
    *,
    article: str | bytes | None = ARTICLE_TEXT,
) -> Path:
    """claims.yaml, sources/art.yaml with its text, and any extra ``sources/<name>`` files."""
    write(root / "claims.yaml", claims)
    write(root / "sources" / f"{ARTICLE_ID}.yaml", ARTICLE_SOURCE)
    if article is not None:
        write(root / "sources" / f"{ARTICLE_ID}.txt", article)
    for name, content in (sources or {}).items():
        write(root / "sources" / name, content)
    return root / "claims.yaml"


def _limit() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.pop("GITHUB_ACTIONS", None)
    env.update({"COLUMNS": "250", "LINES": "50", "TERM": "xterm-256color", "PYTHONUTF8": "1"})
    env.update(extra)
    return env


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def run_cli(args: list[str], cwd: Path, *, timeout: float = TIME_BOUND) -> Run:
    """``python -m factcheck ARGS`` bounded in time and memory, stdout and stderr captured."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limit,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def run_tty(args: list[str], cwd: Path, *, timeout: float = TIME_BOUND) -> Run:
    """As ``run_cli`` with stdout on a pseudo-terminal (Rich renders as for a person)."""
    master, slave = pty.openpty()
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "factcheck", *args],
        cwd=cwd,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        preexec_fn=_limit,
    )
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            left = timeout - (time.monotonic() - start)
            if left <= 0:
                raise subprocess.TimeoutExpired(args, timeout)
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, err = proc.communicate(timeout=max(0.1, timeout - (time.monotonic() - start)))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Run(proc.returncode, b"".join(chunks), err, time.monotonic() - start)
