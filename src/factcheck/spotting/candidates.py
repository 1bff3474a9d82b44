"""Claim spotting on a ledger's article: candidate claims, coverage, and starting a new ledger.

Pure core: sentences come from ``spotter.split_sentences`` and scores from ``spotter.score``;
nothing here prints.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import CLAIMS_FILE, SOURCES_DIR
from factcheck.ledger.models import Ledger
from factcheck.spotting.model import Score, Sentence, Span, atomic_spans, score, split_sentences
from factcheck.text.article import Article
from factcheck.text.ids import slugify, unique_id


@dataclass(frozen=True)
class Candidate:
    """One sentence of the article, scored, with the claims that already cover it."""

    sentence: Sentence
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


def _pieces(c: Candidate) -> list[Span]:
    """The atomic spans of a sentence, or the whole sentence when there are fewer than two.

    A single span is a relative clause cut out of its sentence: the sentence's own claim is
    proposed as well, so nothing is lost.
    """
    whole = Span(c.sentence.text, 0, len(c.sentence.text))
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


def entries_yaml(entries: list[dict[str, Any]], indent: int = 2) -> str:
    """Entries as YAML list items, ready to paste under ``claims:`` (scores as comments)."""
    chunks = []
    for e in entries:
        fields = {k: v for k, v in e.items() if k != "checkworthy"}
        text = yaml.safe_dump([fields], sort_keys=False, allow_unicode=True, width=100)
        text = f"# check-worthiness {e['checkworthy']:.2f}\n" + text
        chunks.append(
            "".join(
                " " * indent + line if line.strip() else line
                for line in text.splitlines(keepends=True)
            )
        )
    return "".join(chunks)


def append_entries(claims_path: Path, entries: list[dict[str, Any]]) -> None:
    """Append entries to the claims list through the safe writer (no other line changes)."""
    from factcheck.editing.writer import LedgerFile

    f = LedgerFile.read(claims_path)
    f.extend(["claims"], [{k: v for k, v in e.items() if k != "checkworthy"} for e in entries])
    f.save()


def init_ledger(
    article: Path,
    folder: Path,
    *,
    title: str | None = None,
    author: list[str] | None = None,
    publisher: str | None = None,
    url: str | None = None,
    issued: str | None = None,
) -> Path:
    """Create claims.yaml and sources/ for ``article`` in ``folder``; never overwrite a ledger."""
    from factcheck.ledger.yamlio import read_text

    claims_path = folder / CLAIMS_FILE
    if claims_path.exists():
        raise FactcheckError(
            "a ledger already exists here",
            path=claims_path,
            hint="use --dir to start one elsewhere",
        )
    text = read_text(article)
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), article.stem)
    title = title or first_line
    year = (issued or "")[:4]
    article_id = slugify(f"{year} {title}", max_words=8)
    sources = folder / SOURCES_DIR
    sources.mkdir(parents=True, exist_ok=True)
    text_name = f"{article_id}.txt"
    if (sources / text_name).exists() or (sources / f"{article_id}.yaml").exists():
        raise FactcheckError(
            f"sources/{article_id} already exists",
            path=sources,
            hint="remove it or choose another --dir",
        )
    shutil.copyfile(article, sources / text_name)
    record: dict[str, Any] = {"id": article_id, "type": "article", "title": title}
    if author:
        record["author"] = author
    for key, value in (("publisher", publisher), ("issued", issued), ("url", url)):
        if value:
            record[key] = value
    record["text"] = text_name
    (sources / f"{article_id}.yaml").write_text(
        yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    from importlib.resources import files

    schema = files("factcheck.schema").joinpath("claims.schema.json").read_text("utf-8")
    (folder / "claims.schema.json").write_text(schema, encoding="utf-8")
    claims_path.write_text(
        "# yaml-language-server: $schema=./claims.schema.json\n"
        f"format: 1\narticle: {article_id}\nclaims: []\n",
        encoding="utf-8",
    )
    return claims_path
