"""Where a long top-level list ends, without composing the whole file.

``LedgerFile`` edits by PyYAML node positions, and PyYAML's pure-Python composer took over a
minute for a ledger of 10,000 claims, most of an import appended to it. Appending to a top-level
block list (``claims:``) needs only: the column of the list's dashes, where its last item's
text ends, whether its items are set apart by blank lines, and the file's layout
(``YamlText.style``). The ledger reader's positioned values (``YMap``/``YList``) give the line
and column of every value, which is all of that but the end of the last item; for that, the last
item's lines alone (up to the next top-level key) are composed.

Every answer is the one the composed file gives (tested on varied layouts); a file in another
shape (duplicate keys, a flow list, an item that does not start on its dash's line, a last item
that does not compose alone) gives None, and the caller composes the file as before.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from factcheck.editing.emit import Style, quoted_date
from factcheck.ledger.positioned import YamlDoc, YList, YMap

# the line breaks YAML counts (libyaml and PyYAML alike)
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class ListEnd:
    """What appending to a block list needs: as ``YamlText`` would find it by composing."""

    dash: int  # the column of the first item's dash
    end: int  # the offset where the last item's own text ends (trailing comments excluded)
    spaced: bool  # most items are preceded by a blank line
    style: Style  # the file's nesting offsets (``YamlText.style``)


def list_end(doc: YamlDoc, text: str, key: str, newline: str) -> ListEnd | None:
    """The end of the block list at top-level ``key`` of ``text`` (read as ``doc``), or None
    when the file is not in a shape this can answer for."""
    root = doc.data
    if doc.duplicates or not isinstance(root, YMap) or key not in root:
        return None
    seq = root[key]
    if not isinstance(seq, YList) or not seq or len(seq.item_pos) != len(seq):
        return None
    starts = array("q", [0])  # where each line starts (compact: a large ledger has a million)
    starts.extend(m.end() for m in _BREAK.finditer(text))

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col - 1

    first, last = seq.item_pos[0], seq.item_pos[-1]
    if (
        text[offset(root.pos.line, root.pos.col)] in "{["
        or text[offset(root.value_pos[key].line, root.value_pos[key].col)] != "-"
    ):
        return None  # a flow mapping or flow list: the composed file says why it cannot be
    for pos in (first, last):
        at = offset(pos.line, pos.col)
        before = text[starts[pos.line - 1] : at].rstrip(" ")
        if not before.endswith("-") or before[:-1].strip(" "):
            return None  # an item whose dash is not on its line, alone before it
    end = _last_item_end(root, text, key, starts, last.line, last.col)
    if end is None:
        return None
    # as YamlText._spaced: the line above each item but the first is blank
    blank = sum(
        1
        for p in seq.item_pos[1:]
        if p.line > 1 and not text[starts[p.line - 2] : starts[p.line - 1]].strip()
    )
    spaced = len(seq) > 1 and blank * 2 > len(seq) - 1
    try:
        style = _style(root, text, offset, newline)
    except ValueError:  # a list whose positions are not its items': not the reader's
        return None
    return ListEnd(first.col - 3, end, spaced, style)


def _last_item_end(
    root: YMap, text: str, key: str, starts: Sequence[int], line: int, col: int
) -> int | None:
    """Where the last item's text ends: its lines composed alone, up to the next top-level key."""
    keys = list(root)
    after = keys.index(key) + 1
    stop = starts[root.key_pos[keys[after]].line - 1] if after < len(keys) else len(text)
    begin = starts[line - 1]
    piece = text[begin:stop]
    try:
        node = yaml.compose(piece, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if (
        not isinstance(node, yaml.SequenceNode)
        or node.flow_style
        or len(node.value) != 1
        or node.value[0].start_mark.line != 0
        or node.value[0].start_mark.column != col - 1
    ):
        return None
    return begin + _content_end(node.value[0], piece)


def _content_end(node: yaml.Node, text: str) -> int:
    """``YamlText._content_end`` over ``text``."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        if node.flow_style:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _style(root: YMap, text: str, offset: Any, newline: str) -> Style:
    """``YamlText.style`` from the positioned values: the same walk over the same values."""
    seq: Counter[int] = Counter()
    maps: Counter[int] = Counter()
    top: Counter[int] = Counter()
    dates = False
    stack: list[tuple[Any, Any, int]] = [(root, None, 0)]
    while stack:
        value, pos, depth = stack.pop()
        if isinstance(value, YMap):
            for k, kpos in value.key_pos.items():
                v = value[k]
                vpos = value.value_pos[k]
                col = kpos.col
                if isinstance(v, YList) and v and text[offset(vpos.line, vpos.col)] != "[":
                    (seq if depth > 0 else top)[v.item_pos[0].col - 2 - col] += 1
                elif isinstance(v, YMap) and v and text[offset(vpos.line, vpos.col)] != "{":
                    maps[vpos.col - col] += 1
                stack.append((v, vpos, depth + 1))
        elif isinstance(value, YList):
            stack.extend((v, p, depth + 1) for v, p in zip(value, value.item_pos, strict=True))
        elif isinstance(value, str) and not dates and quoted_date(value):
            dates = text[offset(pos.line, pos.col)] in "'\""
    seq = seq or top
    seq_offset = seq.most_common(1)[0][0] if seq else 2
    map_offset = maps.most_common(1)[0][0] if maps else 2
    return Style(max(0, seq_offset), max(1, map_offset), newline, quote_dates=dates)
