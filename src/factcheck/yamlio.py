"""Safe YAML reading with positions.

Every value read from a ledger is untrusted. The text is composed into a node tree by PyYAML's
safe composer (libyaml when available) and converted here, so that:

* only the standard YAML tags are accepted (``!!python/object`` and friends are refused);
* timestamps stay strings (``issued: 2021-09-30`` is ``"2021-09-30"``), other scalars follow
  YAML 1.1 as PyYAML's safe loader resolves them (``yes``/``no`` are booleans: quote them);
* aliases are bounded: a document may not expand to more nodes than it has characters;
* nesting is bounded, duplicate keys are reported instead of silently keeping the last one;
* every mapping and sequence remembers the line and column of its keys and items.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError
from factcheck.models import Pos

try:  # libyaml is much faster; the pure-Python composer gives the same nodes
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


class YMap(dict[str, Any]):
    """A mapping that knows where it, its keys and its values are."""

    pos: Pos
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]


class YList(list[Any]):
    """A sequence that knows where it and its items are."""

    pos: Pos
    item_pos: list[Pos]


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
    try:
        with paused_gc():
            node = yaml.compose(text, Loader=_Loader)
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
    except RecursionError:
        raise FactcheckError(
            "YAML nesting is too deep", path=path, hint=f"a ledger needs at most {MAX_DEPTH} levels"
        ) from None
    if node is None:
        return YamlDoc(None, [])
    with paused_gc():
        converter = _Converter(path)
        data = converter.convert(node, 0)
    return YamlDoc(data, converter.duplicates)


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


class _Converter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.alias_budget = MAX_ALIAS_NODES
        self.seen: set[int] = set()
        self.duplicates: list[DuplicateKey] = []

    def fail(self, node: yaml.Node, message: str, hint: str) -> FactcheckError:
        p = _pos(node)
        return FactcheckError(message, path=self.path, line=p.line, col=p.col, hint=hint)

    def convert(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.seen:  # an alias repeats a list or mapping: count what it copies
            self.alias_budget -= len(node.value) + 1
            if self.alias_budget < 0:
                raise self.fail(
                    node, "YAML aliases expand too far", "do not use anchors and aliases"
                )
        else:
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self.fail(node, "YAML nesting is too deep", f"use at most {MAX_DEPTH} levels")
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the tag")
            seq = YList()
            seq.pos = _pos(node)
            seq.item_pos = []
            for item in node.value:
                seq.append(self.convert(item, depth + 1))
                seq.item_pos.append(_pos(item))
            return seq
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the tag")
            out = YMap()
            out.pos = _pos(node)
            out.key_pos = {}
            out.value_pos = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node, depth + 1)
                if isinstance(key, (YMap, YList)):
                    raise self.fail(key_node, "a mapping key must be a plain value", "use a string")
                skey = (
                    "null"
                    if key is None
                    else str(key).lower()
                    if isinstance(key, bool)
                    else str(key)
                )
                if skey in out:
                    self.duplicates.append(DuplicateKey(skey, _pos(key_node), out.key_pos[skey]))
                    continue
                out[skey] = self.convert(value_node, depth + 1)
                out.key_pos[skey] = _pos(key_node)
                out.value_pos[skey] = _pos(value_node)
            return out
        raise self.fail(node, "unsupported YAML node", "use plain mappings, lists and scalars")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR or node.tag == _TIMESTAMP:
            return str(node.value)
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the tag")
        try:
            return _constructor.yaml_constructors[node.tag](_constructor, node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            return str(node.value)
