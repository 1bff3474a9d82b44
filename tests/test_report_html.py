"""report --html: a self-contained page, every ledger string escaped, links only http(s)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck.formats.html import asset, json_for_script, script, stylesheet
from factcheck.text.inert import safe_url
from tests.cli_runner import run
from tests.demo_ledger import SOURCES, write_ledger


def build(tmp_path: Path) -> str:
    write_ledger(tmp_path / "ledger")
    out = tmp_path / "report.html"
    args = ["report", "--html", str(out), "-l", str(tmp_path / "ledger")]
    result = run(*args)
    assert result.code == 0, result.stderr
    assert "7 claims, 3 needing attention, 6 placed in the article" in result.stderr
    return out.read_text(encoding="utf-8")


class Walker(HTMLParser):
    """Collects tags, attributes and the nesting of the page; fails on mis-nested elements."""

    VOID = frozenset({"meta", "input", "br", "img", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._grab: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("script", "style"):
            self._grab = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        self._grab = None

    def handle_data(self, data: str) -> None:
        if self._grab == "script":
            self.scripts[-1] += data
        elif self._grab == "style":
            self.styles[-1] += data


def walk(page: str) -> Walker:
    w = Walker()
    w.feed(page)
    w.close()
    assert w.stack == []
    return w


def test_page_is_well_nested_and_highlights_each_anchored_claim_once(tmp_path: Path) -> None:
    w = walk(build(tmp_path))
    heads = [str(a["data-id"]) for t, a in w.tags if "data-head" in a]
    assert sorted(heads) == sorted(
        [
            "headline",
            "output-fell",
            "output-figure",
            "worst-in-decades",
            "talks-resume",
            "bold-move",
        ]
    )
    # output-figure and worst-in-decades cross: one of them is split into two fragments.
    fragments = [a["data-id"] for t, a in w.tags if "claim" in (a.get("class") or "").split()]
    assert len(fragments) == len(heads) + 1
    rows = [a["data-id"] for t, a in w.tags if t == "tr" and "data-id" in a]
    assert len(rows) == 7 and "lost-quote" in rows


def test_no_network_requests_possible(tmp_path: Path) -> None:
    page = build(tmp_path)
    w = walk(page)
    assert not [t for t, a in w.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in w.tags if "src" in a]
    assert "@import" not in page and "url(" not in " ".join(w.styles)
    csp = next(a["content"] for t, a in w.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    # The policy allows exactly the page's own script and style (data blocks are not run).
    script_tags = [a for t, a in w.tags if t == "script"]
    assert {a.get("type") for a in script_tags} <= {None, "application/json", "application/ld+json"}
    code = [s for a, s in zip(script_tags, w.scripts, strict=True) if "type" not in a]
    assert len(code) == 1 and f"'sha256-{digest(code[0])}'" in csp
    assert len(w.styles) == 1 and f"'sha256-{digest(w.styles[0])}'" in csp


def test_every_ledger_string_is_escaped(tmp_path: Path) -> None:
    page = build(tmp_path)
    body = page.split('<script type="application/json"')[0]
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Officials &lt;b&gt;insist&lt;/b&gt; &amp; the talks" in body
    assert "<img" not in page and "</script><img" not in page
    assert "\u202e" not in page
    data_json = page.split('id="factcheck-data">')[1].split("</script>")[0]
    assert "<" not in data_json and ">" not in data_json and "&" not in data_json
    data = json.loads(data_json)
    says = data["claims"][0]["evidence"][0]["says"]
    assert says == "The agency put the fall at 4.5% </script><img src=x onerror=alert(1)>"
    assert data["claims"][0]["note"] == "It was 4.5%, not 4.9% \\u202e evil"


def test_links_are_http_only(tmp_path: Path) -> None:
    page = build(tmp_path)
    hrefs = [a["href"] for t, a in walk(page).tags if t == "a" and a.get("href")]
    assert hrefs
    for href in hrefs:
        assert href is not None
        assert href.startswith(("https://", "http://", "#")), href
    assert SOURCES["ministry-statement"]["url"] not in page
    assert "https://example.com/wire?a=1&amp;b=&lt;2&gt;" in page


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("//example.org", False),
        ("https://", False),
        ("ftp://example.org", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_json_for_script_cannot_close_the_element() -> None:
    dumped = json_for_script({"x": "</script><!-- & \u2028"})
    assert not re.search(r"[<>&\u2028]", dumped)
    assert json.loads(dumped) == {"x": "</script><!-- & \u2028"}


def test_report_to_stdout(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    result = run("report", "--html", "-", "-l", str(tmp_path))
    assert result.code == 0
    assert result.stdout.startswith("<!doctype html>")


def test_report_needs_an_article_text(tmp_path: Path) -> None:
    sources = {k: {f: v for f, v in d.items() if f != "text"} for k, d in SOURCES.items()}
    write_ledger(tmp_path, sources=sources)
    out = tmp_path / "r.html"
    result = run("report", "--html", str(out), "-l", str(tmp_path))
    assert result.code == 2 and not out.exists()


def test_page_template_style_and_script_ship_as_package_data(tmp_path: Path) -> None:
    """The page's template, CSS and JS are files of the package, found through importlib."""
    from importlib.resources import files

    folder = files("factcheck.formats")
    for name in ("report.html", "report.css", "report.js"):
        assert folder.joinpath(name).is_file(), name
    assert asset("report.html").startswith("<!doctype html>\n")
    page = build(tmp_path)
    assert f"<style>{stylesheet()}" in page
    assert f"<script>{script()}</script>" in page
