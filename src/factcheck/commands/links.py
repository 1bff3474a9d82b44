"""``sources --check-links``: ask each cited address, write the answers, report the dead ones."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from factcheck.commands.common import emit_records, note, show
from factcheck.commands.options import Color, ReadFormat

if TYPE_CHECKING:
    from factcheck.formats.records import Record
    from factcheck.ledger.models import Ledger

LINK_COLUMNS = ("id", "field", "status", "redirects", "elapsed_ms", "url", "final_url")
_HINTS = {
    "url": "find where the page moved, or cite its archive: copy",
    "archive": "archive the page again and give the new copy's address",
}


def check_and_report(
    ledgers: Sequence[Ledger],
    chosen: set[tuple[str, str]],
    fmt: ReadFormat,
    color: Color,
    timeout: float,
    jobs: int,
) -> int:
    """Check the addresses of the chosen sources ((ledger, id) pairs); write one record per
    address; one ``path:line:col: error:`` line on stderr per dead one. Returns how many died."""
    from factcheck.formats.records import link_record, link_targets
    from factcheck.ledger.discover import display_path
    from factcheck.net.links import check_links

    targets = [
        (ledger, source, field, url)
        for ledger in ledgers
        for source in sorted(ledger.sources.values(), key=lambda s: s.id)
        if (display_path(ledger.claims_path), source.id) in chosen
        for field, url in link_targets(source)
    ]
    progress = _progress if sys.stderr.isatty() else None
    answers = check_links([t[3] for t in targets], timeout=timeout, jobs=jobs, progress=progress)
    if progress is not None:
        sys.stderr.write("\r\x1b[K")
    records = [link_record(s, ledger, field, answers[url]) for ledger, s, field, url in targets]
    if fmt is ReadFormat.TABLE:
        from factcheck.formats.terminal.tables import links_table

        show(links_table(records), color)
    else:
        emit_records(records, fmt, LINK_COLUMNS)
    dead = [r for r in records if not r["ok"]]
    for r in dead:
        note(_dead_line(r))
    if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN):
        note(f"{len(records)} addresses checked, {len(dead)} dead")
    return len(dead)


def _dead_line(r: Record) -> str:
    from factcheck.text.inert import one_line

    hint = _HINTS[r["field"]]
    if r["status"].startswith("refused"):
        hint = "only http and https addresses are checked"
    return one_line(
        f"{r['path']}:{r['line']}:{r['col']}: error: {r['field']} of source '{r['id']}' "
        f"answered {r['status']}: {r['url']} (hint: {hint})"
    )


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rchecking links: {done}/{total}")
    sys.stderr.flush()
