"""The cache folder as a whole: its size, least-recently-used eviction under a cap, clearing.

Entries live in ``<cache>/<layout>/<2 hex>/<key>.<kind>``: the parse cache's layouts are ``v<n>``
(``scale/cache.py``), the match index's ``match-v<n>``, ``match-vectors-v<n>`` and
``match-last-v<n>`` (``matching/entries.py``); the files of one key (a ledger's entry and its
check result; its views, keyed apart, are another key's parts) are used and evicted together.
Reading an entry touches its modification time, so the oldest time of a key is when it was
last used. The first time a run writes an entry, the folder is measured and, over the cap, the
least recently used keys are removed until it is under 80% of the cap (so that the next runs do
not evict again at once). Every layout folder counts, older versions' too: nothing reads those
any more, so they are the first to go.

The cap is ``$FACTCHECK_CACHE_MAX_MB`` (megabytes, default 1024; 0 means no cap).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

MAX_ENV = "FACTCHECK_CACHE_MAX_MB"
DEFAULT_MAX_MB = 1024
KEEP_AFTER_EVICTION = 0.8  # of the cap
_LAYOUT = re.compile(r"(?:[a-z]+-)*v\d+")  # v9, match-v3, match-vectors-v3, match-last-v1
_pruned = False  # once per process: the first write measures the folder


@dataclass(frozen=True)
class Usage:
    """What the cache folder holds: keys (ledgers' entries), their files and bytes."""

    folder: Path
    keys: int
    files: int
    bytes: int
    cap_bytes: int  # 0: no cap


def cap_bytes() -> int:
    """The size cap in bytes (0: none); a value that is not a number is the default."""
    raw = os.environ.get(MAX_ENV, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return max(0, int(mb * 1024 * 1024))


def touch(path: Path) -> None:
    """Mark an entry used now (its key is evicted last); a read-only cache only costs order."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _layouts(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            return [
                Path(e.path)
                for e in it
                if _LAYOUT.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
            ]
    except OSError:
        return []


def _keys(folder: Path) -> dict[str, tuple[float, int, list[str]]]:
    """Every key in the folder: (last used, bytes, its files)."""
    keys: dict[str, tuple[float, int, list[str]]] = {}
    for layout in _layouts(folder):
        try:
            shards = [e.path for e in os.scandir(layout) if e.is_dir(follow_symlinks=False)]
        except OSError:
            continue
        for shard in shards:
            try:
                entries = list(os.scandir(shard))
            except OSError:
                continue
            for e in entries:
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                key = os.path.join(layout.name, e.name.split(".", 1)[0] or e.name)
                used, size, files = keys.get(key, (0.0, 0, []))
                files.append(e.path)
                keys[key] = (max(used, st.st_mtime), size + st.st_size, files)
    return keys


def usage(folder: Path) -> Usage:
    keys = _keys(folder)
    files = sum(len(f) for _, _, f in keys.values())
    size = sum(s for _, s, _ in keys.values())
    return Usage(folder, len(keys), files, size, cap_bytes())


def prune(folder: Path, cap: int | None = None) -> int:
    """Remove the least recently used keys while the folder is over ``cap`` (default: the
    configured cap), down to 80% of it; the bytes freed."""
    cap = cap_bytes() if cap is None else cap
    if cap <= 0:
        return 0
    keys = _keys(folder)
    total = sum(s for _, s, _ in keys.values())
    if total <= cap:
        return 0
    freed = 0
    for _key, (_used, size, files) in sorted(keys.items(), key=lambda kv: kv[1][0]):
        if total - freed <= cap * KEEP_AFTER_EVICTION:
            break
        for name in files:
            with contextlib.suppress(OSError):  # another process evicted or replaced it first
                os.unlink(name)
        freed += size
    return freed


def after_write(folder: Path) -> None:
    """Called when this process has written an entry: keep the folder under its cap (once)."""
    global _pruned
    if _pruned:
        return
    _pruned = True
    prune(folder)


def clear(folder: Path) -> Usage:
    """Remove every entry (of every layout); what was removed."""
    import shutil

    before = usage(folder)
    for layout in _layouts(folder):
        shutil.rmtree(layout, ignore_errors=True)
    return before
