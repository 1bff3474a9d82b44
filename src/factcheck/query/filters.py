"""Selecting and ordering claims: the filters and sort keys shared by list, search and friends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.ledger.vocab import SortKey as SortKey

if TYPE_CHECKING:
    from factcheck.ledger.models import Claim


@dataclass(frozen=True)
class Filters:
    """Each list is OR-ed within itself; the lists are AND-ed together. Empty means no filter."""

    status: Sequence[str] = ()
    kind: Sequence[str] = ()
    tag: Sequence[str] = ()
    section: Sequence[str] = ()
    source: Sequence[str] = ()

    def accepts(self, claim: Claim) -> bool:
        if self.status and claim.status.value not in self.status:
            return False
        if self.kind and claim.kind.value not in self.kind:
            return False
        if self.tag and not set(self.tag) & set(claim.tags):
            return False
        if self.section:
            wanted = {s.casefold() for s in self.section}
            if (claim.section or "").casefold() not in wanted:
                return False
        return not (self.source and not {e.source for e in claim.evidence} & set(self.source))


def select(
    claims: Iterable[Claim], filters: Filters, sort: SortKey = SortKey.POSITION
) -> list[Claim]:
    chosen = [c for c in claims if filters.accepts(c)]
    if sort is SortKey.POSITION:
        return chosen
    keys = {
        SortKey.ID: lambda c: (c.id,),
        SortKey.STATUS: lambda c: (c.status.value, c.id),
        SortKey.KIND: lambda c: (c.kind.value, c.id),
        SortKey.SECTION: lambda c: (c.section or "", c.pos.line),
    }
    return sorted(chosen, key=keys[sort])
