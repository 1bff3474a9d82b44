"""coverage: the share of check-worthy sentences the ledger quotes, as a gate."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run
from tests.factory import ROOT


def test_coverage_gate(new_ledger: Path) -> None:
    code, out, err = run("coverage", "--min-coverage", "100", "--json", ledger=ROOT)
    data = json.loads(out)
    assert code == 0 and data["coverage"] == 1.0 and data["uncovered"] == []
    assert data["checkworthy"] > 30
    code, out, err = run("coverage", "--min-coverage", "50", "--format", "plain", ledger=new_ledger)
    assert code == 1 and "coverage 0.0%" in err
    assert len(out.splitlines()) == data["checkworthy"]
