"""Writing ledger files without losing a byte of the user's work.

Edits are positional: the file is composed once with PyYAML (for node positions only, read by
``editing.yamltext``), and each change replaces one value's text, inserts a key into a block
mapping, appends an item to a block sequence, or removes the lines of a key or an item, at the
place and in the indentation the file already uses. Every other
character — comments, key order, quoting, blank lines, line endings, a BOM — is left alone. New
text comes from the emitter (``editing.emit``).

Before anything is written, the new text — an edited file or a new one — is parsed again and
compared with the data it is meant to hold; any difference aborts the write. The write itself is
``editing.atomic``'s: atomic, one writer per folder, refused when the file changed since it was
read.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.editing.atomic import digest, write_atomic
from factcheck.editing.emit import (
    NEW_FILE,
    Style,
    render_block,
    render_document,
    render_flow_list,
    render_items,
    render_scalar,
)
from factcheck.editing.listend import list_end
from factcheck.editing.yamltext import Key, YamlText
from factcheck.errors import FactcheckError
from factcheck.ledger.yamlio import YamlDoc, decode, load_yaml

_BOM = "\ufeff"


@dataclass
class _Edit:
    start: int
    end: int
    text: str


@dataclass
class LedgerFile(YamlText):
    """One YAML file read for editing: its text, where it came from, and pending edits."""

    path: Path
    text: str
    digest: str
    bom: bool
    newline: str
    _root: yaml.Node | None = field(default=None, repr=False)
    _edits: list[_Edit] = field(default_factory=list, repr=False)
    _expected: Any = field(default=None, repr=False)
    _doc: YamlDoc | None = field(default=None, repr=False)  # as read, positions and all
    # the text check_reads_back passed, and the edits it held
    _verified: tuple[str, int] | None = field(default=None, repr=False)

    @classmethod
    def read(cls, path: Path, *, as_of: str | None = None) -> LedgerFile:
        """Read ``path`` for editing. ``as_of`` is the file's digest when the caller first read
        it: a file that changed since then is refused at ``save`` as one changed since now."""
        path = Path(path).resolve()  # write through a symlink, never replace it
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise FactcheckError(f"cannot read file: {exc.strerror}", path=path) from None
        text = decode(raw, path)
        crlf = text.count("\r\n")
        newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
        self = cls(path, text, as_of or digest(raw), raw.startswith(b"\xef\xbb\xbf"), newline)
        # a fresh parse, held by nothing else: the data as it will be after the edits
        self._doc = load_yaml(text, path)
        self._expected = self._doc.data
        return self

    @property
    def data(self) -> Any:
        """The file's data as it will be after the pending edits (yamlio's reading)."""
        return self._expected

    # -- edits --------------------------------------------------------------------------------

    def _expect(self, keys: Sequence[Key]) -> Any:
        data = self._expected
        for key in keys:
            data = data[key]
        return data

    def set_scalar(self, keys: Sequence[Key], value: str) -> None:
        """Replace the text of an existing scalar, keeping its quoting style when it can."""
        node = self.node(keys)
        if not isinstance(node, yaml.ScalarNode):
            raise FactcheckError(f"'{keys[-1]}' is not a single value", path=self.path)
        start = node.start_mark.index
        end = self._content_end(node) if node.style in ("|", ">") else node.end_mark.index
        prefer = {None: "", "'": "'", '"': '"'}.get(node.style)
        text = render_scalar(value, prefer)
        if start == end:  # an empty value, as in `rating:`
            text = " " + text
        self._edits.append(_Edit(start, end, text))
        self._expect(keys[:-1])[keys[-1]] = value

    def _block_mapping(self, keys: Sequence[Key]) -> yaml.MappingNode:
        """The block mapping at ``keys``: a flow mapping ({...}) cannot be edited line by line."""
        mapping = self.node(keys)
        if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style:
            raise FactcheckError(
                "cannot edit a mapping written in flow style ({...})",
                path=self.path,
                line=mapping.start_mark.line + 1,
                hint="write it as a block mapping, one key per line",
            )
        return mapping

    def set_key(
        self, keys: Sequence[Key], key: str, value: Any, *, order: Sequence[str] = ()
    ) -> None:
        """Set ``key`` in the block mapping at ``keys``: replace it, or insert it where ``order``
        puts it (after the last present key that comes before it)."""
        mapping = self._block_mapping(keys)
        existing = self._key_node(mapping, key) is not None
        if (
            existing
            and isinstance(value, str)
            and isinstance(self._child(mapping, key), yaml.ScalarNode)
        ):
            self.set_scalar([*keys, key], value)
            return
        if existing:
            self._replace_value(mapping, keys, key, value)
            return
        present = [k.value for k, _ in mapping.value]
        earlier = list(order[: order.index(key)]) if key in order else present
        after = next((k for k in reversed(present) if k in earlier), present[-1])
        anchor = self._child(mapping, after)
        col = mapping.value[0][0].start_mark.column
        lines = render_block({key: value}, col, self.style())
        at = self._line_end(self._content_end(anchor))
        nl = self.newline
        self._edits.append(_Edit(at, at, nl + nl.join(lines)))
        self._expect(keys)[key] = copy.deepcopy(value)

    def _replace_value(
        self, mapping: yaml.MappingNode, keys: Sequence[Key], key: str, value: Any
    ) -> None:
        """Replace a value that is not a plain text scalar: a flow list of text stays a flow
        list; anything else is rewritten as a block from the key on."""
        node = self._child(mapping, key)
        key_node = self._key_node(mapping, key)
        assert key_node is not None
        style = self.style()
        if (
            isinstance(node, yaml.SequenceNode)
            and node.flow_style
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        ):
            text = render_flow_list(value, style)
            self._edits.append(_Edit(node.start_mark.index, node.end_mark.index, text))
        else:
            col = key_node.start_mark.column
            lines = render_block({key: value}, col, style)
            lines[0] = lines[0][col:]
            end = self._content_end(node)
            self._edits.append(_Edit(key_node.start_mark.index, end, self.newline.join(lines)))
        self._expect(keys)[key] = copy.deepcopy(value)

    def delete_key(self, keys: Sequence[Key], key: str) -> None:
        """Remove ``key`` and its value from the block mapping at ``keys``: their lines go, and
        every other line stays as it is."""
        mapping = self._block_mapping(keys)
        key_node = self._key_node(mapping, key)
        if key_node is None:
            return
        start = self._line_start(key_node.start_mark.index)
        if self.text[start : key_node.start_mark.index].strip() or len(mapping.value) == 1:
            raise FactcheckError(
                f"cannot remove '{key}': it shares its line with the list's dash",
                path=self.path,
                line=key_node.start_mark.line + 1,
                col=key_node.start_mark.column + 1,
                hint="move it below the entry's first key, or edit the file by hand",
            )
        end = self._next_line(self._content_end(self._child(mapping, key)))
        self._edits.append(_Edit(start, end, ""))
        del self._expect(keys)[key]

    def delete_item(self, keys: Sequence[Key], index: int) -> None:
        """Remove item ``index`` of the block sequence at ``keys``: its lines (with the blank
        line that set it apart) go; comments above it and every other line stay. The last item
        leaves ``key: []``."""
        seq = self.node(keys)
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
            raise FactcheckError(
                f"cannot remove from '{keys[-1]}': it is not a block list", path=self.path
            )
        item = seq.value[index]
        dash = item.start_mark.index - 1
        while dash > 0 and self.text[dash] in " \t\r\n":
            dash -= 1
        start = self._line_start(dash)
        if self.text[dash] != "-" or self.text[start:dash].strip():
            raise FactcheckError(
                "cannot remove an item that shares its line with other text",
                path=self.path,
                line=item.start_mark.line + 1,
                hint="edit the file by hand",
            )
        end = self._next_line(self._content_end(item))
        if index > 0 and start > 0:
            before = self._line_start(start - 1)
            if not self.text[before:start].strip():
                start = before
        elif index == 0 and len(seq.value) > 1:
            after = self._next_line(end)
            if not self.text[end:after].strip():
                end = after
        self._edits.append(_Edit(start, end, ""))
        if len(seq.value) == 1:
            parent = self.node(keys[:-1])
            assert isinstance(parent, yaml.MappingNode) and isinstance(keys[-1], str)
            key_node = self._key_node(parent, keys[-1])
            assert key_node is not None
            colon = self.text.index(":", key_node.end_mark.index) + 1
            self._edits.append(_Edit(colon, colon, " []"))
        del self._expect(keys)[index]

    def append(self, keys: Sequence[Key], item: Any, *, spaced: bool | None = None) -> None:
        """Append ``item`` to the sequence at ``keys`` (see ``extend``)."""
        self.extend(keys, [item], spaced=spaced)

    def extend(
        self, keys: Sequence[Key], items: Sequence[Any], *, spaced: bool | None = None
    ) -> None:
        """Append ``items`` to the sequence at ``keys``, with the dashes where the file has them.

        ``spaced`` puts a blank line before each new item; by default the file decides (a blank
        line when most of its items are preceded by one). All items go in one edit, so a list
        that was empty (``key: []``) can take several.
        """
        if not items:
            return
        parent_keys, key = keys[:-1], keys[-1]
        if self._extend_top(key, items, spaced):
            return
        parent = self.node(parent_keys)
        seq = self._child(parent, key)
        nl = self.newline
        style = self.style()
        if isinstance(seq, yaml.SequenceNode) and seq.value and not seq.flow_style:
            dash = seq.value[0].start_mark.column - 2
            if spaced is None:
                spaced = self._spaced(seq)
            gap = nl if spaced else ""
            chunks = [nl.join(render_items([item], dash, style)) for item in items]
            at = self._line_end(self._content_end(seq))
            self._edits.append(_Edit(at, at, "".join(nl + gap + chunk for chunk in chunks)))
        elif (isinstance(seq, yaml.SequenceNode) and not seq.value) or (
            isinstance(seq, yaml.ScalarNode) and seq.tag.endswith(":null")
        ):
            # `key: []` or `key:` — rewrite the key as a block list holding the items
            assert isinstance(parent, yaml.MappingNode) and isinstance(key, str)
            if any(e.start <= seq.start_mark.index < e.end for e in self._edits):
                raise FactcheckError(  # pragma: no cover - callers extend once per list
                    f"'{key}' was already rewritten in this edit", path=self.path
                )
            key_node = self._key_node(parent, key)
            assert key_node is not None
            col = key_node.start_mark.column
            lines = render_block({key: list(items)}, col, style)
            lines[0] = lines[0][col:]
            self._edits.append(_Edit(key_node.start_mark.index, seq.end_mark.index, nl.join(lines)))
            self._expect(parent_keys)[key] = []
        else:
            raise FactcheckError(
                f"cannot append to '{key}': it is not a block list",
                path=self.path,
                line=seq.start_mark.line + 1,
                hint="write it as a block list, one '- item' per line",
            )
        self._expect(keys).extend(copy.deepcopy(list(items)))

    def _extend_top(self, key: Key, items: Sequence[Any], spaced: bool | None) -> bool:
        """``extend`` of a top-level block list, by the positions the reader kept (no compose:
        ``editing.listend``); False when the file must be composed to be extended."""
        if not isinstance(key, str) or self._doc is None or self._root is not None or self._edits:
            return False
        end = list_end(self._doc, self.text, key, self.newline)
        if end is None:
            return False
        if spaced is None:
            spaced = end.spaced
        nl = self.newline
        gap = nl if spaced else ""
        chunks = [nl.join(render_items([item], end.dash, end.style)) for item in items]
        at = self._line_end(end.end)
        self._edits.append(_Edit(at, at, "".join(nl + gap + chunk for chunk in chunks)))
        self._expect([key]).extend(copy.deepcopy(list(items)))
        return True

    # -- result -------------------------------------------------------------------------------

    def render(self) -> str:
        """The new text: every pending edit applied, end first."""
        text = self.text
        # end first; inserts at one place keep the order they were asked for
        order = sorted(enumerate(self._edits), key=lambda p: (p[1].start, p[1].end, p[0]))
        for _, edit in reversed(order):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text

    def changed(self) -> bool:
        return bool(self._edits)

    def verify(self, what: str = "the edit") -> str:
        """Refuse the edits unless their text reads back as the data; returns the text.
        ``save`` does not read back a text verified here again."""
        new = self.render()
        if (new, len(self._edits)) != self._verified:
            check_reads_back(new, self.path, self._expected, what)
            self._verified = (new, len(self._edits))
        return new

    def save(self) -> str:
        """Verify and write the edits atomically; returns the new text."""
        new = self.verify()
        payload = (_BOM if self.bom else "") + new
        write_atomic(self.path, payload.encode("utf-8"), expected_digest=self.digest)
        return new


def check_reads_back(text: str, path: Path, expected: Any, what: str) -> None:
    """Refuse to write ``text`` unless the ledger's reader reads it as exactly ``expected``."""
    try:
        data = load_yaml(text, path).data
    except FactcheckError as exc:
        raise FactcheckError(
            f"{what} would break the YAML ({exc.message}); nothing was written", path=path
        ) from None
    if data != expected:
        raise FactcheckError(
            f"{what} would not read back as intended; nothing was written", path=path
        )


def new_yaml_file(
    path: Path,
    data: dict[str, Any],
    *,
    header: str | None = None,
    style: Style = NEW_FILE,
) -> str:
    """Write a new YAML file (block style, keys in the given order, laid out as ``style`` says);
    verified by reading it back, written atomically, never over an existing file."""
    text = render_document(data, style, header=header)
    check_reads_back(text, path, data, "the new file")
    write_atomic(path, text.encode("utf-8"), expected_digest=None)
    return text
