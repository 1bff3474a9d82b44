"""ignore: a rule silenced on a claim or a source with its reason, appended to an existing
ignore: list or inserted in its place; unignorable rules, empty reasons and repeats refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import run
from tests.edit_helpers import assert_refused, snapshot
from tests.handwritten_ledger import CLAIMS, SOURCE_A, changed_lines, claims_of, make_ledger


def test_ignore_on_a_claim_is_inserted_then_appended(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("set", "experts-doubt", "--kind", "fact", ledger=path)
    assert code == 0, err
    code, out, _ = run("check", ledger=path)
    assert code == 1 and "[unsourced]" in out
    code, out, err = run(
        "ignore", "experts-doubt", "--rule", "unsourced", "--reason", "An expert's view.",
        ledger=path,
    )  # fmt: skip
    assert code == 0 and out == "", err
    assert err.startswith("claim 'experts-doubt' ignores 'unsourced' (")
    assert err.endswith("claims.yaml:25)\n")
    text = path.read_text("utf-8")
    removed, added = changed_lines(CLAIMS, text)
    assert removed == ["    kind: opinion"]
    assert added == [
        "    kind: fact",
        "    ignore:",
        "      - rule: unsourced",
        "        reason: An expert's view.",
    ]
    code, out, err = run("check", ledger=path)
    assert code == 0 and "1 silenced by ignore" in err
    # a second rule is appended to the list; a rule with nothing to silence is warned of
    code, _, err = run(
        "ignore", "experts-doubt", "--rule", "figure-mismatch", "--reason", "r", ledger=path
    )
    assert code == 0 and "warning: no 'figure-mismatch' finding" in err
    view = "        reason: An expert's view.\n"
    new = "      - rule: figure-mismatch\n        reason: r\n"
    assert path.read_text("utf-8") == text.replace(view, view + new)
    ignores = claims_of(path)[1]["ignore"]
    assert isinstance(ignores, list)
    assert [i["rule"] for i in ignores] == ["unsourced", "figure-mismatch"]


def test_ignore_on_a_source(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    assert run("remove", "shrank", "--yes", ledger=path).code == 0
    code, out, _ = run("check", ledger=path)
    assert "[unused-source]" in out
    code, _, err = run(
        "ignore", "--source", "src-a", "--rule", "unused-source", "--reason", "Cited next week.",
        ledger=path,
    )  # fmt: skip
    assert code == 0, err
    source = tmp_path / "sources" / "src-a.yaml"
    assert source.read_text("utf-8") == SOURCE_A + (
        "ignore:\n  - rule: unused-source\n    reason: Cited next week.\n"
    )
    code, out, _ = run("check", ledger=path)
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["ignore", "shrank", "--rule", "schema", "--reason", "r"], ("cannot be ignored",)),
        (
            ["ignore", "shrank", "--rule", "unsorced", "--reason", "r"],
            ("did you mean 'unsourced'",),
        ),
        (["ignore", "shrank", "--rule", "unsourced", "--reason", " "], ("--reason is empty",)),
        (["ignore", "shrank", "--reason", "r"], ("give --rule",)),
        (["ignore", "shrnk", "--rule", "unsourced", "--reason", "r"], ("did you mean 'shrank'",)),
        (["ignore", "--rule", "unsourced", "--reason", "r"], ("give a claim id or --source",)),
        (
            ["ignore", "shrank", "--source", "src-a", "--rule", "unsourced", "--reason", "r"],
            ("not both",),
        ),
        (
            ["ignore", "--source", "src-b", "--rule", "unused-source", "--reason", "r"],
            ("no source 'src-b'", "did you mean 'src-a'"),
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], fragments: tuple[str, ...]
) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    assert_refused(run(*args, ledger=path), tmp_path, before, *fragments)


def test_a_rule_ignored_twice_is_refused_at_the_first(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    args = ("ignore", "shrank", "--rule", "figure-mismatch", "--reason", "r")
    assert run(*args, ledger=path).code == 0
    before = snapshot(tmp_path)
    line = assert_refused(run(*args, ledger=path), tmp_path, before, "already ignores")
    assert ":17:9: error: claim 'shrank' already ignores 'figure-mismatch'" in line


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    path.chmod(0o444)
    before = snapshot(tmp_path)
    try:
        result = run("ignore", "shrank", "--rule", "unsourced", "--reason", "r", ledger=path)
        assert_refused(result, tmp_path, before, "read-only", "nothing was written")
    finally:
        path.chmod(0o644)
