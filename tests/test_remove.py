"""remove: a claim's lines taken out and every other byte kept; shown and refused without --yes
in a pipe; a source left uncited is pointed out."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.editing.writer import LedgerFile
from factcheck.ledger.yamlio import load_yaml
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


def test_crlf_and_a_bom_are_kept(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + CLAIMS.replace("\n", "\r\n").encode())
    assert run("remove", "experts-doubt", "--yes", ledger=path).code == 0
    expected = lines(CLAIMS, 1, 15) + lines(CLAIMS, 24, 29)
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, int]:
    """claims.yaml with 1-5 claims, each maybe after a blank line, a comment above it, a comment
    inside it; and the index of the claim to remove."""
    n = draw(st.integers(1, 5))
    text = "format: 1\narticle: art\nclaims:\n"
    for k in range(n):
        if draw(st.booleans()):
            text += "\n"
        if draw(st.booleans()):
            text += f"  # about c{k}\n"
        text += f"  - id: c{k}\n    quote: the cat sat on the mat\n"
        if draw(st.booleans()):
            text += "    # inside\n"
        text += "    kind: opinion\n"
    return text, draw(st.integers(0, n - 1))


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_removal_deletes_one_block_of_lines_around_the_claim(layout: tuple[str, int]) -> None:
    text, k = layout
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        f = LedgerFile.read(path)
        f.delete_item(["claims"], k)
        after = f.save()
    data = load_yaml(after, path).data
    assert [c["id"] for c in data["claims"]] == [
        f"c{i}" for i in range(text.count("- id:")) if i != k
    ]
    before_lines, after_lines = text.splitlines(), after.splitlines()
    if not data["claims"]:
        assert after_lines[2] == "claims: []"
        after_lines[2] = "claims:"
    # the new lines are the old ones less one contiguous block, which holds the claim's lines
    cut = len(before_lines) - len(after_lines)
    start = next(
        (i for i, line in enumerate(after_lines) if line != before_lines[i]), len(after_lines)
    )
    assert before_lines[:start] + before_lines[start + cut :] == after_lines
    removed = before_lines[start : start + cut]
    assert f"  - id: c{k}" in removed and f"  # about c{k}" not in removed
    assert all(
        line.startswith("    ") or not line.strip() or line.startswith("  - ") for line in removed
    )


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_on_a_terminal_it_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, removed: bool
) -> None:
    import factcheck.commands.edit as edit

    monkeypatch.setattr(edit, "interactive", lambda: True)
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = run("remove", "cat-second", ledger=path, input=answer)
    assert "claim 'cat-second' at " in err and "Remove this claim?" in err
    if removed:
        assert code == 0 and path.read_text("utf-8") == lines(CLAIMS, 1, 23)
    else:
        assert code == 2 and "error: nothing written" in err and snapshot(tmp_path) == before
