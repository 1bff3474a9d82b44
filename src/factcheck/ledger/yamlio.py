"""Safe YAML reading with positions.

Every value read from a ledger is untrusted. libyaml (PyYAML's ``CSafeLoader``; its pure-Python
parser when PyYAML was built without libyaml) turns the text into a stream of events, and
``load_yaml`` builds the mappings and lists straight from that stream, without a tree of PyYAML
nodes in between (a 100,000-claim ledger's node tree alone took over a gigabyte). The rules:

* only the standard YAML tags are accepted (``!!python/object`` and friends, local ``!tags``,
  ``!!binary``, ``!!set`` and the merge key ``<<`` are refused with their position);
* timestamps stay strings (``issued: 2021-09-30`` is ``"2021-09-30"``), other plain scalars follow
  YAML 1.1 exactly as PyYAML's safe loader resolves them (``yes``/``no``/``on``/``off`` are
  booleans: quote them; ``~``, ``null`` and nothing are None; ``017``, ``1_000``, ``1:20``,
  ``.inf`` are numbers, ``0o17`` and ``1e3`` are strings); quoted and block scalars are strings;
  an explicit ``!!int``/``!!float``/``!!bool`` that does not fit keeps its text;
* mapping keys are strings: ``1`` and ``"1"`` are the same key, ``null``/``~`` is ``"null"``,
  booleans are ``"true"``/``"false"``; a key that is a list or mapping is an error;
* a duplicate key is reported (``DuplicateKey``, with both positions) and the first one is kept;
  the repeated key's value is not read at all;
* aliases are bounded: an alias gives an independent copy of what it names, and every list or
  mapping an alias repeats (its nested ones too) costs its length + 1 from ``MAX_ALIAS_NODES``;
* nesting is bounded (``MAX_DEPTH``; libyaml itself stops at 1,000 levels);
* every mapping and sequence remembers the line and column of itself, its keys and its items; a
  value that comes from an alias has the position of the anchored value it copies;
* errors come in the order of the old compose-then-convert reader: a syntax error anywhere in
  the file wins over a refused tag, a bad key or an alias or depth limit, and among those the
  first in document order (aliases expanded where they stand) is reported;
* an empty document (no content, or only comments) is ``None``; a stream of two documents is a
  syntax error.
"""

from __future__ import annotations

import gc
import sys
from array import array
from collections.abc import ItemsView, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from re import Pattern
from typing import Any, overload

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from factcheck.errors import FactcheckError
from factcheck.ledger.models import Pos

try:  # libyaml is much faster; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_BYTES = 64 * 1024 * 1024  # a 100,000-claim ledger (~60 MiB) fits; 440× the shipped one
MAX_ALIAS_NODES = 10_000  # nodes an alias may repeat in all: enough for shared snippets, no bomb

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _TAG + "timestamp"
_STR = _TAG + "str"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
_constructor = yaml.constructor.SafeConstructor()


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
        pairs = {
            k: Pos(marks[4 * i + off], marks[4 * i + off + 1]) for i, k in enumerate(self._map)
        }
        return pairs.items()


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
        for at in range(0, len(marks), 2):
            yield Pos(marks[at], marks[at + 1])


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    pos: Pos
    first: Pos


