"""rate: a rating and note replaced or inserted in place; unknown ratings refused."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import CLAIMS, changed_lines, claims_of, make_ledger


def test_rate_replaces_or_inserts(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, _ = run("rate", "experts-doubt", "mixed", "--note", "Half right.", ledger=path)
    assert code == 0
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == ["      kept as a folded block", "    note: >-"] or sorted(removed) == sorted(
        ["    note: >-", "      kept as a folded block"]
    )
    assert sorted(added) == ["    note: Half right.", "    rating: mixed"]
    code, _, _ = run("rate", "experts-doubt", "accurate", ledger=path)
    assert code == 0
    assert claims_of(path)[1]["rating"] == "accurate"
    code, _, err = run("rate", "experts-doubt", "great", ledger=path)
    assert code == 2 and "great" in err


def test_rate_a_mistyped_claim_gets_did_you_mean(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    before = path.read_bytes()
    code, out, err = run("rate", "shrnk", "accurate", ledger=path)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "no claim with id 'shrnk'" in err and "did you mean 'shrank'" in err
    assert path.read_bytes() == before
