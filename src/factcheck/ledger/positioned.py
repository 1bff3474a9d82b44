"""Parsed YAML that knows where everything came from: ``YMap``, ``YList`` and ``DuplicateKey``.

Every mapping and sequence read from a ledger remembers the line and column of itself, its keys
and its items, so that a finding can point at the exact place in the file.
"""

from __future__ import annotations

from array import array
from collections.abc import ItemsView, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from factcheck.ledger.models import Pos

_START_OF_FILE = Pos(1, 1)


class YMap(dict[str, Any]):
    """A mapping that knows where it, its keys and its values are.

    The positions are packed, four unsigned ints per key in insertion order, and become ``Pos``
    objects only when read through the ``key_pos``/``value_pos`` views: a 100,000-claim ledger
    has millions of them, and two dictionaries of ``Pos`` per mapping were most of its parsed
    size. Fill it with ``put``; a key assigned plainly has no position.
    """

    __slots__ = ("_marks", "pos")

    def __init__(self, pos: Pos = _START_OF_FILE) -> None:
        super().__init__()
        self.pos = pos
        self._marks = array("I")

    def put(self, key: str, value: Any, key_pos: Pos, value_pos: Pos) -> None:
        self[key] = value
        self._marks.extend((key_pos.line, key_pos.col, value_pos.line, value_pos.col))

    @property
    def key_pos(self) -> Mapping[str, Pos]:
        return _Positions(self, 0)

    @property
    def value_pos(self) -> Mapping[str, Pos]:
        return _Positions(self, 2)


class _Positions(Mapping[str, Pos]):
    """A read-only view of a YMap's key (``offset`` 0) or value (2) positions."""

    __slots__ = ("_map", "_offset")

    def __init__(self, ymap: YMap, offset: int) -> None:
        self._map = ymap
        self._offset = offset

    def __getitem__(self, key: str) -> Pos:
        if key not in self._map:
            raise KeyError(key)
        at = 4 * list(self._map).index(key) + self._offset  # a mapping has a handful of keys
        marks = self._map._marks
        return Pos(marks[at], marks[at + 1])

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def items(self) -> ItemsView[str, Pos]:  # one pass, not a look-up per key
        marks, off = self._map._marks, self._offset
        return dict(
            zip(self._map, map(Pos, marks[off::4], marks[off + 1 :: 4]), strict=True)
        ).items()


class YList(list[Any]):
    """A sequence that knows where it and its items are (packed as in YMap: two ints an item)."""

    __slots__ = ("_marks", "pos")

    def __init__(self, pos: Pos = _START_OF_FILE) -> None:
        super().__init__()
        self.pos = pos
        self._marks = array("I")

    def put(self, value: Any, pos: Pos) -> None:
        self.append(value)
        self._marks.extend((pos.line, pos.col))

    @property
    def item_pos(self) -> Sequence[Pos]:
        return _ItemPositions(self._marks)


class _ItemPositions(Sequence[Pos]):
    __slots__ = ("_marks",)

    def __init__(self, marks: array[int]) -> None:
        self._marks = marks

    @overload
    def __getitem__(self, index: int) -> Pos: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Pos]: ...
    def __getitem__(self, index: int | slice) -> Pos | Sequence[Pos]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        n = len(self)
        if not -n <= index < n:
            raise IndexError("position index out of range")
        at = 2 * (index % n)
        return Pos(self._marks[at], self._marks[at + 1])

    def __len__(self) -> int:
        return len(self._marks) // 2

    def __iter__(self) -> Iterator[Pos]:
        marks = self._marks
        return map(Pos, marks[0::2], marks[1::2])


@dataclass(frozen=True)
class DuplicateKey:
    """A key repeated in one mapping: where it is repeated, and where it first appeared."""

    key: str
    pos: Pos
    first: Pos


@dataclass
class YamlDoc:
    """One document read: its data (None when empty) and the duplicate keys met on the way."""

    data: Any
    duplicates: list[DuplicateKey]
