"""Fuzzy search over claims with rapidfuzz: typo-tolerant, ranked, with the matched words marked.

Each query word is compared (``fuzz.ratio`` after rapidfuzz's default normalisation) with every
distinct word of the ledger once; a claim scores the mean, over query words, of its best-matching
word, weighted by the field it sits in (quote and claim count most, notes and source titles least).
A small share of the score rewards the query appearing as a phrase in the quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from factcheck.ledger.models import Claim, Source
from factcheck.text.ids import STOP_WORDS

WORD = re.compile(r"\w+")
FIELD_WEIGHTS = {
    "id": 0.95,
    "quote": 1.0,
    "claim": 1.0,
    "speaker": 0.95,
    "tags": 0.95,
    "note": 0.85,
    "says": 0.85,
    "source": 0.8,
}
WORD_CUTOFF = 70.0
HIGHLIGHT_CUTOFF = 80.0
PHRASE_SHARE = 0.15


@dataclass(frozen=True)
class Match:
    claim: Claim
    score: float
    fields: tuple[str, ...]
    quote_spans: tuple[tuple[int, int], ...]


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _fields(claim: Claim, sources: Mapping[str, Source]) -> dict[str, str]:
    titles = [sources[e.source].title or "" for e in claim.evidence if e.source in sources]
    return {
        "id": claim.id.replace("-", " "),
        "quote": claim.quote,
        "claim": claim.claim or "",
        "speaker": claim.speaker or "",
        "tags": " ".join(claim.tags),
        "note": claim.note or "",
        "says": " ".join(e.says for e in claim.evidence),
        "source": " ".join(titles),
    }


def query_words(query: str) -> list[str]:
    words = _words(query)
    content = [w for w in words if w not in STOP_WORDS]
    return content or words


def search(
    claims: Iterable[Claim],
    sources: Mapping[str, Source],
    query: str,
    *,
    limit: int | None = 10,
    min_score: float = 50.0,
) -> list[Match]:
    """Claims ranked by how well they match ``query`` (scores 0–100, best first)."""
    claims = list(claims)
    docs = [doc_words(c, sources) for c in claims]
    vocab = sorted(set().union(*(w for d in docs for w in d.values())))
    from rapidfuzz.utils import default_process

    quotes = [default_process(c.quote) for c in claims]
    scored, similar = score_docs(docs, quotes, vocab, query, min_score=min_score)
    scored.sort(key=lambda m: (-m[0], claims[m[1]].pos.line))
    kept = scored if limit is None else scored[:limit]
    # the words to highlight, for the matches shown only
    return [
        Match(claims[i], score, fields, spans(claims[i].quote, similar))
        for score, i, fields in kept
    ]


def doc_words(claim: Claim, sources: Mapping[str, Source]) -> dict[str, set[str]]:
    """The distinct words of each field of a claim that has any (what a claim is scored on)."""
    out = {}
    for name, text in _fields(claim, sources).items():
        ws = set(_words(text))
        if ws:
            out[name] = ws
    return out


def score_docs(
    docs: Sequence[Mapping[str, Iterable[str]]],
    quotes: Sequence[str],
    vocab: Sequence[str],
    query: str,
    *,
    min_score: float,
) -> tuple[list[tuple[float, int, tuple[str, ...]]], list[dict[str, float]]]:
    """(score, index, matched fields) of every doc scoring ``min_score`` or more, unsorted, and
    the per-query-word similarity tables. ``docs`` hold each field's distinct words, ``quotes`` the
    quotes after rapidfuzz's ``default_process``; ``vocab`` holds at least every word of ``docs``
    (a word outside the docs changes no score)."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    qwords = query_words(query)
    if not qwords or not docs:
        return [], []
    similar: list[dict[str, float]] = []
    for q in qwords:
        hits = process.extract(q, vocab, scorer=fuzz.ratio, limit=None, score_cutoff=WORD_CUTOFF)
        table = {word: float(score) for word, score, _ in hits}
        if len(q) >= 4:  # a query word that starts a longer word is a strong hit: "sanction…"
            for word in vocab:
                if word.startswith(q):
                    table[word] = max(table.get(word, 0.0), 95.0)
        similar.append(table)
    hit_sets = [set(table) for table in similar]
    phrase = default_process(query)
    partial_ratio = fuzz.partial_ratio
    scored: list[tuple[float, int, tuple[str, ...]]] = []
    for i, words in enumerate(docs):
        total = 0.0
        hit_fields: set[str] = set()
        for table, hit_words in zip(similar, hit_sets, strict=True):
            best, best_field = 0.0, ""
            for name, ws in words.items():
                common = hit_words.intersection(ws)  # in C: most fields share no word with hits
                if common:
                    s = max(map(table.__getitem__, common)) * FIELD_WEIGHTS[name]
                    if s > best:
                        best, best_field = s, name
            total += best
            if best_field:
                hit_fields.add(best_field)
        token_score = total / len(similar)
        phrase_score = partial_ratio(phrase, quotes[i]) if phrase else 0.0
        score = round((1 - PHRASE_SHARE) * token_score + PHRASE_SHARE * phrase_score, 1)
        if score >= min_score:
            fields = tuple(n for n in FIELD_WEIGHTS if n in hit_fields)
            scored.append((score, i, fields))
    return scored, similar


def spans(text: str, similar: list[dict[str, float]]) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in WORD.finditer(text):
        w = m.group(0).casefold()
        if any(table.get(w, 0.0) >= HIGHLIGHT_CUTOFF for table in similar):
            spans.append((m.start(), m.end()))
    return tuple(spans)
