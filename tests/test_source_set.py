"""source set: fields of an existing source file filled in or changed in place (init's record of
the article first of all), validated like source add; bad input refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.ledger.yamlio import load_yaml
from tests.cli_runner import run
from tests.edit_helpers import assert_refused, snapshot
from tests.handwritten_ledger import SOURCE_A, changed_lines, make_ledger


def test_source_set_changes_inserts_and_removes_in_place(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    source = tmp_path / "sources" / "src-a.yaml"
    source.write_text("# the bank's report\n" + SOURCE_A.replace("title:", "title:  "), "utf-8")
    before = source.read_text("utf-8")
    code, out, err = run(
        "source", "set", "src-a", "--issued", "2021-07-31", "--author", "Ann Lee",
        "--author", "Bo Kim", "--note", "Seen on paper.", "--type", "", ledger=path,
    )  # fmt: skip
    assert code == 0 and out == "", err
    assert "issued '2021-07-30' -> '2021-07-31'" in err and "type removed (was 'news')" in err
    removed, added = changed_lines(before, source.read_text("utf-8"))
    assert removed == ["type: news", "issued: 2021-07-30"]
    assert added == [
        "author:",
        "  - Ann Lee",
        "  - Bo Kim",
        "issued: 2021-07-31",
        "note: Seen on paper.",
    ]
    assert source.read_text("utf-8").startswith("# the bank's report\nid: src-a\ntitle:   The")
    code, out, _ = run("sources", "--json", ledger=path)
    assert code == 0 and '"issued": "2021-07-31"' in out


def test_filling_in_the_article_record_init_wrote(tmp_path: Path, new_ledger: Path) -> None:
    folder = new_ledger.parent / "sources"
    (record,) = folder.glob("*.yaml")
    code, _, err = run(
        "source", "set", record.stem, "--url", "https://moderndiplomacy.eu/2021/09/30/x/",
        "--issued", "2021-09-30", ledger=new_ledger,
    )  # fmt: skip
    assert code == 0, err
    text = record.read_text("utf-8")
    assert "url: https://moderndiplomacy.eu/2021/09/30/x/\n" in text
    assert "issued: '2021-09-30'\n" in text  # init's quoting kept
    data = load_yaml(text, record).data
    assert data["url"].startswith("https://") and data["publisher"] == "Modern Diplomacy"


def test_nothing_to_change_writes_nothing(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = run("source", "set", "src-a", "--publisher", "Wire", ledger=path)
    assert code == 0 and "nothing written" in err and snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["src-b", "--title", "T"], ("no source 'src-b'", "did you mean 'src-a'")),
        (["src-a", "--issued", "May 2024"], ("--issued 'May 2024' is not YYYY",)),
        (["src-a", "--accessed", "2021-13-01"], ("--accessed",)),
        (["src-a", "--url", "ftp://example.org/x"], ("not an http(s) address",)),
        (["src-a", "--type", "blog"], ("--type 'blog' is not one of",)),
        (["src-a"], ("nothing to change",)),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], fragments: tuple[str, ...]
) -> None:
    path = make_ledger(tmp_path)
    before = snapshot(tmp_path)
    assert_refused(run("source", "set", *args, ledger=path), tmp_path, before, *fragments)


def test_a_read_only_source_file_is_refused(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    source = tmp_path / "sources" / "src-a.yaml"
    source.chmod(0o444)
    before = snapshot(tmp_path)
    try:
        result = run("source", "set", "src-a", "--title", "New", ledger=path)
        assert_refused(result, tmp_path, before, "src-a.yaml", "read-only")
    finally:
        source.chmod(0o644)


def test_new_authors_follow_the_files_list_layout(tmp_path: Path, new_ledger: Path) -> None:
    (record,) = (new_ledger.parent / "sources").glob("*.yaml")
    before = record.read_text("utf-8")
    assert "author:\n- Cherry Hitkari\n" in before  # init's layout: dashes at the key's column
    code, _, err = run(
        "source", "set", record.stem, "--author", "Cherry Hitkari", "--author", "A. N. Other",
        ledger=new_ledger,
    )  # fmt: skip
    assert code == 0, err
    removed, added = changed_lines(before, record.read_text("utf-8"))
    assert removed == [] and added == ["- A. N. Other"]


def test_archive_is_set_after_url_and_validated(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    source = tmp_path / "sources" / "src-a.yaml"
    before = source.read_text("utf-8")
    archived = "https://web.archive.org/web/2021/https://example.org/bok"
    code, _, err = run("source", "set", "src-a", "--archive", archived, ledger=path)
    assert code == 0, err
    removed, added = changed_lines(before, source.read_text("utf-8"))
    assert (removed, added) == ([], [f"archive: {archived}"])
    lines = source.read_text("utf-8").splitlines()
    assert lines[lines.index(f"archive: {archived}") - 1].startswith("url:")
    after = source.read_bytes()
    code, _, err = run("source", "set", "src-a", "--archive", "ftp://example.org/x", ledger=path)
    assert code == 2 and "--archive 'ftp://example.org/x' is not an http(s) address" in err
    assert source.read_bytes() == after
