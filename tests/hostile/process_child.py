"""The factcheck CLI in a child process, with the writer made observable for the process cases.

Run as ``python -m tests.hostile.process_child ARGS...`` (the arguments are factcheck's). These
environment variables instrument the write, and nothing else of factcheck is changed:

- ``HOSTILE_SLOW=chunk,seconds``: the temporary file is written ``chunk`` bytes at a time, flushed,
  with a pause after each (a slow disk), so a signal can land in the middle of the data;
- ``HOSTILE_PAUSE=stage`` with ``HOSTILE_MARK=path``: at ``stage`` (``after-mkstemp``,
  ``mid-write``, ``before-fsync``, ``before-replace``, ``after-replace``) the child creates
  ``path`` and sleeps, waiting for the parent's signal;
- ``HOSTILE_GATE=path``: ``LedgerFile.save`` (after the file was read and the edit planned) waits
  until ``path`` exists, so two writers can start from the same read;
- ``HOSTILE_HOLD=seconds``: pause right after the temporary file is created, inside the writer's
  check-then-replace section, to widen any race between two writers.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

PAUSE_SECONDS = 30.0
STAGES = ("after-mkstemp", "mid-write", "before-fsync", "before-replace", "after-replace")


def _stage(name: str) -> None:
    if os.environ.get("HOSTILE_PAUSE") == name:
        mark = Path(os.environ["HOSTILE_MARK"])
        # the mark appears whole (a rename): a signal must not land inside this hook's own write
        mark.with_suffix(".part").write_text(name)
        os.rename(mark.with_suffix(".part"), mark)
        time.sleep(PAUSE_SECONDS)


class _Slow:
    """A binary file whose ``write`` goes out in flushed chunks (and stops at ``mid-write``)."""

    def __init__(self, handle: IO[bytes], chunk: int, pause: float) -> None:
        self.handle, self.chunk, self.pause = handle, chunk, pause

    def __enter__(self) -> _Slow:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        half = len(data) // 2
        for start in range(0, len(data), self.chunk):
            if start <= half < start + self.chunk:
                _stage("mid-write")
            self.handle.write(data[start : start + self.chunk])
            self.handle.flush()
            if self.pause:
                time.sleep(self.pause)
        return len(data)

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


def instrument() -> None:
    real_fdopen, real_mkstemp = os.fdopen, tempfile.mkstemp
    real_fsync, real_replace = os.fsync, os.replace
    chunk_pause = os.environ.get("HOSTILE_SLOW", "")
    chunk, pause = (
        (int(chunk_pause.split(",")[0]), float(chunk_pause.split(",")[1]))
        if (chunk_pause)
        else (1 << 30, 0.0)
    )
    hold = float(os.environ.get("HOSTILE_HOLD", "0"))
    fsyncs = [0]

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return _Slow(handle, chunk, pause) if mode == "wb" else handle

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        made = real_mkstemp(*args, **kwargs)
        _stage("after-mkstemp")
        if hold:
            time.sleep(hold)
        return made

    def fsync(fd: int) -> None:
        fsyncs[0] += 1
        if fsyncs[0] == 1:  # the temporary file's; the folder's comes after the rename
            _stage("before-fsync")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        _stage("before-replace")
        real_replace(src, dst)
        _stage("after-replace")

    os.fdopen = fdopen
    tempfile.mkstemp = mkstemp
    os.fsync = fsync  # type: ignore[assignment]
    os.replace = replace  # type: ignore[assignment]

    gate = os.environ.get("HOSTILE_GATE")
    if gate:
        from factcheck.editing.writer import LedgerFile

        real_save = LedgerFile.save

        def save(self: LedgerFile) -> str:
            deadline = time.monotonic() + PAUSE_SECONDS
            while not Path(gate).exists() and time.monotonic() < deadline:
                time.sleep(0.005)
            return real_save(self)

        LedgerFile.save = save  # type: ignore[method-assign]


def main() -> None:
    instrument()
    from factcheck.cli import main as factcheck

    sys.argv[0] = "factcheck"
    factcheck()


if __name__ == "__main__":
    main()
