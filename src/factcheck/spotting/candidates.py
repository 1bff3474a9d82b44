"""Claim spotting on a ledger's article: candidate claims, coverage, and proposed claim entries.

Pure core: sentences come from ``spotter.split_sentences`` and scores from ``spotter.score``;
nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.ledger.models import Ledger
from factcheck.spotting.model import Score, score
from factcheck.spotting.sentences import Piece, atomic_spans, split_sentences
from factcheck.text.article import Article
from factcheck.text.ids import slugify, unique_id


@dataclass(frozen=True)
class Candidate:
    """One sentence of the article, scored, with the claims that already cover it."""

    sentence: Piece
    score: Score
    line: int
    col: int
    covered_by: tuple[str, ...]

    @property
    def kind_guess(self) -> str:
        return "opinion" if self.score.subjective_label else "fact"


@dataclass(frozen=True)
class Coverage:
    checkworthy: int
    covered: int
    uncovered: list[Candidate]

    @property
    def share(self) -> float:
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
    sentences = [s for s in split_sentences(article.text) if s.text.strip()]
    spans = [(c.id, a.start, a.end) for c in ledger.claims for a in article.locate(c)]
    scores: list[Score] = []
    batch = 64
    for i in range(0, len(sentences), batch):
        scores.extend(score([s.text for s in sentences[i : i + batch]]))
        if progress is not None:
            progress(min(i + batch, len(sentences)), len(sentences))
    out = []
    for sentence, sc in zip(sentences, scores, strict=True):
        covering = tuple(cid for cid, a, b in spans if a < sentence.end and b > sentence.start)
        line, col = article.linecol(sentence.start)
        out.append(Candidate(sentence, sc, line, col, covering))
    return out


def coverage(cands: list[Candidate]) -> Coverage:
    """The share of check-worthy sentences that at least one claim covers."""
    worthy = [c for c in cands if c.score.checkworthy_label]
    uncovered = [c for c in worthy if not c.covered_by]
    return Coverage(len(worthy), len(worthy) - len(uncovered), uncovered)


def _pieces(c: Candidate) -> list[Piece]:
    """The atomic spans of a sentence, or the whole sentence when there are fewer than two.

    A single span is a relative clause cut out of its sentence: the sentence's own claim is
    proposed as well, so nothing is lost.
    """
    whole = Piece(c.sentence.text, 0, len(c.sentence.text))
    spans = atomic_spans(c.sentence.text)
    return spans if len(spans) >= 2 else [whole, *spans]


def proposals(
    ledger: Ledger, cands: list[Candidate], *, min_score: float = 0.5, include_covered: bool = False
) -> list[dict[str, Any]]:
    """Claim entries (exact quotes, guessed kind, no evidence) for the sentences worth checking."""
    article = Article(ledger.article_text or "")
    taken = {c.id for c in ledger.claims}
    out: list[dict[str, Any]] = []
    for c in cands:
        if c.score.checkworthy < min_score or (c.covered_by and not include_covered):
            continue
        for piece in _pieces(c):
            quote = piece.text.strip()
            if not quote:
                continue
            start = c.sentence.start + piece.start + piece.text.index(quote)
            new_id = unique_id(slugify(quote, max_words=5), taken)
            taken.add(new_id)
            entry: dict[str, Any] = {"id": new_id, "quote": quote}
            if len(article.occurrences(quote)) > 1:
                entry["prefix"] = article.text[max(0, start - 40) : start]
            entry["kind"] = c.kind_guess
            entry["checkworthy"] = round(c.score.checkworthy, 3)
            out.append(entry)
    return out


def claim_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """A proposal as the claim entry written to claims.yaml (its score left out)."""
    return {k: v for k, v in entry.items() if k != "checkworthy"}


def entries_yaml(entries: list[dict[str, Any]], indent: int = 2) -> str:
    """Entries as YAML list items, ready to paste under ``claims:`` (scores as comments).

    The items are rendered as ``extract --write`` appends them to a list at that indentation.
    """
    from factcheck.editing.emit import Style, render_items

    lines: list[str] = []
    for e in entries:
        lines.append(" " * indent + f"# check-worthiness {e['checkworthy']:.2f}")
        lines.extend(render_items([claim_fields(e)], indent, Style()))
    return "".join(line + "\n" for line in lines)
