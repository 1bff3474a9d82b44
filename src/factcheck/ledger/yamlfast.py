"""The common shape of a ledger file read line by line, or ``None`` for anything else.

libyaml through PyYAML costs about 1.6 µs an event before any of factcheck's own work: more than
half of a cold load. Ledger files, hand-written or emitted, almost always keep to a small,
regular part of YAML, which this reader parses with a few string operations a line and builds
into the same ``YMap``/``YList`` values, positions and duplicate keys as ``yamlevents``:

* block mappings whose keys are plain words (``[A-Za-z_][A-Za-z0-9_-]*`` resolving to a string)
  and block sequences (``- item``, ``- key: value`` and the indentless ``key:`` / ``- item``);
* plain scalars on one line or folded over more-indented lines, resolved as PyYAML resolves
  them (``resolve_plain``), and single- or double-quoted scalars without backslashes, on one
  line or folded;
* a flow sequence of such scalars on one line (``appearance: [https://x.org/a, 'b, c']``, ``[]``),
  as ``factcheck import`` writes lists of names and addresses;
* blank lines and comments between entries, and a comment after a value.

Anything outside that: a tab, a carriage return, a byte-order mark or any other character
libyaml treats specially, a flow mapping, a flow sequence nested, spanning lines or with a
trailing comma, an anchor, an alias, a tag, a block scalar, a
backslash escape, an empty value, a document marker, a blank line inside a scalar, a key that
is not a plain word, an indentation it does not expect — makes it give up (``None``) before
anything is returned, and ``yamlio.load_yaml`` reads the text with libyaml instead. So every
error, and every construct it does not know, is libyaml's answer as before; the test suite holds
both readers equal on the shipped ledger, the hostile corpus, edge cases and random YAML.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from factcheck.ledger.models import Pos
from factcheck.ledger.positioned import DuplicateKey, YamlDoc, YList, YMap
from factcheck.ledger.yamlflow import PLAIN_START as _PLAIN_START
from factcheck.ledger.yamlflow import flow_items
from factcheck.ledger.yamllines import Items, Lines, lines_of, release
from factcheck.ledger.yamlplain import UNKNOWN as _UNKNOWN
from factcheck.ledger.yamlplain import GiveUp as _GiveUp
from factcheck.ledger.yamlplain import PlainScalars
from factcheck.ledger.yamltags import STR, resolve_plain

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_MAX_DEPTH = 16
# after a mapping's indentation: what cannot start its next key (the end of the line, a space, a
# comment, an item); such a line takes the general way
_NOT_A_KEY = frozenset(("", " ", "#", "-"))


def load_fast(source: str | list[str]) -> YamlDoc | None:
    """The document as ``yamlevents`` reads it, or None when the text leaves the subset.

    ``source`` is the text, or its lines from ``yamllines.lines_of``: those the reader empties as
    it reads them (the caller keeps no other copy of the text, and reads the file again for
    libyaml when the answer is None)."""
    lines = lines_of(source) if isinstance(source, str) else source
    if lines is None:
        return None
    reader = _Reader(lines)
    try:
        return reader.document()
    except _GiveUp:
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.n = len(lines)
        self.duplicates: list[DuplicateKey] = []
        scalars = PlainScalars()
        self.known = scalars.known  # short scalars read: one object for each spelling
        self.plain = scalars.value
        self.keys: dict[str, str] = {}
        self.claims = lines.claims if isinstance(lines, Lines) else None
        self.items: Items | None = None  # for the sequence about to be read: its items' fate
        self.depth = 0

    def next_line(self, i: int) -> int:
        """The first line at or after ``i`` that is neither blank nor a comment (n: none)."""
        lines, n = self.lines, self.n
        while i < n:
            stripped = lines[i].lstrip(" ")
            if stripped and stripped[0] != "#":
                return i
            i += 1
        return n

    def document(self) -> YamlDoc | None:
        i = self.next_line(0)
        if i == self.n:
            return None  # empty: libyaml's answer (None) is for it to give
        line = self.lines[i]
        if line[0] == " " or line.startswith(("---", "...", "%")) or _KEY.match(line) is None:
            raise _GiveUp
        root, i = self.mapping(i, 0)
        if i != self.n:
            raise _GiveUp
        return YamlDoc(root, self.duplicates)

    # --- collections ------------------------------------------------------------------------------

    def mapping(self, i: int, col: int) -> tuple[YMap, int]:
        """The block mapping whose first key is at line ``i``, column ``col``; the line after it."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _GiveUp
        lines, keys, known, n = self.lines, self.keys, self.known, self.n
        ymap = YMap(Pos(i + 1, col + 1))
        marks = ymap._marks
        extend = marks.extend
        pad = " " * (col + 1)  # a line starting so may continue a scalar
        lead = pad[:-1]
        value: Any
        while True:
            line = lines[i]
            m = _KEY.match(line, col)
            if m is None:
                raise _GiveUp
            j = m.end()
            if j - col > 1000:  # libyaml's keys end within 1,024 characters
                raise _GiveUp
            raw = m[1]
            key = keys.get(raw)
            if key is None:
                if resolve_plain(raw) != STR:
                    raise _GiveUp
                key = keys[raw] = sys.intern(raw)
            line1 = i + 1
            dup = key in ymap
            found = len(self.duplicates) if dup else 0
            if j == len(line) or line[j] == "#":  # a nested block
                k = self.next_line(i + 1)
                if k == self.n:
                    raise _GiveUp  # an empty value: null
                inner = lines[k]
                ind = _indent(inner)
                is_item = inner.startswith("- ", ind) or (
                    inner.endswith("-") and len(inner) == ind + 1
                )
                if is_item and key == "claims" and self.depth == 1 and not dup and self.claims:
                    self.items = self.claims(ymap)  # the top-level mapping's claims:
                if ind > col:
                    value, i = self.sequence(k, ind) if is_item else self.mapping(k, ind)
                elif ind == col and is_item:
                    value, i = self.sequence(k, ind)
                else:
                    raise _GiveUp  # an empty value: null
                vpos = value.pos
                vline, vcol = vpos.line, vpos.col
            elif (
                line[j] not in _PLAIN_START
                and (line1 == n or not lines[line1].startswith(pad))
                and line[-1] != " "
                and line[-1] != ":"
                and line.find(": ", j) < 0
                and line.find(" #", j) < 0
            ):  # the common case, inlined: a plain scalar on one line
                text = line[j:]
                value = known.get(text, _UNKNOWN)
                if value is _UNKNOWN:
                    value = self.plain(text)
                i = line1
                vline, vcol = line1, j + 1
            else:
                value, i = self.scalar(i, j, col)
                vline, vcol = line1, j + 1
            if dup:  # its value is not read: duplicates inside it are not reported
                del self.duplicates[found:]
                first = 4 * list(ymap).index(key)
                self.duplicates.append(
                    DuplicateKey(key, Pos(line1, col + 1), Pos(marks[first], marks[first + 1]))
                )
            else:
                ymap[key] = value
                extend((line1, col + 1, vline, vcol))
            if i < n:  # the common case first: the next key, right below at this column
                line = lines[i]
                if line.startswith(lead) and line[col : col + 1] not in _NOT_A_KEY:
                    continue
            i = self.next_line(i)
            if i == n:
                break
            line = lines[i]
            ind = _indent(line)
            if ind < col:
                break
            if ind > col or line[ind] == "-":
                raise _GiveUp
        self.depth -= 1
        return ymap, i

    def sequence(self, i: int, col: int) -> tuple[YList, int]:
        """The block sequence whose first ``-`` is at line ``i``, column ``col``."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _GiveUp
        lines, known, n = self.lines, self.known, self.n
        ylist = YList(Pos(i + 1, col + 1))
        extend = ylist._marks.extend
        append = ylist.append
        pad = " " * (col + 1)
        item = pad[:-1] + "- "
        top = self.depth <= 2  # the items of a top-level list (claims:): released once read
        done = i
        items, self.items = self.items, None
        value: Any
        while True:
            line = lines[i]
            if not line.startswith("- ", col):
                raise _GiveUp  # "-" alone (an empty item), or not an item at all
            j = col + 2
            while j < len(line) and line[j] == " ":
                j += 1
            if j == len(line) or line[j] == "#" or line.startswith("- ", j) or line[j:] == "-":
                raise _GiveUp  # an empty item, or a sequence in a sequence: rare
            extend((i + 1, j + 1))
            start = i + 1
            if _KEY.match(line, j) is not None:
                value, i = self.mapping(i, j)
            elif (
                line[j] not in _PLAIN_START
                and (i + 1 == n or not lines[i + 1].startswith(pad))
                and line[-1] != " "
                and line[-1] != ":"
                and line.find(": ", j) < 0
                and line.find(" #", j) < 0
            ):  # the common case, inlined: a plain scalar on one line
                text = line[j:]
                value = known.get(text, _UNKNOWN)
                if value is _UNKNOWN:
                    value = self.plain(text)
                i += 1
            else:
                value, i = self.scalar(i, j, col)
            if items is not None:
                value = items(value, Pos(start, j + 1), len(ylist))
            append(value)
            if top:
                release(lines, done, i)
                done = i
            if i < n and lines[i].startswith(item):  # the common case: the next item below
                continue
            i = self.next_line(i)
            if i == n:
                break
            line = lines[i]
            ind = _indent(line)
            if ind < col:
                break
            if ind > col:
                raise _GiveUp
            if line[ind] != "-":
                break  # a key of the mapping this indentless sequence is the value of
        self.depth -= 1
        return ylist, i

    # --- scalars ----------------------------------------------------------------------------------

    def scalar(self, i: int, j: int, col: int) -> tuple[Any, int]:
        """The scalar starting at line ``i``, column ``j`` of a collection at ``col``; the line
        after it."""
        line = self.lines[i]
        first = line[j]
        if first == "'" or first == '"':
            return self.quoted(i, j, col, first)
        if first == "[":
            return self.flow(i, j), i + 1
        if first in _PLAIN_START and (first != "-" or line[j + 1 : j + 2] in ("", " ")):
            raise _GiveUp
        text = line[j:]
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        text = text.rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _GiveUp
        i += 1
        if cut < 0:  # more-indented lines right below continue it
            lines, n = self.lines, self.n
            parts: list[str] | None = None
            while i < n:
                more = lines[i]
                ind = _indent(more)
                if ind <= col or ind == len(more):
                    break
                if more[ind] in "#-?:":  # a comment, or what might start a node: libyaml's
                    raise _GiveUp
                piece = more[ind:].rstrip(" ")
                if ": " in piece or piece.endswith(":") or " #" in piece:
                    raise _GiveUp
                if parts is None:
                    parts = [text]
                parts.append(piece)
                i += 1
            if parts is not None:
                text = " ".join(parts)
        value = self.known.get(text, _UNKNOWN)
        return (self.plain(text) if value is _UNKNOWN else value), i

    def flow(self, i: int, j: int) -> YList:
        """``[a, 'b', "c, d"]`` on one line (``yamlflow.flow_items``), its plain items resolved
        as block scalars are."""
        items = flow_items(self.lines[i], j)
        if items is None:
            raise _GiveUp
        line1 = i + 1
        ylist = YList(Pos(line1, j + 1))
        for text, col, quoted in items:
            if quoted:
                ylist.put(text, Pos(line1, col + 1))
                continue
            value = self.known.get(text, _UNKNOWN)
            ylist.put(self.plain(text) if value is _UNKNOWN else value, Pos(line1, col + 1))
        return ylist

    def quoted(self, i: int, j: int, col: int, quote: str) -> tuple[str, int]:
        lines, n = self.lines, self.n
        line = lines[i]
        start = j + 1
        parts: list[str] = []
        while True:
            k = line.find(quote, start)
            while quote == "'" and k >= 0 and line.startswith("''", k):
                k = line.find(quote, k + 2)
            if k >= 0:
                parts.append(line[start:k] if not parts else line[start:k].lstrip(" "))
                break
            parts.append(line[start:].rstrip(" ") if not parts else line[start:].strip(" "))
            i += 1  # folded onto the next line, which must be more indented and not blank
            if i == n:
                raise _GiveUp
            line = lines[i]
            ind = _indent(line)
            if ind <= col or ind == len(line):
                raise _GiveUp
            start = ind
        rest = line[k + 1 :]
        stripped = rest.lstrip(" ")
        if stripped and (stripped[0] != "#" or stripped == rest):
            raise _GiveUp  # text after the closing quote (a quoted key, say)
        text = " ".join(parts) if len(parts) > 1 else parts[0]
        if quote == "'" and "''" in text:
            text = text.replace("''", "'")
        return text, i + 1
