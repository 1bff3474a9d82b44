"""The terminal's tables: ``list``, ``search``, ``sources`` and the link check, each laid out
for the width it is drawn at (one line a row, cells cut with an ellipsis; ``columns.fit`` chooses
the widths). Ledger text goes into ``Text`` objects, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from factcheck.formats.columns import NATURAL, Column, fit
from factcheck.formats.records import Record, quoted_text
from factcheck.formats.terminal.views import (
    RATING_STYLE,
    STANCE_STYLE,
    cell,
    highlighted,
    status_text,
)
from factcheck.text.inert import one_line

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
            one_line(quoted_text(r)),
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


def search_table(records: Sequence[Record], spans: Sequence[Sequence[tuple[int, int]]]) -> Fitted:
    """score, id, status, quote, one line a match: the quote shown from a little before its
    first match. At 80 columns the id is 20 characters and the quote 40."""
    heads = ["score", "id", "status", "quote"]
    scores = [f"{r['score']:.1f}" for r in records]
    natural = [
        max([0, *map(len, scores)]),
        max([0, *(_width(one_line(r["id"])) for r in records)]),
        max([0, *(len(r["status"]) for r in records)]),
        max([0, *(_width(one_line(quoted_text(r))) for r in records)]),
    ]

    def cells(widths: list[int]) -> list[list[Text]]:
        return [
            [
                Text(score),
                cell(r["id"], "bold"),
                status_text(r["status"]),
                highlighted(quoted_text(r), sp, limit=max(1, widths[3] - 2)),
            ]
            for score, r, sp in zip(scores, records, spans, strict=True)
        ]

    grow = [(1, 24), (3, 60), (1, NATURAL)]
    least = [NATURAL, 20, NATURAL, 30]
    return Fitted(heads, natural, cells, least=least, flex=3, floor=30, grow=grow, right=(0,))


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
            cell(r["id"], "bold"),
            r["field"],
            cell(r["status"], "green" if r["ok"] else "red"),
            str(r["elapsed_ms"]),
            str(r["redirects"]),
            url,
        )
    return table
