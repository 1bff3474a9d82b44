"""The report page (``report --html``): one self-contained HTML file, inline CSS and JS, no
network requests. This module owns the page; where claims sit in the article comes from
``layout``.

The page's template, stylesheet and script are files beside this module (``report.html``,
``report.css``, ``report.js``), read when a report is built. Every ledger string is made inert
(``text.inert``) and then HTML-escaped; the claim data reaches the script as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c``,
``\\u003e`` and ``\\u0026``; only http(s) addresses become links. A Content-Security-Policy
forbids every fetch, and allows only the page's own script and style (by hash).

Opening the file with ``#selftest`` appended runs a self-test in the page (it clicks each span,
filters the table) and writes its observations as JSON into ``<pre id="selftest-result">``; the
browser test reads them from the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any

from factcheck import __version__
from factcheck.formats.layout import (
    STATUS_ORDER,
    Chunk,
    Close,
    Layout,
    Open,
    depths,
    layout,
    nested_events,
    paragraphs,
)
from factcheck.formats.records import Record
from factcheck.ledger.models import Kind, Ledger, Rating
from factcheck.text.inert import inert, safe_url

KINDS = tuple(k.value for k in Kind)


@cache
def asset(name: str) -> str:
    """The text of ``name``, a file shipped beside this module."""
    return files("factcheck.formats").joinpath(name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The page's fixed CSS as it stands inside ``<style>`` (on its own lines, as hashed)."""
    return "\n" + asset("report.css")


def script() -> str:
    """The page's script as it stands inside ``<script>`` (on its own lines, as hashed)."""
    return "\n" + asset("report.js")


