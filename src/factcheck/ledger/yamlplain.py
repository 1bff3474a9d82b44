"""Plain scalars of the line reader (``yamlfast``): resolved and constructed as PyYAML's safe
loader does, and the short ones remembered."""

from __future__ import annotations

from typing import Any

from factcheck.ledger.yamltags import MEMO_TAGS, SCALAR_TAGS, STR, TIMESTAMP, resolve_plain

_KNOWN_MAX = 1 << 16
UNKNOWN: Any = object()  # not a value any scalar has


class GiveUp(Exception):
    """The text leaves the line reader's subset: read it with libyaml."""


class PlainScalars:
    """The values of one document's plain scalars, by their text."""

    def __init__(self) -> None:
        self.tags: dict[str, str] = {}
        self.known: dict[str, Any] = {}  # text → value (``value`` fills it; ``UNKNOWN``: absent)
        self.memo: dict[tuple[str, str], Any] = {}

    def value(self, text: str) -> Any:
        """A plain scalar's value. Short strings, booleans and nulls are remembered: a ledger
        repeats its kinds, stances, sections, tags and source ids thousands of times, and each
        spelling is then one object in the document, not one a use."""
        tag = self.tags.get(text)
        if tag is None:
            tag = self.resolve(text)
        if tag is STR or tag == TIMESTAMP:
            value: Any = text
        else:
            value = self.construct(tag, text)
            if tag not in MEMO_TAGS:
                return value  # a number: constructed each time, as libyaml's reader does
        if len(text) <= 40 and len(self.known) < _KNOWN_MAX:
            self.known[text] = value
        return value

    def resolve(self, text: str) -> str:
        """``resolve_plain``, remembered for short scalars (keys' values, kinds, stances…)."""
        tag = resolve_plain(text)
        if len(text) <= 40 and len(self.tags) < 4096:
            self.tags[text] = tag
        return tag

    def construct(self, tag: str, text: str) -> Any:
        """A plain scalar of another tag than str, as ``yamlevents.Builder.scalar`` makes it."""
        import yaml

        from factcheck.ledger.yamltags import safe_constructor

        if tag not in SCALAR_TAGS:
            raise GiveUp  # refused: libyaml's reader words the error
        key = (tag, text)
        if key in self.memo:
            return self.memo[key]
        try:
            data = safe_constructor.yaml_constructors[tag](
                safe_constructor, yaml.ScalarNode(tag, text)
            )
        except (yaml.constructor.ConstructorError, ValueError, OverflowError, KeyError, IndexError):
            data = text
        if tag in MEMO_TAGS:
            self.memo[key] = data
        return data
