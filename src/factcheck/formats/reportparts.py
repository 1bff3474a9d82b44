"""The report page's sections as HTML: what we found, the claims table, the accountability block
and the sources. No I/O; ``html`` assembles the page.

Every value reaching here from the ledger goes through :func:`h` (made inert, then escaped);
only http(s) addresses become links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any

from factcheck.formats.verdict import DEFINITIONS
from factcheck.ledger.models import Ledger, Review
from factcheck.text.inert import inert, safe_url

# "What we found" lists the claims needing attention, worst first, then in article order.
SEVERITY = (
    "Inaccurate", "Disputed", "Misleading", "Mixed", "Mostly accurate", "Unverified",
    "Unsubstantiated", "Accurate", "Supported", "Opinion, not rated",
)  # fmt: skip
GROUPS = (
    ("attention", "needs attention"),
    ("sourced", "supported or accurate"),
    ("opinion", "opinion"),
)


def h(value: Any) -> str:
    """Ledger text → inert, escaped HTML text."""
    return escape(inert("" if value is None else str(value)), quote=True)


def link(url: str | None, label: str) -> str:
    """``label`` (already HTML) as a link to ``url`` when it is http(s), else as it is."""
    safe = safe_url(url)
    if safe is None:
        return label
    return f'<a href="{h(safe)}" rel="noopener noreferrer">{label}</a>'


def verdict_html(c: dict[str, Any], *, value: bool = True) -> str:
    """The verdict's mark and words (the mark hidden from screen readers: the words say it)."""
    v = c["verdict"]
    out = (
        f'<span class="verdict tone-{h(v["tone"])}"><span class="mark" aria-hidden="true">'
        f"{h(v['mark'])}</span> {h(v['label'])}</span>"
    )
    extra = []
    if value and v["value"] is not None:
        extra.append(f"{v['value']}/5")
    if v["qualifier"]:
        extra.append(h(v["qualifier"]))
    if extra:
        out += f' <span class="muted">{" · ".join(extra)}</span>'
    return out


def _where(c: dict[str, Any]) -> str:
    return f"#q-{h(c['id'])}" if c["anchored"] else f"#claim-{h(c['id'])}"


def found_html(data: Sequence[dict[str, Any]]) -> str:
    """The section that leads the page: the tally, then each claim needing attention as the
    restated claim, its verdict and the one-line correction, linked to its place."""
    tally = Counter(c["verdict"]["label"] for c in data)
    attention = [c for c in data if c["group"] == "attention"]
    rank = {label: i for i, label in enumerate(SEVERITY)}
    attention.sort(key=lambda c: (rank.get(c["verdict"]["label"], 99), c["order"]))
    counts = ", ".join(
        f"<b>{tally[label]}</b> {h(label.lower())}" for label in SEVERITY if tally[label]
    )
    items = []
    for c in attention:
        note = f'<p class="correction">{h(c["note"])}</p>' if c["note"] else ""
        if c["searched"]:
            note += f'<p class="searched"><b>What was searched:</b> {h(c["searched"])}</p>'
        if not note:
            note = '<p class="correction muted">The ledger gives no note for this claim.</p>'
        place = "in the article" if c["anchored"] else "details (not located in the article)"
        items.append(
            f'<li class="finding tone-{h(c["verdict"]["tone"])}" id="found-{h(c["id"])}">'
            f'<h3><a href="{_where(c)}">{h(c["heading"])}</a></h3>'
            f'<p class="verdict-line">{verdict_html(c)}</p>{note}'
            f'<p class="where"><a href="{_where(c)}">{place}</a> · '
            f'<a href="#claim-{h(c["id"])}">evidence</a></p></li>'
        )
    body = (
        f'<ol class="findings">{"".join(items)}</ol>'
        if items
        else '<p class="muted">No claim is disputed, misleading or without a source.</p>'
    )
    return (
        '<section id="found" class="found" aria-labelledby="found-h">'
        '<h2 id="found-h">What we found</h2>'
        f'<p class="tally"><b>{len(data)}</b> claims checked; <b>{len(attention)}</b> need a '
        f"reader's attention. Verdicts: {counts}.</p>{body}</section>"
    )


