"""Comparing two versions of a text as a reader would.

``normalise`` removes what a reader does not see (Unicode forms, curly quotes, dash kinds,
spacing), ``similarity`` scores two texts after it, and ``meaning_changes`` names the differences
a careful editor must look at: a figure that changed, a negation added or dropped.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from factcheck.text.figures import numbers

_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "none",
        "nothing",
        "nobody",
        "cannot",
        "n't",
        "without",
    ]
)
_TRANSLATE = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    """Text as compared: NFKC, straight quotes, plain hyphens, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """0-100 similarity of two texts after normalisation (rapidfuzz's indel ratio)."""
    return float(fuzz.ratio(normalise(a), normalise(b)))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:'t)?", normalise(text).lower())


def meaning_changes(old: str, new: str) -> tuple[str, ...]:
    """Differences between two versions of a quote that a human must review before re-anchoring."""
    out: list[str] = []
    a, b = numbers(old), numbers(new)
    if sorted(a) != sorted(b):
        out.append(f"figures changed ({', '.join(a) or 'none'} → {', '.join(b) or 'none'})")
    neg_a = sorted(w for w in _words(old) if w in _NEGATIONS or w.endswith("n't"))
    neg_b = sorted(w for w in _words(new) if w in _NEGATIONS or w.endswith("n't"))
    if neg_a != neg_b:
        out.append("a negation was added or removed")
    return tuple(out)
