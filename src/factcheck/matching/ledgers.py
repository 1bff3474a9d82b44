"""Matching over ledgers: the index of their views (``scale/views``), and the matched claims as
the records ``list --json`` gives, each with its ``score``."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.matching.index import Index
    from factcheck.scale.views import Views

PARTS = ("meta", "listing", "blob")  # the view parts matching reads


class Matcher:
    """Ranks the claims of ``views`` (with ``PARTS``) for statements, by words and meaning or,
    ``lexical``, by words alone."""

    def __init__(self, views: Sequence[Views], *, lexical: bool = False) -> None:
        from factcheck.matching.index import Index, parts_for

        self.views = list(views)
        parts = parts_for([v["blob"] for v in self.views], vectors=not lexical)
        self.offsets = [0]
        for part in parts:
            self.offsets.append(self.offsets[-1] + part.size)
        self.index: Index = Index(parts)

    @property
    def same(self) -> float:
        """The score from which a claim is taken to check the same thing as a statement."""
        from factcheck.matching.rank import same

        return same(self.index)

    def match(self, statements: Sequence[str], limit: int) -> list[list[dict[str, Any]]]:
        """For each statement, the records of its best ``limit`` claims, best first:
        ``{"id", "score", …the claim's record}``."""
        from factcheck.matching.rank import rank

        return [
            [self.record(m.place, m.score) for m in found]
            for found in rank(self.index, statements, limit)
        ]

    def record(self, place: int, score: float) -> dict[str, Any]:
        from factcheck.scale.views import parse_json

        n = bisect_right(self.offsets, place) - 1
        view = self.views[n]
        listing = view["listing"]
        i = place - self.offsets[n]
        record = parse_json(view["blob"][listing["starts"][i] : listing["ends"][i]])
        return {"id": record["id"], "score": score, **record}
