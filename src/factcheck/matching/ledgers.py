"""Matching over ledgers: the index of their views (``scale/views``), and the matched claims as
the records ``list --json`` gives, each with its ``score``.

Memory is what a batch of statements against an archive costs beyond the interpreter: the
views' blobs (the claims' JSON text, from which the returned claims' records are read) and the
index's arrays. The listing part of a view (a row of fields per claim, for ``list``'s filters)
is not read: where each claim's text sits in the blob is found in the blob itself
(``blobs.claim_bounds``), as compact arrays. Records are made only for the claims returned, one
batch of statements at a time (``Matcher.each``).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from factcheck.matching.index import Index
    from factcheck.matching.vectors import Advance
    from factcheck.scale.views import Views

PARTS = ("meta", "blob")  # the view parts matching reads
BATCH = 64  # statements ranked, then made records, at a time


class Matcher:
    """Ranks the claims of ``views`` (with ``PARTS``) for statements, by words and meaning or,
    ``lexical``, by words alone. ``advance``: told of the claims encoded for the index."""

    def __init__(
        self, views: Sequence[Views], *, lexical: bool = False, advance: Advance | None = None
    ) -> None:
        from factcheck.matching.index import Index, parts_for
        from factcheck.scale.blobs import claim_bounds

        self.views = list(views)
        self.bounds = [claim_bounds(v["blob"]) for v in self.views]
        for view, (starts, _) in zip(self.views, self.bounds, strict=True):
            if len(starts) != view["meta"]["claims"]:
                raise FactcheckError(
                    "a cached view does not hold its claims",
                    path=view["meta"]["path"],
                    hint="run `factcheck cache clear`",
                )
        blobs = [v["blob"] for v in self.views]
        if lexical:
            parts = parts_for(blobs)
        else:  # a changed ledger keeps its unchanged claims' vectors, found by its file
            files = [os.path.realpath(v["meta"]["path"]) for v in self.views]
            parts = parts_for(blobs, vectors=True, names=files, advance=advance)
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
        return list(self.each(statements, limit))

    def encode(
        self, statements: Sequence[str], advance: Advance | None = None
    ) -> npt.NDArray[np.float16] | None:
        """The statements' sentence vectors, all together (on every core when there are many:
        ``vectors.embed_many``); None when the index has none (``lexical``)."""
        from factcheck.matching.vectors import embed_many

        if self.index.vectors is None or not statements:
            return None
        return embed_many(statements, advance)

    def each(
        self,
        statements: Sequence[str],
        limit: int,
        vectors: npt.NDArray[np.float16] | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """``match``, one statement's records at a time: a batch's records are never all held.
        ``vectors``: the statements' (``encode``), made first when not given."""
        from factcheck.matching.rank import rank

        if vectors is None:
            vectors = self.encode(statements)
        for first in range(0, len(statements), BATCH):
            chosen = None if vectors is None else vectors[first : first + BATCH]
            for found in rank(self.index, statements[first : first + BATCH], limit, chosen):
                yield [self.record(m.place, m.score) for m in found]

    def record(self, place: int, score: float) -> dict[str, Any]:
        from factcheck.scale.blobs import parse_json

        n = bisect_right(self.offsets, place) - 1
        starts, ends = self.bounds[n]
        i = place - self.offsets[n]
        record = parse_json(self.views[n]["blob"][starts[i] : ends[i]])
        return {"id": record["id"], "score": score, **record}
