"""The YAML tags a ledger may use, and how a plain scalar's tag is resolved.

Plain scalars follow YAML 1.1 exactly as PyYAML's safe loader resolves them: the same implicit
resolvers (regular expressions by first character), tried in the same order.
"""

from __future__ import annotations

from re import Pattern

import yaml

# libyaml is much faster. The pure-Python parser gives the same events for what a ledger holds,
# not for every text: a `?` inside a plain flow item is text to libyaml and a key to it (so the
# line reader reads such an item itself only when libyaml is the parser it stands in for)
try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

__all__ = [
    "MAP",
    "MEMO_TAGS",
    "SCALAR_TAGS",
    "SEQ",
    "STR",
    "TIMESTAMP",
    "Loader",
    "resolve_plain",
    "safe_constructor",
]

_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
TIMESTAMP = _TAG + "timestamp"
STR = _TAG + "str"
MAP = _TAG + "map"
SEQ = _TAG + "seq"
MEMO_TAGS = {_TAG + "bool", _TAG + "null"}  # a handful of spellings each: construct once
safe_constructor = yaml.constructor.SafeConstructor()


def _plain_resolvers() -> dict[str, tuple[tuple[str, Pattern[str]], ...]]:
    """The safe loader's implicit resolvers by first character, wildcard ones appended."""
    table = Loader.yaml_implicit_resolvers
    wildcard = list(table.get(None, []))
    return {c: tuple(list(rs) + wildcard) for c, rs in table.items() if c is not None}


_RESOLVERS = _plain_resolvers()
_WILDCARD: tuple[tuple[str, Pattern[str]], ...] = tuple(
    Loader.yaml_implicit_resolvers.get(None, [])
)


def resolve_plain(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (the same regular expressions, in order)."""
    for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag
    return STR
