"""A view's blob: every claim's JSON text as ``list --json`` writes it, joined by ``SEP``; where
one ends and the next begins, and the records read back from it.

A blob is held (``bytes``, ``bytearray``) or mapped from its cache file (``spill.Mapped``);
either way it is sliced, searched and hashed like bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from array import array

    from factcheck.formats.records import Record
    from factcheck.scale.spill import Mapped

Blob: TypeAlias = "bytes | bytearray | Mapped"

SEP = b",\n"  # between the claims' JSON texts, as ``list --json`` writes them
# where one claim's JSON text ends and the next begins: its closing brace (the only line of a
# record indented by two spaces: its fields are indented by four, and JSON strings hold no raw
# line break), then SEP
BETWEEN = b"\n  }" + SEP


def claim_bounds(blob: Blob) -> tuple[array[int], array[int]]:
    """Where each claim's JSON text starts and ends in a view's ``blob`` (the listing's
    ``starts`` and ``ends``, found without reading the listing)."""
    from array import array

    starts, ends = array("q"), array("q")
    if not blob:
        return starts, ends
    at = 0
    find = blob.find
    while True:
        starts.append(at)
        cut = find(BETWEEN, at)
        if cut < 0:
            ends.append(len(blob))
            return starts, ends
        ends.append(cut + len(BETWEEN) - len(SEP))  # the brace's line ends after "\n  }"
        at = cut + len(BETWEEN)


def records_of(blob: Blob) -> Iterator[Record]:
    """The records whose JSON texts ``blob`` holds, in order, read about a megabyte at a time
    (whole records each time): no copy of the whole blob is made, and a mapped blob's pages are
    let go once read."""
    from factcheck.scale.spill import CHUNK, Mapped

    size, at = len(blob), 0
    while at < size:
        end = blob.rfind(BETWEEN, at, at + CHUNK) if size - at > CHUNK else -1
        if end < 0 and size - at > CHUNK:  # one record longer than a chunk
            end = blob.find(BETWEEN, at + CHUNK)
        end = size if end < 0 else end + len(BETWEEN) - len(SEP)
        yield from parse_json(b"[" + blob[at:end] + b"]")
        if isinstance(blob, Mapped):
            blob.drop(at, end)
        at = end + len(SEP)


def parse_json(data: bytes | bytearray) -> Any:
    """JSON text the views stored, read back."""
    import orjson

    try:
        return orjson.loads(data)
    except ValueError:  # a lone surrogate: not UTF-8, but the json module reads it back
        import json

        return json.loads(data.decode("utf-8", "surrogatepass"))
