"""Coloured terminal views: Rich renderables for tables, ``show``, ``stats``, findings, progress
and the annotated article. The only module that imports Rich; what goes to a pipe or a file is
``text``'s.

Everything shown here comes from a ledger and is untrusted: it goes into ``Text`` objects (never
parsed as markup) after ``inert`` has escaped control and bidi-override characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from factcheck.formats.columns import NATURAL, Column, fit
from factcheck.formats.detail import describe
from factcheck.formats.layout import Layout, closing_at, depths, runs, status_counts
from factcheck.formats.records import Record
from factcheck.ledger.models import Finding, Severity
from factcheck.text.inert import inert, one_line

STATUS_STYLE = {
    "sourced": "green",
    "disputed": "bold red",
    "opinion": "cyan",
    "unsourced": "yellow",
}
STANCE_STYLE = {"supports": "green", "contradicts": "red", "context": "dim"}
RATING_STYLE = {
    "accurate": "green",
    "mostly-accurate": "green",
    "mixed": "yellow",
    "misleading": "red",
    "inaccurate": "red",
}
EVIDENCE_STYLE = {"title": "italic", "url": "blue underline", "archive": "blue", "says": ""}


def make_console(*, stderr: bool = False, color: str = "auto", width: int | None = None) -> Console:
    """A console for stdout or stderr honouring --color, NO_COLOR and FORCE_COLOR."""
    if color == "always":
        return Console(stderr=stderr, force_terminal=True, width=width, highlight=False)
    if color == "never":
        return Console(stderr=stderr, no_color=True, width=width, highlight=False, emoji=False)
    return Console(stderr=stderr, width=width, highlight=False, emoji=False)


def rendered(console: Console, renderable: RenderableType) -> str:
    """What ``console.print(renderable)`` would write, colour codes included."""
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def _t(value: Any, style: str = "") -> Text:
    return Text("" if value is None else one_line(str(value)), style=style)


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


WIDE = 120
"""From this width on, two spaces between columns rather than one."""


class Fitted:
    """A table laid out for the width it is drawn at: one line a row, every cell cut with an
    ellipsis where its column ends (``columns.fit`` chooses the widths)."""

    def __init__(
        self,
        heads: Sequence[str],
        natural: Sequence[int],
        cells: Callable[[list[int]], list[list[Text]]],
        *,
        least: Sequence[int],
        flex: int,
        floor: int,
        grow: Sequence[tuple[int, int]],
        right: Sequence[int] = (),
    ) -> None:
        self.heads = heads
        self.columns = [
            Column(max(n, len(h)), le) for h, n, le in zip(heads, natural, least, strict=True)
        ]
        self.cells = cells
        self.flex, self.floor, self.grow, self.right = flex, floor, grow, right

    def widths(self, room: int) -> list[int]:
        gap = 1 if room < WIDE else 2
        return fit(room, self.columns, flex=self.flex, floor=self.floor, grow=self.grow, gap=gap)

    def table(self, room: int) -> Table:
        widths = self.widths(room)
        pad = (0, 0 if room < WIDE else 1, 0, 0)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=pad)
        for i, (head, width) in enumerate(zip(self.heads, widths, strict=True)):
            justify: Any = "right" if i in self.right else "left"
            table.add_column(head, width=width, no_wrap=True, overflow="ellipsis", justify=justify)
        for row in self.cells(widths):
            table.add_row(*row)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)


def _width(text: str) -> int:
    return Text(text).cell_len


def claims_table(records: Sequence[Record], *, show_ledger: bool = False) -> Fitted:
    """id, status, rating, kind, section, quote. At 80 columns at least: the quote 30 characters,
    the id 17, status whole, rating 8, kind 5, section 6; wider, the id reaches 20, kind and
    rating whole, the quote 50, the section 16, then ids and sections whole, the quote the rest."""
    lead = ["ledger"] if show_ledger else []
    heads = [*lead, "id", "status", "rating", "kind", "section", "quote"]
    texts = [
        [
            *([one_line(r["ledger"])] if show_ledger else []),
            one_line(r["id"]),
            r["status"],
            one_line(r["rating"] or ""),
            one_line(r["kind"]),
            one_line(r["section"] or ""),
            one_line(r["quote"]),
        ]
        for r in records
    ]
    natural = [max([0, *(_width(row[i]) for row in texts)]) for i in range(len(heads))]
    at = {name: i for i, name in enumerate(heads)}
    idc, status, rating, kind, section, quote = (
        at[k] for k in ("id", "status", "rating", "kind", "section", "quote")
    )

    def cells(widths: list[int]) -> list[list[Text]]:
        rows = []
        for r, row in zip(records, texts, strict=True):
            shown = [
                Text(row[idc], style="bold"),
                status_text(row[status]),
                Text(row[rating], style=RATING_STYLE.get(r["rating"] or "", "")),
                Text(row[kind]),
                Text(row[section]),
                Text(row[quote]),
            ]
            rows.append([Text(row[0], style="dim"), *shown] if show_ledger else shown)
        return rows

    least = [*([8] if show_ledger else []), 17, NATURAL, 8, 5, 6, 30]
    grow = [(idc, 20), (kind, NATURAL), (rating, NATURAL), (quote, 50), (section, 16)]
    grow += [(idc, NATURAL), (section, NATURAL)]
    if show_ledger:
        grow.insert(1, (0, 16))
        grow.append((0, NATURAL))
    return Fitted(heads, natural, cells, least=least, flex=quote, floor=30, grow=grow)


def marked(text: str, spans: Sequence[tuple[int, int]], style: str = "bold magenta") -> Text:
    """``text`` made inert, with the character ``spans`` of the original text styled."""
    shown = Text()
    pos = 0
    for start, end in spans:
        shown.append(one_line(text[pos:start]))
        shown.append(one_line(text[start:end]), style=style)
        pos = end
    shown.append(one_line(text[pos:]))
    return shown


def highlighted(text: str, spans: Sequence[tuple[int, int]], limit: int = 110) -> Text:
    """``text`` with ``spans`` marked; cut to ``limit`` around the first mark when long."""
    whole = marked(text, spans)
    if len(whole) <= limit:
        return whole
    first = len(one_line(text[: spans[0][0]])) if spans else 0
    start = max(0, min(first - 20, len(whole) - limit))
    shown = Text("…") + whole[start : start + limit] if start else whole[:limit]
    if start + limit < len(whole):
        shown.append("…")
    return shown


def search_table(records: Sequence[Record], spans: Sequence[Sequence[tuple[int, int]]]) -> Fitted:
    """score, id, status, quote, one line a match: the quote shown from a little before its
    first match. At 80 columns the id is 20 characters and the quote 40."""
    heads = ["score", "id", "status", "quote"]
    scores = [f"{r['score']:.1f}" for r in records]
    natural = [
        max([0, *map(len, scores)]),
        max([0, *(_width(one_line(r["id"])) for r in records)]),
        max([0, *(len(r["status"]) for r in records)]),
        max([0, *(_width(one_line(r["quote"])) for r in records)]),
    ]

    def cells(widths: list[int]) -> list[list[Text]]:
        return [
            [
                Text(score),
                _t(r["id"], "bold"),
                status_text(r["status"]),
                highlighted(r["quote"], sp, limit=max(1, widths[3] - 2)),
            ]
            for score, r, sp in zip(scores, records, spans, strict=True)
        ]

    grow = [(1, 24), (3, 60), (1, NATURAL)]
    least = [NATURAL, 20, NATURAL, 30]
    return Fitted(heads, natural, cells, least=least, flex=3, floor=30, grow=grow, right=(0,))


def claim_detail(r: Record, context: tuple[str, int, int] | None) -> RenderableType:
    """One claim in full: the quote in its article sentence, the claim, evidence, verdict."""
    d = describe(r, context)
    head = Text.assemble((d.id, "bold"), "  ", status_text(d.status))
    facts = dict(d.facts)
    if "rating" in facts:
        head.append(f"  rated {facts['rating']}", style=RATING_STYLE.get(facts["rating"], ""))
    head.append(f"  {d.kind}", style="dim")
    parts: list[RenderableType] = [head]
    meta = [f"{label}: {value}" for label, value in d.facts if label != "rating"]
    if d.position:
        meta.append(f"article {d.position}")
    if meta:
        parts.append(Text("  ·  ".join(meta), style="dim"))
    if d.context is not None:
        before, quote, after = d.context
        shown = Text.assemble(before, (quote, "bold reverse"), after)
        parts.append(Panel(shown, title="in the article", title_align="left", box=box.ROUNDED))
    else:
        parts.append(
            Panel(
                Text(d.quote),
                title="quote (not located in the article)",
                title_align="left",
                border_style="red",
            )
        )
    parts += [Text.assemble((f"{label}: ", "bold"), value) for label, value in d.prose]
    if d.evidence:
        parts.append(Text("evidence", style="bold"))
        for ev in d.evidence:
            line = Text("  • ")
            line.append(ev.stance, style=STANCE_STYLE.get(ev.stance, ""))
            line.append(f"  {ev.source}", style="bold")
            if ev.locator:
                line.append(f" ({ev.locator})", style="dim")
            parts.append(line)
            parts += [Text("    " + text, style=EVIDENCE_STYLE[label]) for label, text in ev.lines]
    else:
        parts.append(Text("no evidence", style="yellow"))
    parts += [Text(f"ignored: {rule} — {reason}", style="dim") for rule, reason in d.ignored]
    return Group(*parts)


def stats_view(r: Record) -> RenderableType:
    def counts(title: str, data: dict[str, int], styles: dict[str, str] | None = None) -> Table:
        t = Table(
            title=title,
            box=box.SIMPLE_HEAD,
            show_edge=False,
            title_justify="left",
            title_style="bold",
        )
        t.add_column(title.split()[-1], no_wrap=True, overflow="ellipsis")
        t.add_column("claims", justify="right", no_wrap=True)
        for key, n in data.items():
            t.add_row(Text(one_line(key), style=(styles or {}).get(key, "")), str(n))
        return t

    share = r["sourced_share"]
    summary = Text.assemble(
        (f"{r['claims']} claims", "bold"),
        f" from {len(r['ledgers'])} ledger(s), {r['sources']} sources; ",
        (f"{r['factual_with_evidence']} of {r['factual']}", "bold"),
        " factual claims have evidence",
        f" ({share:.0%})" if share is not None else "",
    )
    return Group(
        summary,
        Text(""),
        counts("by status", r["by_status"], STATUS_STYLE),
        counts("by kind", r["by_kind"]),
        counts("by section", r["by_section"]),
    )


def sources_table(records: Sequence[Record]) -> Fitted:
    """id, claims, stances, publisher, issued, title; dates are never cut. At 80 columns at least:
    the title 24 characters, the id 14, stances 11, publisher 10; wider, the id reaches 18, stances
    whole, the title 40, the publisher 20, then the id whole, the title 60, the publisher whole
    and the title the rest."""
    heads = ["id", "claims", "stances", "publisher", "issued", "title"]
    stances: list[Text] = []
    for r in records:
        st = r["stances"]
        shown = Text()
        for key, label in (("supports", "sup"), ("contradicts", "con"), ("context", "ctx")):
            if st[key]:
                shown.append(f"{label} {st[key]} ", style=STANCE_STYLE[key])
        shown.rstrip()
        if r["is_article"]:
            shown = Text("article", style="cyan")
        elif r["unused"]:
            shown = Text("unused", style="yellow")
        stances.append(shown)
    texts = [
        [
            one_line(r["id"]),
            str(r["claims"]),
            one_line(r["publisher"] or ""),
            one_line(r["issued"] or ""),
            one_line(r["title"] or ""),
        ]
        for r in records
    ]
    natural = [max([0, *(_width(row[i]) for row in texts)]) for i in range(2)] + [
        max([0, *(s.cell_len for s in stances)])
    ]
    natural += [max([0, *(_width(row[i]) for row in texts)]) for i in range(2, 5)]

    def cells(widths: list[int]) -> list[list[Text]]:
        return [
            [Text(i, style="bold"), Text(n), st, Text(pub), Text(issued), Text(title)]
            for (i, n, pub, issued, title), st in zip(texts, stances, strict=True)
        ]

    least = [14, NATURAL, 11, 10, NATURAL, 24]
    grow = [(0, 18), (2, NATURAL), (5, 40), (3, 20), (0, NATURAL), (5, 60), (3, NATURAL)]
    return Fitted(heads, natural, cells, least=least, flex=5, floor=24, grow=grow, right=(1,))


def links_table(records: Sequence[Record]) -> Table:
    """``sources --check-links``: each address with what it answered."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("field", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("ms", justify="right")
    table.add_column("hops", justify="right")
    table.add_column("url", ratio=1)
    for r in records:
        url = Text(one_line(r["url"]), style="blue")
        if r["final_url"] and r["final_url"] != r["url"]:
            url.append(f" → {one_line(r['final_url'])}", style="dim")
        table.add_row(
            _t(r["id"], "bold"),
            r["field"],
            _t(r["status"], "green" if r["ok"] else "red"),
            str(r["elapsed_ms"]),
            str(r["redirects"]),
            url,
        )
    return table