@dataclass
class YamlDoc:
    data: Any
    duplicates: list[DuplicateKey]


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def decode(raw: bytes, path: Path) -> str:
    """Bytes to text: UTF-8 with or without a BOM; anything else is an error with its position."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FactcheckError(
            "file is UTF-16; factcheck reads UTF-8",
            path=path,
            line=1,
            col=1,
            hint="convert it, e.g. `iconv -f UTF-16 -t UTF-8`",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FactcheckError(
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=path,
            line=line,
            col=col,
            hint="save the file as UTF-8",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise FactcheckError(
            "NUL byte in file", path=path, line=line, col=col, hint="remove the NUL character"
        )
    return text


def read_text(path: Path) -> str:
    """Read a ledger file as text, refusing what is not a readable regular file."""
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "missing"
            raise FactcheckError(f"cannot read file: it is {what}", path=path)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FactcheckError(
                f"file is {size:,} bytes, over the {MAX_BYTES >> 20} MiB limit",
                path=path,
                line=1,
                col=1,
                hint="split the ledger into several",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise FactcheckError(f"cannot read file: {exc.strerror}", path=path) from None
    return decode(raw, path)


def load_yaml(text: str, path: Path) -> YamlDoc:
    """Parse one YAML document safely; syntax errors raise FactcheckError with the position."""
    builder = _Builder(path)
    with yaml_errors(text, path), paused_gc():
        data = builder.build(_Loader(text))
    return YamlDoc(data, builder.duplicates)


@contextmanager
def yaml_errors(text: str, path: Path) -> Iterator[None]:
    """PyYAML's errors while reading ``text`` as one-line FactcheckErrors with their position."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise FactcheckError(
            f"YAML syntax error: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
            hint="fix the YAML; `yamllint` shows more detail",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. ESC
        char = exc.character  # the pure-Python reader: a str and a character offset
        code = ord(char) if isinstance(char, str) else int(char)  # libyaml: UTF-8 bytes
        offset = exc.position
        if not isinstance(char, str):
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        raise FactcheckError(
            f"character U+{code:04X} is not allowed in YAML",
            path=path,
            line=text.count("\n", 0, offset) + 1,
            col=offset - (text.rfind("\n", 0, offset) + 1) + 1,
            hint='write control characters as escapes in a double-quoted string, e.g. "\\e"',
        ) from None
    except yaml.YAMLError as exc:
        raise FactcheckError(f"YAML error: {exc}", path=path, hint="fix the YAML") from None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while building a tree that has no cycles.

    Its collections scan every object built so far, which made loading a large ledger
    superlinear (a 4 MiB file took 5x longer).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plain_resolvers() -> dict[str, tuple[tuple[str, Pattern[str]], ...]]:
    """The safe loader's implicit resolvers by first character, wildcard ones appended."""
    table = _Loader.yaml_implicit_resolvers
    wildcard = list(table.get(None, []))
    return {c: tuple(list(rs) + wildcard) for c, rs in table.items() if c is not None}


_RESOLVERS = _plain_resolvers()
_WILDCARD: tuple[tuple[str, Pattern[str]], ...] = tuple(
    _Loader.yaml_implicit_resolvers.get(None, [])
)
_MEMO_TAGS = {_TAG + "bool", _TAG + "null"}  # a handful of spellings each: construct once

# The tape: what an anchored list or mapping consists of, kept so that aliases can replay it.
# (_SCALAR, tag, value, line, col) | (_START, is_map, node_id, tag, line, col, length)
# | (_END,) | (_ALIAS, anchor); a START's node_id is its index on the tape.
_SCALAR, _START, _END, _ALIAS = range(4)
_Entry = tuple[Any, ...]


