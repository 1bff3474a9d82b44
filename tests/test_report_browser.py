"""The HTML report in a real browser (headless Chromium, Debian's `chromium` package).

The page is opened as ``report.html#selftest``: its own script clicks every highlighted span,
hovers one, flips the filters, and writes what the page showed as JSON into the DOM, which
``--dump-dom`` hands back. The expectations are computed here, from the ledger, not in the page.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from factcheck.formats.records import article_of, claim_record
from factcheck.formats.verdict import verdict_of
from factcheck.ledger.load import load_ledger
from factcheck.text.inert import inert, safe_url
from tests.chromium import find_chromium, png_size, run_chromium
from tests.cli_runner import run
from tests.demo_ledger import write_ledger
from tests.factory import SHIPPED_LEDGER

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not found: install Debian's `chromium` (apt-get install -y chromium) "
    "or set FACTCHECK_CHROMIUM to run the browser test",
)


def make_report(tmp_path: Path, which: str) -> tuple[Path, list[dict[str, Any]]]:
    ledger = SHIPPED_LEDGER if which == "shipped" else write_ledger(tmp_path / "ledger")
    out = tmp_path / "report.html"
    args = ["report", "--html", str(out), "-l", str(ledger)]
    assert run(*args).code == 0
    loaded = load_ledger(ledger)
    article = article_of(loaded)
    return out, [claim_record(c, loaded, article) for c in loaded.claims]


def selftest(tmp_path: Path, page: Path, width: int = 1280) -> dict[str, Any]:
    assert CHROMIUM is not None
    dom = run_chromium(
        CHROMIUM,
        tmp_path / f"profile-{width}",
        "--dump-dom",
        page.as_uri() + "#selftest",
        width=width,
    )
    found = re.search(r'<pre id="selftest-result">(.*?)</pre>', dom, re.S)
    assert found, "the page's self-test wrote no result: " + dom[-500:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_report_in_chromium(tmp_path: Path, which: str) -> None:
    if which == "shipped" and not SHIPPED_LEDGER.is_file():
        pytest.skip("the shipped ledger is not in this checkout")
    page, records = make_report(tmp_path, which)
    got = selftest(tmp_path, page)
    anchored = [r["id"] for r in records if r["anchor"]]

    # One highlighted span (head fragment) per anchored claim, and nothing else highlighted.
    assert sorted(got["heads"]) == sorted(anchored)
    assert got["distinct"] == len(anchored)
    assert got["fragments"] >= len(anchored)

    # Clicking a span shows that claim, its evidence in full, and links to its sources.
    by_id = {r["id"]: r for r in records}
    assert len(got["clicks"]) == len(anchored)
    for click in got["clicks"]:
        r = by_id[click["id"]]
        assert click["shown"] == r["id"]
        assert click["visible"], f"panel hidden after clicking {r['id']}"
        assert click["selected"] >= 1
        assert click["says"] == [inert(ev["says"]) for ev in r["evidence"]]
        urls = [safe_url(ev["source_url"]) for ev in r["evidence"]]
        assert click["links"] == [inert(u) for u in urls if u]
    assert got["closed"] is True
    # Closing the panel leaves no passage selected or outlined.
    assert got["selected_after_close"] == 0
    assert got["outline_after_close"] == "none"
    assert got["hover"] == got["heads"][-1]

    # By default only the claims needing attention are highlighted; the toggles add the rest.
    attention = [r["id"] for r in records if verdict_of(r["status"], r["rating"]).attention]
    assert sorted(got["lit_default"]) == sorted(i for i in attention if i in anchored)
    assert sorted(got["lit_all"]) == sorted(anchored)
    assert sorted(got["found"]) == sorted(attention)
    assert got["h1"] == 1

    # The filters hide exactly the rows they should, and come back.
    every = [r["id"] for r in records]
    assert got["rows_all"] == every
    assert got["rows_attention"] == [r["id"] for r in records if r["id"] in attention]
    opinions = [r["id"] for r in records if r["kind"] in ("opinion", "prediction")]
    assert got["rows_opinion_kinds"] == opinions
    assert got["rows_reset"] == len(every)
    assert got["shown_text"] == f"showing {len(every)} of {len(every)}"


def test_report_fits_a_phone_and_screenshots(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    page, _ = make_report(tmp_path, "fixture")
    # Headless Chromium opens no window narrower than 500 CSS px; ask for a phone's 390.
    got = selftest(tmp_path, page, width=390)
    assert got["viewport"] <= 500
    assert got["scroll_width"] <= got["viewport"], "the page scrolls sideways on a phone"
    assert got["panel_position"] == "fixed"  # the detail panel becomes a bottom sheet

    shot = tmp_path / "report.png"
    run_chromium(CHROMIUM, tmp_path / "profile-shot", f"--screenshot={shot}", page.as_uri())
    width, height = png_size(shot.read_bytes())
    assert (width, height) == (1280, 900)
    keep = os.environ.get("FACTCHECK_TEST_ARTIFACTS")
    if keep:  # CI keeps the screenshot as an artifact
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report-test.png")
