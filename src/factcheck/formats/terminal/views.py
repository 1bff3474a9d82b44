"""Coloured terminal views: the console, the styles, and Rich renderables for ``show``,
``stats``, findings, ``diff``, progress and the annotated article (the tables are ``tables``'s).

Everything shown here comes from a ledger and is untrusted: it goes into ``Text`` objects (never
parsed as markup) after ``inert`` has escaped control and bidi-override characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich import box
from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from factcheck.formats.detail import describe
from factcheck.formats.layout import (
    BOUNDARY,
    Layout,
    closing_at,
    depths,
    is_heading,
    line_ranges,
    marks,
    runs,
    status_counts,
    touching,
)
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


def cell(value: Any, style: str = "") -> Text:
    """A table cell: ledger text on one line, inert, never markup."""
    return Text("" if value is None else one_line(str(value)), style=style)


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


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
    elif d.quote:
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


def annotated_article(
    lay: Layout,
    *,
    title: str | None = None,
    ids: bool = False,
    notes: dict[int, list[tuple[int, str]]] | None = None,
) -> RenderableType:
    """The article with each claimed span coloured by status and tagged where it ends — with a
    short number (the legend names its claim) or, with ``ids``, the claim's id — then a legend.

    Headings are bold. A span nested in another is underlined as well, so that it stands out
    from its container even when both have the same status; a span that starts right where
    another of the same status ends gets a boundary bar. ``notes`` (``layout.disputed_notes``):
    the verdict and note of disputed claims, under the line each ends on.
    """
    spans = lay.spans
    nested = depths(spans)
    tags = marks(lay, ids=ids)
    bars = touching(spans, lay.text)
    body = Text()
    for n, (lo, hi) in enumerate(line_ranges(lay.text)):
        bold = " bold" if is_heading(lay.text[lo:hi]) else ""
        for run in runs(spans, lo, hi) if hi > lo else ():
            for j in run.cover:
                if spans[j].start == run.start and j in bars:
                    body.append(BOUNDARY, style="dim")
            i = run.innermost
            style = bold.strip()
            if i is not None:
                style = STATUS_STYLE.get(spans[i].status, "") + bold
                if nested[i]:
                    style += " underline"
            body.append(inert(lay.text[run.start : run.end]), style=style)
            for j in closing_at(spans, run.cover, run.end):
                tag_style = "dim " + STATUS_STYLE.get(spans[j].status, "").replace("bold ", "")
                body.append(f"[{one_line(tags[j])}]", style=tag_style)
        if hi < len(lay.text):
            body.append("\n")
        for j, verdict in (notes or {}).get(n, ()):
            body.append(f"    ↳ [{one_line(tags[j])}] ", style="bold red")
            body.append(one_line(verdict) + "\n", style="red")
    body.rstrip()
    legend = Text("legend: ", style="bold")
    for status, members in status_counts(lay).items():
        legend.append("■ ", style=STATUS_STYLE.get(status, ""))
        legend.append(f"{one_line(status)} {len(members)}   ")
    what = "[id]" if ids else "[n]"
    legend.append(
        f"\n{what} ends a claim's quote; underlined: a claim nested in another; "
        f"{BOUNDARY} parts two touching claims",
        style="dim",
    )
    parts: list[RenderableType] = []
    if title:
        parts.append(Text(one_line(title), style="bold"))
        parts.append(Text(""))
    parts += [body, Text(""), legend]
    if not ids and spans:
        parts.append(
            Columns(
                [
                    Text(f"{tags[j]:>3} ", style="dim").append(
                        one_line(s.claim_id), style=STATUS_STYLE.get(s.status, "")
                    )
                    for j, s in enumerate(spans)
                ],
                padding=(0, 2),
            )
        )
    if lay.unplaced:
        parts.append(
            Text(
                f"not located once in the article ({len(lay.unplaced)}): "
                + ", ".join(one_line(u) for u in lay.unplaced),
                style="yellow",
            )
        )
    return Group(*parts)
