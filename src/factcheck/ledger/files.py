"""Where the loader reads a ledger's files from: the disk, or bytes held in memory.

``load.load_ledger`` asks a ``Files`` for everything it reads: the text of a file, the YAML files
of ``sources/``, whether a path is a regular file or stays inside the ledger, and where a
source's ``text:`` points. ``DISK`` answers from the file system (links followed, as always);
``Blobs`` answers from a mapping of absolute path → bytes, such as the files of a ledger at a git
revision (``ledger/revisions``), so a past version is read by the same loader without a checkout.
In a ``Blobs`` every path is a regular file: there are no links to follow, and ``..`` is resolved
by the letters of the path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import SOURCES_DIR, inside, resolve_text_path
from factcheck.ledger.filetext import decode, read_text, refuse_large

YAML_SUFFIXES = (".yaml", ".yml")


class Disk:
    """The file system, as the loader has always read it."""

    def read_text(self, path: Path) -> str:
        return read_text(path)

    def is_dir(self, path: Path) -> bool:
        return path.is_dir()

    def is_file(self, path: Path) -> bool:
        return path.is_file()

    def yaml_files(self, folder: Path) -> list[Path]:
        return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES)

    def inside(self, path: Path, folder: Path) -> bool:
        return inside(path, folder)

    def plain_files(self, folder: Path) -> frozenset[str]:
        """The names of ``folder``'s regular files that are not links: each stays wherever
        ``folder`` does, with no path to resolve (one listing, not a few system calls a file)."""
        try:
            with os.scandir(folder) as entries:
                return frozenset(
                    e.name
                    for e in entries
                    if not e.is_symlink() and e.is_file(follow_symlinks=False)
                )
        except OSError:
            return frozenset()

    def text_path(self, root: Path, text: str | None) -> tuple[Path | None, str | None]:
        return resolve_text_path(root, text)


class Blobs(Disk):
    """Files held in memory: ``files`` maps absolute paths to their bytes."""

    def __init__(self, files: Mapping[Path, bytes]) -> None:
        self.files = dict(files)

    def read_text(self, path: Path) -> str:
        raw = self.files.get(path)
        if raw is None:
            raise FactcheckError("cannot read file: it is missing", path=path)
        refuse_large(len(raw), path)
        return decode(raw, path)

    def is_dir(self, path: Path) -> bool:
        return any(p.is_relative_to(path) and p != path for p in self.files)

    def is_file(self, path: Path) -> bool:
        return path in self.files

    def yaml_files(self, folder: Path) -> list[Path]:
        return sorted(p for p in self.files if p.parent == folder and p.suffix in YAML_SUFFIXES)

    def inside(self, path: Path, folder: Path) -> bool:
        return _plain(path).is_relative_to(_plain(folder))

    def plain_files(self, folder: Path) -> frozenset[str]:
        return frozenset()  # every path is checked by its letters: cheap in memory

    def text_path(self, root: Path, text: str | None) -> tuple[Path | None, str | None]:
        if text is None:
            return None, None
        if Path(text).is_absolute():
            return None, f"text path '{text}' is absolute"
        folder = root / SOURCES_DIR
        target = _plain(folder / text)
        if not target.is_relative_to(_plain(folder)):
            return None, f"text path '{text}' leaves sources/ (or is a link loop)"
        if target not in self.files:
            if self.is_dir(target):
                return None, f"text path '{text}' is not a file"
            return None, f"text file '{text}' is missing"
        return target, None


def _plain(path: Path) -> Path:
    """``path`` with ``.`` and ``..`` resolved by its letters (nothing here is a link)."""
    return Path(os.path.normpath(path))


DISK = Disk()
