"""Sentences and atomic spans: an article's text cut into the pieces a claim is made of.

``split_sentences`` gives each sentence with its exact offsets in the text; ``atomic_spans`` cuts
a sentence that holds several claims into sub-spans. Both give exact substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Piece:
    """A piece cut from a text, ``text[start:end] == piece.text``: a sentence's offsets are into
    the article's text, an atomic span's into its sentence's."""

    text: str
    start: int
    end: int


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import importlib

    pysbd = importlib.import_module("pysbd")  # imported lazily: it compiles many regexes
    return pysbd.Segmenter(language="en", clean=False)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _between(separator: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The offsets of the stretches of ``text`` between the matches of ``separator``."""
    stretches: list[tuple[int, int]] = []
    pos = 0
    for m in separator.finditer(text):
        stretches.append((pos, m.start()))
        pos = m.end()
    stretches.append((pos, len(text)))
    return stretches


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int] | None:
    """Find ``piece`` in ``text`` at or after ``cursor``, tolerating whitespace differences."""
    core = piece.strip()
    if not core:
        return None
    i = text.find(core, cursor)
    if i >= 0:
        return i, i + len(core)
    words = core.split()
    pattern = r"\s*".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, cursor)
    if m:
        return m.start(), m.end()
    return None


def split_sentences(text: str) -> list[Piece]:
    """Split ``text`` into sentences with exact character offsets.

    pysbd does the splitting (abbreviations such as "U.S.", "Dr.", "No. 2", decimals and
    quotations); a blank line always ends a sentence, so a heading (a line without terminal
    punctuation followed by a blank line) is a sentence of its own. Leading and trailing
    whitespace is not part of a sentence; whitespace-only input gives no sentences.
    """
    out: list[Piece] = []
    seg = _segmenter()
    for b_start, b_end in _between(_BLANK_LINE, text):  # blocks separated by blank lines
        b_start, b_end = _trimmed(text, b_start, b_end)
        if b_start >= b_end:
            continue
        block = text[b_start:b_end]
        cursor = 0
        bounds: list[tuple[int, int]] = []
        for piece in seg.segment(block):
            loc = _locate(block, str(piece), cursor)
            if loc is None:
                continue
            bounds.append(loc)
            cursor = loc[1]
        if not bounds:
            bounds = [(0, len(block))]
        # Make the pieces tile the block: gaps (text pysbd dropped) join the previous sentence.
        tiled: list[tuple[int, int]] = []
        for i, (s, _e) in enumerate(bounds):
            s = 0 if i == 0 else s
            e = bounds[i + 1][0] if i + 1 < len(bounds) else len(block)
            tiled.append((s, e))
        for s, e in tiled:
            s, e = _trimmed(block, s, e)
            if s < e:
                out.append(Piece(block[s:e], b_start + s, b_start + e))
    return out


FIGURE = re.compile(
    r"(?<![\w.])(?:[$€£¥]\s?)?\d(?:[\d,.]*\d)?(?:\s?(?:%|percent|per cent|million|billion|"
    r"trillion|thousand|hundred))?",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|(?<=[\d%])\s*,\s+|(?<=million|billion|percent),\s+"
    r"|,\s+(?=(?:and|but|while|whereas|although|though)\b)|\s+(?=(?:while|whereas)\b)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?<=,)\s*((?:which|who)\s+(?:is|are|was|were|has|have|had|\w+ed|\w+s)\b[^,;]*)",
    re.IGNORECASE,
)


def atomic_spans(sentence: str) -> list[Piece]:
    """Sub-spans of a sentence that hold separate claims; ``[]`` when it is atomic already.

    A sentence with several figures is cut at clause boundaries (semicolons, a comma right
    after a figure, ", and/but/while ...") into pieces that each hold a figure and at least
    six words (two or more spans). Otherwise a non-restrictive relative clause that asserts a
    fact (", which was ...", ", who assumed ...") is returned as a span of its own, the rest
    of the sentence being the main claim. Every span is an exact substring:
    ``sentence[s.start:s.end] == s.text``.
    """
    if len(FIGURE.findall(sentence)) >= 2:
        pieces = _between(_CLAUSE_BREAK, sentence)

        # A piece stands alone when it holds a figure and at least six words; any other
        # piece joins the one before it (a leading one takes the next piece in).
        def alone(s: int, e: int) -> bool:
            part = sentence[s:e]
            return bool(FIGURE.search(part)) and len(part.split()) >= 6

        merged: list[tuple[int, int]] = []
        for s, e in pieces:
            if merged and (not alone(s, e) or not alone(*merged[-1])):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        spans = [sp for s, e in merged if (sp := _span(sentence, s, e)) is not None]
        if len(spans) >= 2:
            return spans
    rel = [_span(sentence, m.start(1), m.end(1)) for m in _RELATIVE.finditer(sentence)]
    return [sp for sp in rel if sp is not None and len(sp.text.split()) >= 3]


def _span(sentence: str, s: int, e: int) -> Piece | None:
    s, e = _trimmed(sentence, s, e)
    while e > s and sentence[e - 1] in ",;:":
        e -= 1
    return Piece(sentence[s:e], s, e) if e - s >= 3 else None
