"""The domain: claims, evidence, sources and findings, as frozen dataclasses."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.ledger.vocab import FORMAT_VERSION as FORMAT_VERSION
from factcheck.ledger.vocab import FORMAT_VERSIONS as FORMAT_VERSIONS
from factcheck.ledger.vocab import SOURCE_TYPES as SOURCE_TYPES
from factcheck.ledger.vocab import Kind as Kind
from factcheck.ledger.vocab import Rating as Rating
from factcheck.ledger.vocab import Severity as Severity
from factcheck.ledger.vocab import Stance as Stance
from factcheck.ledger.vocab import Status as Status


@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int
    col: int

    def __reduce__(self) -> tuple[type[Pos], tuple[int, int]]:
        # a ledger holds millions: pickled as a call, not as slots state restored field by field
        return Pos, (self.line, self.col)


class FieldPos(Mapping[str, Pos]):
    """Where the value of each field of an entry sits in its file, packed as the parsed mapping
    held it (``positioned.YMap``: its keys, and four ints a key, the value's line and column
    last); a ``Pos`` is made when one is read. A dictionary of ``Pos`` a claim was the largest
    part of a loaded ledger."""

    __slots__ = ("_keys", "_marks")

    def __init__(self, keys: tuple[str, ...] = (), marks: array[int] | None = None) -> None:
        self._keys = keys
        self._marks = array("I") if marks is None else marks

    def __getitem__(self, key: str) -> Pos:
        try:
            at = 4 * self._keys.index(key) + 2
        except ValueError:
            raise KeyError(key) from None
        return Pos(self._marks[at], self._marks[at + 1])

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"FieldPos({dict(self)!r})"

    def __reduce__(self) -> tuple[type[FieldPos], tuple[tuple[str, ...], array[int]]]:
        return FieldPos, (self._keys, self._marks)


@dataclass(frozen=True, slots=True)
class Ignore:
    rule: str
    reason: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str
    stance: Stance
    says: str
    locator: str | None = None
    pos: Pos = Pos(1, 1)


@dataclass(frozen=True, kw_only=True, slots=True)
class Entry:
    """What a claim and a source share: their ``ignore:`` entries, and where they and their
    fields sit in their YAML file."""

    ignore: tuple[Ignore, ...] = ()
    pos: Pos = Pos(1, 1)
    field_pos: Mapping[str, Pos] = field(default_factory=FieldPos, compare=False, hash=False)

    def at(self, name: str) -> Pos:
        """Where field ``name`` sits in the file (the entry itself if the field is absent)."""
        return self.field_pos.get(name, self.pos)


@dataclass(frozen=True, slots=True)
class Claim(Entry):
    id: str
    quote: str | None  # None: a claim that quotes no article (format 2)
    kind: Kind
    claim: str | None = None
    speaker: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    rating: Rating | None = None
    note: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    short: str | None = None  # at most 75 characters: ClaimReview's claimReviewed
    # format 2: where and when the claim was made, and a published review's own verdict
    appeared: str | None = None
    appearance: tuple[str, ...] = ()
    verdict: str | None = None

    @property
    def text(self) -> str:
        """What the claim says: its restatement, else its quote."""
        return self.claim or self.quote or ""

    @property
    def status(self) -> Status:
        return derive_status(self.kind, self.evidence)


def derive_status(kind: Kind, evidence: tuple[Evidence, ...] | list[Evidence]) -> Status:
    """The status table of the format: never stored, always derived."""
    if not kind.is_factual:
        return Status.OPINION
    stances = {e.stance for e in evidence}
    if Stance.CONTRADICTS in stances:
        return Status.DISPUTED
    if Stance.SUPPORTS in stances:
        return Status.SOURCED
    return Status.UNSOURCED


@dataclass(frozen=True, slots=True)
class Source(Entry):
    id: str
    path: Path
    type: str | None = None
    title: str | None = None
    author: tuple[str, ...] = ()
    publisher: str | None = None
    issued: str | None = None
    url: str | None = None
    archive: str | None = None
    accessed: str | None = None
    text: str | None = None
    note: str | None = None


@dataclass(frozen=True, order=True)
class Finding:
    """One problem `check` reports: data, never an exception."""

    path: str
    line: int
    col: int
    severity: Severity
    rule: str
    message: str
    hint: str | None = None
    claim_id: str | None = None
    source_id: str | None = None


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in the article: character offsets (end exclusive) and 1-based line:col."""

    start: int
    end: int
    line: int
    col: int


@dataclass(frozen=True)
class InvalidEntry:
    """An entry of ``claims:`` that could not be built into a Claim: read commands leave it out,
    and say so.

    ``index`` is its place in ``claims:`` (0-based, as ``claims[i]`` in findings), ``id`` its id
    when it has a readable one, ``pos`` where it starts, ``reason`` the first schema finding that
    kept it out, without the entry's name (``missing required key 'kind'``).
    """

    index: int
    id: str | None
    pos: Pos
    reason: str


@dataclass(frozen=True)
class Review:
    """``review:`` of claims.yaml: who published the fact-check, where and how (all optional).

    ``url`` may hold ``{id}``, replaced by each claim's id (one review page per claim)."""

    reviewer: str | None = None
    reviewer_url: str | None = None
    same_as: tuple[str, ...] = ()
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    methodology: str | None = None
    corrections: str | None = None


@dataclass
class Ledger:
    """A loaded ledger: what could be read, plus the findings met on the way."""

    root: Path
    claims_path: Path
    article_id: str | None
    claims: list[Claim]
    sources: dict[str, Source]
    article_text: str | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid: tuple[InvalidEntry, ...] = ()  # the claims: entries that could not be built
    review: Review = field(default_factory=Review)  # claims.yaml's review: metadata
    format: int = 1  # the ledger format version claims.yaml declares

    def claim(self, claim_id: str) -> Claim | None:
        for c in self.claims:
            if c.id == claim_id:
                return c
        return None
