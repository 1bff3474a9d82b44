"""The ledger writer: positional edits keep every untouched byte; writes are atomic and guarded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.editing.atomic import write_atomic
from factcheck.editing.emit import render_scalar
from factcheck.editing.writer import LedgerFile, new_yaml_file
from factcheck.errors import FactcheckError
from factcheck.ledger.yamlio import load_yaml
from tests.handwritten_ledger import CLAIMS, changed_lines, make_ledger

ORDER = ("id", "quote", "claim", "kind", "speaker", "section", "tags", "evidence", "rating")


def test_replace_one_scalar_changes_one_line(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.set_scalar(["claims", 0, "quote"], "the economy shrank by 4.5 % in 2020")
    f.save()
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == ["    quote: the economy shrank by 4.5% in 2020"]
    assert added == ["    quote: the economy shrank by 4.5 % in 2020"]


def test_replace_keeps_the_quoting_style(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.set_scalar(["claims", 1, "quote"], "Experts doubt it")
    f.set_scalar(["claims", 0, "evidence", 0, "says"], "It's 4.5%.")
    f.save()
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert sorted(added) == ["        says: 'It''s 4.5%.'", '    quote: "Experts doubt it"']
    assert sorted(removed) == [
        "        says: 'The bank said: 4.5%.'",
        '    quote: "Experts doubt it."',
    ]


def test_insert_a_key_in_its_place(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.set_key(["claims", 1], "speaker", "Experts", order=ORDER)
    f.save()
    after = path.read_text("utf-8")
    removed, added = changed_lines(CLAIMS, after)
    assert removed == [] and added == ["    speaker: Experts"]
    lines = after.splitlines()
    assert lines[lines.index("    speaker: Experts") - 1] == "    kind: opinion"


def test_append_evidence_in_the_files_indentation(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.append(["claims", 0, "evidence"], {"source": "src-b", "stance": "context", "says": "x: y"})
    f.save()
    after = path.read_text("utf-8")
    removed, added = changed_lines(CLAIMS, after)
    assert removed == []
    assert added == ["      - source: src-b", "        stance: context", "        says: 'x: y'"]
    assert "'The bank said: 4.5%.'\n      - source: src-b" in after


def test_new_key_holding_a_list(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.set_key(
        ["claims", 1],
        "evidence",
        [{"source": "src-a", "stance": "context", "says": "s"}],
        order=ORDER,
    )
    f.save()
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == []
    # the file indents nested lists by two columns: the new one follows
    assert added == [
        "    evidence:",
        "      - source: src-a",
        "        stance: context",
        "        says: s",
    ]


def test_append_a_claim_with_the_files_blank_lines(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.append(["claims"], {"id": "new", "quote": "Experts", "kind": "opinion", "tags": ["a"]})
    f.save()
    after = path.read_text("utf-8")
    assert after.startswith(CLAIMS)
    assert after[len(CLAIMS) :] == (
        "\n  - id: new\n    quote: Experts\n    kind: opinion\n    tags:\n      - a\n"
    )
    assert load_yaml(after, path).data["claims"][-1]["id"] == "new"


def test_append_to_an_empty_flow_list(tmp_path: Path) -> None:
    text = "format: 1  # keep\narticle: art\nclaims: []\n# tail comment\n"
    path = make_ledger(tmp_path, claims=text)
    f = LedgerFile.read(path)
    f.append(["claims"], {"id": "a", "quote": "q", "kind": "opinion"})
    f.save()
    assert path.read_text("utf-8") == (
        "format: 1  # keep\narticle: art\nclaims:\n  - id: a\n    quote: q\n    kind: opinion\n"
        "# tail comment\n"
    )


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    raw = b"\xef\xbb\xbf" + CLAIMS.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    f = LedgerFile.read(path)
    f.set_key(["claims", 2], "rating", "mixed", order=(*ORDER, "prefix", "suffix"))
    f.save()
    new = path.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert new.replace(b"\r\n    rating: mixed", b"") == raw


def test_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.set_scalar(["claims", 0, "kind"], "attribution")
    path.write_text(CLAIMS + "# edited by hand meanwhile\n", encoding="utf-8")
    with pytest.raises(FactcheckError, match="changed on disk"):
        f.save()
    assert path.read_text("utf-8").endswith("# edited by hand meanwhile\n")


def test_a_crash_before_the_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_ledger(tmp_path)
    f = LedgerFile.read(path)
    f.set_scalar(["claims", 0, "kind"], "attribution")

    def crash(src: object, dst: object) -> None:
        raise OSError("simulated power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(FactcheckError, match="power cut"):
        f.save()
    assert path.read_text("utf-8") == CLAIMS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.yaml", "sources"]


def test_permissions_are_kept(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    path.chmod(0o640)
    f = LedgerFile.read(path)
    f.set_scalar(["claims", 0, "kind"], "attribution")
    f.save()
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_symlinked_ledger_stays_a_symlink(tmp_path: Path) -> None:
    real = make_ledger(tmp_path / "real")
    link = tmp_path / "claims.yaml"
    link.symlink_to(real)
    f = LedgerFile.read(link)
    f.set_scalar(["claims", 0, "kind"], "attribution")
    f.save()
    assert link.is_symlink() and "kind: attribution" in real.read_text("utf-8")


def test_new_file_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    new_yaml_file(target, {"id": "x", "issued": "2021-09-30", "title": "Yes"})
    assert target.read_text("utf-8") == "id: x\nissued: 2021-09-30\ntitle: 'Yes'\n"
    with pytest.raises(FactcheckError, match="already exists"):
        new_yaml_file(target, {"id": "y"})
    with pytest.raises(FactcheckError, match="already exists"):
        write_atomic(target, b"id: z\n", expected_digest=None)
    assert "id: x" in target.read_text("utf-8")


def test_flow_mapping_is_refused_not_mangled(tmp_path: Path) -> None:
    text = "format: 1\narticle: art\nclaims:\n  - {id: a, quote: q, kind: opinion}\n"
    path = make_ledger(tmp_path, claims=text)
    f = LedgerFile.read(path)
    with pytest.raises(FactcheckError, match="flow style"):
        f.set_key(["claims", 0], "rating", "mixed", order=ORDER)
    assert path.read_text("utf-8") == text


@pytest.mark.parametrize("value", ["yes", "no", "null", "2021", "1.5", "- a", "#x", "a: b", "it's"])
def test_render_scalar_quotes_what_yaml_would_misread(value: str) -> None:
    assert load_yaml(f"k: {render_scalar(value)}\n", Path("t")).data == {"k": value}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_render_scalar_round_trips(value: str) -> None:
    assert load_yaml(f"k: {render_scalar(value)}\n", Path("t")).data == {"k": value}


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_new_quote_touches_only_its_line(
    tmp_path_factory: pytest.TempPathFactory, value: str
) -> None:
    path = make_ledger(tmp_path_factory.mktemp("l"))
    f = LedgerFile.read(path)
    f.set_scalar(["claims", 2, "quote"], value)
    f.save()
    after = path.read_text("utf-8")
    before_lines, after_lines = CLAIMS.splitlines(), after.splitlines()
    assert len(before_lines) == len(after_lines)
    diff = [i for i, (a, b) in enumerate(zip(before_lines, after_lines, strict=True)) if a != b]
    assert diff in ([], [before_lines.index("    quote: the cat sat on the mat")])
    assert load_yaml(after, path).data["claims"][2]["quote"] == value
