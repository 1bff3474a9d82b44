"""The key of a ledger's cache entries: everything the loader reads, hashed without holding it.

``ledger_key`` hashes factcheck's and Python's versions, the resolved path, the bytes of
``claims.yaml`` and the name and bytes of every ``sources/*.yaml``; ``text_deps`` records what the
loader found for each ``text:`` path, and ``deps_hold`` says whether that still holds (see
``scale/cache``). Files are hashed a megabyte at a time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck import __version__

try:  # the built-in BLAKE2 module: `hashlib` would load OpenSSL, ~4 ms of every start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

if TYPE_CHECKING:
    from factcheck.ledger.models import Ledger

__all__ = ["Deps", "blake2b", "deps_hold", "file_digest", "ledger_key", "text_deps"]

# what the key was made of; a later look-up recomputes the same list and compares
Deps = list[tuple[str, str | None, bool, str]]


def ledger_key(claims_path: Path) -> str:
    """The key of a ledger's inputs before its ``text:`` files (see the module doc)."""
    claims_path = claims_path.absolute()
    try:
        resolved = claims_path.resolve()
    except (OSError, RuntimeError):  # a link loop: the path as given
        resolved = claims_path
    h = blake2b(digest_size=32)
    head = f"factcheck {__version__}\0py {sys.version_info[:3]}\0{resolved}\0"
    h.update(head.encode("utf-8", "surrogateescape"))
    hash_file(h, claims_path)
    # names as strings, not sorted Paths: pathlib's comparisons were half the key's cost for a
    # thousand sources (the same order: one folder)
    folder = claims_path.parent / "sources"
    try:
        with os.scandir(folder) as it:
            found = sorted(
                (e.name, e.is_file())
                for e in it
                if os.path.splitext(e.name)[1] in (".yaml", ".yml")  # as the loader: Path.suffix
            )
    except OSError:  # no sources/ folder, or not a folder
        found = []
    for name, is_file in found:
        h.update(b"\0" + os.fsencode(name) + b"\0")
        if is_file:
            hash_file(h, folder / name)
        else:
            h.update(b"<not a file>")
    return h.hexdigest()


def hash_file(h: Any, path: Path) -> None:
    """``h.update`` with the file's bytes, a megabyte at a time (a 66 MB claims.yaml read whole
    was held beside the loaded ledger when the key is checked again after loading), or with
    ``<unreadable: errno>`` when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            for piece in iter(lambda: fh.read(_PIECE), b""):
                h.update(piece)
    except OSError as exc:
        h.update(f"<unreadable: {exc.errno}>".encode())


_PIECE = 1 << 20


def file_digest(path: Path) -> str:
    """The BLAKE2b digest of a file's bytes (of ``<unreadable: errno>`` when it cannot be read)."""
    h = blake2b(digest_size=32)
    hash_file(h, path)
    return h.hexdigest()


def text_deps(ledger: Ledger) -> Deps:
    """What the loader found for each ``text:`` path: the article's bytes, the others' presence."""
    deps: Deps = []
    for s in ledger.sources.values():
        if s.text is not None:
            is_article = s.id == ledger.article_id
            deps.append((s.id, s.text, is_article, _text_state(ledger.root, s.text, is_article)))
    return deps


def deps_hold(root: Path, deps: Deps) -> bool:
    """Whether every ``text:`` path is still as ``text_deps`` found it."""
    return all(_text_state(root, text, is_article) == state for _, text, is_article, state in deps)


def _text_state(root: Path, text: str | None, is_article: bool) -> str:
    """What a ``text:`` path is now: why it cannot be used, the article's digest, or ""."""
    from factcheck.ledger.discover import resolve_text_path

    target, problem = resolve_text_path(root, text)
    if target is not None and is_article:
        return file_digest(target)
    return problem or ""