def table_html(data: Sequence[dict[str, Any]]) -> str:
    """Every claim: the claim as its heading (the id a small anchor), verdict, quote, evidence."""
    rows = []
    for c in data:
        cid = h(c["id"])
        place = (
            f'<a class="goto" href="#q-{cid}">in the article</a>'
            if c["anchored"]
            else '<span class="lost">not located in the article</span>'
        )
        note = f'<div class="note">{h(c["note"])}</div>' if c["note"] else ""
        if c["searched"]:
            note += f'<div class="note searched">What was searched: {h(c["searched"])}</div>'
        evidence = "".join(
            f'<li><span class="stance sn-{h(ev["stance"])}">{h(ev["stance"])}</span> '
            f"{link(ev['url'], h(ev['title'] or ev['source']))}</li>"
            for ev in c["evidence"]
        )
        rows.append(
            f'<tr id="claim-{cid}" data-id="{cid}" data-status="{h(c["status"])}" '
            f'data-group="{h(c["group"])}" data-kind="{h(c["kind"])}">'
            f'<td data-label="claim" class="cl"><b class="claim-text">{h(c["heading"])}</b> '
            f'<a class="cid" href="#claim-{cid}">#{cid}</a><div class="muted">{place}'
            f"{' · ' + h(c['section']) if c['section'] else ''}</div></td>"
            f'<td data-label="verdict" class="vcell">{verdict_html(c)}{note}</td>'
            f'<td data-label="quote" class="quote"><q>{h(c["quote"])}</q></td>'
            f'<td data-label="evidence"><ul class="ev">{evidence}</ul></td>'
            f'<td data-label="kind">{h(c["kind"])}</td>'
            "</tr>"
        )
    return "\n".join(rows)


def boxes(name: str, values: Sequence[tuple[str, str]], on: set[str]) -> str:
    """Check boxes with labels (each box labelled by its own <label>)."""
    return "".join(
        f'<label><input type="checkbox" name="{name}" value="{v}"'
        f"{' checked' if v in on else ''}> {label}</label>"
        for v, label in values
    )


def accountability_html(review: Review, missing: list[str]) -> str:
    """Who reviewed, when, how, and how to ask for a correction; what the ledger does not say
    is said to be missing, never filled in."""

    def absent(what: str) -> str:
        return f'<span class="missing">Not given ({h(what)} in claims.yaml).</span>'

    name = h(review.reviewer) if review.reviewer else None
    if name is not None:
        who = link(review.reviewer_url, name)
        if not review.reviewer_url:
            who += " " + absent("review: reviewer_url")
    else:
        who = absent("review: reviewer")
    same = "".join(f" · {link(u, 'profile')}" for u in review.same_as if safe_url(u) is not None)

    def text_or_link(value: str | None) -> str | None:
        if value is None:
            return None
        return link(value, h(value)) if safe_url(value) else h(value)

    rows = [
        ("Reviewed by", who + same),
        ("Published", h(review.published) if review.published else absent("review: published")),
        ("Updated", h(review.updated) if review.updated else "Not updated since publication."),
        ("Methodology", text_or_link(review.methodology) or absent("review: methodology")),
        ("Corrections", text_or_link(review.corrections) or absent("review: corrections")),
    ]
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    defs = "".join(
        f'<tr><th scope="row"><span class="mark" aria-hidden="true">{h(mark)}</span> '
        f"{h(label)}</th><td>{h(meaning)}</td></tr>"
        for label, mark, meaning in DEFINITIONS
    )
    gaps = (
        '<p class="missing">This report cannot yet say: '
        + "; ".join(h(m) for m in missing)
        + ".</p>"
        if missing
        else ""
    )
    return (
        '<section id="about" class="about" aria-labelledby="about-h">'
        '<h2 id="about-h">About this fact-check</h2>'
        f'<dl class="account">{dl}</dl>{gaps}'
        "<p>Every claim's verdict joins its status, derived from the cited evidence (a source "
        "that contradicts it makes it disputed, one that supports it and none that contradicts "
        "makes it supported, none makes it unsubstantiated), with the reviewer's rating when "
        "there is one: the rating is the verdict, and the evidence qualifies it.</p>"
        '<h3 id="verdicts-h">What the verdicts mean</h3>'
        '<table class="defs" aria-labelledby="verdicts-h"><thead><tr><th scope="col">verdict'
        f'</th><th scope="col">meaning</th></tr></thead><tbody>{defs}</tbody></table>'
        "</section>"
    )


def sources_html(ledger: Ledger, data: Sequence[dict[str, Any]]) -> str:
    """The sources the claims cite, in order of first citation, with how many claims cite each."""
    order: dict[str, int] = {}
    for c in data:
        for ev in c["evidence"]:
            order[ev["source"]] = order.get(ev["source"], 0) + 1
    items = []
    for sid, n in order.items():
        src = ledger.sources.get(sid)
        title = h((src.title if src else None) or sid)
        meta = [h(v) for v in (src.publisher, src.issued) if v] if src else []
        if src and src.author:
            meta.insert(0, h(", ".join(src.author)))
        items.append(
            f'<li id="src-{h(sid)}">{link(src.url if src else None, title)}'
            f"{' · ' + ' · '.join(meta) if meta else ''} "
            f'<span class="muted">(cited by {n} claim{"s" if n != 1 else ""})</span></li>'
        )
    return (
        '<section id="sources" class="sources" aria-labelledby="sources-h">'
        f'<h2 id="sources-h">Sources <span class="muted">({len(items)})</span></h2>'
        f'<ol class="source-list">{"".join(items)}</ol></section>'
    )
