"""Finding many quotes in one long text without scanning the text once per quote.

A quote's *inner words* are the runs of ``\\w`` characters that have a non-word character of the
quote on both sides. Wherever the quote occurs, each inner word is a whole word of the text (the
characters around it are the quote's own). So the occurrences of a quote are among the positions of
its rarest inner word, and a check of those few positions with ``str.startswith`` finds them all:
exact, overlapping ones included, the same list ``str.find`` in a loop gives.

Building the index costs two passes over the text (count the words, then note where the chosen ones
are), after which each quote costs as many comparisons as its rarest word has occurrences. Quotes
without an inner word (one or two words) fall back to ``str.find``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate, compress

WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_SPLIT = re.compile(r"(\w+)")
# words are counted 64 KiB at a time: a piece's words and offsets are held at once (some 40 MB
# for a megabyte), and at 100,000 claims a megabyte's were the peak of check
_CHUNK = 1 << 16


def _key(quote: str, counts: Counter[str]) -> tuple[str, int] | None:
    """The quote's rarest inner word and its offset in the quote, or None."""
    parts = _SPLIT.split(quote)  # text, word, text, …, text: the words sit at odd indices
    first = 1 if parts[0] else 3
    last = len(parts) - 2 if parts[-1] else len(parts) - 4
    if first > last:
        return None
    inner = parts[first : last + 1 : 2]
    seen = list(map(counts.__getitem__, inner))  # Counter: 0 for a word the text lacks
    index = first + 2 * seen.index(min(seen))  # the first of the rarest, as min() picks
    return parts[index], len("".join(parts[:index]))


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """Pieces of ``text`` cut at non-word characters, with their offsets."""
    start, n = 0, len(text)
    while start < n:
        stop = min(start + _CHUNK, n)
        while stop < n and _WORD_CHAR.match(text, stop):
            stop += 1
        yield start, text[start:stop]
        start = stop


def _words_at(text: str) -> Iterable[tuple[list[str], list[int]]]:
    for offset, chunk in _chunks(text):
        parts = _SPLIT.split(chunk)
        ends = list(accumulate(map(len, parts), initial=offset))
        yield parts[1::2], ends[1:-1:2]


def find_all(text: str, quotes: Iterable[str]) -> dict[str, list[int]]:
    """Every start offset of every quote in ``text`` (as ``str.find`` would find them)."""
    distinct = list(dict.fromkeys(q for q in quotes if q))
    out: dict[str, list[int]] = {}
    if not distinct:
        return out
    counts: Counter[str] = Counter()
    for words, _ in _words_at(text):
        counts.update(words)
    keyed: dict[str, list[tuple[str, int]]] = {}
    for q in distinct:
        key = _key(q, counts)
        if key is None:
            out[q] = scan(text, q)
        elif counts.get(key[0], 0) == 0:
            out[q] = []
        else:
            keyed.setdefault(key[0], []).append((q, key[1]))
            out[q] = []
    for words, starts in _words_at(text):
        for word, start in compress(
            zip(words, starts, strict=True), map(keyed.__contains__, words)
        ):
            for q, offset in keyed[word]:
                s = start - offset
                if s >= 0 and text.startswith(q, s):
                    out[q].append(s)
    return out


def scan(text: str, quote: str) -> list[int]:
    """The straightforward way: ``str.find`` from each hit onwards."""
    found: list[int] = []
    if not quote:
        return found
    start = text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found
