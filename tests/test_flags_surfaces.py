"""A reader sees the rating and the note beside the status, not just the colour: list (table,
plain, CSV), show, the HTML report and the ClaimReview export."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from factcheck.formats.terminal.tables import claims_table
from tests import chromium, demo_ledger
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger

LONG_QUOTE = "Food shortage amounted to 860,000 tonnes."


def stdout_of(*args: str, env: dict[str, str] | None = None) -> str:
    """stdout of a run that must succeed."""
    code, out, err = run(*args, env=env)
    assert code == 0, err
    return out


def test_list_plain_and_csv_put_the_rating_beside_the_status(tmp_path: Path) -> None:
    ledger = str(write_ledger(tmp_path))
    lines = stdout_of("list", "--ledger", ledger, "--format", "plain").splitlines()
    assert [line.split("\t")[:4] for line in lines] == [
        ["gdp-contraction", "disputed", "inaccurate", "attribution"],
        ["food-shortage", "sourced", "", "fact"],
        ["talks-resume", "opinion", "", "prediction"],
    ]
    rows = list(csv.reader(io.StringIO(stdout_of("list", "--ledger", ledger, "--format", "csv"))))
    assert rows[0] == ["id", "status", "rating", "kind", "section", "quote"]
    assert rows[1][:3] == ["gdp-contraction", "disputed", "inaccurate"]


def test_list_json_records_carry_rating_and_note(tmp_path: Path) -> None:
    records = json.loads(stdout_of("list", "--ledger", str(write_ledger(tmp_path)), "--json"))
    assert records[0]["rating"] == "inaccurate" and records[0]["note"] == "The BOK figure is 4.5%."
    assert records[0]["schema_version"] == 1


def render(records: list[dict[str, Any]], width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), no_color=True, highlight=False)
    with console.capture() as captured:
        console.print(claims_table(records))
    return captured.get().rstrip("\n").splitlines()


def test_list_table_cuts_the_quote_on_one_line_at_80_columns(tmp_path: Path) -> None:
    claims = copy.deepcopy(BASE_CLAIMS)
    claims[0]["quote"] = "The BOK reported that North Korea’s GDP contracted by 4.9% in 2020."
    records = json.loads(
        stdout_of("list", "--ledger", str(write_ledger(tmp_path, claims)), "--json")
    )
    lines = render(records, 80)
    assert len(lines) == 2 + len(records)  # header, rule, one line a claim: nothing wrapped
    assert all(len(line) <= 80 for line in lines)
    header, _, first, second, third = lines
    assert header.split()[:4] == ["id", "status", "rating", "kind"]
    # the quote has room first, so rating and kind may be cut with an ellipsis at 80 columns
    assert re.match(r"gdp-contraction +disputed +inaccur\S* +attri\S* ", first)
    assert first.endswith("…") and "The BOK" in first  # the quote, cut where the line ends
    assert second.split()[:3] == ["food-shortage", "sourced", "fact"]
    assert re.match(r"talks-resume +opinion +predi\S* ", third)
    wide = render(records, 200)
    assert wide[2].rstrip().endswith("in 2020.") and len(wide) == len(lines)
    assert wide[2].split()[:4] == ["gdp-contraction", "disputed", "inaccurate", "attribution"]


def test_show_puts_the_rating_beside_the_status_and_the_note_in_full(tmp_path: Path) -> None:
    ledger = str(write_ledger(tmp_path))
    shown = stdout_of("show", "gdp-contraction", "--ledger", ledger, "--format", "table")
    head = shown.splitlines()[0]
    assert re.search(r"gdp-contraction\s+disputed\s+rated inaccurate\s+attribution", head)
    assert "note: The BOK figure is 4.5%." in shown
    plain = stdout_of("show", "gdp-contraction", "--ledger", ledger, "--format", "plain")
    assert "rating: inaccurate\n" in plain and "note: The BOK figure is 4.5%.\n" in plain


def report_page(tmp_path: Path) -> Path:
    demo_ledger.write_ledger(tmp_path / "ledger")
    out = tmp_path / "report.html"
    stdout_of("report", "--html", str(out), "-l", str(tmp_path / "ledger"))
    return out


def test_report_table_has_one_verdict_and_the_note(tmp_path: Path) -> None:
    page = report_page(tmp_path).read_text(encoding="utf-8")
    heads = re.findall(r'<th scope="col">(.*?)</th>', page)
    assert heads[:2] == ["claim", "verdict and correction"]
    row = re.search(r'<tr id="claim-output-fell".*?</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r'<td data-label="([a-z ]+)"', row.group(0))
    assert cells[:2] == ["claim", "verdict"]
    verdict = re.search(r'<td data-label="verdict" class="vcell">(.*?)</td>', row.group(0))
    assert verdict is not None
    assert "</span> Inaccurate</span>" in verdict.group(1)
    assert "disputed" not in verdict.group(1)  # one verdict, not a status badge beside it
    assert '<div class="note">It was 4.5%, not 4.9% \\u202e evil</div>' in verdict.group(1)


CHROMIUM = chromium.find_chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found (Debian's `chromium`)")
def test_report_panel_shows_the_verdict_and_the_note(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    page = report_page(tmp_path)
    dom = chromium.run_chromium(
        CHROMIUM, tmp_path / "profile", "--dump-dom", page.as_uri() + "#selftest"
    )
    found = re.search(r'<pre id="selftest-result">(.*?)</pre>', dom, re.S)
    assert found, dom[-500:]
    clicks = {c["id"]: c for c in json.loads(html.unescape(found.group(1)))["clicks"]}
    verdict = "✗ Inaccurate 1/5 · contradicted by a source · attribution"
    assert clicks["output-fell"]["verdict"] == verdict
    assert clicks["output-fell"]["note"] == "It was 4.5%, not 4.9% \\u202e evil"
    assert clicks["worst-in-decades"]["verdict"] == "✓ Accurate 5/5 · fact"
    assert clicks["worst-in-decades"]["note"] is None


def test_claimreview_names_the_rating_and_carries_the_note(tmp_path: Path) -> None:
    demo_ledger.write_ledger(tmp_path)
    args = ["export", "-f", "claimreview", "-l", str(tmp_path), "--date", "2026-11-27"]
    args += ["--review-url", "https://fc.example/r", "--reviewer", "Desk"]
    args += ["--reviewer-url", "https://fc.example/"]
    reviews = {r["url"].rsplit("#claim-", 1)[-1]: r for r in json.loads(stdout_of(*args))}
    disputed = reviews["output-fell"]
    assert disputed["reviewRating"]["alternateName"] == "Inaccurate"
    assert disputed["reviewRating"]["ratingValue"] == 1
    assert disputed["reviewBody"] == "It was 4.5%, not 4.9% \u202e evil"
    assert "reviewBody" not in reviews["output-figure"]  # no note, no body
