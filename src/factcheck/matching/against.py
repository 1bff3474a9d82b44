"""Whether claims in other ledgers already check some statements: what ``extract --against``
and ``add --against`` say of each claim they propose or add."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.matching.vectors import Advance


def checked_before(
    paths: Sequence[Path],
    statements: Sequence[str],
    *,
    lexical: bool = False,
    advance: Advance | None = None,
) -> tuple[list[dict[str, Any] | None], list[Any], int]:
    """For each statement, the best-matching claim of the ledgers at ``paths`` (their record with
    ``score``) when it scores ``Matcher.same`` or more, else None; the ledgers that could not be
    read (``scale.pool.Failure``); and how many could. ``lexical``: by words alone;
    ``advance``: told of the ledgers' claims encoded for their index."""
    from factcheck.ledger.discover import resolve_paths
    from factcheck.matching.index import prepare
    from factcheck.matching.ledgers import PARTS, Matcher
    from factcheck.scale.pool import load_views

    views, failures = load_views(resolve_paths(list(paths), None), PARTS, prepare=prepare)
    if not statements:
        return [], failures, len(views)
    matcher = Matcher(views, lexical=lexical, advance=advance)
    best = matcher.match(statements, 1)
    same = matcher.same
    return [m[0] if m and m[0]["score"] >= same else None for m in best], failures, len(views)


def verdict(match: dict[str, Any] | None) -> str:
    """One line about a statement's match: ``already checked by ID (status, rating) in LEDGER``."""
    if match is None:
        return "not checked before"
    rating = f", {match['rating']}" if match.get("rating") else ""
    return (
        f"already checked by {match['id']} ({match['status']}{rating}) in {match['ledger']}"
        f" (score {match['score']:g})"
    )
