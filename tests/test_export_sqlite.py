"""export --format sqlite: one database of the ledger, equal to what list, search and sources
say, with keys that hold, a full-text index (or a note without FTS5), and files that are never
half-written or silently replaced."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from tests.factory import ROOT, SHIPPED_LEDGER, write_ledger


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path)) as conn:
        yield conn


def export(db: Path, *args: str, ledger: Path) -> str:
    code, _, err = run("export", "--format", "sqlite", "--output", str(db), *args, ledger=ledger)
    assert code == 0, err
    return err


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with opened(db) as conn:
        return conn.execute(sql).fetchall()


def listed(ledger: Path, *args: str) -> list[dict[str, Any]]:
    code, out, err = run("list", "--json", *args, ledger=ledger)
    assert code == 0, err
    records: list[dict[str, Any]] = json.loads(out)
    return records


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".db")))


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_the_database_holds_what_list_and_sources_say(tmp_path: Path, which: str) -> None:
    ledger = write_ledger(tmp_path / "ledger") if which == "small" else SHIPPED_LEDGER
    db = tmp_path / "out.db"
    err = export(db, ledger=ledger)
    claims = listed(ledger)
    code, out, _ = run("sources", "--json", ledger=ledger)
    assert code == 0
    sources = json.loads(out)

    got = {r[0]: r[1:] for r in rows(db, "select id, status, rating, kind, tags from claims")}
    assert got == {
        c["id"]: (c["status"], c["rating"], c["kind"], json.dumps(c["tags"], ensure_ascii=False))
        for c in claims
    }
    evidence = sum(len(c["evidence"]) for c in claims)
    assert rows(db, "select count(*) from evidence") == [(evidence,)]
    assert rows(db, "select count(*) from sources") == [(len(sources),)]
    assert rows(db, "select count(*) from tags") == [(sum(len(set(c["tags"])) for c in claims),)]
    assert rows(db, "select claims, evidence, sources from ledgers") == [
        (len(claims), evidence, len(sources))
    ]
    assert f"{len(claims)} claims, {evidence} evidence items, {len(sources)} sources" in err
    # each evidence row is the claim's, in its order
    first = claims[0]
    assert rows(
        db,
        f"select source_id, stance, says from evidence where claim_id = '{first['id']}' "
        "order by position",
    ) == [(e["source"], e["stance"], e["says"]) for e in first["evidence"]]


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_keys_hold_and_types_are_declared(tmp_path: Path, which: str) -> None:
    ledger = write_ledger(tmp_path / "ledger") if which == "small" else SHIPPED_LEDGER
    db = tmp_path / "out.db"
    export(db, ledger=ledger)
    with opened(db) as conn:
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert conn.execute("pragma user_version").fetchone() == (1,)
        meta = dict(conn.execute("select key, value from meta").fetchall())
        assert meta["schema_version"] == "1" and meta["full_text_index"] == "claims_fts"
        for table in ("meta", "ledgers", "claims", "evidence", "sources", "tags"):
            columns = conn.execute(f"pragma table_info({table})").fetchall()
            assert all(c[2] in ("TEXT", "INTEGER") for c in columns), table
            assert any(c[5] for c in columns), f"{table} has no primary key"
            for (name,) in [(c[1],) for c in columns]:
                kinds = {k for (k,) in conn.execute(f"select distinct typeof({name}) from {table}")}
                assert "blob" not in kinds and "real" not in kinds, (table, name)
        indexed = {r[0] for r in conn.execute("select name from sqlite_master where type='index'")}
        assert {"claims_status", "claims_rating", "evidence_source"} <= indexed


def test_the_full_text_index_finds_what_search_finds(tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    export(db, ledger=SHIPPED_LEDGER)
    hits = rows(
        db,
        "select c.id, c.claim, c.quote, c.note, c.section from claims_fts "
        "join claims c on c.rowid = claims_fts.rowid where claims_fts match 'sanctions'",
    )
    assert len(hits) >= 5
    for hit in hits:
        assert re.search(r"\bsanctions\b", " ".join(t or "" for t in hit[1:]), re.I), hit[0]
    code, out, err = run("search", "sanctions", "--limit", "500", "--json", ledger=SHIPPED_LEDGER)
    assert code == 0, err
    assert {h[0] for h in hits} <= {r["id"] for r in json.loads(out)}


def test_without_fts5_the_index_is_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("factcheck.formats.sqlite.FTS_MODULE", "no_such_fts_module")
    db = tmp_path / "out.db"
    err = export(db, ledger=write_ledger(tmp_path / "ledger"))
    assert "no FTS5" in err and "claims_fts" in err
    assert "full-text index" not in err.splitlines()[-1]
    assert rows(db, "select count(*) from sqlite_master where name like 'claims_fts%'") == [(0,)]
    assert rows(db, "select value from meta where key = 'full_text_index'") == [("",)]
    assert rows(db, "select count(*) from claims") == [(3,)]


def test_the_claim_filters_choose_the_rows(tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    export(db, "--status", "disputed", "--tag", "economy", ledger=SHIPPED_LEDGER)
    chosen = listed(SHIPPED_LEDGER, "--status", "disputed", "--tag", "economy")
    assert chosen
    assert sorted(r[0] for r in rows(db, "select id from claims")) == sorted(
        c["id"] for c in chosen
    )
    assert rows(db, "select count(*) from evidence") == [(sum(len(c["evidence"]) for c in chosen),)]
    assert rows(db, "pragma foreign_key_check") == []


def test_the_same_ledger_gives_the_same_bytes(tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger")
    export(tmp_path / "a.db", ledger=ledger)
    export(tmp_path / "b.db", ledger=ledger)
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()


def test_a_source_missing_from_sources_gets_a_row_so_keys_hold(tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger")
    (ledger.parent / "sources" / "fao-food.yaml").unlink()
    db = tmp_path / "out.db"
    export(db, ledger=ledger)
    assert rows(db, "select id, title, missing from sources where missing = 1") == [
        ("fao-food", None, 1)
    ]
    assert rows(db, "pragma foreign_key_check") == []


def test_a_claim_id_used_twice_is_refused(tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger")
    text = ledger.read_text(encoding="utf-8").replace("id: talks-resume", "id: food-shortage")
    ledger.write_text(text, encoding="utf-8")
    db = tmp_path / "out.db"
    code, out, err = run("export", "-f", "sqlite", "-o", str(db), ledger=ledger)
    assert code == 2 and out == ""
    assert re.search(r"claims\.yaml:\d+:\d+: error: claim id 'food-shortage' is already used", err)
    assert not db.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("output", [None, "-"])
def test_stdout_is_refused(tmp_path: Path, output: str | None) -> None:
    args = ["export", "--format", "sqlite"] + ([] if output is None else ["-o", output])
    code, out, err = run(*args, ledger=write_ledger(tmp_path / "ledger"))
    assert code == 2 and out == ""
    assert "--format sqlite writes a database file: give --output FILE" in err


@pytest.mark.parametrize("where", ["missing-folder/out.db", "a-file/out.db"])
def test_an_unwritable_place_leaves_nothing(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    target = tmp_path / where
    code, out, err = run(
        "export", "-f", "sqlite", "-o", str(target), ledger=write_ledger(tmp_path / "ledger")
    )
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "out.db: error: cannot write the file" in err and "nothing was written" in err
    assert not target.exists() and leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_only_with_replace(tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger")
    db = tmp_path / "out.db"
    db.write_bytes(b"my own work")
    code, out, err = run("export", "-f", "sqlite", "-o", str(db), ledger=ledger)
    assert code == 2 and out == ""
    assert "out.db: error: the file already exists; nothing was written" in err
    assert "--replace" in err
    assert db.read_bytes() == b"my own work"

    export(db, "--replace", ledger=ledger)
    assert rows(db, "select count(*) from claims") == [(3,)]
    assert leftovers(tmp_path) == ["out.db"]


def test_replace_belongs_to_sqlite(tmp_path: Path) -> None:
    code, _, err = run("export", "-f", "csv", "--replace", ledger=write_ledger(tmp_path / "ledger"))
    assert code == 2 and "--replace is for --format sqlite" in err


def test_an_invalid_claim_stops_the_database_too(tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger")
    text = ledger.read_text(encoding="utf-8").replace("kind: prediction", "kind: guess")
    ledger.write_text(text, encoding="utf-8")
    db = tmp_path / "out.db"
    code, _, err = run("export", "-f", "sqlite", "-o", str(db), ledger=ledger)
    assert code == 2 and not db.exists()
    code, _, err = run("export", "-f", "sqlite", "-o", str(db), "--allow-invalid", ledger=ledger)
    assert code == 0, err
    assert "(1 invalid, left out)" in err
    assert rows(db, "select count(*) from claims") == [(2,)]


def _data_desk_blocks() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For the data desk\n", 1)[1].split("\n## ", 1)[0]
    found: list[tuple[str, str]] = re.findall(
        r"<!-- run: (.+?) -->\n```\w*\n\$ .+?\n(.*?)```", section, re.S
    )
    return found


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_the_readme_queries_give_what_it_shows(tmp_path: Path) -> None:
    blocks = _data_desk_blocks()
    assert len(blocks) >= 3 and "export --format sqlite" in blocks[0][0]
    db = tmp_path / "readme.db"
    export(db, ledger=SHIPPED_LEDGER)
    for cmd, shown in blocks:
        query = re.search(r'sqlite3 -header /tmp/factcheck\.db "(.+?)"', cmd)
        assert query, cmd
        done = subprocess.run(
            ["sqlite3", "-header", str(db), query.group(1)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert shown.startswith(done.stdout), cmd
