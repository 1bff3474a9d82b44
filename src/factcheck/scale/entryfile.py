"""One cache entry's file: read only when it is the user's own and private, written atomically.

An entry someone else could have written is never read (entries are pickles); a write fills a
temporary file and renames it, so a reader sees a whole entry or none, and a read-only or full
disk only costs speed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from factcheck.scale import cachedir

if TYPE_CHECKING:
    from factcheck.scale.spill import Mapped


def open_private(path: Path) -> BinaryIO | None:
    """``path`` open for reading, or None when it is absent or someone else could have written
    it (another owner, or writable by group or others)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    except OSError:
        return None
    st = os.fstat(fh.fileno())
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
        fh.close()
        return None
    return fh


def read_private(path: Path) -> bytes | None:
    """The bytes of ``path`` when ``open_private`` opens it, else None."""
    fh = open_private(path)
    if fh is None:
        return None
    try:
        with fh:
            return fh.read()
    except OSError:
        return None


def map_private(path: Path) -> Mapped | bytes | None:
    """``read_private``, but a large file mapped rather than read into memory
    (``spill.map_file``: an entry is replaced by renaming, never rewritten in place, so a map
    stays whole)."""
    from factcheck.scale.spill import map_file

    fh = open_private(path)
    if fh is None:
        return None
    with fh:
        try:
            return map_file(fh.fileno(), os.fstat(fh.fileno()).st_size) or fh.read()
        except OSError:
            return None


def write_private(path: Path, data: bytes | bytearray) -> None:
    write_stream(path, lambda fh: fh.write(data))


def write_stream(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Have ``write`` fill a temporary file, then move it to ``path`` (atomic: readers see a
    whole entry or none); a read-only or full disk only costs speed."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
            cachedir.after_write(path.parents[2])
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
