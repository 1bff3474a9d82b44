"""Safe YAML reading with positions.

Every value read from a ledger is untrusted. libyaml (PyYAML's ``CSafeLoader``; its pure-Python
parser when PyYAML was built without libyaml) turns the text into a stream of events, and
``load_yaml`` builds the mappings and lists straight from that stream, without a tree of PyYAML
nodes in between (a 100,000-claim ledger's node tree alone took over a gigabyte). The rules:

* only the standard YAML tags are accepted (``!!python/object`` and friends, local ``!tags``,
  ``!!binary``, ``!!set`` and the merge key ``<<`` are refused with their position);
* timestamps stay strings (``issued: 2021-09-30`` is ``"2021-09-30"``), other plain scalars follow
  YAML 1.1 exactly as PyYAML's safe loader resolves them (``yes``/``no``/``on``/``off`` are
  booleans: quote them; ``~``, ``null`` and nothing are None; ``017``, ``1_000``, ``1:20``,
  ``.inf`` are numbers, ``0o17`` and ``1e3`` are strings); quoted and block scalars are strings;
  an explicit ``!!int``/``!!float``/``!!bool`` that does not fit keeps its text;
* mapping keys are strings: ``1`` and ``"1"`` are the same key, ``null``/``~`` is ``"null"``,
  booleans are ``"true"``/``"false"``; a key that is a list or mapping is an error;
* a duplicate key is reported (``DuplicateKey``, with both positions) and the first one is kept;
  the repeated key's value is not read at all;
* aliases are bounded: an alias gives an independent copy of what it names, and every list or
  mapping an alias repeats (its nested ones too) costs its length + 1 from ``MAX_ALIAS_NODES``;
* nesting is bounded (``MAX_DEPTH``; libyaml itself stops at 1,000 levels);
* every mapping and sequence remembers the line and column of itself, its keys and its items; a
  value that comes from an alias has the position of the anchored value it copies;
* errors come in the order of the old compose-then-convert reader: a syntax error anywhere in
  the file wins over a refused tag, a bad key or an alias or depth limit, and among those the
  first in document order (aliases expanded where they stand) is reported;
* an empty document (no content, or only comments) is ``None``; a stream of two documents is a
  syntax error.

The parts: ``filetext`` reads and decodes a file and words PyYAML's errors, ``positioned`` holds
the positioned values, ``yamltags`` the tags and their resolution, and ``yamlevents`` the reader;
the names callers use are importable from here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from factcheck.ledger.filetext import MAX_BYTES, decode, read_text, yaml_errors
from factcheck.ledger.positioned import DuplicateKey, YamlDoc, YList, YMap
from factcheck.ledger.yamlevents import MAX_ALIAS_NODES, MAX_DEPTH, Builder
from factcheck.ledger.yamlfast import load_fast
from factcheck.ledger.yamllines import Claims, lines_of
from factcheck.ledger.yamltags import Loader

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "DuplicateKey",
    "YList",
    "YMap",
    "YamlDoc",
    "decode",
    "load_yaml",
    "load_yaml_file",
    "paused_gc",
    "read_text",
    "yaml_errors",
]


def load_yaml(text: str, path: Path, *, fast: bool = True) -> YamlDoc:
    """Parse one YAML document safely; syntax errors raise FactcheckError with the position.

    A text in the common shape of a ledger file is read by ``yamlfast`` (several times faster);
    anything else, and every error, by libyaml's events (``fast=False``: always)."""
    if fast:
        with paused_gc():
            doc = load_fast(text)
        if doc is not None:
            return doc
    builder = Builder(path)
    with yaml_errors(text, path), paused_gc():
        data = builder.build(Loader(text))
    return YamlDoc(data, builder.duplicates)


def load_yaml_file(read: Callable[[], str], path: Path, claims: Claims | None = None) -> YamlDoc:
    """``load_yaml(read(), path)`` for a large file: the text is let go once it is split into
    lines, which the line reader drops as it reads them; ``read`` is called again for libyaml
    if the line reader gives up (then the text, not the lines, is read).

    ``claims`` (``yamllines.Claims``) is told of the top-level ``claims:`` when the line reader
    reaches it, and may take its items as they are read; libyaml's document has them all."""
    text = read()
    lines = lines_of(text, claims)
    if lines is None:
        return load_yaml(text, path, fast=False)
    del text
    with paused_gc():
        doc = load_fast(lines)
    del lines
    if doc is not None:
        return doc
    return load_yaml(read(), path, fast=False)


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
