"""A view's blob written to its cache file as it is made, and read back mapped, not held.

At 100,000 claims the claims' JSON text (``scale/views``' blob) is about 100 MB. Built in memory
beside the ledger it comes from, and then written to the cache, it was a third of the peak of a
cold ``list`` or ``stats``. A ``Spill`` gathers the text a megabyte at a time into a temporary
file in the cache folder; ``keep`` moves that file into place as the entry (atomic, as every
entry); ``value`` gives the text back as a read-only map of the file, whose pages
``Mapped.chunks`` lets go once they are written out. If the file cannot be made or written (a
read-only or full disk), the text stays in memory instead and nothing is lost: only the memory
saving is.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20  # gathered before a write; written out of a map at a time (a page multiple)
# A map keeps a descriptor of its file open until it is freed (Python < 3.13), and a tree of
# thousands of ledgers must not run out of them: files under a chunk are read, not mapped
# (mapping them saves nothing), and a process maps at most this many.
MAPS = 256
_mapped = 0


class Mapped(mmap.mmap):
    """A file's bytes, mapped read-only: sliced, searched and hashed like bytes, and pickled (to
    another process) as its bytes."""

    def __reduce__(self) -> tuple[type[bytes], tuple[bytes]]:
        return (bytes, (self[:],))

    def chunks(self) -> Iterator[bytes]:
        """The bytes a megabyte at a time; each range's pages are let go once the next range is
        asked for, so writing the whole map out does not keep it all resident."""
        size = len(self)
        for at in range(0, size, CHUNK):
            yield self[at : at + CHUNK]
            self.drop(at, min(at + CHUNK, size))

    def drop(self, start: int, end: int) -> None:
        """Let go of the pages holding bytes ``start`` to ``end`` (read again from the file if
        they are needed again)."""
        if hasattr(mmap, "MADV_DONTNEED") and end > start:
            first = start - start % mmap.PAGESIZE
            self.madvise(mmap.MADV_DONTNEED, first, end - first)


class Spill:
    """Bytes on their way to a cache entry in ``folder``: ``write`` them, ``finish``, then
    ``keep`` (move the file into place) or not, take the ``value``, and ``close``."""

    def __init__(self, folder: Path) -> None:
        self.held = bytearray()  # not yet in the file (everything, when there is no file)
        self.written = 0  # bytes in the file
        self.fd: int | None = None
        self.tmp: str | None = None  # the file's name while it is not an entry
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".view-blob")
        except OSError:  # a read-only cache: the bytes stay in memory
            pass

    def write(self, data: bytes | bytearray) -> None:
        self.held += data
        if len(self.held) >= CHUNK:
            self._flush()

    def finish(self) -> None:
        """Everything written so far is in the file (when there is one)."""
        self._flush()

    def _flush(self) -> None:
        if self.fd is None or not self.held:
            return
        if _write_all(self.fd, self.held):
            self.written += len(self.held)
            self.held = bytearray()
            return
        # a full disk: what the file holds comes back, and the rest stays here
        self.held[:0] = _read_back(self.fd, self.written)
        self.written = 0
        self._drop_file()

    def keep(self, path: Path) -> bool:
        """Move the file into place as the entry ``path``; False when there is no file or it
        could not be moved (then nothing is stored)."""
        if self.tmp is None:
            return False
        try:
            os.replace(self.tmp, path)
        except OSError:
            return False
        self.tmp = None
        return True

    def value(self) -> Mapped | bytearray | bytes:
        """All the bytes written: the file mapped, or those held when there is no file."""
        if self.fd is None:
            return self.held
        return map_file(self.fd, self.written) or _read_back(self.fd, self.written)

    def close(self) -> None:
        """Close the file, and remove it unless it was kept (a map of it stays readable)."""
        self._drop_file()

    def _drop_file(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = None


def map_file(fd: int, size: int) -> Mapped | None:
    """The open file ``fd`` of ``size`` bytes mapped read-only, or None when it is better read:
    a small file, this process's ``MAPS`` maps made, or a file system that cannot map files."""
    global _mapped
    if size < CHUNK or _mapped >= MAPS:
        return None
    try:
        found = Mapped(fd, 0, access=mmap.ACCESS_READ)  # the map keeps its own descriptor
    except (OSError, ValueError):
        return None
    _mapped += 1
    return found


def _write_all(fd: int, data: bytearray) -> bool:
    """Write all of ``data`` (a write may take only part of it); False when a write fails."""
    with memoryview(data) as view:
        done = 0
        while done < len(view):
            try:
                done += os.write(fd, view[done:])
            except OSError:
                return False
    return True


def _read_back(fd: int, size: int) -> bytes:
    """The first ``size`` bytes of the file (``os.pread`` is not on every system)."""
    os.lseek(fd, 0, os.SEEK_SET)
    out = bytearray()
    while len(out) < size:
        chunk = os.read(fd, size - len(out))
        if not chunk:
            raise OSError(f"the file ended at {len(out)} of {size} bytes")
        out += chunk
    return bytes(out)
