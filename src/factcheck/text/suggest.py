"""“Did you mean …?”: the closest names to a mistyped one, for a hint."""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 60


def suggest(
    word: str, choices: Iterable[str], *, limit: int = 1, partial: bool = True
) -> list[str]:
    """Up to ``limit`` of ``choices`` closest to ``word``, best first: scoring 60 or more by
    rapidfuzz's WRatio, which lets a word match part of a longer name (an id's first words), or
    with ``partial=False`` by plain ratio over whole names (short keys and enum values, where a
    two-letter typo must not match inside a longer key)."""
    from rapidfuzz import fuzz, process

    names = list(choices)
    scorer = fuzz.WRatio if partial else fuzz.ratio
    found = process.extract(word, names, scorer=scorer, limit=limit, score_cutoff=CUTOFF)
    return [str(name) for name, _, _ in found]


def did_you_mean(
    word: str, choices: Iterable[str], *, limit: int = 1, partial: bool = True
) -> str | None:
    """``did you mean 'x'?`` (or ``'x', 'y'``), or None when nothing is close."""
    near = suggest(word, choices, limit=limit, partial=partial)
    if not near:
        return None
    return "did you mean " + ", ".join(f"'{n}'" for n in near) + "?"
