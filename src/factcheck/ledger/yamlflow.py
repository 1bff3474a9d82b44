"""A flow sequence of scalars on one line, as ``factcheck import`` writes lists of names and
addresses (``appearance: [https://x.org/a, 'b, c']``, ``[]``): its items found with a few string
operations, for the line reader (``yamlfast``), or ``None`` for anything libyaml must read.
"""

from __future__ import annotations

import re

import yaml

from factcheck.ledger.yamltags import Loader

# what a plain scalar may not start with (indicators; "-" only with a space after it)
PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A plain item runs to the next "," or "]"; "?" inside one is text to libyaml but a key
# indicator to PyYAML's own parser
_FLOW_PLAIN = re.compile(r"[^,\[\]{}]*")
_QUERY_IN_PLAIN = Loader is getattr(yaml, "CSafeLoader", None)


def flow_items(line: str, j: int) -> list[tuple[str, int, bool]] | None:
    """The items of the flow sequence whose ``[`` is at ``line[j]``: (text, column of its first
    character or opening quote, quoted). Plain items that start no indicator and hold no ``: ``,
    `` #`` or bracket, quoted items, ``[]``; a trailing comment. Anything else (a nested
    collection, a pair, a trailing comma, a flow spanning lines, text after ``]``): ``None``."""
    n = len(line)
    items: list[tuple[str, int, bool]] = []
    k = j + 1
    while k < n and line[k] == " ":
        k += 1
    if line.startswith("]", k):
        k += 1
    else:
        while True:
            if k >= n:
                return None  # the flow goes on below: libyaml's
            first = line[k]
            start = k
            if first == "'" or first == '"':
                k = line.find(first, k + 1)
                while first == "'" and line.startswith("''", k):
                    k = line.find(first, k + 2)
                if k < 0:
                    return None
                text = line[start + 1 : k]
                if first == "'" and "''" in text:
                    text = text.replace("''", "'")
                k += 1
                items.append((text, start, True))
            else:
                if first in PLAIN_START:
                    return None
                m = _FLOW_PLAIN.match(line, k)
                assert m is not None  # (it matches the empty string)
                k = m.end()
                text = m.group().rstrip(" ")
                if (
                    text.endswith(":")
                    or ": " in text
                    or ":?" in text  # libyaml's error
                    or " #" in text
                    or ("?" in text and not _QUERY_IN_PLAIN)
                ):
                    return None
                items.append((text, start, False))
            while k < n and line[k] == " ":
                k += 1
            if k >= n:
                return None
            if line[k] == "]":
                k += 1
                break
            if line[k] != ",":
                return None  # a bracket, a brace, a pair, text after a quote
            k += 1
            while k < n and line[k] == " ":
                k += 1
            if line.startswith("]", k):
                return None  # a trailing comma
    rest = line[k:]
    if (rest and rest[0] != " ") or rest.lstrip(" ")[:1] not in ("", "#"):
        return None  # text, or a comment with no space before it, after "]"
    return items
