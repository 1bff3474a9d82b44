"""Placing claim spans in the article: runs, markers and well-nested markup. No I/O, no styling.

Shared by ``annotate`` (the terminal view in ``terminal``, the ``⟦…⟧[id]`` markers here) and the
report page (``html``).

Claims may nest (a sentence-level opinion holding a clause-level fact) or cross (two quotes that
share a few words). Both are handled the same way: the text is cut at every span boundary into
*runs*, and each run knows the spans covering it, outermost first. From the runs:

- a terminal colours each run by its innermost span and tags ``[id]`` where a span ends;
- :func:`marked_text` writes ``⟦text⟧[id]`` markers (the closing marker names the span, so even
  crossing spans read unambiguously);
- :func:`nested_events` yields open/close events that always nest, re-opening a span as a
  continuation fragment when another span crosses it (the way HTML needs it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from factcheck.formats.records import Record
from factcheck.text.inert import inert, one_line

STATUS_ORDER = ("sourced", "disputed", "opinion", "unsourced")
OPEN_MARK = "⟦"
CLOSE_MARK = "⟧"


@dataclass(frozen=True)
class Span:
    """One claim's quote in the article: character offsets, end exclusive."""

    start: int
    end: int
    claim_id: str
    status: str
    kind: str


@dataclass(frozen=True)
class Run:
    """A stretch of text with the same covering spans (indices into the span list, outer first)."""

    start: int
    end: int
    cover: tuple[int, ...]

    @property
    def innermost(self) -> int | None:
        return self.cover[-1] if self.cover else None


@dataclass(frozen=True)
class Layout:
    """The spans to show, ordered outer-first, and the claims that could not be placed."""

    text: str
    spans: tuple[Span, ...]
    unplaced: tuple[str, ...]


def _order(span: Span) -> tuple[int, int, str]:
    # Earlier first; at the same start the longer (outer) span first.
    return (span.start, -span.end, span.claim_id)


def layout(text: str, records: Sequence[Record]) -> Layout:
    """Spans for the claim records that carry an anchor inside ``text``; the rest are unplaced
    (but claims that quote no article, which have no place in it to lose)."""
    spans: list[Span] = []
    unplaced: list[str] = []
    for r in records:
        if r.get("quote", "") is None:
            continue
        a = r.get("anchor")
        if not a or not 0 <= a["start"] < a["end"] <= len(text):
            unplaced.append(r["id"])
            continue
        spans.append(Span(a["start"], a["end"], r["id"], r["status"], r["kind"]))
    spans.sort(key=_order)
    return Layout(text, tuple(spans), tuple(unplaced))


def runs(spans: Sequence[Span], lo: int, hi: int) -> list[Run]:
    """The text ``lo:hi`` cut at every span boundary; each run lists the spans covering it."""
    inside = [i for i, s in enumerate(spans) if s.end > lo and s.start < hi]
    cuts = {lo, hi}
    for i in inside:
        cuts.add(max(lo, spans[i].start))
        cuts.add(min(hi, spans[i].end))
    out: list[Run] = []
    active: list[int] = []  # kept in span order, so outer-first
    k = 0
    for start, end in pairwise(sorted(cuts)):
        while k < len(inside) and spans[inside[k]].start <= start:
            active.append(inside[k])
            k += 1
        active = [i for i in active if spans[i].end > start]
        out.append(Run(start, end, tuple(active)))
    return out


def depths(spans: Sequence[Span]) -> list[int]:
    """For each span, how many spans enclose it entirely (0 = top level); spans are outer-first."""
    out: list[int] = []
    active: list[Span] = []
    for me in spans:
        active = [s for s in active if s.end > me.start]
        out.append(sum(1 for s in active if me.end <= s.end))
        active.append(me)
    return out


def closing_at(spans: Sequence[Span], cover: Sequence[int], pos: int) -> list[int]:
    """The spans of ``cover`` that end at ``pos``, innermost first (the order their tags go)."""
    return [i for i in reversed(cover) if spans[i].end == pos]


def marked_text(lay: Layout) -> str:
    """The article made inert, each span as ``⟦text⟧[id]``; nested and crossing spans included."""
    opens: dict[int, list[Span]] = {}
    closes: dict[int, list[Span]] = {}
    for s in lay.spans:
        opens.setdefault(s.start, []).append(s)
        closes.setdefault(s.end, []).append(s)
    points = sorted({0, len(lay.text), *opens, *closes})
    out: list[str] = []
    for here, nxt in zip(points, [*points[1:], None], strict=True):
        # Close before opening at the same place; the latest-opened (innermost) closes first.
        for s in sorted(closes.get(here, ()), key=lambda s: (-s.start, s.end, s.claim_id)):
            out.append(f"{CLOSE_MARK}[{s.claim_id}]")
        out.extend(OPEN_MARK for _ in opens.get(here, ()))
        if nxt is not None:
            out.append(inert(lay.text[here:nxt]))
    return "".join(out)


@dataclass(frozen=True)
class Open:
    span: int
    head: bool  # the first fragment of this span (later ones are continuations)


