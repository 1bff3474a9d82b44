"""Finding a claim or a source by id, with a “did you mean” hint when it is not there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import SOURCES_DIR
from factcheck.text.suggest import did_you_mean

if TYPE_CHECKING:
    from factcheck.ledger.models import Claim, Ledger


CHECK_HINT = "factcheck check lists every problem"


def claim(ledger: Ledger, claim_id: str) -> Claim:
    """The claim with this id, or a FactcheckError: the entry with this id is invalid (why, and
    where), or there is none (the closest ids)."""
    found = ledger.claim(claim_id)
    if found is not None:
        return found
    for entry in ledger.invalid:
        if entry.id == claim_id:
            raise FactcheckError(
                f"claim '{claim_id}' is invalid: {entry.reason}",
                path=ledger.claims_path,
                line=entry.pos.line,
                col=entry.pos.col,
                hint=f"fix it; {CHECK_HINT}",
            )
    hint = did_you_mean(claim_id, (c.id for c in ledger.claims), limit=3)
    raise FactcheckError(
        f"no claim with id '{claim_id}'", hint=hint or "`factcheck list` shows the ids"
    )


def require_valid(ledger: Ledger, *, allow_invalid: bool) -> None:
    """Nothing when every entry of ``claims:`` is a claim, or ``allow_invalid``; else a
    FactcheckError: what publishes (report, export) would silently leave claims out."""
    count = len(ledger.invalid)
    if not count or allow_invalid:
        return
    are = "1 claim is" if count == 1 else f"{count} claims are"
    raise FactcheckError(
        f"{are} invalid and would be left out; nothing was written",
        path=ledger.claims_path,
        hint=f"fix them, {CHECK_HINT}; or give --allow-invalid to publish the valid claims",
    )


def require_source(ledger: Ledger, source_id: str) -> None:
    """Nothing when the source exists; else a FactcheckError suggesting the closest id."""
    if source_id in ledger.sources:
        return
    hint = did_you_mean(source_id, ledger.sources)
    raise FactcheckError(
        f"no source '{source_id}' in {SOURCES_DIR}/",
        hint=hint or "add it first: factcheck source add --id ... (see --help)",
    )
