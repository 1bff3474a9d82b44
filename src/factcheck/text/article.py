"""Locating quotes in the article: exact spans, disambiguation, and the closest span when lost."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.ledger.models import Anchor, Claim
from factcheck.text.quoteindex import find_all, scan

# after this many single look-ups, the quotes announced to Article are found in one pass instead
_SCANS_BEFORE_INDEX = 32


@dataclass(frozen=True)
class Closest:
    """The article span most like a quote that is not in it."""

    anchor: Anchor
    score: float
    text: str


# Fuzzy alignment costs about len(quote)² × len(text) when nothing matches well (a 5,000-character
# quote took 8 s on a 13 kB article). One Article spends at most this much on closest(), about 2 s
# in the worst case; past it, or for a single quote that would cost more, closest() gives up.
FUZZY_BUDGET = 150_000_000_000


class Article:
    """An article's text with a line index, for offsets ↔ line:col and quote look-ups."""

    def __init__(self, text: str, quotes: Iterable[str] = ()) -> None:
        """``quotes``: those that will be looked up, so that many can share one index."""
        self.text = text
        self.fuzzy_budget = FUZZY_BUDGET
        self._line_starts = [0]
        self._line_starts.extend(m.end() for m in re.finditer("\n", text))
        self._expected: Iterable[str] = quotes
        self._found: dict[str, list[int]] | None = None
        self._scans = 0

    def linecol(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def anchor(self, start: int, end: int) -> Anchor:
        line, col = self.linecol(start)
        return Anchor(start, end, line, col)

    def occurrences(self, quote: str) -> list[int]:
        """Every start offset of ``quote`` in the text, overlapping ones included."""
        if self._found is None and self._scans >= _SCANS_BEFORE_INDEX:
            self._found = find_all(self.text, self._expected)
            self._expected = ()
        if self._found is not None and quote in self._found:
            return list(self._found[quote])
        self._scans += 1
        return scan(self.text, quote)

    def forget(self, quote: str) -> None:
        """``quote`` will not be looked up again: its place in the index is let go (were it looked
        up, the text would be scanned for it)."""
        if self._found is not None:
            self._found.pop(quote, None)

    def narrow(
        self, starts: list[int], length: int, prefix: str | None = None, suffix: str | None = None
    ) -> list[int]:
        """The starts of a ``length``-long quote that ``prefix`` ends right before and
        ``suffix`` begins right after (either may be absent)."""
        if prefix:
            starts = [s for s in starts if self.text.endswith(prefix, 0, s)]
        if suffix:
            starts = [s for s in starts if self.text.startswith(suffix, s + length)]
        return starts

    def locate(self, claim: Claim) -> list[Anchor]:
        """Where the claim's quote stands, narrowed by its ``prefix``/``suffix`` if it has them
        (nowhere for a claim that quotes no article)."""
        if claim.quote is None:
            return []
        n = len(claim.quote)
        starts = self.narrow(self.occurrences(claim.quote), n, claim.prefix, claim.suffix)
        return [self.anchor(s, s + n) for s in starts]

    def closest(self, quote: str) -> Closest | None:
        """The best fuzzy span for a quote (rapidfuzz partial alignment), or None (also when
        the fuzzy budget is spent)."""
        from rapidfuzz import fuzz

        if not self.text or not quote:
            return None
        cost = max(64, len(quote)) ** 2 * len(self.text)
        if cost > self.fuzzy_budget:
            return None
        self.fuzzy_budget -= cost
        al = fuzz.partial_ratio_alignment(quote, self.text)
        if al is None:
            return None
        start, end = _snap_to_words(self.text, al.dest_start, al.dest_end)
        return Closest(self.anchor(start, end), round(al.score, 1), self.text[start:end])

    def sentence_around(self, start: int, end: int, margin: int = 200) -> tuple[int, int]:
        """The span of the sentence(s) holding ``start:end``, bounded by paragraph breaks."""
        text = self.text
        left = max(text.rfind("\n", 0, start) + 1, start - margin)
        for stop in (". ", "? ", "! "):
            i = text.rfind(stop, left, start)
            if i != -1:
                left = max(left, i + 2)
        right_par = text.find("\n", end)
        right = min(len(text) if right_par == -1 else right_par, end + margin)
        for stop in (". ", "? ", "! "):
            i = text.find(stop, end, right)
            if i != -1:
                right = min(right, i + 1)
        return left, right


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words so that the suggestion can be pasted as a quote."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end
