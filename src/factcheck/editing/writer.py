"""Writing ledger files without losing a byte of the user's work.

Edits are positional: the file is composed once with PyYAML (for node positions only), and each
change replaces one scalar's text, inserts a key into a block mapping, or appends an item to a
block sequence, at the place and in the indentation the file already uses. Every other
character — comments, key order, quoting, blank lines, line endings, a BOM — is left alone.

Before anything is written the new text is parsed again and compared with the old data plus the
intended change; any other difference aborts the write. The write itself is atomic (a temporary
file in the same folder, flushed and fsynced, then ``os.replace``), and it is refused when the file
changed on disk since it was read; writers in one folder take turns, so two of them cannot both
pass that check.
"""

from __future__ import annotations

import copy
import glob
import hashlib
import os
import re
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError
from factcheck.ledger.yamlio import YMap, decode, load_yaml

Key = str | int
_BOM = "\ufeff"


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def render_scalar(value: str, prefer: str | None = None) -> str:
    """A YAML scalar for ``value`` on one line that reads back as exactly ``value``.

    ``prefer`` is the style to keep (``""`` plain, ``"'"`` single, ``'"'`` double) when it can
    hold the value; otherwise plain, then single-quoted, then double-quoted.
    """
    styles = ["", "'", '"']
    if prefer in styles:
        styles.remove(prefer)
        styles.insert(0, prefer)
    for style in styles:
        if style == "":
            text = value
        elif style == "'":
            text = "'" + value.replace("'", "''") + "'"
        else:
            text = double_quoted(value)
        if style != '"' and any(c in text for c in "\n\r\x85\u2028\u2029"):
            continue  # one line only: a folded scalar would need the context's indentation
        if _reads_back(text, value):
            return text
    raise AssertionError(f"no YAML rendering for {value!r}")  # pragma: no cover


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar on one line: line breaks and unprintables escaped."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= code <= 0x7E or (
            0xA0 <= code <= 0xFFFD
            and not 0xD800 <= code <= 0xDFFF
            and ch not in "\u2028\u2029\ufeff"
        ):
            out.append(ch)
        elif code >= 0x10000:
            out.append(f"\\U{code:08x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def _reads_back(text: str, value: str | None, items: list[str] | None = None) -> bool:
    try:
        data = load_yaml(f"k: {text}\n", Path("<render>")).data
    except FactcheckError:
        return False
    want = items if items is not None else value
    return isinstance(data, dict) and data.get("k") == want and list(data) == ["k"]


@dataclass(frozen=True)
class Style:
    """How a file lays out nested blocks, learnt from the file itself."""

    seq_offset: int = 2  # columns from a key to the dashes of its block sequence
    map_offset: int = 2  # columns from a key to the keys of its block mapping
    newline: str = "\n"
    flow_lists: bool = False  # lists of plain strings as [a, b]


def render_block(value: dict[str, Any], indent: int, style: Style) -> list[str]:
    """A mapping as block YAML lines (no line ends) with its keys at column ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(render_block(item, indent + style.map_offset, style))
        elif isinstance(item, list):
            if not item:
                lines.append(f"{pad}{key}: []")
            elif style.flow_lists and all(isinstance(x, str) for x in item):
                lines.append(f"{pad}{key}: {render_flow_list(item)}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(render_items(item, indent + style.seq_offset, style))
        else:
            lines.append(f"{pad}{key}: {render_scalar(_as_str(item))}")
    return lines


def render_flow_list(items: Sequence[str]) -> str:
    """``[a, b]``, with items quoted where a flow context needs it."""
    parts = []
    for item in items:
        plain = render_scalar(item)
        probe = f"[{plain}]"
        ok = _reads_back(probe, None, [item])
        parts.append(plain if ok else double_quoted(item))
    return "[" + ", ".join(parts) + "]"


def render_items(items: Sequence[Any], dash: int, style: Style) -> list[str]:
    """Block sequence items with their dashes at column ``dash``."""
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            sub = render_block(item, dash + 2, style)
            sub[0] = " " * dash + "- " + sub[0][dash + 2 :]
            lines.extend(sub)
        else:
            lines.append(" " * dash + "- " + render_scalar(_as_str(item)))
    return lines


def _as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"only strings are written as scalars, not {type(value).__name__}")
    return value


@dataclass
class _Edit:
    start: int
    end: int
    text: str


@dataclass
class LedgerFile:
    """One YAML file read for editing: its text, where it came from, and pending edits."""

    path: Path
    text: str
    digest: str
    bom: bool
    newline: str
    _root: yaml.Node | None = field(default=None, repr=False)
    _edits: list[_Edit] = field(default_factory=list, repr=False)
    _expected: Any = field(default=None, repr=False)

    @classmethod
    def read(cls, path: Path) -> LedgerFile:
        path = Path(path).resolve()  # write through a symlink, never replace it
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise FactcheckError(f"cannot read file: {exc.strerror}", path=path) from None
        text = decode(raw, path)
        crlf = text.count("\r\n")
        newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
        self = cls(path, text, digest(raw), raw.startswith(b"\xef\xbb\xbf"), newline)
        self._expected = copy.deepcopy(load_yaml(text, path).data)
        return self

    @property
    def data(self) -> Any:
        """The file's data as it will be after the pending edits (yamlio's reading)."""
        return self._expected

    # -- reading positions ------------------------------------------------------------------

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

    def style(self) -> Style:
        """The file's nesting offsets: the most common ones among its block collections."""
        seq: Counter[int] = Counter()
        maps: Counter[int] = Counter()
        stack: list[tuple[yaml.Node, int]] = [(self.root, 0)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    col = k.start_mark.column
                    if isinstance(v, yaml.SequenceNode) and v.value and not v.flow_style:
                        if depth > 0:
                            seq[v.value[0].start_mark.column - 2 - col] += 1
                    elif isinstance(v, yaml.MappingNode) and v.value and not v.flow_style:
                        maps[v.start_mark.column - col] += 1
                    stack.append((v, depth + 1))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, depth + 1) for item in node.value)
        # (an item's start mark is its content, two columns right of its dash)
        seq_offset = seq.most_common(1)[0][0] if seq else 2
        map_offset = maps.most_common(1)[0][0] if maps else 2
        return Style(max(0, seq_offset), max(1, map_offset), self.newline)

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

    def set_key(
        self, keys: Sequence[Key], key: str, value: Any, *, order: Sequence[str] = ()
    ) -> None:
        """Set ``key`` in the block mapping at ``keys``: replace it, or insert it where ``order``
        puts it (after the last present key that comes before it)."""
        mapping = self.node(keys)
        if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style:
            raise FactcheckError(
                "cannot edit a mapping written in flow style ({...})",
                path=self.path,
                line=mapping.start_mark.line + 1,
                hint="write it as a block mapping, one key per line",
            )
        existing = self._key_node(mapping, key) is not None
        if (
            existing
            and isinstance(value, str)
            and isinstance(self._child(mapping, key), yaml.ScalarNode)
        ):
            self.set_scalar([*keys, key], value)
            return
        if existing:
            raise FactcheckError(f"'{key}' already has a value that is not text", path=self.path)
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

    def _spaced(self, seq: yaml.SequenceNode) -> bool:
        lines = self.text.splitlines()
        blank = sum(
            1
            for item in seq.value[1:]
            if item.start_mark.line > 0 and not lines[item.start_mark.line - 1].strip()
        )
        return len(seq.value) > 1 and blank * 2 > len(seq.value) - 1

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

    def save(self) -> str:
        """Verify and write the edits atomically; returns the new text."""
        new = self.render()
        try:
            data = load_yaml(new, self.path).data
        except FactcheckError as exc:  # pragma: no cover - a bug in the renderer
            raise FactcheckError(
                f"the edit would break the YAML ({exc.message}); nothing was written",
                path=self.path,
            ) from None
        if data != self._expected:
            raise FactcheckError(  # pragma: no cover - a bug in the edit positions
                "the edit would change more than intended; nothing was written", path=self.path
            )
        payload = (_BOM if self.bom else "") + new
        write_atomic(self.path, payload.encode("utf-8"), expected_digest=self.digest)
        return new