def _h(value: Any) -> str:
    """Ledger text → inert, escaped HTML text."""
    return escape(inert("" if value is None else str(value)), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment or entity inside it."""
    dumped = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, rep in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        dumped = dumped.replace(ch, rep)
    return dumped


def _inert_all(value: Any) -> Any:
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, list):
        return [_inert_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert_all(v) for k, v in value.items()}
    return value


def _rating_value(rating: str | None) -> int | None:
    return Rating(rating).value_on_scale if rating else None


def claim_data(records: Sequence[Record], lay: Layout, ledger: Ledger) -> list[dict[str, Any]]:
    """What the page's script needs about each claim (inert strings, http(s) links only)."""
    placed = {s.claim_id: s for s in lay.spans}
    out = []
    for r in records:
        span = placed.get(r["id"])
        overlaps = []
        if span is not None:
            overlaps = [
                s.claim_id
                for s in lay.spans
                if s is not span and s.start < span.end and span.start < s.end
            ]
        evidence = []
        for ev in r["evidence"]:
            src = ledger.sources.get(ev["source"])
            evidence.append(
                {
                    "source": ev["source"],
                    "stance": ev["stance"],
                    "says": ev["says"],
                    "locator": ev["locator"],
                    "title": ev["source_title"],
                    "url": safe_url(ev["source_url"]),
                    "publisher": src.publisher if src else None,
                    "issued": src.issued if src else None,
                }
            )
        out.append(
            {
                "id": r["id"],
                "status": r["status"],
                "kind": r["kind"],
                "section": r["section"],
                "speaker": r["speaker"],
                "quote": r["quote"],
                "claim": r["claim"],
                "note": r["note"],
                "tags": r["tags"],
                "rating": r["rating"],
                "rating_value": _rating_value(r["rating"]),
                "evidence": evidence,
                "anchored": span is not None,
                "overlaps": overlaps,
            }
        )
    return _inert_all(out)  # type: ignore[no-any-return]


def summary(records: Sequence[Record]) -> dict[str, Any]:
    """Counts by status and kind, and the share of factual claims with evidence."""
    by_status = {s: sum(1 for r in records if r["status"] == s) for s in STATUS_ORDER}
    by_kind = {k: sum(1 for r in records if r["kind"] == k) for k in KINDS}
    factual = sum(1 for r in records if r["kind"] in ("fact", "attribution"))
    backed = by_status["sourced"] + by_status["disputed"]
    return {
        "claims": len(records),
        "by_status": by_status,
        "by_kind": by_kind,
        "factual": factual,
        "factual_with_evidence": backed,
        "share": backed / factual if factual else None,
    }


def _article_html(lay: Layout, headings: set[str]) -> str:
    spans = lay.spans
    nested = depths(spans)
    out: list[str] = []
    seen: set[int] = set()
    for n, (lo, hi) in enumerate(paragraphs(lay.text)):
        line = lay.text[lo:hi].strip()
        if n == 0:
            tag = 'h2 class="headline"'
        elif line.casefold() in headings:
            tag = "h3"
        else:
            tag = "p"
        parts = [f"<{tag}>"]
        for e in nested_events(spans, lo, hi, seen):
            if isinstance(e, Open):
                s = spans[e.span]
                attrs = [
                    f'class="claim st-{_h(s.status)} d{min(nested[e.span], 3)}"',
                    f'data-id="{_h(s.claim_id)}"',
                    f'data-status="{_h(s.status)}"',
                    f'data-kind="{_h(s.kind)}"',
                ]
                if e.head:
                    attrs += [
                        "data-head",
                        f'id="q-{_h(s.claim_id)}"',
                        'tabindex="0"',
                        'role="button"',
                        f'aria-label="claim {_h(s.claim_id)}, {_h(s.status)}"',
                    ]
                parts.append(f"<span {' '.join(attrs)}>")
            elif isinstance(e, Close):
                if e.tail:  # [id] after the span's last fragment, shown when printed
                    cid = _h(spans[e.span].claim_id)
                    parts.append(f'<span class="tag" aria-hidden="true">{cid}</span>')
                parts.append("</span>")
            else:
                assert isinstance(e, Chunk)
                parts.append(_h(lay.text[e.start : e.end]))
        parts.append(f"</{tag.split()[0]}>")
        out.append("".join(parts))
    return "\n".join(out)


def _evidence_cell(ev: dict[str, Any]) -> str:
    label = _h(ev["title"] or ev["source"])
    link = (
        f'<a href="{_h(ev["url"])}" rel="noopener noreferrer">{label}</a>' if ev["url"] else label
    )
    return f'<li><span class="stance sn-{_h(ev["stance"])}">{_h(ev["stance"])}</span> {link}</li>'


def _table_html(data: Sequence[dict[str, Any]]) -> str:
    rows = []
    for c in data:
        quote = _h(c["quote"])
        restated = f'<div class="restated">{_h(c["claim"])}</div>' if c["claim"] else ""
        where = (
            f'<a class="goto" href="#q-{_h(c["id"])}">{_h(c["id"])}</a>'
            if c["anchored"]
            else f'{_h(c["id"])} <span class="lost">not located in the article</span>'
        )
        rating = _h(c["rating"] or "")
        if c["rating_value"] is not None:
            rating += f' <span class="muted">{c["rating_value"]}/5</span>'
        if c["note"]:
            rating += f'<div class="note">{_h(c["note"])}</div>'
        evidence = "".join(_evidence_cell(ev) for ev in c["evidence"])
        rows.append(
            f'<tr id="claim-{_h(c["id"])}" data-id="{_h(c["id"])}" '
            f'data-status="{_h(c["status"])}" data-kind="{_h(c["kind"])}">'
            f'<td data-label="claim" class="cid">{where}</td>'
            f'<td data-label="status"><span class="badge st-{_h(c["status"])}">'
            f"{_h(c['status'])}</span></td>"
            f'<td data-label="rating" class="verdict">{rating}</td>'
            f'<td data-label="kind">{_h(c["kind"])}</td>'
            f'<td data-label="section">{_h(c["section"] or "")}</td>'
            f'<td data-label="quote" class="quote"><q>{quote}</q>{restated}</td>'
            f'<td data-label="evidence"><ul class="ev">{evidence}</ul></td>'
            "</tr>"
        )
    return "\n".join(rows)


def _filters_html(counts: dict[str, Any]) -> str:
    def boxes(name: str, values: Sequence[str], tally: dict[str, int]) -> str:
        return "".join(
            f'<label><input type="checkbox" name="{name}" value="{v}" checked> '
            f'<span class="badge {"st-" + v if name == "status" else ""}">{v}</span> '
            f'<span class="muted">{tally.get(v, 0)}</span></label>'
            for v in values
        )

    return (
        '<form id="filters" class="filters">'
        f"<fieldset><legend>Status</legend>{boxes('status', STATUS_ORDER, counts['by_status'])}"
        "</fieldset>"
        f"<fieldset><legend>Kind</legend>{boxes('kind', KINDS, counts['by_kind'])}</fieldset>"
        '<output id="shown" aria-live="polite"></output>'
        "</form>"
    )


def _summary_html(counts: dict[str, Any]) -> str:
    total = counts["claims"] or 1
    segments = "".join(
        f'<span class="seg st-{s}" title="{n} {s}" data-n="{n}"></span>'
        for s, n in counts["by_status"].items()
        if n
    )
    legend = "".join(
        f'<li><span class="dot st-{s}"></span><b>{n}</b> {s} '
        f'<span class="muted">{n / total:.0%}</span></li>'
        for s, n in counts["by_status"].items()
    )
    share = (
        f"<b>{counts['factual_with_evidence']} of {counts['factual']}</b> factual claims "
        f"have evidence ({counts['share']:.0%})"
        if counts["share"] is not None
        else "no factual claims"
    )
    return (
        f'<section class="summary" aria-label="summary"><p><b>{counts["claims"]}</b> claims · '
        f'{share}</p><div class="bar" role="img" aria-label="claims by status">{segments}</div>'
        f'<ul class="legend">{legend}</ul></section>'
    )


def _bar_css(counts: dict[str, Any]) -> str:
    return "".join(
        f".bar .seg.st-{s}{{flex-grow:{n}}}" for s, n in counts["by_status"].items() if n
    )


def _csp_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def build_report(ledger: Ledger, records: Sequence[Record]) -> str:
    """The whole report page for the claim ``records`` of ``ledger`` (anchors included).

    ``report.html`` is a ``str.format`` template: its ``{name}`` fields are filled in here, and
    it holds no other braces (the stylesheet and the script go in as values).
    """
    text = ledger.article_text or ""
    lay = layout(text, records)
    data = claim_data(records, lay, ledger)
    counts = summary(records)
    article = ledger.sources.get(ledger.article_id or "")
    title = (article.title if article else None) or ledger.article_id or "article"
    byline = []
    if article is not None:
        if article.author:
            byline.append(", ".join(article.author))
        byline += [v for v in (article.publisher, article.issued) if v]
    url = safe_url(article.url) if article else None
    original = f' · <a href="{_h(url)}" rel="noopener noreferrer">original</a>' if url else ""
    headings = {(r["section"] or "").casefold() for r in records if r["section"]}
    style = stylesheet() + _bar_css(counts)
    code = script()
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(style)}; script-src {_csp_hash(code)}; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    unplaced = (
        f'<p class="lost">{len(lay.unplaced)} claim(s) not located once in the article: '
        + ", ".join(f'<a href="#claim-{_h(u)}">{_h(u)}</a>' for u in lay.unplaced)
        + "</p>"
        if lay.unplaced
        else ""
    )
    return asset("report.html").format(
        csp=_h(csp),
        title=_h(title),
        style=style,
        byline=_h(" · ".join(byline)),
        original=original,
        version=_h(__version__),
        summary=_summary_html(counts),
        article=_article_html(lay, headings),
        unplaced=unplaced,
        filters=_filters_html(counts),
        rows=_table_html(data),
        total=len(data),
        data=json_for_script({"claims": data}),
        script=code,
    )
