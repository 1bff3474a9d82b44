"""What the editing-command tests share: a snapshot of a ledger's files and the one-line refusal
every bad input gets."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli_runner import Result

ERROR_LINE = re.compile(r"^[^\n]+: error: [^\n]+$")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones included) with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def assert_refused(result: Result, root: Path, before: dict[str, bytes], *fragments: str) -> str:
    """Exit 2, nothing on stdout, one ``…: error: …`` line on stderr holding ``fragments``, and
    every file under ``root`` as it was."""
    code, out, err = result
    assert code == 2, out + err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and ERROR_LINE.match(lines[0]), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert snapshot(root) == before
    return lines[0]
