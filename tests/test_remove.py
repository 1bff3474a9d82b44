"""remove: a claim's lines taken out and every other byte kept; shown and refused without --yes
in a pipe; a source left uncited is pointed out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import run
from tests.edit_helpers import assert_refused, snapshot
from tests.handwritten_ledger import CLAIMS, make_ledger


def lines(text: str, first: int, last: int) -> str:
    """Lines ``first``..``last`` (1-based, inclusive) of ``text``, with their line ends."""
    return "".join(text.splitlines(keepends=True)[first - 1 : last])


@pytest.mark.parametrize(
    ("claim_id", "first", "last"),
    [
        ("shrank", 7, 16),  # the first: its lines and the blank line after it
        ("experts-doubt", 16, 23),  # the blank line before it and its lines
        ("cat-second", 24, 29),  # the blank line before the last and its lines
    ],
)
def test_remove_takes_out_the_claims_lines_only(
    tmp_path: Path, claim_id: str, first: int, last: int
) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run("remove", claim_id, "--yes", ledger=path)
    assert code == 0 and out == "", err
    assert f"removed claim '{claim_id}'" in err
    after = path.read_text("utf-8")
    cut = lines(CLAIMS, first, last)
    assert f"id: {claim_id}" in cut
    assert after == lines(CLAIMS, 1, first - 1) + lines(CLAIMS, last + 1, 99)
    code, out, _ = run("list", "--format", "plain", ledger=path)
    assert claim_id not in out and len(out.splitlines()) == 2


def test_the_comment_inside_an_entry_goes_with_it_and_others_stay(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    assert run("remove", "experts-doubt", "--yes", ledger=path).code == 0
    after = path.read_text("utf-8")
    assert "# a comment inside the entry" not in after
    assert after.startswith(lines(CLAIMS, 1, 15))  # header comments and the first claim
    assert after.endswith(lines(CLAIMS, 24, 29))


def test_removing_every_claim_leaves_an_empty_list(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    for claim_id in ("experts-doubt", "cat-second", "shrank"):
        code, _, err = run("remove", claim_id, "-y", ledger=path)
        assert code == 0, err
    assert "source 'src-a' is now cited by no claim" in err
    assert path.read_text("utf-8") == lines(CLAIMS, 1, 6).replace("claims:", "claims: []")
    code, out, _ = run("check", ledger=path)
    assert code == 0 and "no claim cites source 'src-a'" in out


def test_without_yes_in_a_pipe_it_shows_the_claim_and_writes_nothing(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    code, out, err = run("remove", "shrank", ledger=path)
    assert code == 2 and out == "" and snapshot(tmp_path) == before
    shown, refused = err.splitlines()
    assert shown.startswith("claim 'shrank' at ")
    assert shown.endswith("claims.yaml:7-15: 'the economy shrank by 4.5% in 2020'")
    assert "error: not removed without --yes" in refused and "hint: factcheck remove" in refused


def test_unknown_id_and_read_only_file(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    result = run("remove", "experts-doubts", "--yes", ledger=path)
    assert_refused(result, tmp_path, before, "no claim with id", "did you mean 'experts-doubt'")
    path.chmod(0o444)
    try:
        result = run("remove", "shrank", "--yes", ledger=path)
        assert_refused(result, tmp_path, before, "read-only", "nothing was written")
    finally:
        path.chmod(0o644)
