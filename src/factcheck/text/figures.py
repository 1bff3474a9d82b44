"""Numbers in text, compared by value: ``4.9%`` ~ ``4.9 percent``, ``860,000`` ~ ``860000``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# digits with optional thousands separators and decimals; ordinals (76th) keep their number
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def numbers(text: str) -> list[str]:
    """The numbers written with digits in ``text``, normalised (``860,000`` → ``860000``)."""
    return list(written_numbers(text))


def written_numbers(text: str) -> dict[str, str]:
    """Each number of ``text`` by value, with how it is first written (``{"4.9": "4.9%"}``)."""
    out: dict[str, str] = {}
    for match in _NUMBER.finditer(text):
        value = _normalise(match.group(0))
        if value is not None and value not in out:
            percent = text.startswith("%", match.end())
            out[value] = match.group(0) + ("%" if percent else "")
    return out


def _normalise(raw: str) -> str | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None
    text = format(value.normalize(), "f")
    return text


def missing_numbers(quote: str, evidence_texts: list[str]) -> list[str]:
    """The numbers of ``quote`` that appear in none of ``evidence_texts``."""
    found: set[str] = set()
    for text in evidence_texts:
        found.update(numbers(text))
    return [n for n in numbers(quote) if n not in found]