def findings_text(findings: Sequence[Finding]) -> Text:
    out = Text()
    for f in findings:
        style = "bold red" if f.severity is Severity.ERROR else "yellow"
        out.append(f"{f.path}:{f.line}:{f.col}: ", style="bold")
        out.append(f.severity.value, style=style)
        out.append(f": {one_line(f.message)} ")
        out.append(f"[{f.rule}]", style="dim")
        out.append("\n")
        if f.hint:
            out.append(f"  hint: {one_line(f.hint)}\n", style="dim")
    return out


DIFF_STYLE = {"ledger": "bold", "added": "green", "removed": "red", "changed": "yellow"}


def diff_view(lines: Iterable[Any]) -> Text:
    """``factcheck diff``'s lines (``formats.diff.Line``), coloured by their role."""
    out = Text()
    for ln in lines:
        out.append("  " * ln.depth + ln.text + "\n", style=DIFF_STYLE.get(ln.role, ""))
    return out


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr; yields ``advance(done, total)``."""
    from rich.progress import Progress

    with Progress(console=make_console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


# --- report: the annotated article ---------------------------------------------------------------


def annotated_article(lay: Layout, *, title: str | None = None) -> RenderableType:
    """The article with each claimed span coloured by status and tagged ``[id]``, then a legend.

    A span nested in another is underlined as well, so that it stands out from its container
    even when both have the same status.
    """
    spans = lay.spans
    nested = depths(spans)
    body = Text()
    for run in runs(spans, 0, len(lay.text)):
        i = run.innermost
        style = ""
        if i is not None:
            style = STATUS_STYLE.get(spans[i].status, "")
            if nested[i]:
                style += " underline"
        body.append(inert(lay.text[run.start : run.end]), style=style)
        for j in closing_at(spans, run.cover, run.end):
            tag_style = "dim " + STATUS_STYLE.get(spans[j].status, "").replace("bold ", "")
            body.append(f"[{one_line(spans[j].claim_id)}]", style=tag_style)
    legend = Text("legend: ", style="bold")
    for status, ids in status_counts(lay).items():
        legend.append("■ ", style=STATUS_STYLE.get(status, ""))
        legend.append(f"{one_line(status)} {len(ids)}   ")
    legend.append("\n[id] ends a claim's quote; underlined: a claim nested in another", style="dim")
    parts: list[RenderableType] = []
    if title:
        parts.append(Text(one_line(title), style="bold"))
        parts.append(Text(""))
    parts += [body, Text(""), legend]
    if lay.unplaced:
        parts.append(
            Text(
                f"not located once in the article ({len(lay.unplaced)}): "
                + ", ".join(one_line(u) for u in lay.unplaced),
                style="yellow",
            )
        )
    return Group(*parts)
