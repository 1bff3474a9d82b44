"""cite: evidence appended in the file's own layout, the status it changes, unknown ids."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import CLAIMS, changed_lines, make_ledger


def test_cite_appends_evidence_and_changes_status(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run(
        "cite", "experts-doubt", "src-a", "--stance", "supports", "--says", "Yes: so.", ledger=path
    )
    assert code == 0, err
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == []
    assert added == [
        "    evidence:",
        "      - source: src-a",
        "        stance: supports",
        "        says: 'Yes: so.'",
    ]
    code, _, err = run(
        "cite",
        "shrank",
        "src-a",
        "--stance",
        "contradicts",
        "--says",
        "No",
        "--locator",
        "p1",
        ledger=path,
    )
    assert code == 0 and "status now disputed" in err


def test_cite_unknown_claim_or_source(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("cite", "nope", "src-a", "--stance", "supports", "--says", "x", ledger=path)
    assert code == 2 and "no claim with id 'nope'" in err
    code, _, err = run(
        "cite", "shrank", "src-x", "--stance", "supports", "--says", "x", ledger=path
    )
    assert code == 2 and "did you mean 'src-a'" in err


def test_cite_a_mistyped_claim_gets_did_you_mean(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    before = path.read_bytes()
    code, out, err = run(
        "cite", "expert-doubt", "src-a", "--stance", "context", "--says", "x", ledger=path
    )
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "no claim with id 'expert-doubt'" in err and "did you mean 'experts-doubt'" in err
    assert path.read_bytes() == before


def test_citing_a_source_again_warns_and_adds_the_entry(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run(
        "cite", "shrank", "src-a", "--stance", "context", "--says", "Another point.", ledger=path
    )
    assert code == 0
    assert "warning: 'shrank' already cited 'src-a' (supports); added another entry" in err
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == [] and added[0] == "      - source: src-a"
    before = path.read_bytes()
    code, _, err = run(
        "cite", "shrank", "src-a", "--stance", "context", "--says", "Another point.", ledger=path
    )
    assert code == 2 and "already cites 'src-a' saying that" in err
    assert path.read_bytes() == before
