"""The node-tree YAML reader that ``factcheck.ledger.yamlio.load_yaml`` replaced, kept as the
reference.

``load_yaml_reference`` composes the whole document into PyYAML nodes (libyaml) and then converts
the nodes; the event-stream reader in ``factcheck.ledger.yamlio`` must give exactly its data,
positions, duplicate keys and errors (tests/test_yaml_events.py). One difference is known and
intended: a document nested deeper than Python's recursion limit gives a position-less "YAML
nesting is too deep" here and the positional one in the event reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError
from factcheck.ledger.models import Pos
from factcheck.ledger.yamlio import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    DuplicateKey,
    YamlDoc,
    YList,
    YMap,
    paused_gc,
    yaml_errors,
)

# The parser and the scalar constructor the reference uses; tests swap them (the pure-Python
# parser, a constructor that does not crash) for the time of one test.
try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _TAG + "timestamp"
_STR = _TAG + "str"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
constructor = yaml.constructor.SafeConstructor()


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml_reference(text: str, path: Path) -> YamlDoc:
    """Parse one YAML document safely; syntax errors raise FactcheckError with the position."""
    try:
        with yaml_errors(text, path), paused_gc():
            node = yaml.compose(text, Loader=Loader)
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
            seq = YList(_pos(node))
            for item in node.value:
                seq.put(self.convert(item, depth + 1), _pos(item))
            return seq
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the tag")
            out = YMap(_pos(node))
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
                out.put(skey, self.convert(value_node, depth + 1), _pos(key_node), _pos(value_node))
            return out
        raise self.fail(node, "unsupported YAML node", "use plain mappings, lists and scalars")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR or node.tag == _TIMESTAMP:
            return str(node.value)
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the tag")
        try:
            return constructor.yaml_constructors[node.tag](constructor, node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            return str(node.value)
