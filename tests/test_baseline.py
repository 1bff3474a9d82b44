"""check --write-baseline / --baseline: today's findings accepted, keyed by owner and rule (not
line), new ones still fail, fixed entries reported, a bad baseline file refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import CLAIMS, make_ledger


def test_baseline_accepts_known_findings_and_survives_edits(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    base = tmp_path / "baseline.json"
    code, _, _ = run("check", "--strict", ledger=path)
    assert code == 1  # figure-mismatch warning (2020 is in no evidence)
    code, out, err = run("check", "--strict", "--write-baseline", str(base), ledger=path)
    # the findings are shown, and recorded: accepting them succeeds
    assert code == 0 and "baseline of 1 finding(s) written" in err
    assert "[figure-mismatch]" in out
    doc = json.loads(base.read_text("utf-8"))
    assert doc["findings"] == [
        {
            "owner": "claim:shrank",
            "rule": "figure-mismatch",
            "count": 1,
            "example": doc["findings"][0]["example"],
        }
    ]
    code, _, err = run("check", "--strict", "--baseline", str(base), ledger=path)
    assert code == 0 and "1 known finding(s) accepted" in err
    # edits above the claim move every line number: the baseline still holds
    path.write_text(
        CLAIMS.replace("claims:\n", "# a new comment\n# and another\nclaims:\n"), "utf-8"
    )
    code, _, _ = run("check", "--strict", "--baseline", str(base), ledger=path)
    assert code == 0
    # a new problem is not in the baseline
    path.write_text(
        CLAIMS.replace(
            "    kind: opinion\n    section: A Heading", "    kind: fact\n    section: A Heading"
        ),
        "utf-8",
    )
    code, out, _ = run("check", "--baseline", str(base), ledger=path)
    assert code == 1 and "[unsourced]" in out and "figure-mismatch" not in out


def test_baseline_reports_fixed_entries_and_bad_files(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    base = tmp_path / "b.json"
    run("check", "--write-baseline", str(base), ledger=path)
    path.write_text(
        CLAIMS.replace("4.5% in 2020", "4.5% in 2020").replace(
            "says: 'The bank said: 4.5%.'", "says: 'The bank said: 4.5% in 2020.'"
        ),
        "utf-8",
    )
    code, _, err = run("check", "--strict", "--baseline", str(base), ledger=path)
    assert code == 0 and "1 baseline entry is fixed now" in err
    base.write_text("{}", "utf-8")
    code, _, err = run("check", "--baseline", str(base), ledger=path)
    assert code == 2 and "not a factcheck baseline" in err
