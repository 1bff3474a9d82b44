"""Numbers in text, compared by value: ``4.9%`` ~ ``4.9 percent``, ``860,000`` ~ ``860000``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# digits with optional thousands separators and decimals; ordinals (76th) keep their number.
# Written ``(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?``, the same matches,
# but opening with the digit, so that the regex engine skips to the digits instead of trying
# both look-behinds at every character (twice as fast on a sentence).
_NUMBER = re.compile(r"\d(?<![\w.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|(?<!,\d)\d*(?:\.\d+)?)")


def numbers(text: str) -> list[str]:
    """The numbers written with digits in ``text``, normalised (``860,000`` → ``860000``)."""
    return list(written_numbers(text))


def written_numbers(text: str) -> dict[str, str]:
    """Each number of ``text`` by value, with how it is first written (``{"4.9": "4.9%"}``)."""
    out: dict[str, str] = {}
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        value = _normalise(raw) if "," in raw or not _canonical(raw) else raw
        if value is not None and value not in out:
            percent = text.startswith("%", match.end())
            out[value] = raw + ("%" if percent else "")
    return out


def _canonical(digits: str) -> bool:
    """Whether ``digits`` (no separators) are already how :func:`_normalise` prints their value:
    ASCII digits (``Decimal`` reads other scripts' digits too, and prints them in ASCII), no
    leading zero but a lone one, no trailing zero after the point, and few enough digits for the
    decimal context's 28 not to round them."""
    if len(digits) > 28 or not digits.isascii():
        return False
    if digits[0] == "0" and len(digits) > 1 and digits[1] != ".":
        return False
    return "." not in digits or digits[-1] != "0"


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
