"""What changed in a fact-check between two versions of its ledgers, by claim and source id.

``diff_ledgers`` compares two loaded ledgers (either may be absent: a ledger added or removed)
and returns a ``LedgerDiff``: claims added and removed; for a claim in both, the fields that
changed (its derived status, rating, kind, quote, claim text …) and the evidence added or
removed, keyed by source id and stance; the same for sources. Lines and layout do not count:
moving a claim or re-indenting the file is no change. Data only; ``formats/diff`` renders it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from factcheck.ledger.keys import SOURCE_KEYS
from factcheck.ledger.models import Claim, Evidence, Ledger, Source

CLAIM_FIELDS = ("status", "kind", "rating", "quote", "claim", "note", "speaker", "section", "tags")
# every field a source file may hold but its id and its ignore: entries
SOURCE_FIELDS = tuple(key for key in SOURCE_KEYS if key not in ("id", "ignore"))


@dataclass(frozen=True)
class FieldChange:
    """One field of a claim or source, before and after (``None``: absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EvidenceKey:
    """Evidence as a review sees it: which source, with which stance."""

    source: str
    stance: str


@dataclass(frozen=True)
class ClaimChange:
    id: str
    fields: tuple[FieldChange, ...]
    evidence_added: tuple[EvidenceKey, ...]
    evidence_removed: tuple[EvidenceKey, ...]


@dataclass(frozen=True)
class SourceChange:
    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class LedgerDiff:
    """The change of one ledger, named by its claims.yaml path; ``change`` is ``added`` (not at
    the base), ``removed`` (not at the head) or ``changed``."""

    path: str
    change: str
    claims_added: tuple[Claim, ...] = ()
    claims_removed: tuple[Claim, ...] = ()
    claims_changed: tuple[ClaimChange, ...] = ()
    sources_added: tuple[Source, ...] = ()
    sources_removed: tuple[Source, ...] = ()
    sources_changed: tuple[SourceChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.claims_added
            or self.claims_removed
            or self.claims_changed
            or self.sources_added
            or self.sources_removed
            or self.sources_changed
        )


def diff_ledgers(path: str, old: Ledger | None, new: Ledger | None) -> LedgerDiff:
    """What changed from ``old`` to ``new`` (None: the ledger is not there)."""
    change = "added" if old is None else "removed" if new is None else "changed"
    old_claims = _by_id(old.claims if old else ())
    new_claims = _by_id(new.claims if new else ())
    old_sources = old.sources if old else {}
    new_sources = new.sources if new else {}
    claims_changed = []
    for cid in new_claims.keys() & old_claims.keys():
        cc = _claim_change(old_claims[cid], new_claims[cid])
        if cc is not None:
            claims_changed.append(cc)
    sources_changed = []
    for sid in new_sources.keys() & old_sources.keys():
        fields = _fields(old_sources[sid], new_sources[sid], SOURCE_FIELDS)
        if fields:
            sources_changed.append(SourceChange(sid, fields))
    new_order = {cid: i for i, cid in enumerate(new_claims)}
    return LedgerDiff(
        path=path,
        change=change,
        claims_added=tuple(c for cid, c in new_claims.items() if cid not in old_claims),
        claims_removed=tuple(c for cid, c in old_claims.items() if cid not in new_claims),
        claims_changed=tuple(sorted(claims_changed, key=lambda c: new_order[c.id])),
        sources_added=tuple(new_sources[s] for s in sorted(new_sources.keys() - old_sources)),
        sources_removed=tuple(old_sources[s] for s in sorted(old_sources.keys() - new_sources)),
        sources_changed=tuple(sorted(sources_changed, key=lambda s: s.id)),
    )


def _by_id(claims: Iterable[Claim]) -> dict[str, Claim]:
    """Claims by id, in file order; of a duplicated id (a `check` error) the first counts."""
    found: dict[str, Claim] = {}
    for c in claims:
        found.setdefault(c.id, c)
    return found


def _value(entry: Claim | Source, name: str) -> Any:
    value = getattr(entry, name)
    if isinstance(value, tuple):
        return list(value)
    return getattr(value, "value", value)  # enums as their words


def _fields(
    old: Claim | Source, new: Claim | Source, names: tuple[str, ...]
) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before, after = _value(old, name), _value(new, name)
        if before != after:
            changes.append(FieldChange(name, before, after))
    return tuple(changes)


def _keys(evidence: Iterable[Evidence]) -> Counter[EvidenceKey]:
    return Counter(EvidenceKey(e.source, e.stance.value) for e in evidence)


def _claim_change(old: Claim, new: Claim) -> ClaimChange | None:
    fields = _fields(old, new, CLAIM_FIELDS)
    before, after = _keys(old.evidence), _keys(new.evidence)
    added = tuple((after - before).elements())
    removed = tuple((before - after).elements())
    if not (fields or added or removed):
        return None
    return ClaimChange(new.id, fields, added, removed)
