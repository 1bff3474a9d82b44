"""The HTML report: one self-contained file (inline CSS and JS, no network requests).

Built with the standard library. Every ledger string is made inert (``textsafe.inert``) and then
HTML-escaped; the claim data reaches the script as JSON inside ``<script type="application/json">``
with ``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e`` and ``\\u0026``; only http(s)
addresses become links. A Content-Security-Policy forbids every fetch, and allows only the page's
own script and style (by hash).

Opening the file with ``#selftest`` appended runs a self-test in the page (it clicks each span,
filters the table) and writes its observations as JSON into ``<pre id="selftest-result">``; the
browser test reads them from the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

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
from factcheck.text.inert import inert

KINDS = tuple(k.value for k in Kind)


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) address, else None (no javascript:, data:, …)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


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
        evidence = "".join(_evidence_cell(ev) for ev in c["evidence"])
        rows.append(
            f'<tr id="claim-{_h(c["id"])}" data-id="{_h(c["id"])}" '
            f'data-status="{_h(c["status"])}" data-kind="{_h(c["kind"])}">'
            f'<td data-label="claim" class="cid">{where}</td>'
            f'<td data-label="status"><span class="badge st-{_h(c["status"])}">'
            f"{_h(c['status'])}</span></td>"
            f'<td data-label="kind">{_h(c["kind"])}</td>'
            f'<td data-label="rating">{rating}</td>'
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
    """The whole report page for the claim ``records`` of ``ledger`` (anchors included)."""
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
    style = CSS + _bar_css(counts)
    script = SCRIPT
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    unplaced = (
        f'<p class="lost">{len(lay.unplaced)} claim(s) not located once in the article: '
        + ", ".join(f'<a href="#claim-{_h(u)}">{_h(u)}</a>' for u in lay.unplaced)
        + "</p>"
        if lay.unplaced
        else ""
    )
    return PAGE.format(
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
        script=script,
    )


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="factcheck {version}">
<title>Fact-check: {title}</title>
<style>{style}</style>
</head>
<body>
<header class="top">
<p class="kicker">Fact-check report</p>
<h1>{title}</h1>
<p class="byline">{byline}{original}</p>
{summary}
</header>
<main class="layout">
<article id="article" class="article" aria-label="the article with its claims highlighted">
{article}
{unplaced}
</article>
<aside id="detail" class="detail empty" aria-live="polite">
<button type="button" id="close" class="close" aria-label="close">×</button>
<div id="detail-body"><p class="muted">Click or hover a highlighted passage to see the claim,
its status, rating, note and evidence. Colours: green sourced, red disputed, blue opinion,
amber unsourced; a passage inside another is underlined twice.</p></div>
</aside>
</main>
<section id="claims" class="claims" aria-label="all claims">
<h2>All claims <span class="muted">({total})</span></h2>
{filters}
<table id="claim-table">
<thead><tr><th>claim</th><th>status</th><th>kind</th><th>rating</th><th>section</th>
<th>quote</th><th>evidence</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</section>
<footer class="foot">Made with factcheck {version}. Status is derived from the evidence:
<b>sourced</b> (supported, nothing contradicts), <b>disputed</b> (a source contradicts it),
<b>opinion</b> (opinion or prediction, needs no source), <b>unsourced</b> (a fact without
evidence). Ratings run from accurate (5) to inaccurate (1).</footer>
<script type="application/json" id="factcheck-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--panel:#f6f8fa;
--sourced:#1a7f37;--sourced-bg:#dafbe1;--disputed:#cf222e;--disputed-bg:#ffebe9;
--opinion:#0969da;--opinion-bg:#ddf4ff;--unsourced:#9a6700;--unsourced-bg:#fff8c5}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:16px/1.6 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:#0550ae}
.muted{color:var(--muted);font-weight:normal}
.top,.layout,.claims,.foot{max-width:1200px;margin:0 auto;padding:0 1.25rem}
.top{padding-top:1.25rem}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;
color:var(--muted)}
h1{margin:.2rem 0;font-size:1.6rem;line-height:1.25}
.byline{margin:0 0 1rem;color:var(--muted)}
.summary{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;
background:var(--panel)}
.summary p{margin:0 0 .5rem}
.bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--line)}
.bar .seg{flex-basis:0}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.5rem 0 0;padding:0;
list-style:none;font-size:.9rem}
.dot{display:inline-block;width:.75em;height:.75em;border-radius:50%;margin-right:.3em}
.seg.st-sourced,.dot.st-sourced{background:var(--sourced)}
.seg.st-disputed,.dot.st-disputed{background:var(--disputed)}
.seg.st-opinion,.dot.st-opinion{background:var(--opinion)}
.seg.st-unsourced,.dot.st-unsourced{background:var(--unsourced)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:2rem;margin-top:1.5rem}
.article{max-width:46rem}
.article .headline{font-size:1.35rem;line-height:1.35}
.article h3{margin:1.6rem 0 .4rem}
.article p{margin:0 0 1rem}
.claim{cursor:pointer;border-bottom:2px solid;border-radius:2px;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
.claim.d1{padding-bottom:3px}.claim.d2{padding-bottom:6px}.claim.d3{padding-bottom:9px}
.claim.st-sourced{background:var(--sourced-bg);border-color:var(--sourced)}
.claim.st-disputed{background:var(--disputed-bg);border-color:var(--disputed)}
.claim.st-opinion{background:var(--opinion-bg);border-color:var(--opinion)}
.claim.st-unsourced{background:var(--unsourced-bg);border-color:var(--unsourced)}
.claim .claim{background-image:linear-gradient(rgba(0,0,0,.05),rgba(0,0,0,.05))}
.claim:hover,.claim:focus{outline:2px solid var(--fg);outline-offset:1px}
.claim.selected{outline:3px solid var(--fg);outline-offset:1px}
.claim.off{background:none;border-bottom-color:transparent;cursor:default}
.tag{display:none}
.lost{color:var(--unsourced)}
.detail{position:sticky;top:1rem;align-self:start;max-height:calc(100vh - 2rem);overflow:auto;
border:1px solid var(--line);border-radius:8px;padding:1rem;background:var(--panel)}
.detail[hidden]{display:none}
.detail.empty .close{display:none}
.detail h3{margin:0 0 .25rem;font-size:1rem;word-break:break-all}
.detail blockquote{margin:.5rem 0;padding-left:.75rem;border-left:3px solid var(--line)}
.detail dl{margin:.25rem 0;display:grid;grid-template-columns:auto 1fr;gap:0 .75rem;
font-size:.9rem}
.detail dt{color:var(--muted)}.detail dd{margin:0}
.detail ol{padding-left:1.2rem}
.detail li{margin:.5rem 0}
.close{float:right;border:0;background:none;font-size:1.4rem;line-height:1;cursor:pointer}
.badge,.stance{display:inline-block;padding:0 .45em;border-radius:1em;font-size:.8rem;
border:1px solid var(--line);background:#fff;white-space:nowrap}
.badge.st-sourced{color:var(--sourced);border-color:var(--sourced)}
.badge.st-disputed{color:var(--disputed);border-color:var(--disputed)}
.badge.st-opinion{color:var(--opinion);border-color:var(--opinion)}
.badge.st-unsourced{color:var(--unsourced);border-color:var(--unsourced)}
.sn-supports{color:var(--sourced)}.sn-contradicts{color:var(--disputed)}
.sn-context{color:var(--muted)}
.linkbtn{border:0;background:none;color:#0550ae;text-decoration:underline;cursor:pointer;
padding:0;font:inherit}
.claims{margin-top:2rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin-bottom:.75rem}
.filters fieldset{border:1px solid var(--line);border-radius:8px;padding:.25rem .75rem;margin:0}
.filters label{margin-right:.75rem;white-space:nowrap}
table{width:100%;border-collapse:collapse;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
th{position:sticky;top:0;background:var(--bg)}
td.cid{word-break:break-all;min-width:9rem}
td.quote q{quotes:"\\201C" "\\201D"}
.restated{color:var(--muted);margin-top:.25rem}
ul.ev{margin:0;padding:0;list-style:none}
tr[hidden]{display:none}
.foot{margin:2rem auto;color:var(--muted);font-size:.85rem}
@media (max-width:900px){
.layout{grid-template-columns:1fr}
.detail{position:fixed;left:0;right:0;bottom:0;top:auto;max-height:55vh;border-radius:12px 12px 0 0;
box-shadow:0 -4px 16px rgba(0,0,0,.15);z-index:2}
.detail.empty{display:none}
}
@media (max-width:640px){
body{font-size:15px}
h1{font-size:1.3rem}
thead{display:none}
table,tbody,tr,td{display:block;width:100%}
tr{border:1px solid var(--line);border-radius:8px;margin-bottom:.75rem;padding:.25rem .5rem}
td{border:0;padding:.15rem 0}
td::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}
}
@media print{
body{font-size:11pt}
.detail,.filters,.close{display:none!important}
.layout{display:block}
.claim{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.tag{display:inline;font-size:.7em;vertical-align:super;color:var(--muted)}
.tag::before{content:"["}.tag::after{content:"]"}
tr[hidden]{display:table-row}
tr{break-inside:avoid}
th{position:static}
ul.ev a[href]::after{content:" <" attr(href) ">";font-size:.8em;word-break:break-all}
a{color:inherit}
}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("factcheck-data").textContent);
  var byId = {};
  data.claims.forEach(function (c) { byId[c.id] = c; });
  var panel = document.getElementById("detail");
  var body = document.getElementById("detail-body");
  var article = document.getElementById("article");
  var form = document.getElementById("filters");
  var pinned = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    return typeof u === "string" && /^https?:\/\/[^\s]/i.test(u) ? u : null;
  }
  function spansOf(id) {
    return Array.prototype.filter.call(
      article.querySelectorAll(".claim"), function (s) { return s.dataset.id === id; });
  }
  function show(id) {
    var c = byId[id];
    if (!c) { return; }
    body.textContent = "";
    body.dataset.claim = id;
    body.appendChild(el("h3", null, c.id));
    var head = el("p");
    head.appendChild(el("span", "badge st-" + c.status, c.status));
    head.appendChild(document.createTextNode(" " + c.kind));
    body.appendChild(head);
    body.appendChild(el("blockquote", "quote", c.quote));
    var dl = el("dl");
    function row(k, v) {
      if (v === null || v === undefined || v === "") { return; }
      dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v));
    }
    row("claim", c.claim);
    var value = c.rating_value ? " (" + c.rating_value + "/5)" : "";
    row("rating", c.rating ? c.rating + value : null);
    row("note", c.note);
    row("speaker", c.speaker);
    row("section", c.section);
    row("tags", c.tags.join(", "));
    body.appendChild(dl);
    var h = el("h4", null, c.evidence.length ? "Evidence" : "No evidence");
    body.appendChild(h);
    var ol = el("ol", "evidence");
    c.evidence.forEach(function (ev) {
      var li = el("li", "ev-item");
      li.appendChild(el("span", "stance sn-" + ev.stance, ev.stance));
      li.appendChild(document.createTextNode(" "));
      var url = safeUrl(ev.url);
      var label = ev.title || ev.source;
      if (url) {
        var a = el("a", "source-link", label);
        a.href = url; a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "source-name", label));
      }
      var meta = [ev.publisher, ev.issued, ev.locator].filter(Boolean).join(" · ");
      if (meta) { li.appendChild(el("div", "muted", meta)); }
      li.appendChild(el("div", "says", ev.says));
      ol.appendChild(li);
    });
    body.appendChild(ol);
    if (c.overlaps.length) {
      var p = el("p", "muted", "Overlaps: ");
      c.overlaps.forEach(function (o) {
        var b = el("button", "linkbtn", o); b.type = "button";
        b.addEventListener("click", function () { select(o, true); });
        p.appendChild(b); p.appendChild(document.createTextNode(" "));
      });
      body.appendChild(p);
    }
    var more = el("a", null, "in the table");
    more.href = "#claim-" + encodeURIComponent(id);
    body.appendChild(more);
    panel.hidden = false;
    panel.classList.remove("empty");
  }
  function select(id, pin) {
    Array.prototype.forEach.call(article.querySelectorAll(".claim.selected"),
      function (s) { s.classList.remove("selected"); });
    spansOf(id).forEach(function (s) { s.classList.add("selected"); });
    if (pin) { pinned = id; }
    show(id);
  }
  article.addEventListener("click", function (e) {
    var s = e.target.closest(".claim");
    if (s && !s.classList.contains("off")) { select(s.dataset.id, true); }
  });
  article.addEventListener("keydown", function (e) {
    var s = e.target.closest(".claim");
    if (s && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault(); select(s.dataset.id, true);
    }
  });
  article.addEventListener("mouseover", function (e) {
    var s = e.target.closest(".claim");
    if (s && !s.classList.contains("off")) { show(s.dataset.id); }
  });
  article.addEventListener("mouseleave", function () {
    if (pinned) { show(pinned); }
  });
  document.getElementById("close").addEventListener("click", function () {
    panel.hidden = true; pinned = null;
  });
  document.getElementById("claim-table").addEventListener("click", function (e) {
    var a = e.target.closest("a.goto");
    if (a) { select(a.closest("tr").dataset.id, true); }
  });

  // #q-ID (scrolls to the claim) and #show=ID (stays put) open the page on that claim.
  var wanted = /^#(?:q-|show=)(.+)$/.exec(window.location.hash);
  if (wanted && byId[decodeURIComponent(wanted[1])]) {
    select(decodeURIComponent(wanted[1]), true);
  }

  function checked(name) {
    return Array.prototype.filter.call(form.elements[name], function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function applyFilters() {
    var st = checked("status"), kd = checked("kind"), shown = 0, rows = 0;
    Array.prototype.forEach.call(document.querySelectorAll("#claim-table tbody tr"), function (tr) {
      var on = st.indexOf(tr.dataset.status) >= 0 && kd.indexOf(tr.dataset.kind) >= 0;
      tr.hidden = !on; rows += 1; if (on) { shown += 1; }
    });
    Array.prototype.forEach.call(article.querySelectorAll(".claim"), function (s) {
      var on = st.indexOf(s.dataset.status) >= 0 && kd.indexOf(s.dataset.kind) >= 0;
      s.classList.toggle("off", !on);
    });
    document.getElementById("shown").textContent = "showing " + shown + " of " + rows;
  }
  form.addEventListener("change", applyFilters);
  applyFilters();
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(form.elements, function (b) { b.checked = true; });
    applyFilters();
  });

  // Opened as report.html#selftest: act as a user would and write what the page showed.
  function visibleRows() {
    return Array.prototype.filter.call(document.querySelectorAll("#claim-table tbody tr"),
      function (tr) { return !tr.hidden && tr.offsetParent !== null; })
      .map(function (tr) { return tr.dataset.id; });
  }
  function setBoxes(name, values) {
    Array.prototype.forEach.call(form.elements[name], function (b) {
      b.checked = values === null || values.indexOf(b.value) >= 0;
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function selftest() {
    var out = {
      viewport: window.innerWidth,
      scroll_width: document.documentElement.scrollWidth,
      panel_position: window.getComputedStyle(panel).position
    };
    var all = article.querySelectorAll(".claim");
    var heads = article.querySelectorAll(".claim[data-head]");
    out.fragments = all.length;
    out.heads = Array.prototype.map.call(heads, function (s) { return s.dataset.id; });
    out.distinct = Object.keys(Array.prototype.reduce.call(all, function (m, s) {
      m[s.dataset.id] = 1; return m; }, {})).length;
    out.clicks = Array.prototype.map.call(heads, function (s) {
      s.click();
      var items = body.querySelectorAll("ol.evidence li");
      return {
        id: s.dataset.id,
        shown: body.dataset.claim,
        visible: !panel.hidden && panel.getBoundingClientRect().height > 0,
        says: Array.prototype.map.call(items, function (li) {
          return li.querySelector(".says").textContent; }),
        links: Array.prototype.map.call(body.querySelectorAll("a.source-link"),
          function (a) { return a.getAttribute("href"); }),
        selected: article.querySelectorAll(".claim.selected").length
      };
    });
    document.getElementById("close").click();
    out.closed = panel.hidden;
    if (heads.length) {
      heads[heads.length - 1].dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      out.hover = body.dataset.claim;
    }
    out.rows_all = visibleRows();
    setBoxes("status", ["disputed"]);
    out.rows_disputed = visibleRows();
    out.spans_on_disputed = article.querySelectorAll(".claim[data-head]:not(.off)").length;
    setBoxes("status", null);
    setBoxes("kind", ["opinion", "prediction"]);
    out.rows_opinion_kinds = visibleRows();
    setBoxes("kind", null);
    out.rows_reset = visibleRows().length;
    out.shown_text = document.getElementById("shown").textContent;
    var pre = el("pre", null, JSON.stringify(out));
    pre.id = "selftest-result";
    document.body.appendChild(pre);
  }
  if (window.location.hash === "#selftest") { selftest(); }
})();
"""
