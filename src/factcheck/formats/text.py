"""Serialisations for pipes and files: JSON, JSON Lines, CSV, tab-separated (``plain``), and
``show`` as labelled lines.

Pure functions from records to strings, never coloured; Rich is not imported here (coloured
terminal views are ``terminal``'s), nor anything of the ledger, so ``stats --json`` or
``search --json`` pays for the serialiser alone. Check's formats are ``findings``'s.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from factcheck.formats.fastjson import dumps_indented
from factcheck.text.inert import inert, json_safe, one_line

if TYPE_CHECKING:
    from factcheck.formats.records import Record


def to_json(data: Any) -> str:
    return json_safe(dumps_indented(data)) + "\n"


def to_jsonl(records: Sequence[Record]) -> str:
    return "".join(json_safe(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return one_line(str(value))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""What a CSV text cell may not start with as it is: a spreadsheet would run ``=``, ``+``, ``-``,
``@`` (and a leading tab or CR) as a formula (OWASP's CSV-injection rule); ``'`` is here so
that the guard can always be undone."""

BOM = "\ufeff"
"""Opt-in first character of a CSV for Excel, which otherwise reads UTF-8 as the local code page."""


def formula_guard(text: str) -> str:
    """``text`` with a leading ``'`` when it starts with a character of ``FORMULA_START``;
    removing one leading ``'`` from such a cell gives the text back."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: Any) -> str:
    """A CSV cell: text as it is (newlines kept, quoted by the writer; control and bidi
    characters shown as ``\\x1b``, ``\\u202e`` as everywhere), formula-guarded; a list or a
    mapping as JSON text (``["a", "b;c"]``: never ambiguous); a number as written."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json_safe(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return formula_guard(inert(str(value)))


def to_csv(records: Sequence[Record], columns: Sequence[str], *, bom: bool = False) -> str:
    """RFC 4180 CSV with a header row: every cell of ``csv_cell``; ``bom``: starts with a
    UTF-8 byte-order mark, for Excel."""
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        writer.writerow([csv_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def to_plain(records: Sequence[Record], columns: Sequence[str]) -> str:
    """Tab-separated, one record per line, no header: for grep, cut and awk."""
    return "".join("\t".join(_cell(r.get(c)) for c in columns) + "\n" for r in records)


def show_plain(r: Record, context: tuple[str, int, int] | None) -> str:
    """One claim in full as plain text (``show`` in a pipe): one labelled line a field."""
    from factcheck.formats.detail import describe

    d = describe(r, context)
    lines = [f"id: {d.id}", f"status: {d.status}", f"kind: {d.kind}"]
    lines += [f"{label}: {value}" for label, value in d.facts]
    if d.position:
        lines.append(f"article: {d.position}")
    if d.quote:
        lines.append(f"quote: {one_line(d.quote)}")
    if d.context is not None:
        before, quote, after = d.context
        lines.append(f"in context: {before}«{quote}»{after}")
    lines += [f"{label}: {one_line(value)}" for label, value in d.prose]
    for ev in d.evidence:
        locator = f" ({ev.locator})" if ev.locator else ""
        lines.append(f"evidence: {ev.stance} {ev.source}{locator}")
        lines += [f"  {label}: {one_line(value)}" for label, value in ev.lines]
    lines += [f"ignored: {rule}: {reason}" for rule, reason in d.ignored]
    return "\n".join(lines) + "\n"
