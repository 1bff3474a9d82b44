"""The event-stream reader: libyaml's events straight to positioned YMap/YList values.

It builds the mappings and lists from the stream without a tree of PyYAML nodes in between,
applying ``factcheck.ledger.yamlio``'s rules as it goes: refused tags, string keys, duplicate
keys, aliases replayed from a tape within ``MAX_ALIAS_NODES``, nesting within ``MAX_DEPTH``, and
errors in the order the old compose-then-convert reader gave them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
from factcheck.ledger.positioned import DuplicateKey, YList, YMap
from factcheck.ledger.yamltags import (
    MAP,
    MEMO_TAGS,
    SCALAR_TAGS,
    SEQ,
    STR,
    TIMESTAMP,
    resolve_plain,
    safe_constructor,
)

MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000  # nodes an alias may repeat in all: enough for shared snippets, no bomb

# The tape: what an anchored list or mapping consists of, kept so that aliases can replay it.
# (_SCALAR, tag, value, line, col) | (_START, is_map, node_id, tag, line, col, length)
# | (_END,) | (_ALIAS, anchor); a START's node_id is its index on the tape.
_SCALAR, _START, _END, _ALIAS = range(4)
_Entry = tuple[Any, ...]


class _Anchor:
    """What ``&name`` names: a scalar, or a list or mapping recorded on the tape."""

    __slots__ = ("col", "end", "line", "start", "tag", "value")

    def __init__(self) -> None:
        self.tag = self.value = ""  # a scalar: its resolved tag and text, where it is
        self.line = self.col = 0
        self.start = -1  # a collection: its tape slice; ``end`` is None while it is open
        self.end: int | None = None


class Builder:
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
                        tag = STR
                    elif (tag := resolved.get(value)) is None:
                        tag = resolve_plain(value)
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
                if tag is not STR or self.quiet or not frames:
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
                    tag = MAP if is_map else SEQ
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
        if tag != STR and tag != TIMESTAMP:
            if tag not in SCALAR_TAGS:
                self.fail(line, col, f"YAML tag {tag!r} is not allowed", "remove the tag")
                return
            key = (tag, value)
            if key in self.memo:
                data = self.memo[key]
            else:
                try:
                    data = safe_constructor.yaml_constructors[tag](
                        safe_constructor, yaml.ScalarNode(tag, value)
                    )
                except (yaml.constructor.ConstructorError, ValueError, OverflowError):
                    data = value
                except (KeyError, IndexError):  # ``!!bool maybe``, ``!!int ""``: PyYAML's own
                    data = value  # constructors fail so; the node reader crashed with a traceback
                if tag in MEMO_TAGS:
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
        if tag != (MAP if is_map else SEQ):
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
