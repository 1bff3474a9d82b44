"""report --html leads with what was found: the claims needing attention first (restated, with
their verdict and correction, linked to the article), one verdict per claim, the claim and not
its id as heading, the title once, the accountability block from review: (missing parts said,
never invented), what was searched for unsourced claims, the sources at the end, and the
ClaimReview markup embedded with the page's verdicts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.chromium import find_chromium, run_chromium
from tests.cli_runner import run
from tests.demo_ledger import CLAIMS, write_ledger
from tests.test_claimreview_checklist import with_review


def page_of(root: Path, *extra: str) -> tuple[str, str]:
    out = root / "report.html"
    result = run("report", "--html", str(out), "-l", str(root), *extra)
    assert result.code == 0, result.stderr
    return out.read_text(encoding="utf-8"), result.stderr


def section(page: str, sid: str) -> str:
    found = re.search(rf'<section id="{sid}".*?</section>', page, re.S)
    assert found, sid
    return found.group(0)


def test_what_we_found_leads_the_page(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, err = page_of(tmp_path / "l")
    body = page.split("<body>", 1)[1]
    assert body.index('id="found"') < body.index('id="article"') < body.index('id="about"')
    assert body.index('id="about"') < body.index('id="sources"')
    found = section(page, "found")
    ids = re.findall(r'<li class="finding [^"]*" id="found-([a-z0-9-]+)"', found)
    # worst first: inaccurate, then unverified, then unsubstantiated
    assert ids == ["output-fell", "talks-resume", "headline"]
    fell = re.search(r'id="found-output-fell".*?</li>', found, re.S)
    assert fell is not None
    item = fell.group(0)
    assert '<h3><a href="#q-output-fell">The agency estimated output shrank 4.9% last year.' in item
    assert "</span> Inaccurate</span>" in item and "1/5 · contradicted by a source" in item
    assert '<p class="correction">It was 4.5%, not 4.9% \\u202e evil</p>' in item
    assert "3 needing attention" in err


def test_unsourced_claims_say_what_was_searched(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, _ = page_of(tmp_path / "l")
    item = re.search(r'id="found-headline".*?</li>', section(page, "found"), re.S)
    assert item is not None
    assert "</span> Unsubstantiated</span>" in item.group(0)
    assert "<b>What was searched:</b> a headline" in item.group(0)
    data = json.loads(page.split('id="factcheck-data">')[1].split("</script>")[0])
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id["headline"]["searched"] == "a headline"
    assert by_id["output-fell"]["searched"] is None


def test_one_verdict_per_claim_and_claim_text_as_heading(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, _ = page_of(tmp_path / "l")
    table = section(page, "claims")
    assert "badge" not in page and ">disputed<" not in table
    row = re.search(r'<tr id="claim-output-fell".*?</tr>', table, re.S)
    assert row is not None
    assert row.group(0).count('class="verdict ') == 1
    assert '<b class="claim-text">The agency estimated output shrank 4.9% last year.</b>' in (
        row.group(0)
    )
    assert '<a class="cid" href="#claim-output-fell">#output-fell</a>' in row.group(0)


def test_title_once_and_default_highlights(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, _ = page_of(tmp_path / "l")
    # the article's own headline is the page's h1 (its claim highlighted there), not repeated
    assert page.count("<h1>") == 1
    assert re.search(r"<h1><span [^>]*data-id=\"headline\"", page)
    article = page.split('id="article"')[1].split("</section>")[0]
    assert "A Demo Headline" not in re.sub(r"<[^>]+>", "", article)
    highlight = re.search(r'<form id="highlight".*?</form>', page, re.S)
    assert highlight is not None
    boxes = re.findall(r'value="(\w+)"( checked)?>', highlight.group(0))
    assert boxes == [("attention", " checked"), ("sourced", ""), ("opinion", "")]
    groups = dict(re.findall(r'data-id="([a-z-]+)" data-group="(\w+)"', page))
    assert groups["output-fell"] == "attention" and groups["worst-in-decades"] == "sourced"
    assert groups["bold-move"] == "opinion" and groups["headline"] == "attention"
    # each highlight ends with its verdict's mark, hidden from screen readers (the label says it)
    assert '<span class="vmark" aria-hidden="true">✗</span>' in page


def test_accountability_block_says_what_is_missing(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, err = page_of(tmp_path / "l")
    about = section(page, "about")
    assert about.count('class="missing"') >= 4
    assert "Not given (review: reviewer in claims.yaml)." in about
    assert "factcheck" not in about.split("What the verdicts mean")[0].lower()
    assert 'type="application/ld+json"' not in page  # no reviewer, no markup
    assert "note: the page says it lacks who reviewed it" in err
    for label in ("Accurate", "Mostly accurate", "Misleading", "Unsubstantiated"):
        assert f"</span> {label}</th>" in about


def test_accountability_block_from_the_ledger(tmp_path: Path) -> None:
    with_review(tmp_path / "l")
    page, err = page_of(tmp_path / "l")
    about = section(page, "about")
    assert '<a href="https://ledger-desk.example/" rel="noopener noreferrer">Ledger Desk</a>' in (
        about
    )
    assert "<dd>2026-11-20</dd>" in about and "<dd>2026-11-28</dd>" in about
    assert 'href="https://ledger-desk.example/methodology"' in about
    assert "corrections@ledger-desk.example" in about
    assert 'class="missing"' not in about and "lacks" not in err
    assert "Reviewed by Ledger Desk · 2026-11-20 · updated 2026-11-28" in page
    jsonld = json.loads(page.split('id="claimreview">')[1].split("</script>")[0])
    assert {r["author"]["name"] for r in jsonld} == {"Ledger Desk"}
    assert jsonld[0]["url"].startswith("https://ledger-desk.example/checks/")


def test_options_override_the_ledger_and_are_checked(tmp_path: Path) -> None:
    with_review(tmp_path / "l")
    page, _ = page_of(tmp_path / "l", "--reviewer", "Option Desk", "--date", "2026-12-01")
    assert "Reviewed by Option Desk · 2026-12-01" in page
    bad = run("report", "--html", "-", "-l", str(tmp_path / "l"), "--reviewer-url", "ftp://x")
    assert bad.code == 2 and bad.stdout == ""


def test_sources_listed_at_the_end(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, _ = page_of(tmp_path / "l")
    sources = section(page, "sources")
    cited = {ev["source"] for c in CLAIMS for ev in c.get("evidence", [])}
    assert sorted(re.findall(r'<li id="src-([a-z0-9-]+)">', sources)) == sorted(cited)
    assert "Output fell 4.5% &lt;script&gt;alert(1)&lt;/script&gt;" in sources
    assert "javascript:" not in sources  # the statement's url is not a link


def test_embedded_claimreview_is_a_data_block_that_cannot_end_early(tmp_path: Path) -> None:
    write_ledger(tmp_path / "l")
    page, _ = page_of(
        tmp_path / "l", "--reviewer", "</script><b>x", "--reviewer-url", "https://a.example/"
    )
    raw = page.split('<script type="application/ld+json" id="claimreview">')[1]
    raw = raw.split("</script>")[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data[0]["author"]["name"] == "</script><b>x"
    assert "datePublished" not in data[0]  # no review date given: none claimed
    assert "Reviewed by &lt;/script&gt;&lt;b&gt;x" in page


CHROMIUM = find_chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found (Debian's `chromium`)")
def test_the_report_prints(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    write_ledger(tmp_path / "l")
    page_of(tmp_path / "l")
    pdf = tmp_path / "report.pdf"
    run_chromium(
        CHROMIUM,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        (tmp_path / "l" / "report.html").as_uri(),
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert (
        data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
    )
