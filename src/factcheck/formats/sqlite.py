"""``export --format sqlite``: ledgers as one SQLite database for the data desk. No file I/O.

The database is built in memory and returned as the bytes of a database file; the command
writes them atomically (``editing.atomic``), so a half-written database never exists. Its shape
(schema version ``SCHEMA_VERSION``, in ``PRAGMA user_version`` and the ``meta`` table) is
documented in docs/sqlite.md: tables ``ledgers``, ``claims``, ``evidence``, ``sources``,
``tags`` and, where this Python's SQLite has FTS5, the full-text index ``claims_fts``. Types are
declared, keys are primary and foreign keys, lists are JSON text, there are no BLOBs: what
Datasette and sqlite-utils read without configuration. The same input gives the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Sequence
from typing import NamedTuple

from factcheck.errors import FactcheckError
from factcheck.ledger.models import Claim, Ledger

SCHEMA_VERSION = 1
FTS_MODULE = "fts5"  # tests swap in a module SQLite lacks, as an SQLite without FTS5 would

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE ledgers (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    article_source_id TEXT,
    claims INTEGER NOT NULL,
    evidence INTEGER NOT NULL,
    sources INTEGER NOT NULL
);
CREATE TABLE claims (
    ledger_id INTEGER NOT NULL REFERENCES ledgers(id),
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    rating TEXT,
    kind TEXT NOT NULL,
    section TEXT,
    speaker TEXT,
    quote TEXT,
    claim TEXT,
    note TEXT,
    line INTEGER NOT NULL,
    tags TEXT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE TABLE sources (
    ledger_id INTEGER NOT NULL REFERENCES ledgers(id),
    id TEXT NOT NULL,
    type TEXT,
    title TEXT,
    publisher TEXT,
    issued TEXT,
    url TEXT,
    accessed TEXT,
    note TEXT,
    authors TEXT NOT NULL,
    is_article INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE TABLE evidence (
    ledger_id INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    stance TEXT NOT NULL,
    says TEXT NOT NULL,
    locator TEXT,
    PRIMARY KEY (ledger_id, claim_id, position),
    FOREIGN KEY (ledger_id, claim_id) REFERENCES claims(ledger_id, id),
    FOREIGN KEY (ledger_id, source_id) REFERENCES sources(ledger_id, id)
);
CREATE TABLE tags (
    ledger_id INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (ledger_id, claim_id, tag),
    FOREIGN KEY (ledger_id, claim_id) REFERENCES claims(ledger_id, id)
);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_rating ON claims(rating);
CREATE INDEX evidence_source ON evidence(ledger_id, source_id);
CREATE INDEX tags_tag ON tags(tag);
"""

# The columns claims_fts indexes, as sqlite-utils' enable-fts would make it (Datasette finds it).
FTS_COLUMNS = ("claim", "quote", "note", "section")


class Database(NamedTuple):
    """The database file's bytes and what it holds (for the command's summary)."""

    data: bytes
    claims: int
    evidence: int
    sources: int
    fts: bool  # False when this Python's SQLite has no FTS5: claims_fts was left out


def database(chosen: Sequence[tuple[Ledger, Sequence[Claim]]], *, version: str) -> Database:
    """One database of each ledger with its ``chosen`` claims (every one of its sources).

    ``version`` is factcheck's, recorded in ``meta``. Raises FactcheckError when a ledger uses a
    claim id twice (the claims table's key is the ledger and the id).
    """
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA)
        counts = [
            _insert_ledger(conn, n, ledger, claims) for n, (ledger, claims) in enumerate(chosen, 1)
        ]
        fts = _full_text_index(conn)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "factcheck_version": version,
            "full_text_index": "claims_fts" if fts else "",
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.commit()
        claims, evidence, sources = (sum(c[i] for c in counts) for i in range(3))
        return Database(_file_bytes(conn), claims, evidence, sources, fts=fts)
    finally:
        conn.close()


def _insert_ledger(
    conn: sqlite3.Connection, number: int, ledger: Ledger, claims: Sequence[Claim]
) -> tuple[int, int, int]:
    from factcheck.ledger.discover import display_path

    _require_unique_ids(ledger, claims)
    cited = {ev.source for c in claims for ev in c.evidence}
    sources = [
        (number, s.id, s.type, s.title, s.publisher, s.issued, s.url, s.accessed, s.note,
         _json(s.author), int(s.id == ledger.article_id), 0)
        for s in sorted(ledger.sources.values(), key=lambda s: s.id)
    ] + [
        # cited but not in sources/ (check reports it): a row of its own keeps the foreign key
        (number, sid, *([None] * 7), "[]", int(sid == ledger.article_id), 1)
        for sid in sorted(cited - ledger.sources.keys())
    ]  # fmt: skip
    rows = [
        (number, c.id, c.status.value, c.rating.value if c.rating else None, c.kind.value,
         c.section, c.speaker, c.quote, c.claim, c.note, c.pos.line, _json(c.tags))
        for c in claims
    ]  # fmt: skip
    evidence = [
        (number, c.id, pos, ev.source, ev.stance.value, ev.says, ev.locator)
        for c in claims
        for pos, ev in enumerate(c.evidence, start=1)
    ]
    tags = {(number, c.id, tag) for c in claims for tag in c.tags}
    conn.execute(
        "INSERT INTO ledgers VALUES (?, ?, ?, ?, ?, ?)",
        (number, display_path(ledger.claims_path), ledger.article_id, len(rows), len(evidence),
         len(sources)),
    )  # fmt: skip
    conn.executemany(f"INSERT INTO claims VALUES ({_marks(12)})", rows)
    conn.executemany(f"INSERT INTO sources VALUES ({_marks(12)})", sources)
    conn.executemany(f"INSERT INTO evidence VALUES ({_marks(7)})", evidence)
    conn.executemany("INSERT INTO tags VALUES (?, ?, ?)", sorted(tags))
    return len(rows), len(evidence), len(sources)


def _require_unique_ids(ledger: Ledger, claims: Sequence[Claim]) -> None:
    seen: dict[str, Claim] = {}
    for claim in claims:
        first = seen.setdefault(claim.id, claim)
        if first is not claim:
            raise FactcheckError(
                f"claim id '{claim.id}' is already used at line {first.pos.line}; "
                "a database needs one row per id, so nothing was written",
                path=ledger.claims_path,
                line=claim.pos.line,
                col=claim.pos.col,
                hint="give every claim its own id (factcheck check lists each duplicate)",
            )


def _full_text_index(conn: sqlite3.Connection) -> bool:
    """claims_fts over the claims table (external content), filled; False without FTS5."""
    columns = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
    try:
        conn.execute(
            f"CREATE VIRTUAL TABLE [claims_fts] USING {FTS_MODULE} ({columns}, content=[claims])"
        )
    except sqlite3.OperationalError:  # "no such module": built without FTS5
        return False
    conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    return True


def _file_bytes(conn: sqlite3.Connection) -> bytes:
    """The in-memory database as the bytes of a database file."""
    if sys.version_info >= (3, 11):
        return conn.serialize()
    import tempfile  # pragma: no cover - Python 3.10 has no serialize()
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:  # pragma: no cover
        target = sqlite3.connect(Path(folder) / "export.db")
        try:
            conn.backup(target)
        finally:
            target.close()
        return (Path(folder) / "export.db").read_bytes()


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _marks(n: int) -> str:
    return ", ".join("?" * n)
