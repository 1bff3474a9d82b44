"""Every hostile case: the expected exit code, one clear line or the finding, no traceback, in
bounded time and memory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.hostile_cases import CASES, Case
from tests.hostile.hostile_helpers import ERROR_LINE, run_cli


def test_corpus_is_large_and_names_are_unique() -> None:
    names = [c.name for c in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names)


def findings(out: str) -> list[str]:
    """check's text output split into findings, each with its hint line."""
    blocks: list[str] = []
    for line in out.splitlines():
        if line.startswith("  hint: ") and blocks:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    root.mkdir()
    case.build(root)
    run = run_cli([*case.args, "--ledger", str(root)], cwd=root, timeout=case.seconds)
    out, err = run.out, run.err
    assert "Traceback" not in out + err, err
    assert run.code == case.code, f"exit {run.code}\nstdout:\n{out[:2000]}\nstderr:\n{err[:2000]}"
    for text in case.absent:
        assert text not in out + err
    assert not (root / "PWNED").exists()
    if case.code == 2:
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        m = ERROR_LINE.match(lines[0])
        assert m, lines[0]
        assert re.fullmatch(case.where, m["where"]), lines[0]
        for fragment in case.fragments:
            assert fragment in m["message"], lines[0]
    elif case.code == 1:
        assert case.rule is not None
        hits = [
            block
            for block in findings(out)
            if f"[{case.rule}]" in block.splitlines()[0] and all(f in block for f in case.fragments)
        ]
        assert hits, f"no [{case.rule}] finding with {case.fragments}:\n{out[:3000]}"
        assert err.startswith("Found "), err
    else:
        assert err.startswith(("All checks passed", "Found 0 errors")), err
