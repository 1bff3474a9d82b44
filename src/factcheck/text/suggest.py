"""“Did you mean …?”: the closest names to a mistyped one, for a hint."""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 60


def suggest(word: str, choices: Iterable[str], *, limit: int = 1) -> list[str]:
    """Up to ``limit`` of ``choices`` closest to ``word`` (rapidfuzz's WRatio ≥ 60), best first."""
    from rapidfuzz import fuzz, process

    names = list(choices)
    found = process.extract(word, names, scorer=fuzz.WRatio, limit=limit, score_cutoff=CUTOFF)
    return [str(name) for name, _, _ in found]


def did_you_mean(word: str, choices: Iterable[str], *, limit: int = 1) -> str | None:
    """``did you mean 'x'?`` (or ``'x', 'y'``), or None when nothing is close."""
    near = suggest(word, choices, limit=limit)
    if not near:
        return None
    return "did you mean " + ", ".join(f"'{n}'" for n in near) + "?"
