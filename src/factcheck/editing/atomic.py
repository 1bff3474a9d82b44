"""Replacing or creating a file atomically, one writer per folder at a time.

The new bytes go to a temporary file in the same folder, flushed and fsynced, then renamed over
the old file (or linked into place, for a new one, so that an existing file is never clobbered).
The write is refused when the file changed on disk since it was read; writers in one folder take
turns (an exclusive lock on the folder), so two of them cannot both pass that check.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factcheck.errors import FactcheckError

LOCK_SECONDS = 10.0  # how long a writer waits for another one in the same folder


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of ``path`` as it is now; None if it cannot be read (a later read says why)."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def write_atomic(path: Path, data: bytes, *, expected_digest: str | None) -> None:
    """Replace ``path`` with ``data`` atomically.

    ``expected_digest`` is the sha256 of the file as it was read: if the file now holds anything
    else, nothing is written. ``None`` means the file must not exist yet (a new file).

    Writers of one folder take turns (an exclusive lock on the folder), so the digest check and
    the replace cannot interleave with another writer's. A temporary file left by a killed
    writer is deleted by the next one. An ``OSError`` (no permission, a full disk) becomes a
    ``FactcheckError``; the file is then as it was and no temporary file is left.
    """
    path = Path(path)
    folder = path.parent
    try:
        with _folder_lock(folder):
            _write_locked(path, data, expected_digest)
    except OSError as exc:
        raise FactcheckError(
            f"cannot write the file: {exc.strerror or exc}; nothing was written",
            path=path,
            hint="check the folder's permissions and the free disk space",
        ) from None
    fsync_dir(folder)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (POSIX; nothing where there is no fcntl)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise FactcheckError(
                        "another process is writing in this folder; nothing was written",
                        path=folder,
                        hint="wait for it to finish and run the command again",
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_locked(path: Path, data: bytes, expected_digest: str | None) -> None:
    folder = path.parent
    if expected_digest is not None:
        if file_digest(path) != expected_digest:
            raise FactcheckError(
                "the file changed on disk since it was read; nothing was written",
                path=path,
                hint="run the command again on the current file",
            )
        # a file without write permission is not replaced, even where the folder allows it
        if not stat.S_IMODE(path.stat().st_mode) & 0o222 or not os.access(path, os.W_OK):
            raise FactcheckError(
                "the file is read-only; nothing was written",
                path=path,
                hint="make it writable (chmod u+w) to edit it",
            )
    elif path.exists():
        raise FactcheckError("the file already exists; nothing was written", path=path)
    stale = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.tmp")
    for leftover in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        if stale.fullmatch(leftover.name):  # a killed writer's: no writer holds it now
            leftover.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expected_digest is not None:
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
        if expected_digest is None:
            os.link(tmp, path)  # fails if someone created the file meanwhile: never clobber
            tmp.unlink()
        else:
            os.replace(tmp, path)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise FactcheckError("the file already exists; nothing was written", path=path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)
