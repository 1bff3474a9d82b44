"""The ledger's fixed vocabularies: kinds, stances, statuses, severities, ratings, sort keys.

Plain enums with no other imports, so that building the command line (whose options take these
values) does not load the domain model.
"""

from __future__ import annotations

from enum import Enum

FORMAT_VERSION = 2  # the newest format this factcheck reads and writes
# Format 1: one article, every claim a quote of it. Format 2 adds claims that quote no article
# (an imported fact-check archive): ``article`` and a claim's ``quote`` become optional.
FORMAT_VERSIONS = (1, 2)


class Kind(str, Enum):
    FACT = "fact"
    ATTRIBUTION = "attribution"
    OPINION = "opinion"
    PREDICTION = "prediction"

    @property
    def is_factual(self) -> bool:
        return self in (Kind.FACT, Kind.ATTRIBUTION)


class Stance(str, Enum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class Status(str, Enum):
    SOURCED = "sourced"
    DISPUTED = "disputed"
    OPINION = "opinion"
    UNSOURCED = "unsourced"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Rating(str, Enum):
    """The ledger's verdict scale, best to worst; ``unverified`` has no place on it."""

    ACCURATE = "accurate"
    MOSTLY_ACCURATE = "mostly-accurate"
    MIXED = "mixed"
    MISLEADING = "misleading"
    INACCURATE = "inaccurate"
    UNVERIFIED = "unverified"

    @property
    def value_on_scale(self) -> int | None:
        """5 (accurate) … 1 (inaccurate), as exported to ClaimReview; None for unverified."""
        return _RATING_VALUES.get(self)


_RATING_VALUES = {
    Rating.ACCURATE: 5,
    Rating.MOSTLY_ACCURATE: 4,
    Rating.MIXED: 3,
    Rating.MISLEADING: 2,
    Rating.INACCURATE: 1,
}

SOURCE_TYPES = ("article", "news", "report", "statement", "speech", "dataset", "book", "web")


class SortKey(str, Enum):
    POSITION = "position"
    ID = "id"
    STATUS = "status"
    KIND = "kind"
    SECTION = "section"
