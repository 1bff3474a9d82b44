"""HTML and script in every field the HTML report shows: the page holds them as text.

One ledger puts script tags, attribute break-outs, ``</script>``, ``javascript:`` addresses,
line and paragraph separators and bidi overrides into the quoted article text, every claim
field, the evidence, the sources and the article's own record. The report (the real CLI, in a
child) is parsed with the standard library's ``html.parser``: only the page's own elements and
its two scripts exist, no attribute starts with ``on``, every link is ``#…`` or http(s), the CSP
allows only the page's own script and style, and the payloads come back as text and as JSON
data. The same page is then opened in headless Chromium (when installed): after its self-test
has clicked every claim, the live DOM holds no injected element and the injected scripts did
not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from factcheck.formats.html import script
from tests.chromium import find_chromium, run_chromium
from tests.hostile.hostile_helpers import ARTICLE_SOURCE, BIDI, make_ledger, q, run_cli, write

SCRIPT_TAG = "<script>document.title='PWNED';document.body.dataset.pwned=1</script>"
ATTR_BREAK = "\"><img src=x onerror=alert(1) id=pwned-img>'><svg onload=alert(1)>"
CLOSE_SCRIPT = "</script><script>alert(1)</script><!--"
SEPARATORS = "line\u2028para\u2029end"
BIDI_TEXT = "\u202eevil\u2066x\u2069\u200f"
PAYLOAD = " ".join([SCRIPT_TAG, ATTR_BREAK, CLOSE_SCRIPT, SEPARATORS, BIDI_TEXT, "&amp; {csp}"])
JS_URL = "javascript:alert(document.domain)"
STATIC_PLACES = 22  # where the page's HTML shows the payload (see below)
QUOTE = f"The minister said {PAYLOAD} on Tuesday."
ARTICLE = f"Headline {SCRIPT_TAG}\n\nIntro sentence. {QUOTE} The end.\n"

CLAIMS = f"""format: 1
article: art
claims:
  - id: evil
    quote: {q(QUOTE)}
    claim: {q(PAYLOAD)}
    kind: fact
    speaker: {q(PAYLOAD)}
    section: {q(PAYLOAD)}
    tags: [{q(PAYLOAD)}, {q(ATTR_BREAK)}]
    rating: {q(PAYLOAD)}
    note: {q(PAYLOAD)}
    evidence:
      - source: src
        stance: supports
        says: {q(PAYLOAD)}
        locator: {q(PAYLOAD)}
      - source: js
        stance: contradicts
        says: {q(PAYLOAD)}
      - source: src
        stance: {q(ATTR_BREAK)}
        says: an invalid stance (the evidence is dropped, with a finding)
  - id: lost
    quote: {q("Not in the article " + PAYLOAD)}
    kind: opinion
    rating: misleading
    note: {q(PAYLOAD)}
