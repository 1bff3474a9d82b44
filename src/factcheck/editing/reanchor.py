"""Re-anchoring: finding a quote again after the article was edited.

A quote that is no longer an exact span of the article is matched fuzzily, in the manner of
Hypothesis's anchoring of the W3C TextQuoteSelector: the span most similar to the quote wins,
similarity of the text around it to the claim's ``prefix``/``suffix`` breaks near-ties, and
closeness to where the quote is expected (between its neighbours in the ledger) breaks the rest.

The engine is cautious on purpose: a match is only *fixable* (``check --fix`` may rewrite the
quote) when it scores at least the threshold, is not ambiguous, and does not change what the
quote says in a way a careful editor must look at (a different figure, a negation added or
dropped). Everything else stays an orphan with a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from factcheck.ledger.models import Anchor, Claim
from factcheck.text.article import Article
from factcheck.text.compare import meaning_changes, normalise, similarity

DEFAULT_THRESHOLD = 90.0
# Below this a span is not worth suggesting at all.
MIN_SUGGEST = 50.0
# Scores closer than this are a tie that context and position must break.
TIE = 1.0

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Match:
    """The article span that best stands for a quote."""

    anchor: Anchor
    text: str
    score: float  # similarity of the span to the quote, 0-100
    context: float | None = None  # similarity of the surroundings to prefix/suffix, 0-100
    ambiguous: bool = False  # another, distinct span scores as well
    changes: tuple[str, ...] = ()  # meaning changes a human must review

    @property
    def exact(self) -> bool:
        return self.score >= 100.0 and not self.changes

    def fixable(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        """Whether ``check --fix`` may rewrite the quote to this span."""
        return self.score >= threshold and not self.ambiguous and not self.changes

    def why_not(self, threshold: float = DEFAULT_THRESHOLD) -> str | None:
        """Why the match is not fixable, in words; None when it is."""
        if self.changes:
            return "; ".join(self.changes)
        if self.ambiguous:
            return "several spans match as well"
        if self.score < threshold:
            return f"score below the fix threshold {threshold:g}"
        return None


@dataclass(frozen=True)
class _Token:
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end()) for m in _TOKEN.finditer(text)]


class Reanchorer:
    """Fuzzy quote look-ups over one article text (tokenised once)."""

    def __init__(self, article: Article | str) -> None:
        self.article = article if isinstance(article, Article) else Article(article)
        self.text = self.article.text
        self.tokens = _tokens(self.text)

    def _span(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start : self.tokens[j].end]

    def relocate(
        self,
        quote: str,
        *,
        prefix: str | None = None,
        suffix: str | None = None,
        near: int | None = None,
    ) -> Match | None:
        """The best span for ``quote``, or None when nothing scores ``MIN_SUGGEST`` or more.

        ``near`` is the character offset where the quote is expected; it only breaks ties.
        """
        exact = self._exact(quote, prefix, suffix)
        if exact and (max(c.rank for c in exact) >= 100.0 or not (prefix or suffix)):
            return self._choose(quote, exact, near)
        nq = normalise(quote)
        qn = len(_tokens(quote))
        if not nq or not self.tokens or qn == 0:
            return None
        nt = len(self.tokens)
        width = min(qn, nt)
        windows = [normalise(self._span(i, min(i + width, nt) - 1)) for i in range(nt)]
        coarse = process.extract(
            nq, windows, scorer=fuzz.ratio, limit=12, score_cutoff=MIN_SUGGEST * 0.8
        )
        refined: dict[tuple[int, int], float] = {}
        for _, _, i in coarse:
            i0, j0, score = self._refine(quote, nq, i, min(i + width, nt) - 1)
            if score > refined.get((i0, j0), -1.0):
                refined[(i0, j0)] = score
        candidates = exact + [
            self._candidate(i, j, score, prefix, suffix)
            for (i, j), score in refined.items()
            if score >= MIN_SUGGEST
        ]
        if not candidates:
            return None
        return self._choose(quote, candidates, near)

    def _exact(self, quote: str, prefix: str | None, suffix: str | None) -> list[_Cand]:
        return [
            _Cand(s, s + len(quote), 100.0, self._context(s, s + len(quote), prefix, suffix))
            for s in self.article.occurrences(quote)
        ]

    def _refine(self, quote: str, nq: str, i: int, j: int) -> tuple[int, int, float]:
        """Move a window's ends token by token while the similarity grows.

        A span starts with a word exactly when the quote does, ends as the quote ends (a word,
        a full stop — or a word, when the sentence now goes on — or other punctuation), and
        crosses a paragraph break only when the quote has one: a stray comma or the end of the
        previous paragraph can raise the similarity a little, but is never part of the quote.
        """
        nt = len(self.tokens)
        word_start = quote[:1].isalnum()
        last = quote[-1:]
        may_cross = "\n\n" in quote
        best = (i, j, -1.0)
        slack = max(3, (j - i + 1) // 3)
        for a in range(max(0, i - 3), min(nt, i + 4)):
            if self._is_word(a) != word_start:
                continue
            for b in range(max(a, j - slack), min(nt, j + slack + 1)):
                if not _same_ending(last, self.text[self.tokens[b].end - 1]):
                    continue
                span = self._span(a, b)
                if not may_cross and "\n\n" in span:
                    break
                score = float(fuzz.ratio(nq, normalise(span), score_cutoff=max(best[2], 0)))
                if score > best[2]:
                    best = (a, b, score)
        return best

    def _is_word(self, k: int) -> bool:
        return self.text[self.tokens[k].start].isalnum()

    def _candidate(
        self, i: int, j: int, score: float, prefix: str | None, suffix: str | None
    ) -> _Cand:
        start, end = self.tokens[i].start, self.tokens[j].end
        return _Cand(start, end, score, self._context(start, end, prefix, suffix))

    def _context(
        self, start: int, end: int, prefix: str | None, suffix: str | None
    ) -> float | None:
        parts: list[float] = []
        if prefix:
            parts.append(similarity(prefix, self.text[max(0, start - len(prefix)) : start]))
        if suffix:
            parts.append(similarity(suffix, self.text[end : end + len(suffix)]))
        return sum(parts) / len(parts) if parts else None

    def _choose(self, quote: str, cands: Sequence[_Cand], near: int | None) -> Match:
        ranked = sorted(cands, key=lambda c: -c.rank)
        top = ranked[0]
        tied = [c for c in ranked if top.rank - c.rank < TIE and not c.overlaps(top)]
        if tied and near is not None:
            tied.append(top)
            tied.sort(key=lambda c: abs(c.start - near))
            top = tied[0]
            second = abs(tied[1].start - near)
            ambiguous = abs(top.start - near) == second
        else:
            ambiguous = bool(tied)
        text = self.text[top.start : top.end]
        return Match(
            self.article.anchor(top.start, top.end),
            text,
            round(top.score, 1),
            None if top.context is None else round(top.context, 1),
            ambiguous,
            meaning_changes(quote, text),
        )


def _same_ending(quote_last: str, span_last: str) -> bool:
    if quote_last.isalnum():
        return span_last.isalnum()
    if quote_last in ".!?":
        return span_last in ".!?" or span_last.isalnum()
    return not span_last.isalnum()


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    score: float
    context: float | None

    @property
    def rank(self) -> float:
        """Quote and context similarity weighted as Hypothesis weighs them (50 : 20 + 20).

        Without a prefix/suffix the rank is the quote's own score; with one, a short quote
        that was disambiguated by its context keeps to the right occurrence.
        """
        if self.context is None:
            return self.score
        return (50.0 * self.score + 40.0 * self.context) / 90.0

    def overlaps(self, other: _Cand) -> bool:
        return self.start < other.end and other.start < self.end


def position_hints(claims: Sequence[Claim], article: Article) -> dict[str, int]:
    """Where each lost quote is expected: between the nearest neighbours that are still exact.

    Claims in a ledger mostly follow the article's order, so the midpoint of the previous and
    the next exactly-anchored claims is a good tie-break for a quote that moved or changed.
    """
    places: list[int | None] = []
    for claim in claims:
        found = article.locate(claim)
        places.append(found[0].start if len(found) == 1 else None)
    hints: dict[str, int] = {}
    for k, claim in enumerate(claims):
        if places[k] is not None:
            continue
        before = next((p for p in reversed(places[:k]) if p is not None), None)
        after = next((p for p in places[k + 1 :] if p is not None), None)
        if before is not None and after is not None and before <= after:
            hints[claim.id] = (before + after) // 2
        elif before is not None or after is not None:
            hints[claim.id] = before if before is not None else after  # type: ignore[assignment]
    return hints


@dataclass(frozen=True)
class LostQuote:
    """A claim whose quote is no longer in the article."""

    claim_id: str
    index: int  # position of the claim in the claims list
    old: str


@dataclass(frozen=True)
class Fix(LostQuote):
    """A quote ``check --fix`` rewrites: the span that replaces it, and its new prefix/suffix
    (when the claim has them)."""

    match: Match
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class Orphan(LostQuote):
    """A quote that cannot be re-anchored safely; it stays a ``quote-not-found`` error."""

    match: Match | None
    reason: str


def plan_fixes(
    claims: Sequence[Claim], article: Article, threshold: float = DEFAULT_THRESHOLD
) -> tuple[list[Fix], list[Orphan]]:
    """Every lost quote, sorted into safe fixes and orphans. Nothing is written here."""
    engine = Reanchorer(article)
    hints = position_hints(claims, article)
    fixes: list[Fix] = []
    orphans: list[Orphan] = []
    for index, claim in enumerate(claims):
        if claim.quote is None or article.locate(claim):
            continue  # exact (ambiguity is a separate, warning-level matter), or no quote
        match = engine.relocate(
            claim.quote, prefix=claim.prefix, suffix=claim.suffix, near=hints.get(claim.id)
        )
        if match is None:
            orphans.append(Orphan(claim.id, index, claim.quote, None, "no similar span"))
            continue
        reason = match.why_not(threshold)
        if (
            reason is None
            and len(article.occurrences(match.text)) != 1
            and not (claim.prefix or claim.suffix)
        ):
            reason = "the new span occurs more than once"
        if reason is None:
            a = match.anchor
            prefix = (
                article.text[max(0, a.start - len(claim.prefix)) : a.start]
                if claim.prefix
                else None
            )
            suffix = article.text[a.end : a.end + len(claim.suffix)] if claim.suffix else None
            fixes.append(Fix(claim.id, index, claim.quote, match, prefix, suffix))
        else:
            orphans.append(Orphan(claim.id, index, claim.quote, match, reason))
    return fixes, orphans


# A suggestion costs about (article tokens × quote tokens); ~1.8 million units take a second here.
# One ledger's check spends at most this much on suggestions (a few seconds), so that thousands
# of lost quotes against a long article cannot stall it; past it, findings say so.
SUGGEST_BUDGET = 6_000_000


class QuoteFinder:
    """Suggestions for lost quotes over one ledger; tokenises and computes hints on first use."""

    def __init__(self, article: Article, claims: Sequence[Claim]) -> None:
        self.article = article
        self.claims = claims
        self.budget = SUGGEST_BUDGET
        self.skipped = 0
        self._engine: Reanchorer | None = None
        self._hints: dict[str, int] = {}

    def suggest(self, claim: Claim) -> Match | None:
        """The best span for a lost quote; None when there is none or the budget is spent
        (then ``skipped`` counts it)."""
        if claim.quote is None:
            return None
        if self._engine is None:
            self._engine = Reanchorer(self.article)
            self._hints = position_hints(self.claims, self.article)
        cost = len(self._engine.tokens) * max(8, len(_tokens(claim.quote)))
        if cost > self.budget:
            self.skipped += 1
            return None
        self.budget -= cost
        return self._engine.relocate(
            claim.quote, prefix=claim.prefix, suffix=claim.suffix, near=self._hints.get(claim.id)
        )
