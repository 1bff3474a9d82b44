"""What ``show`` tells about one claim, in which order and under which labels. No rendering.

``text.show_plain`` writes it as labelled lines for a pipe and ``terminal.views.claim_detail``
as Rich renderables; both only lay out what :func:`describe` decides. Every string is already
made safe: one-line values are flattened (``one_line``); the prose fields (quote, claim, note,
what a source says) keep their line breaks but are made inert, for a renderer that wraps text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.text.inert import inert, one_line

if TYPE_CHECKING:
    from factcheck.formats.records import Record

Labelled = tuple[str, str]


@dataclass(frozen=True)
class EvidenceDetail:
    """One piece of evidence: the stance, the source and where in it, then labelled lines."""

    stance: str
    source: str
    locator: str | None
    lines: tuple[Labelled, ...]  # ("title" | "url" | "archive" | "says", text), those set


@dataclass(frozen=True)
class ClaimDetail:
    """One claim as ``show`` presents it, top to bottom."""

    id: str
    status: str
    kind: str
    facts: tuple[Labelled, ...]  # section, speaker, rating, tags: those that are set
    position: str | None  # "line:col" of the quote in the article, when located once
    quote: str  # "" for a claim that quotes no article
    context: tuple[str, str, str] | None  # the quote's sentence: before, the quote, after
    prose: tuple[Labelled, ...]  # ("claim" | "note", text), those that are set
    evidence: tuple[EvidenceDetail, ...]
    ignored: tuple[Labelled, ...]  # (rule, reason) of each silenced check


_EVIDENCE_LINES = (
    ("title", "source_title"),
    ("url", "source_url"),
    ("archive", "source_archive"),
    ("says", "says"),
)


def _evidence(ev: Record) -> EvidenceDetail:
    lines = tuple(
        (label, inert(ev[key]) if label == "says" else one_line(ev[key]))
        for label, key in _EVIDENCE_LINES
        if ev.get(key)
    )
    locator = one_line(ev["locator"]) if ev.get("locator") else None
    return EvidenceDetail(ev["stance"], one_line(ev["source"]), locator, lines)


def describe(r: Record, context: tuple[str, int, int] | None) -> ClaimDetail:
    """The detail of claim record ``r``; ``context`` is the quote's sentence and its offsets."""
    facts = [(key, one_line(r[key])) for key in ("section", "speaker", "rating") if r.get(key)]
    if r.get("tags"):
        facts.append(("tags", ", ".join(one_line(t) for t in r["tags"])))
    anchor = r.get("anchor")
    parts = None
    if context is not None:
        text, start, end = context
        parts = (one_line(text[:start]), one_line(text[start:end]), one_line(text[end:]))
    return ClaimDetail(
        id=one_line(r["id"]),
        status=r["status"],
        kind=r["kind"],
        facts=tuple(facts),
        position=f"{anchor['line']}:{anchor['col']}" if anchor else None,
        quote=inert(r["quote"] or ""),  # "": a claim that quotes no article (format 2)
        context=parts,
        prose=tuple((key, inert(r[key])) for key in ("claim", "note") if r.get(key)),
        evidence=tuple(_evidence(ev) for ev in r["evidence"]),
        ignored=tuple((one_line(i["rule"]), one_line(i["reason"])) for i in r.get("ignore", [])),
    )
