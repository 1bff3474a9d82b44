"""set: a claim's kind, speaker, claim text, section and tags changed in place, an empty value
removing the key; every other byte kept; bad input refused in one line with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import run
from tests.edit_helpers import assert_refused, snapshot
from tests.handwritten_ledger import CLAIMS, changed_lines, claims_of, make_ledger


def test_set_changes_and_inserts_fields_in_place(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run(
        "set", "experts-doubt", "--kind", "fact", "--speaker", "Experts", ledger=path
    )
    assert code == 0 and out == "", err
    assert "kind 'opinion' -> 'fact'" in err and "speaker 'Experts' (new)" in err
    assert "status now unsourced" in err
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == ["    kind: opinion"]
    assert added == ["    kind: fact", "    speaker: Experts"]
    after = path.read_text("utf-8").splitlines()
    assert after[after.index("    speaker: Experts") - 1] == "    kind: fact"
    # check sees the change: a fact without evidence
    code, out, _ = run("check", ledger=path)
    assert code == 1 and "fact claim 'experts-doubt' has no supporting" in out


def test_set_keeps_the_quoting_and_a_flow_list(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run(
        "set", "shrank", "--claim", "GDP: down 4.5%", "--tag", "economy", "--tag", "gdp",
        ledger=path,
    )  # fmt: skip
    assert code == 0, err
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == ["    tags: [economy]"]
    assert added == ["    claim: 'GDP: down 4.5%'", "    tags: [economy, gdp]"]
    assert claims_of(path)[0]["tags"] == ["economy", "gdp"]


def test_an_empty_value_removes_the_key_and_only_its_lines(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("set", "shrank", "--section", "", "--tag", "", ledger=path)
    assert code == 0, err
    assert "section removed (was 'Title')" in err and "tags removed (was [economy])" in err
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == ["    section: Title", "    tags: [economy]"] and added == []
    assert "section" not in claims_of(path)[0]
    code, _, err = run("check", ledger=path)
    assert code == 0, err


def test_nothing_to_change_writes_nothing(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = run("set", "shrank", "--kind", "fact", "--section", "Title", ledger=path)
    assert code == 0 and "already has these values; nothing written" in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["set", "shrnk", "--kind", "fact"], ("no claim with id 'shrnk'", "did you mean 'shrank'")),
        (["set", "shrank", "--kind", "fakt"], ("--kind 'fakt' is not one of", "'fact'")),
        (["set", "shrank", "--kind", ""], ("--kind cannot be empty",)),
        (["set", "shrank"], ("nothing to change",)),
        (["set", "shrank", "--tag", "a", "--tag", ""], ("empty value among others",)),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], fragments: tuple[str, ...]
) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    assert_refused(run(*args, ledger=path), tmp_path, before, *fragments)


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    path.chmod(0o444)
    before = snapshot(tmp_path)
    try:
        result = run("set", "shrank", "--kind", "opinion", ledger=path)
        assert_refused(result, tmp_path, before, "read-only", "nothing was written")
    finally:
        path.chmod(0o644)


def test_a_key_on_the_dash_line_is_not_removed(tmp_path: Path) -> None:
    claims = CLAIMS.replace(
        "  - id: shrank            # trailing comment\n", "  - section: S\n    id: shrank\n"
    )
    claims = claims.replace("    section: Title\n", "", 1)
    path = make_ledger(tmp_path, claims=claims)
    before = snapshot(tmp_path)
    line = assert_refused(
        run("set", "shrank", "--section", "", ledger=path), tmp_path, before, "cannot remove"
    )
    assert line.startswith("claims.yaml:7:5: error:") or ":7:5: error:" in line
