"""A file's text as the line reader's lines, which it releases as it reads them.

The line reader (``yamlfast``) reads a list of lines, not the text: ``lines_of`` turns the text
into that list, or refuses it (``None``) when a character in it sends the whole file to libyaml.
Given the list alone, the reader empties each item of a top-level sequence as soon as it is read
(``release``): at 100,000 claims the text and its 1.5 million line strings were each as large as
the file, and were held, with the growing document, until its last line.

A caller may also take each item of the top-level ``claims:`` list as it is read (``Lines.claims``,
``ledger.load`` builds each claim then): the document then never holds the items whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.ledger.models import Pos
    from factcheck.ledger.positioned import YMap

# an item of claims:, where it starts and its index → what the list keeps in its place
Items = Callable[[Any, "Pos", int], Any]
# the top-level mapping when claims: is reached (its keys above) → Items, or None: keep the items
Claims = Callable[["YMap"], Items | None]

_CHUNK = 1 << 20
EMPTY = ""  # what a released line holds: one shared string


class Lines(list[str]):
    """The lines of a text, and what to do with the items of its ``claims:`` as they are read."""

    __slots__ = ("claims",)

    def __init__(self, lines: list[str], claims: Claims | None = None) -> None:
        super().__init__(lines)
        self.claims = claims


def lines_of(text: str, claims: Claims | None = None) -> Lines | None:
    """The lines of ``text`` (split at ``\\n`` only), or None when it holds a character the line
    reader leaves to libyaml."""
    # a character libyaml reads otherwise than as text (a tab, a carriage return, YAML 1.1's other
    # line breaks, the byte-order mark, a control) or a backslash (an escape in double quotes)
    # sends the whole file to libyaml; so do the few characters libyaml reads as text but
    # str.isprintable() refuses (spaces other than " " and the no-break space, format characters)
    if "\\" in text:
        return None
    for at in range(0, len(text), _CHUNK):  # in pieces: no copy of a large file held whole
        if not text[at : at + _CHUNK].replace("\n", "").replace("\xa0", "").isprintable():
            return None
    return Lines(text.split("\n"), claims)


def release(lines: list[str], start: int, end: int) -> None:
    """Lines ``start`` to ``end`` (exclusive) are read: drop them, keeping every index in place."""
    if end > start:
        lines[start:end] = [EMPTY] * (end - start)
