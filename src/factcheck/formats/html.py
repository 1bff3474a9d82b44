"""The report page (``report --html``): one self-contained HTML file, inline CSS and JS, no
network requests. This module assembles the page; where claims sit in the article comes from
``layout``, each claim's verdict from ``verdict``, the page's sections from ``reportparts``.

The page leads with what was found (the claims needing a reader's attention, each as the
restated claim, its verdict and its correction), then the article with those claims highlighted
(supported claims and opinions on request), every claim, who reviewed it and how, and the
sources. ClaimReview JSON-LD (``claimreview``) is embedded when the reviewer is known.

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
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from factcheck import __version__
from factcheck.formats.layout import (
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
from factcheck.formats.reportparts import (
    GROUPS,
    accountability_html,
    boxes,
    found_html,
    h,
    sources_html,
    table_html,
)
from factcheck.formats.verdict import verdict_of
from factcheck.ledger.models import Claim, Kind, Ledger, Rating, Review
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


_h = h


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


def searched(claim: Claim | None) -> str | None:
    """What was searched for an unsourced claim: its ``ignore: unsourced`` reason, if any."""
    if claim is None or claim.status.value != "unsourced":
        return None
    reasons = [i.reason for i in claim.ignore if i.rule == "unsourced" and i.reason]
    return " ".join(reasons) or None


def claim_data(records: Sequence[Record], lay: Layout, ledger: Ledger) -> list[dict[str, Any]]:
    """What the page needs about each claim (inert strings, http(s) links only)."""
    placed = {s.claim_id: s for s in lay.spans}
    claims = {c.id: c for c in ledger.claims}
    out = []
    for n, r in enumerate(records):
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
        v = verdict_of(r["status"], r["rating"])
        out.append(
            {
                "id": r["id"],
                "order": span.start if span is not None else len(lay.text) + n,
                "status": r["status"],
                "kind": r["kind"],
                "section": r["section"],
                "speaker": r["speaker"],
                "quote": r["quote"],
                "claim": r["claim"],
                "heading": r["claim"] or r["quote"],
                "note": r["note"],
                "searched": searched(claims.get(r["id"])),
                "tags": r["tags"],
                "rating": r["rating"],
                "rating_value": _rating_value(r["rating"]),
                "verdict": {
                    "label": v.label,
                    "mark": v.mark,
                    "tone": v.tone,
                    "value": v.value,
                    "qualifier": v.qualifier,
                },
                "group": v.group,
                "evidence": evidence,
                "anchored": span is not None,
                "overlaps": overlaps,
            }
        )
    return _inert_all(out)  # type: ignore[no-any-return]


def _article_html(
    lay: Layout, headings: set[str], data: dict[str, dict[str, Any]], title: str
) -> tuple[str | None, str]:
    """The article's paragraphs with the claims as spans: (the headline's inner HTML when the
    article's first paragraph is its title, so the page's <h1> is the article's own; the body).
    """
    spans = lay.spans
    nested = depths(spans)
    out: list[str] = []
    headline: str | None = None
    seen: set[int] = set()
    for n, (lo, hi) in enumerate(paragraphs(lay.text)):
        line = lay.text[lo:hi].strip()
        is_title = n == 0 and " ".join(line.split()).casefold() == title.casefold()
        tag = "h3" if n > 0 and line.casefold() in headings else "p"
        parts = []
        for e in nested_events(spans, lo, hi, seen):
            if isinstance(e, Open):
                s = spans[e.span]
                c = data[s.claim_id]
                v = c["verdict"]
                attrs = [
                    f'class="claim tone-{_h(v["tone"])} d{min(nested[e.span], 3)}"',
                    f'data-id="{_h(s.claim_id)}"',
                    f'data-group="{_h(c["group"])}"',
                    f'data-kind="{_h(s.kind)}"',
                ]
                if e.head:
                    attrs += [
                        "data-head",
                        f'id="q-{_h(s.claim_id)}"',
                        'tabindex="0"',
                        'role="button"',
                        f'aria-label="{_h(v["label"])}: {_h(c["heading"])}"',
                    ]
                parts.append(f"<span {' '.join(attrs)}>")
            elif isinstance(e, Close):
                if e.tail:  # the verdict's mark after the span's last fragment
                    mark = _h(data[spans[e.span].claim_id]["verdict"]["mark"])
                    parts.append(f'<span class="vmark" aria-hidden="true">{mark}</span>')
                parts.append("</span>")
            else:
                assert isinstance(e, Chunk)
                parts.append(_h(lay.text[e.start : e.end]))
        if is_title:
            headline = "".join(parts)
            continue
        out.append(f"<{tag}>{''.join(parts)}</{tag}>")
    return headline, "\n".join(out)


def _tally(data: Sequence[dict[str, Any]], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in data:
        counts[c[key]] = counts.get(c[key], 0) + 1
    return counts


def _csp_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass(frozen=True)
class ReportPage:
    """The page, how many claims need attention, and what the page had to say is missing."""

    html: str
    attention: int
    missing: list[str] = field(default_factory=list)


def missing_review(review: Review) -> list[str]:
    """What of the accountability block the ledger (and the options) leave unsaid."""
    wanted = (
        ("reviewer", "who reviewed it (reviewer)"),
        ("reviewer_url", "the reviewer's address (reviewer_url)"),
        ("published", "the review date (published)"),
        ("methodology", "the methodology (methodology)"),
        ("corrections", "how to ask for a correction (corrections)"),
    )
    return [why for key, why in wanted if not getattr(review, key)]


def build_report(
    ledger: Ledger, records: Sequence[Record], *, review: Review | None = None
) -> ReportPage:
    """The whole report page for the claim ``records`` of ``ledger`` (anchors included).

    ``review`` is the ledger's ``review:`` with the command's options laid over it (default:
    the ledger's). ``report.html`` is a ``str.format`` template: its ``{name}`` fields are
    filled in here, and it holds no other braces (the stylesheet and the script go in as values).
    """
    from factcheck.formats.claimreview import claim_reviews, reviewer_of

    review = review if review is not None else ledger.review
    text = ledger.article_text or ""
    lay = layout(text, records)
    data = claim_data(records, lay, ledger)
    by_id = {c["id"]: c for c in data}
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
    headline, body = _article_html(lay, headings, by_id, " ".join(title.split()))
    style = stylesheet()
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
    missing = missing_review(review)
    reviewer = reviewer_of(review)
    chosen = {r["id"] for r in records}
    if reviewer is not None:
        reviews = claim_reviews(
            ledger,
            [c for c in ledger.claims if c.id in chosen],
            reviewer=reviewer,
            review_url=review.url,
            date=review.published,  # none given: none claimed (the page says it is missing)
            updated=review.updated,
        ).items
        jsonld = (
            '<script type="application/ld+json" id="claimreview">'
            f"{json_for_script(_inert_all(reviews))}</script>"
        )
    else:
        jsonld = ""
        missing.append("ClaimReview markup, which needs the reviewer's name and address")
    reviewed = (
        f"Reviewed by {_h(review.reviewer)}"
        + (f" · {_h(review.published)}" if review.published else "")
        + (f" · updated {_h(review.updated)}" if review.updated else "")
        if review.reviewer
        else '<span class="missing">Reviewer not named</span>'
    )
    groups = _tally(data, "group")
    group_boxes = boxes(
        "group",
        [(g, f'{label} <span class="muted">{groups.get(g, 0)}</span>') for g, label in GROUPS],
        {"attention"},
    )
    filter_groups = boxes(
        "group",
        [(g, f'{label} <span class="muted">{groups.get(g, 0)}</span>') for g, label in GROUPS],
        {g for g, _ in GROUPS},
    )
    kinds = _tally(data, "kind")
    kind_boxes = boxes(
        "kind",
        [(k, f'{k} <span class="muted">{kinds.get(k, 0)}</span>') for k in KINDS],
        set(KINDS),
    )
    page = asset("report.html").format(
        csp=_h(csp),
        title=_h(title),
        headline=headline if headline is not None else _h(title),
        style=style,
        byline=_h(" · ".join(byline)),
        original=original,
        reviewed=reviewed,
        version=_h(__version__),
        found=found_html(data),
        highlight=group_boxes,
        article=body,
        unplaced=unplaced,
        filter_groups=filter_groups,
        filter_kinds=kind_boxes,
        rows=table_html(data),
        total=len(data),
        about=accountability_html(review, missing),
        sources=sources_html(ledger, data),
        data=json_for_script({"claims": data}),
        jsonld=jsonld,
        script=code,
    )
    return ReportPage(page, groups.get("attention", 0), missing)
