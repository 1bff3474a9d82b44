"""Selecting and ordering claims: the filters and sort keys shared by list, search and friends.

They read a ``Row``, what a claim is chosen and ordered by: built from a ``Claim`` for the
commands that hold the ledger (annotate, report, export), and kept in the cached views for
``list`` and ``search``. One engine for both, so they choose and order alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from factcheck.ledger.vocab import SortKey as SortKey

if TYPE_CHECKING:
    from factcheck.ledger.models import Claim


class Row(NamedTuple):
    """What the filters and the sort keys read of one claim."""

    id: str
    status: str
    kind: str
    tags: Sequence[str]
    section: str | None
    sources: Sequence[str]  # the sources its evidence cites, in order
    line: int
    place: int  # its place among its ledger's claims

    @classmethod
    def of(cls, claim: Claim, place: int) -> Row:
        sources = [e.source for e in claim.evidence]
        return cls(
            claim.id,
            claim.status.value,
            claim.kind.value,
            claim.tags,
            claim.section,
            sources,
            claim.pos.line,
            place,
        )


# the order of each ``--sort`` (POSITION keeps the file order: no key)
SORT_KEYS: dict[SortKey, Callable[[Row], Any]] = {
    SortKey.ID: attrgetter("id"),
    SortKey.STATUS: attrgetter("status", "id"),
    SortKey.KIND: attrgetter("kind", "id"),
    SortKey.SECTION: lambda r: (r.section or "", r.line),
}


@dataclass(frozen=True)
class Filters:
    """Each list is OR-ed within itself; the lists are AND-ed together. Empty means no filter."""

    status: Sequence[str] = ()
    kind: Sequence[str] = ()
    tag: Sequence[str] = ()
    section: Sequence[str] = ()
    source: Sequence[str] = ()

    @property
    def empty(self) -> bool:
        """No filter: every claim is kept."""
        return not (self.status or self.kind or self.tag or self.section or self.source)

    def accepts(self, row: Row) -> bool:
        if self.status and row.status not in self.status:
            return False
        if self.kind and row.kind not in self.kind:
            return False
        if self.tag and not set(self.tag) & set(row.tags):
            return False
        if self.section:
            wanted = {s.casefold() for s in self.section}
            if (row.section or "").casefold() not in wanted:
                return False
        return not (self.source and not set(row.sources) & set(self.source))


def choose(
    groups: Iterable[Iterable[Row]], filters: Filters, sort: SortKey
) -> list[tuple[int, Row]]:
    """The rows ``filters`` accepts, each with the number of its group (its ledger), in the
    ``sort`` order over all the groups (a stable sort: ties keep the order given)."""
    accepts = filters.accepts
    kept = [list(rows) if filters.empty else [r for r in rows if accepts(r)] for rows in groups]
    key = SORT_KEYS.get(sort)
    if key is None:
        return [(n, r) for n, rows in enumerate(kept) for r in rows]
    if len(kept) == 1:  # the same order, sorted without the pairs: faster
        return [(0, r) for r in sorted(kept[0], key=key)]
    pairs = [(n, r) for n, rows in enumerate(kept) for r in rows]
    return sorted(pairs, key=lambda pair: key(pair[1]))


def select(
    claims: Iterable[Claim], filters: Filters, sort: SortKey = SortKey.POSITION
) -> list[Claim]:
    """The claims ``filters`` accepts, in the ``sort`` order."""
    claims = list(claims)
    rows = [Row.of(c, i) for i, c in enumerate(claims)]
    return [claims[r.place] for _, r in choose([rows], filters, sort)]