def write_atomic(path: Path, data: bytes, *, expected_digest: str | None) -> None:
    """Replace ``path`` with ``data`` atomically.

    ``expected_digest`` is the sha256 of the file as it was read: if the file now holds anything
    else, nothing is written. ``None`` means the file must not exist yet (a new file).

    Writers of one folder take turns (an exclusive lock on the folder), so the digest check and
    the replace cannot interleave with another writer's. A temporary file left by a killed
    writer is deleted by the next one. An ``OSError`` (no permission, a full disk) becomes a
    ``FactcheckError``; the file is then as it was and no temporary file is left.
    """
    path = Path(path)
    folder = path.parent
    try:
        with _folder_lock(folder):
            _write_locked(path, data, expected_digest)
    except OSError as exc:
        raise FactcheckError(
            f"cannot write the file: {exc.strerror or exc}; nothing was written",
            path=path,
            hint="check the folder's permissions and the free disk space",
        ) from None
    _fsync_dir(folder)


LOCK_SECONDS = 10.0  # how long a writer waits for another one in the same folder


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (POSIX; nothing where there is no fcntl)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise FactcheckError(
                        "another process is writing in this folder; nothing was written",
                        path=folder,
                        hint="wait for it to finish and run the command again",
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_locked(path: Path, data: bytes, expected_digest: str | None) -> None:
    folder = path.parent
    if expected_digest is not None:
        try:
            current = digest(path.read_bytes())
        except OSError:
            current = None
        if current != expected_digest:
            raise FactcheckError(
                "the file changed on disk since it was read; nothing was written",
                path=path,
                hint="run the command again on the current file",
            )
        # a file without write permission is not replaced, even where the folder allows it
        if not stat.S_IMODE(path.stat().st_mode) & 0o222 or not os.access(path, os.W_OK):
            raise FactcheckError(
                "the file is read-only; nothing was written",
                path=path,
                hint="make it writable (chmod u+w) to edit it",
            )
    elif path.exists():
        raise FactcheckError("the file already exists; nothing was written", path=path)
    stale = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.tmp")
    for leftover in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        if stale.fullmatch(leftover.name):  # a killed writer's: no writer holds it now
            leftover.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expected_digest is not None:
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
        if expected_digest is None:
            os.link(tmp, path)  # fails if someone created the file meanwhile: never clobber
            tmp.unlink()
        else:
            os.replace(tmp, path)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise FactcheckError("the file already exists; nothing was written", path=path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)


def new_yaml_file(path: Path, data: dict[str, Any], *, header: str | None = None) -> str:
    """Write a new YAML file (block style, keys in the given order, string lists in flow
    style as the shipped source files have them); refuses to overwrite."""
    lines = [f"# {line}" for line in (header or "").splitlines()]
    lines += render_block(data, 0, Style(flow_lists=True))
    text = "\n".join(lines) + "\n"
    loaded = load_yaml(text, path).data
    if not isinstance(loaded, YMap) or dict(loaded) != data:  # pragma: no cover - renderer bug
        raise FactcheckError("the new file would not read back as written", path=path)
    write_atomic(path, text.encode("utf-8"), expected_digest=None)
    return text
