"""A YAML file's text with the positions of its nodes: where each value and each line begins and
ends, and the layout (nesting offsets, line ends) the file uses. ``LedgerFile`` edits by these
positions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml

from factcheck.editing.emit import Style, quoted_date
from factcheck.errors import FactcheckError

Key = str | int


class YamlText:
    """Reading positions in ``text`` (PyYAML's composer, for node marks only)."""

    path: Path
    text: str
    newline: str
    _root: yaml.Node | None

    @property
    def root(self) -> yaml.Node:
        if self._root is None:
            # the pure-Python composer: its marks are character offsets into self.text
            self._root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        if self._root is None:
            raise FactcheckError("the file is empty", path=self.path)
        return self._root

    def node(self, keys: Sequence[Key]) -> yaml.Node:
        node = self.root
        for key in keys:
            node = self._child(node, key)
        return node

    def _child(self, node: yaml.Node, key: Key) -> yaml.Node:
        if isinstance(key, int) and isinstance(node, yaml.SequenceNode):
            return node.value[key]  # type: ignore[no-any-return]
        if isinstance(key, str) and isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    return v  # type: ignore[no-any-return]
        raise KeyError(key)

    def _key_node(self, mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
        return next((k for k, _ in mapping.value if k.value == key), None)

    def _content_end(self, node: yaml.Node) -> int:
        """Where a node's own text ends (trailing blank lines and comments excluded)."""
        if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
            return self._content_end(node.value[-1][1])
        if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            return self._content_end(node.value[-1])
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def _line_end(self, offset: int) -> int:
        i = self.text.find("\n", offset)
        if i == -1:
            return len(self.text)
        return i - 1 if i > 0 and self.text[i - 1] == "\r" else i

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def _next_line(self, offset: int) -> int:
        """The start of the line after the one holding ``offset`` (the text's end on the last)."""
        i = self.text.find("\n", offset)
        return len(self.text) if i == -1 else i + 1

    def style(self) -> Style:
        """The file's nesting offsets: the most common ones among its block collections."""
        seq: Counter[int] = Counter()
        maps: Counter[int] = Counter()
        top: Counter[int] = Counter()
        dates = False
        stack: list[tuple[yaml.Node, int]] = [(self.root, 0)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                dates = dates or (node.style in ("'", '"') and quoted_date(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    col = k.start_mark.column
                    if isinstance(v, yaml.SequenceNode) and v.value and not v.flow_style:
                        # the top level's lists count only where there are no others (a
                        # source file): claims: is often indented unlike the lists in it
                        (seq if depth > 0 else top)[v.value[0].start_mark.column - 2 - col] += 1
                    elif isinstance(v, yaml.MappingNode) and v.value and not v.flow_style:
                        maps[v.start_mark.column - col] += 1
                    stack.append((v, depth + 1))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, depth + 1) for item in node.value)
        # (an item's start mark is its content, two columns right of its dash)
        seq = seq or top
        seq_offset = seq.most_common(1)[0][0] if seq else 2
        map_offset = maps.most_common(1)[0][0] if maps else 2
        # a file that quotes its dates for other YAML readers (as `init` writes them) gets its
        # new dates quoted too
        return Style(max(0, seq_offset), max(1, map_offset), self.newline, quote_dates=dates)

    def _spaced(self, seq: yaml.SequenceNode) -> bool:
        lines = self.text.splitlines()
        blank = sum(
            1
            for item in seq.value[1:]
            if item.start_mark.line > 0 and not lines[item.start_mark.line - 1].strip()
        )
        return len(seq.value) > 1 and blank * 2 > len(seq.value) - 1

    def lines_of(self, keys: Sequence[Key]) -> tuple[int, int]:
        """The first and last line (1-based) of the node at ``keys``, trailing comments aside."""
        node = self.node(keys)
        return node.start_mark.line + 1, self.text.count("\n", 0, self._content_end(node)) + 1

    def position(self, keys: Sequence[Key]) -> tuple[int, int]:
        """The line and column (1-based) where the node at ``keys`` starts."""
        mark = self.node(keys).start_mark
        return mark.line + 1, mark.column + 1