@dataclass(frozen=True)
class Close:
    span: int
    tail: bool  # the last fragment of this span


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int


Event = Open | Close | Chunk


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines of ``text`` (an article paragraph is one line)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def nested_events(spans: Sequence[Span], lo: int, hi: int, seen: set[int]) -> Iterator[Event]:
    """Open/close/text events for ``lo:hi`` that always nest properly.

    ``seen`` collects spans already opened (in earlier blocks), so that a span split across blocks
    or crossed by another span has exactly one head fragment.
    """
    stack: list[int] = []
    for run in runs(spans, lo, hi):
        keep = 0
        while keep < len(stack) and keep < len(run.cover) and stack[keep] == run.cover[keep]:
            keep += 1
        while len(stack) > keep:
            i = stack.pop()
            yield Close(i, tail=spans[i].end <= run.start)
        for i in run.cover[keep:]:
            yield Open(i, head=i not in seen)
            seen.add(i)
            stack.append(i)
        yield Chunk(run.start, run.end)
    while stack:
        i = stack.pop()
        yield Close(i, tail=spans[i].end <= hi)


def status_counts(lay: Layout) -> dict[str, list[str]]:
    """The shown claim ids grouped by status, in the order of the format's status table."""
    groups: dict[str, list[str]] = {s: [] for s in STATUS_ORDER}
    for s in lay.spans:
        groups.setdefault(s.status, []).append(s.claim_id)
    return groups


def plain_legend(lay: Layout) -> str:
    """The legend under ``marked_text``: what the markers mean and which claim has which status."""
    lines = [
        f"legend: {OPEN_MARK}quote{CLOSE_MARK}[id] marks a claim's quote; "
        "spans may nest or cross, each closing marker names its claim"
    ]
    for status, ids in status_counts(lay).items():
        lines.append(f"{status} ({len(ids)}): {', '.join(ids) if ids else '-'}")
    if lay.unplaced:
        lines.append(
            f"not located once in the article ({len(lay.unplaced)}): {', '.join(lay.unplaced)}"
        )
    return "\n".join(inert(line) for line in lines) + "\n"


# --- reading aids of annotate: headings, touching claims, numbered marks, inline notes ---------

_SENTENCE_END = (".", "!", ":", ";", ",", '"', "”", "’", ")", "…")
BOUNDARY = "▏"
"""Drawn where a claim starts right after another of the same status, so the two read apart."""


def line_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets of every line of ``text`` (blank ones included), newline excluded."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def is_heading(line: str) -> bool:
    """Whether an article line is a heading: short (at most 12 words, 100 characters), starting
    with a capital or a digit and ending without a sentence's punctuation."""
    words = line.split()
    if not words or len(words) > 12 or len(line) > 100:
        return False
    first = line.strip()[0]
    return (first.isupper() or first.isdigit()) and not line.rstrip().endswith(_SENTENCE_END)


def touching(spans: Sequence[Span], text: str) -> set[int]:
    """The spans that start where another span of the same status ends (nothing or only spaces
    between): without a boundary they would read as one."""
    ends: dict[str, list[int]] = {}
    for s in spans:
        ends.setdefault(s.status, []).append(s.end)
    out: set[int] = set()
    for i, s in enumerate(spans):
        for end in ends.get(s.status, ()):
            if end <= s.start and not text[end : s.start].strip(" \t"):
                out.add(i)
                break
    return out


def marks(lay: Layout, *, ids: bool) -> list[str]:
    """Each span's tag: its claim id with ``ids``, else its number in reading order (1, 2, …)."""
    return [s.claim_id if ids else str(n) for n, s in enumerate(lay.spans, start=1)]


def disputed_notes(lay: Layout, records: Sequence[Record]) -> dict[int, list[tuple[int, str]]]:
    """For ``--notes``: by article line (0-based), the disputed claims ending on it, as (span
    index, "disputed, rated inaccurate: the note"), in reading order."""
    by_id = {r["id"]: r for r in records}
    out: dict[int, list[tuple[int, str]]] = {}
    for i, s in enumerate(lay.spans):
        if s.status != "disputed":
            continue
        r = by_id.get(s.claim_id, {})
        verdict = "disputed" + (f", rated {r['rating']}" if r.get("rating") else "")
        if r.get("note"):
            verdict += f": {r['note']}"
        out.setdefault(lay.text.count("\n", 0, max(s.end - 1, s.start)), []).append((i, verdict))
    return out


def with_notes(marked: str, notes: dict[int, list[tuple[int, str]]], lay: Layout) -> str:
    """``marked_text`` with each disputed claim's verdict and note on a line under the line it
    ends on: ``    ↳ [id] disputed, rated inaccurate: …`` (inert, one line each)."""
    out: list[str] = []
    for n, line in enumerate(marked.split("\n")):
        out.append(line)
        for i, verdict in notes.get(n, ()):
            out.append(f"    ↳ [{inert(lay.spans[i].claim_id)}] {one_line(verdict)}")
    return "\n".join(out)
