"""Fuzzy search over claims with rapidfuzz: typo-tolerant, ranked, with the matched words marked.

Each query word is compared (``fuzz.ratio`` after rapidfuzz's default normalisation) with every
distinct word of the ledger once; a claim scores the mean, over query words, of its best-matching
word, weighted by the field it sits in (quote and claim count most, notes and source titles least).
A small share of the score rewards the query appearing as a phrase in the quote.

A ledger is searched through its ``Index`` (built once, kept in the cache): its sorted vocabulary
and, for each word, the (claim, field) pairs it occurs in, so a query visits only the claims its
words hit.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

from factcheck.text.ids import STOP_WORDS

if TYPE_CHECKING:
    from factcheck.ledger.models import Claim, Source

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
FIELDS = tuple(FIELD_WEIGHTS)
WORD_CUTOFF = 70.0
HIGHLIGHT_CUTOFF = 80.0
PHRASE_SHARE = 0.15
PREFIX_SCORE = 95.0  # a query word of 4 letters or more that starts a longer word: "sanction…"

# (score, claim index, matched fields) of one claim
Scored = tuple[float, int, tuple[str, ...]]
# per query word, the similarity of each vocabulary word close enough to it
Similar = list[dict[str, float]]


class Index(TypedDict):
    """What a ledger's claims are searched through (JSON-ready)."""

    vocab: list[str]  # every distinct word, sorted
    # per vocabulary word, the claim * len(FIELDS) + field numbers it occurs at, as the hex of a
    # native uint32 array: read as one string per word, decoded only for the words a query hits
    postings: list[str]
    quotes: list[str]  # each claim's quote after rapidfuzz's ``default_process``


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _fields(claim: Claim, sources: Mapping[str, Source]) -> dict[str, str]:
    titles = [sources[e.source].title or "" for e in claim.evidence if e.source in sources]
    return {
        "id": claim.id.replace("-", " "),
        "quote": claim.quote or "",
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


def doc_words(claim: Claim, sources: Mapping[str, Source]) -> dict[str, set[str]]:
    """The distinct words of each field of a claim that has any (what a claim is scored on)."""
    out = {}
    for name, text in _fields(claim, sources).items():
        ws = set(_words(text))
        if ws:
            out[name] = ws
    return out


def index(claims: Sequence[Claim], sources: Mapping[str, Source]) -> Index:
    """The search index of a ledger's claims."""
    from rapidfuzz.utils import default_process

    field_no = {name: i for i, name in enumerate(FIELDS)}
    postings: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        for name, ws in doc_words(c, sources).items():
            for w in ws:
                postings.setdefault(w, []).append(i * len(FIELDS) + field_no[name])
    vocab = sorted(postings)
    return {
        "vocab": vocab,
        "postings": [array("I", sorted(postings[w])).tobytes().hex() for w in vocab],
        "quotes": [default_process(c.quote if c.quote is not None else c.text) for c in claims],
    }


def similar_words(query: str, vocab: Sequence[str]) -> Similar:
    """For each query word, the vocabulary words like it and how alike (0–100)."""
    from bisect import bisect_left

    from rapidfuzz import fuzz, process

    similar: Similar = []
    for q in query_words(query):
        hits = process.extract(q, vocab, scorer=fuzz.ratio, limit=None, score_cutoff=WORD_CUTOFF)
        table = {word: float(score) for word, score, _ in hits}
        if len(q) >= 4:  # sorted: the words that start with q are one run of the vocabulary
            for word in vocab[bisect_left(vocab, q) :]:
                if not word.startswith(q):
                    break
                table[word] = max(table.get(word, 0.0), PREFIX_SCORE)
        similar.append(table)
    return similar


def score(
    idx: Index, keep: set[int] | None, query: str, *, min_score: float
) -> tuple[list[Scored], Similar]:
    """Every claim (of ``keep``, unless None) scoring ``min_score`` or more, unsorted, and the
    similarity tables of the query's words (for ``spans``)."""
    from bisect import bisect_left

    from rapidfuzz import fuzz
    from rapidfuzz.utils import default_process

    quotes = idx["quotes"]
    if not quotes or (keep is not None and not keep):
        return [], []
    vocab = idx["vocab"]
    similar = similar_words(query, vocab)
    if not similar:
        return [], []
    nfields = len(FIELDS)
    weights = list(FIELD_WEIGHTS.values())
    totals: dict[int, float] = {}
    fields_of: dict[int, set[int]] = {}
    for table in similar:
        # a claim's best is its best (word, field) pair: the highest weighted score, and on a tie
        # the earlier field
        best: dict[int, tuple[float, int]] = {}
        for word, s in table.items():
            for p in array("I", bytes.fromhex(idx["postings"][bisect_left(vocab, word)])):
                c, f = divmod(p, nfields)
                if keep is not None and c not in keep:
                    continue
                v = s * weights[f]
                cur = best.get(c)
                if cur is None or v > cur[0] or (v == cur[0] and f < cur[1]):
                    best[c] = (v, f)
        for c, (v, f) in best.items():
            totals[c] = totals.get(c, 0.0) + v
            fields_of.setdefault(c, set()).add(f)
    phrase = default_process(query)
    partial_ratio = fuzz.partial_ratio
    # a claim no query word hits scores the phrase share at most: skip those when that is too low
    pool = range(len(quotes)) if keep is None else sorted(keep)
    candidates = pool if min_score <= PHRASE_SHARE * 100 else sorted(totals)
    n = len(similar)
    scored: list[Scored] = []
    for c in candidates:
        token_score = totals.get(c, 0.0) / n
        phrase_score = partial_ratio(phrase, quotes[c]) if phrase else 0.0
        total = round((1 - PHRASE_SHARE) * token_score + PHRASE_SHARE * phrase_score, 1)
        if total >= min_score:
            hit = fields_of.get(c, set())
            scored.append((total, c, tuple(FIELDS[f] for f in range(nfields) if f in hit)))
    return scored, similar


def spans(text: str, similar: Similar) -> tuple[tuple[int, int], ...]:
    """Where the words of ``text`` that match a query word sit (to highlight)."""
    found = []
    for m in WORD.finditer(text):
        w = m.group(0).casefold()
        if any(table.get(w, 0.0) >= HIGHLIGHT_CUTOFF for table in similar):
            found.append((m.start(), m.end()))
    return tuple(found)
