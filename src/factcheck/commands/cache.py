"""cache: what the parse cache holds (info), or empty it (clear)."""

from enum import Enum
from typing import Annotated

import typer

from factcheck.commands.common import note, write


class CacheAction(str, Enum):
    INFO = "info"
    CLEAR = "clear"


def cache(
    action: Annotated[CacheAction, typer.Argument(help="info or clear")] = CacheAction.INFO,
    json_: Annotated[bool, typer.Option("--json", help="The figures as JSON.")] = False,
) -> None:
    """Show where the parse cache is and how much it holds (info), or remove every entry (clear).

    The cache keeps loaded ledgers and check results so an unchanged ledger is not parsed again;
    it evicts the least recently used entries over $FACTCHECK_CACHE_MAX_MB (default 1024).
    Example: factcheck cache clear
    """
    from factcheck.scale import cachedir
    from factcheck.scale.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        note("The cache is off (FACTCHECK_NO_CACHE is set).")
        if json_:
            write('{\n  "schema_version": 1,\n  "enabled": false\n}\n')
        return
    used = cachedir.clear(folder) if action is CacheAction.CLEAR else cachedir.usage(folder)
    if action is CacheAction.CLEAR:
        entries = "entry" if used.keys == 1 else "entries"
        note(f"Removed {used.keys} {entries} ({_mb(used.bytes)}) from {folder}.")
    if json_:
        from factcheck.formats.text import to_json

        record = {
            "schema_version": 1,
            "enabled": True,
            "folder": str(folder),
            "entries": used.keys,
            "files": used.files,
            "bytes": used.bytes,
            "cap_bytes": used.cap_bytes,
        }
        if action is CacheAction.CLEAR:
            record = {**record, "removed": True}
        write(to_json(record))
    elif action is CacheAction.INFO:
        cap = _mb(used.cap_bytes) if used.cap_bytes else "none"
        write(
            f"folder: {folder}\nentries: {used.keys} ({used.files} files)\n"
            f"size: {_mb(used.bytes)}\ncap: {cap}\n"
        )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
