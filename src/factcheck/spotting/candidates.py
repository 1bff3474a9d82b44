"""Claim spotting on a ledger's article: its sentences scored, and the coverage of the
check-worthy ones by the ledger's claims (``proposals`` turns the uncovered ones into claims).

Pure core: sentences come from ``sentences.split_sentences`` (bylines and credit lines left out,
``furniture``) and scores from ``model.score``; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from factcheck.errors import FactcheckError
from factcheck.ledger.models import Ledger
from factcheck.scale.pool import jobs, spread
from factcheck.spotting.furniture import content
from factcheck.spotting.model import Score, load, score
from factcheck.spotting.sentences import Piece, split_sentences
from factcheck.text.article import Article

_BATCH = 64  # sentences scored at most at a time (a task of the pool; progress told after each)


@dataclass(frozen=True)
class Candidate:
    """One sentence of the article, scored, with the claims that already cover it."""

    sentence: Piece
    score: Score
    line: int
    col: int
    covered_by: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    checkworthy: int
    covered: int
    uncovered: list[Candidate]
    sentences: int

    @property
    def share(self) -> float | None:
        """The share covered; None for an article without a sentence, where there is nothing to
        measure (not 100%); 1.0 when sentences are there but none is check-worthy."""
        if not self.sentences:
            return None
        return 1.0 if not self.checkworthy else self.covered / self.checkworthy


def candidates(
    ledger: Ledger, progress: Callable[[int, int], None] | None = None
) -> list[Candidate]:
    """Every sentence of the ledger's article with its scores and the claims covering it."""
    if ledger.article_text is None:
        raise FactcheckError(
            "the ledger has no article text to read",
            path=ledger.claims_path,
            hint="give the article's source record a text: path",
        )
    article = Article(ledger.article_text)
    sentences = [s for s in split_sentences(article.text) if content(s.text)]
    spans = [(c.id, a.start, a.end) for c in ledger.claims for a in article.locate(c)]
    scores: list[Score] = []
    count = -(-len(sentences) // _BATCH)  # batches of at most _BATCH, as even as can be
    size = -(-len(sentences) // count) if count else 1
    batches = [
        [_words(s.text) for s in sentences[i : i + size]] for i in range(0, len(sentences), size)
    ]
    # the batches on every core when there are two or more: the model, loaded first, is shared
    workers = jobs(len(batches), threshold=2)
    if workers > 1:
        load()
    for batch_scores in spread(score, batches, workers):
        scores.extend(batch_scores)
        if progress is not None:
            progress(len(scores), len(sentences))
    out = []
    for sentence, sc in zip(sentences, scores, strict=True):
        covering = tuple(cid for cid, a, b in spans if a < sentence.end and b > sentence.start)
        line, col = article.linecol(sentence.start)
        out.append(Candidate(sentence, sc, line, col, covering))
    return out


def _words(sentence: str) -> str:
    """What the spotter scores of a sentence: its text without a dateline or byline."""
    return " ".join(sentence[s:e] for s, e in content(sentence))


def coverage(cands: list[Candidate]) -> Coverage:
    """The share of check-worthy sentences that at least one claim covers."""
    worthy = [c for c in cands if c.score.checkworthy_label]
    uncovered = [c for c in worthy if not c.covered_by]
    return Coverage(len(worthy), len(worthy) - len(uncovered), uncovered, len(cands))