"""
SOURCE = f"""id: src
type: news
title: {q(PAYLOAD)}
publisher: {q(PAYLOAD)}
issued: {q(PAYLOAD)}
url: {q("https://example.org/a" + ATTR_BREAK)}
"""
JS_SOURCE = f"""id: js
type: news
title: {q(PAYLOAD)}
publisher: P
issued: 2021
url: {q(JS_URL)}
"""
ARTICLE_RECORD = (
    ARTICLE_SOURCE.replace("title: The article", "title: " + q(PAYLOAD))
    .replace("publisher: A paper", "publisher: " + q(PAYLOAD) + "\nauthor: [" + q(PAYLOAD) + "]")
    .replace("url: https://example.org/a", "url: " + q(" JavaScript:alert(1)"))
)

# Every element the report itself writes; anything else came from the ledger.
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "article", "aside",
    "section", "footer", "h1", "h2", "h3", "p", "div", "span", "b", "q", "a", "ul", "li", "button",
    "form", "fieldset", "legend", "label", "input", "output", "table", "thead", "tbody", "tr", "th",
    "td", "script", "pre", "h4", "blockquote", "dl", "dt", "dd", "ol",
}  # fmt: skip


class Page(HTMLParser):
    """Every element with its attributes, the text nodes, and the scripts' contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"a comment in the page: {data[:80]!r}")


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def sha256_source(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def assert_structure(p: Page, *, live: bool) -> None:
    """Only the page's own elements, handlers and links; ``live``: the DOM after the script ran."""
    extra = {tag for tag, _ in p.tags} - PAGE_TAGS
    assert not extra, f"elements from the ledger: {extra}"
    for tag, attrs in p.tags:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"<{tag}> has event handlers {handlers}"
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip()
            if value:
                assert value.startswith(("#", "http://", "https://")), f"<{tag} {name}={value!r}>"
        assert "pwned-img" not in (attrs.get("id") or "")
        assert "data-pwned" not in attrs
    # exactly the page's own two scripts: the JSON data and the code, unchanged
    assert [a for a, _ in p.scripts] == [
        {"type": "application/json", "id": "factcheck-data"},
        {},
    ]
    assert p.scripts[1][1] == script()
    metas = [a for t, a in p.tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1 and metas[0]["http-equiv"] == "Content-Security-Policy"
    csp = metas[0]["content"] or ""
    assert csp.startswith("default-src 'none'; ")
    assert f"script-src {sha256_source(script())};" in csp
    assert re.search(r"style-src 'sha256-[A-Za-z0-9+/=]+';", csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    if not live:
        titles = [t for t, _ in p.tags if t == "title"]
        assert len(titles) == 1


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("evil-html")
    make_ledger(root, CLAIMS, {"src.yaml": SOURCE, "js.yaml": JS_SOURCE}, article=ARTICLE)
    write(root / "sources" / "art.yaml", ARTICLE_RECORD)
    out = root / "report.html"
    run = run_cli(["report", "--html", str(out), "--ledger", str(root)], cwd=root)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err and len(run.err.splitlines()) == 2, run.err
    assert run.err.splitlines()[1].startswith("note: the page says it lacks who reviewed it")
    return out, out.read_text("utf-8")


def test_the_page_has_only_its_own_elements_scripts_and_links(report: tuple[Path, str]) -> None:
    _, page = report
    assert_structure(parse(page), live=False)
    for tag, attrs in parse(page).tags:
        for value in attrs.values():
            assert "javascript:" not in (value or "").lower(), (tag, attrs)


def test_every_payload_comes_back_as_text(report: tuple[Path, str]) -> None:
    _, page = report
    p = parse(page)
    text = "".join(p.text)
    # The payloads are text nodes, whole: in the article (headline and quote), <title>, <h1>,
    # the byline (author, publisher), "What we found" (both claims' headings and notes), the
    # table (section, quote, heading and note of both, the two sources' titles) and the sources
    # list (two titles, a publisher): 22 places. The other fields (speaker, tags, says, locator)
    # are only in the JSON data, for the detail panel (see Chromium below).
    assert text.count(SCRIPT_TAG) == STATIC_PLACES, text.count(SCRIPT_TAG)
    assert text.count(ATTR_BREAK) == STATIC_PLACES - 1  # the headline has only the script tag
    assert text.count(CLOSE_SCRIPT) == STATIC_PLACES - 1
    assert text.count("&amp; {csp}") == STATIC_PLACES - 1  # shown as typed; no template hole
    assert f"Fact-check: {SCRIPT_TAG} " in text  # the <title>
    # bidi overrides and isolates are shown as escapes, never raw
    assert not BIDI.search(page)
    assert "\\u202eevil\\u2066x\\u2069\\u200f" in text
    # the javascript: link is shown as a name only; the https one with a quote stays escaped
    hrefs = [a.get("href") for t, a in p.tags if t == "a" and a.get("href")]
    assert f"https://example.org/a{ATTR_BREAK}" in hrefs
    assert all(h and (h.startswith(("#", "https://"))) for h in hrefs)


def test_the_claim_data_is_json_that_cannot_leave_its_element(report: tuple[Path, str]) -> None:
    _, page = report
    p = parse(page)
    raw = p.scripts[0][1]
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in raw, forbidden
    data: dict[str, Any] = json.loads(raw)
    by_id = {c["id"]: c for c in data["claims"]}
    evil = by_id["evil"]
    inert_payload = PAYLOAD.replace(BIDI_TEXT, "\\u202eevil\\u2066x\\u2069\\u200f")
    for key in ("claim", "speaker", "section", "note"):
        assert evil[key] == inert_payload, key
    assert evil["tags"] == [inert_payload, ATTR_BREAK]
    assert "\u2028" in evil["claim"] and "\u2029" in evil["claim"]  # kept, but escaped in JSON
    urls = {ev["source"]: ev["url"] for ev in evil["evidence"]}
    assert urls == {"src": f"https://example.org/a{ATTR_BREAK}", "js": None}
    # fields with a fixed vocabulary or form never carry ledger text to the page: an invalid
    # rating, stance or date is a `check` finding and is left out
    assert evil["rating"] is None and evil["rating_value"] is None
    assert [ev["stance"] for ev in evil["evidence"]] == ["supports", "contradicts"]
    assert [ev["issued"] for ev in evil["evidence"]] == [None, "2021"]
    assert by_id["lost"]["rating"] == "misleading" and by_id["lost"]["note"] == inert_payload


CHROMIUM = find_chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed")
def test_in_chromium_nothing_injected_runs_or_appears(
    report: tuple[Path, str], tmp_path: Path
) -> None:
    """The page's self-test clicks every claim, which fills the detail panel from the JSON data
    (evidence links too); the DOM dumped afterwards must still be only the page's own."""
    assert CHROMIUM is not None
    page, _ = report
    dom = run_chromium(CHROMIUM, tmp_path / "profile", "--dump-dom", page.as_uri() + "#selftest")
    p = parse(dom.replace("<!DOCTYPE html>", ""))
    assert_structure(p, live=True)
    found = re.search(r'<pre id="selftest-result">(.*?)</pre>', dom, re.S)
    assert found, "the page's own script did not run: " + dom[-300:]
    result = json.loads(html.unescape(found.group(1)))
    assert result["heads"] == ["evil"]
    links = [link for click in result["clicks"] for link in click["links"]]
    assert links == [f"https://example.org/a{ATTR_BREAK}"]  # the javascript: one is not a link
    live_title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert live_title and html.unescape(live_title.group(1)).startswith("Fact-check: ")
    assert "data-pwned" not in dom  # the injected script would have set it on <body>
    # the detail panel (filled by the self-test's clicks, with textContent) shows the claim's
    # note, speaker, section, tags, evidence says, locator, publisher and issued as text
    shown = "".join(p.text).count(SCRIPT_TAG)
    assert shown >= STATIC_PLACES + 8, shown
