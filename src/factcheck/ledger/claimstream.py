"""Claims built while the line reader reads claims.yaml: its parsed items are never held whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from factcheck.ledger.build import build_claim
from factcheck.ledger.models import FORMAT_VERSIONS, Claim, InvalidEntry, Pos
from factcheck.ledger.positioned import YList, YMap
from factcheck.ledger.validate import Validator

STREAMED: Any = object()  # what the list of claims: keeps of an item ClaimStream took


class ClaimStream:
    """Claims built while the line reader reads claims.yaml (``yamllines.Claims``): each item of
    ``claims:`` becomes its Claim (or InvalidEntry) as soon as it is read, and the list keeps
    ``STREAMED`` in its place, so the parsed items are never held whole (at 100,000 claims they
    were the peak of a cold load, and what they left behind most of a loaded ledger's memory).

    Only when ``format:`` is above ``claims:`` with a version this factcheck reads; the findings
    are those ``build_claims`` makes, in the same order, which ``build_claims`` takes over."""

    def __init__(self, path: Path, display: str) -> None:
        self.v = Validator(path, display)
        self.version = 0
        self.claims: list[Claim] = []
        self.invalid: list[InvalidEntry] = []

    def start(self, top: YMap) -> Callable[[Any, Pos, int], Any] | None:
        version = top.get("format")
        if version not in FORMAT_VERSIONS or isinstance(version, bool):
            return None  # read after the whole document, as build_claims does
        self.version = int(version)
        return self.item

    def item(self, item: Any, pos: Pos, index: int) -> Any:
        claim = build_claim(item, pos, index, self.v, self.version)
        if isinstance(claim, Claim):
            self.claims.append(claim)
        else:
            self.invalid.append(claim)
        return STREAMED

    def took(self, raw: YList, version: int) -> bool:
        """Whether ``raw`` (the document's ``claims:``) is the list whose items this built."""
        n = len(self.claims) + len(self.invalid)
        return (
            n > 0 and len(raw) == n and version == self.version and all(x is STREAMED for x in raw)
        )