def _resolve_plain(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (the same regular expressions, in order)."""
    for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag
    return _STR


class _Anchor:
    """What ``&name`` names: a scalar, or a list or mapping recorded on the tape."""

    __slots__ = ("col", "end", "line", "start", "tag", "value")

    def __init__(self) -> None:
        self.tag = self.value = ""  # a scalar: its resolved tag and text, where it is
        self.line = self.col = 0
        self.start = -1  # a collection: its tape slice; ``end`` is None while it is open
        self.end: int | None = None


class _Builder:
    """Build YMap/YList from the event stream, converting exactly as the node-tree reader did.

    Two layers share this object. ``build`` composes: it reads events in order, checks anchors
    and aliases as PyYAML's composer does (raising its errors at once, as compose would) and
    records anchored lists and mappings on a tape. The conversion methods (``scalar``,
    ``start``, ``end``, ``alias``) then see the nodes in the order the old converter visited
    them: an alias replays its tape slice where it stands. A conversion error is only recorded;
    ``build`` raises it after the last event: the old reader composed the whole file before
    converting, so a syntax error anywhere in it won over any conversion error.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.duplicates: list[DuplicateKey] = []
        self.budget = MAX_ALIAS_NODES
        self.seen: set[int] = set()  # tape collections converted once: reaching them again costs
        self.tape: list[_Entry] = []
        self.cursors: list[list[int]] = []  # tape slices being replayed, innermost last
        # each frame: [container, is_map, pending key or None, pending key's position]
        self.frames: list[list[Any]] = []
        self.root: Any = None
        self.quiet = False  # skipping a duplicate key's value, failed, or ``recursive`` is set
        self.skip = -1  # while skipping: how many collections deep into the skipped value
        self.error: FactcheckError | None = None
        # an alias inside the very list or mapping it names: the old converter expanded it until
        # a limit stopped it; replayed once the whole anchored value has been read
        self.recursive: _Anchor | None = None
        self.memo: dict[tuple[str, str], Any] = {}

    # --- composing ------------------------------------------------------------------------------

    def build(self, loader: Any) -> Any:
        get_event = loader.get_event
        get_event()  # StreamStart
        event = get_event()
        if type(event) is StreamEndEvent:
            return None
        anchors: dict[str, _Anchor] = {}
        tape = self.tape
        recording = 0  # anchored collections open: while > 0 every event goes on the tape
        # open collections: [tape index or -1, children so far, their anchor or None]
        opened: list[list[Any]] = []
        scalar, start, end = self.scalar, self.start, self.end
        frames = self.frames
        last_line = line1 = -1
        resolved: dict[str, str] = {}  # short plain scalars' tags
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                tag = event.tag
                value = event.value
                if tag is None or tag == "!":
                    if not event.implicit[0]:  # quoted, block, or tagged "!"
                        tag = _STR
                    elif (tag := resolved.get(value)) is None:
                        tag = _resolve_plain(value)
                        if len(value) <= 40 and len(resolved) < 4096:  # keys, kinds, stances…
                            resolved[value] = tag
                mark = event.start_mark
                line = mark.line
                col = mark.column
                if event.anchor is not None:
                    anchor = self.define(anchors, event)
                    anchor.tag, anchor.value, anchor.line, anchor.col = tag, value, line, col
                if recording:
                    tape.append((_SCALAR, tag, value, line, col))
                    opened[-1][1] += 1
                if tag is not _STR or self.quiet or not frames:
                    scalar(tag, value, line, col)
                    continue
                # the common case, inlined: a string that is a list item or a mapping's value
                if line != last_line:
                    last_line = line
                    line1 = line + 1  # one int object for the key and value on a line
                frame = frames[-1]
                if not frame[1]:
                    container = frame[0]
                    container.append(value)
                    container._marks.extend((line1, col + 1))
                elif frame[2] is not None:
                    key = frame[2]
                    container = frame[0]
                    container[key] = value
                    kpos = frame[3]
                    container._marks.extend((kpos.line, kpos.col, line1, col + 1))
                    frame[2] = None
                else:
                    self.deliver(value, Pos(line1, col + 1))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                is_map = kind is MappingStartEvent
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _MAP if is_map else _SEQ
                mark = event.start_mark
                if recording:  # the parent is on the tape: count its children
                    opened[-1][1] += 1
                anchor = None
                if event.anchor is not None:
                    anchor = self.define(anchors, event)
                    anchor.start = len(tape)
                    recording += 1
                node_id = -1
                if recording:
                    node_id = len(tape)
                    tape.append((_START, is_map, node_id, tag, mark.line, mark.column, 0))
                opened.append([node_id, 0, anchor])
                start(is_map, node_id, tag, mark.line, mark.column, 0)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node_id, children, anchor = opened.pop()
                if node_id >= 0:
                    entry = tape[node_id]
                    length = children // 2 if entry[1] else children
                    tape[node_id] = (*entry[:6], length)
                    tape.append((_END,))
                if anchor is not None:
                    anchor.end = len(tape)
                    recording -= 1
                end()
            elif kind is AliasEvent:
                found = anchors.get(event.anchor)
                if found is None:  # libyaml's composer does not name it, PyYAML's does
                    named = isinstance(loader, yaml.composer.Composer)
                    problem = f"found undefined alias {event.anchor!r}" if named else ""
                    raise yaml.composer.ComposerError(
                        None, None, problem or "found undefined alias", event.start_mark
                    )
                if recording:
                    tape.append((_ALIAS, found))
                    opened[-1][1] += 1
                self.alias(found)
                if self.cursors:
                    self.replay()
            elif kind is DocumentEndEvent:
                break
        event = get_event()
        if type(event) is not StreamEndEvent:
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                event.start_mark,
            )
        if self.recursive is not None:
            self.expand_recursive(self.recursive)
        if self.error is not None:
            raise self.error
        return self.root

    @staticmethod
    def define(anchors: dict[str, _Anchor], event: Any) -> _Anchor:
        if event.anchor in anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                None,
                "second occurrence",
                event.start_mark,
            )
        anchor = anchors[event.anchor] = _Anchor()
        return anchor

    def replay(self) -> None:
        """Feed the tape slices on ``cursors`` to the converter; an alias in them pushes more."""
        cursors, tape = self.cursors, self.tape
        while cursors:
            cursor = cursors[-1]
            i = cursor[0]
            if i == cursor[1]:
                cursors.pop()
                continue
            cursor[0] = i + 1
            entry = tape[i]
            what = entry[0]
            if what == _SCALAR:
                self.scalar(entry[1], entry[2], entry[3], entry[4])
            elif what == _START:
                self.start(entry[1], entry[2], entry[3], entry[4], entry[5], entry[6])
            elif what == _END:
                self.end()
            else:
                self.alias(entry[1])

    def expand_recursive(self, anchor: _Anchor) -> None:
        """Convert an alias to an enclosing anchor as the old converter did: it repeats until
        the alias budget or the depth limit stops it, so this always records an error."""
        self.quiet = False
        assert anchor.end is not None
        self.cursors.append([anchor.start, anchor.end])
        self.replay()
        if self.error is None:  # pragma: no cover - every lap goes deeper: a limit is reached
            raise AssertionError("a recursive alias expanded to a finite value")

    # --- converting -----------------------------------------------------------------------------

    def fail(self, line: int, col: int, message: str, hint: str) -> None:
        self.error = FactcheckError(message, path=self.path, line=line + 1, col=col + 1, hint=hint)
        self.quiet = True
        self.skip = -1
        self.cursors.clear()

    def quiet_step(self, nesting: int) -> None:
        """An event while quiet: count the skipped value's nesting, and end the skip after it."""
        if self.skip >= 0:
            self.skip += nesting
            if self.skip == 0:
                self.skip = -1
                self.quiet = False

    def scalar(self, tag: str, value: str, line: int, col: int) -> None:
        if self.quiet:
            self.quiet_step(0)
            return
        data: Any = value
        if tag != _STR and tag != _TIMESTAMP:
            if tag not in _SCALAR_TAGS:
                self.fail(line, col, f"YAML tag {tag!r} is not allowed", "remove the tag")
                return
            key = (tag, value)
            if key in self.memo:
                data = self.memo[key]
            else:
                try:
                    data = _constructor.yaml_constructors[tag](
                        _constructor, yaml.ScalarNode(tag, value)
                    )
                except (yaml.constructor.ConstructorError, ValueError, OverflowError):
                    data = value
                except (KeyError, IndexError):  # ``!!bool maybe``, ``!!int ""``: PyYAML's own
                    data = value  # constructors fail so; the node reader crashed with a traceback
                if tag in _MEMO_TAGS:
                    self.memo[key] = data
        self.deliver(data, Pos(line + 1, col + 1))

    def start(self, is_map: bool, node_id: int, tag: str, line: int, col: int, length: int) -> None:
        if self.quiet:
            self.quiet_step(1)
            return
        if node_id >= 0:
            if node_id in self.seen:  # an alias repeats a list or mapping: count what it copies
                self.budget -= length + 1
                if self.budget < 0:
                    self.fail(
                        line, col, "YAML aliases expand too far", "do not use anchors and aliases"
                    )
                    return
            else:
                self.seen.add(node_id)
        if len(self.frames) > MAX_DEPTH:
            self.fail(line, col, "YAML nesting is too deep", f"use at most {MAX_DEPTH} levels")
            return
        if tag != (_MAP if is_map else _SEQ):
            self.fail(line, col, f"YAML tag {tag!r} is not allowed", "remove the tag")
            return
        pos = Pos(line + 1, col + 1)
        container = YMap(pos) if is_map else YList(pos)
        self.frames.append([container, is_map, None, None])

    def end(self) -> None:
        if self.quiet:
            self.quiet_step(-1)
            return
        container = self.frames.pop()[0]
        self.deliver(container, container.pos)

    def alias(self, anchor: _Anchor) -> None:
        if self.quiet:
            self.quiet_step(0)
            return
        if anchor.start < 0:
            self.scalar(anchor.tag, anchor.value, anchor.line, anchor.col)
        elif anchor.end is None:
            self.recursive = anchor
            self.quiet = True
            self.cursors.clear()
        else:
            self.cursors.append([anchor.start, anchor.end])

    def deliver(self, value: Any, pos: Pos) -> None:
        """Put a finished value into the list or mapping being built (or make it the root)."""
        if not self.frames:
            self.root = value
            return
        frame = self.frames[-1]
        container = frame[0]
        if not frame[1]:
            container.put(value, pos)
            return
        key = frame[2]
        if key is not None:
            container.put(key, value, frame[3], pos)
            frame[2] = None
            return
        if isinstance(value, (YMap, YList)):
            self.fail(
                pos.line - 1, pos.col - 1, "a mapping key must be a plain value", "use a string"
            )
            return
        if value is None:
            key = "null"
        elif isinstance(value, bool):
            key = "true" if value else "false"
        else:  # interned: a ledger repeats the same few keys hundreds of thousands of times
            key = sys.intern(str(value))
        if key in container:
            self.duplicates.append(DuplicateKey(key, pos, container.key_pos[key]))
            self.quiet = True  # skip the value: the old converter never read it
            self.skip = 0
            return
        frame[2] = key
        frame[3] = pos
