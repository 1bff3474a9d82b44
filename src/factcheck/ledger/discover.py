"""Finding ledgers on disk, and showing paths to the user.

``discover_ledger`` finds the one ledger a command works on; ``find_ledgers`` turns the paths a
user typed into claims.yaml files, searching folders recursively the way ``ruff check .`` does
(``.git``, ``.venv``, ``node_modules`` and other tool folders are skipped).

Kept apart from ``ledger`` (which loads and validates) so that a cached ``list --json`` can find its
ledger without importing the domain model and the YAML loader.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from factcheck.errors import FactcheckError
from factcheck.text.inert import one_line

CLAIMS_FILE = "claims.yaml"
SOURCES_DIR = "sources"
ENV_VAR = "FACTCHECK_LEDGER"
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".ci-venv",
    }
)


def discover_ledger(
    explicit: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """The claims.yaml to use: ``explicit``, else $FACTCHECK_LEDGER, else the nearest one upward."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    given = explicit if explicit is not None else env.get(ENV_VAR) or None
    if given is not None:
        path = Path(given)
        if not path.is_absolute():
            path = cwd / path
        candidate = path / CLAIMS_FILE if path.is_dir() else path
        if not candidate.is_file():
            origin = "--ledger" if explicit is not None else f"${ENV_VAR}"
            raise FactcheckError(
                f"no ledger at {given} (from {origin})",
                hint="give a claims.yaml or the folder holding one, "
                "or start one with `factcheck init ARTICLE.txt`",
            )
        return candidate
    for folder in (cwd, *cwd.parents):
        candidate = folder / CLAIMS_FILE
        if candidate.is_file():
            return candidate
    raise FactcheckError(
        f"no {CLAIMS_FILE} in {cwd} or any parent folder",
        hint=f"run inside a ledger, pass --ledger PATH, set {ENV_VAR}, "
        "or start one with `factcheck init ARTICLE.txt`",
    )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user should see it: relative to the current folder when below it, and
    inert (a file name may hold escape sequences; findings print it on a terminal)."""
    here = os.getcwd() if cwd is None else str(cwd)
    key = (str(path), here)
    shown = _SHOWN.get(key)
    if shown is None:  # a ledger's findings and records name its few files thousands of times
        try:
            shown = one_line(str(path.relative_to(here)))
        except ValueError:
            shown = one_line(str(path))
        if len(_SHOWN) < 65536:
            _SHOWN[key] = shown
    return shown


_SHOWN: dict[tuple[str, str], str] = {}


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, stays inside ``folder`` (a link loop does not)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


def resolve_text_path(ledger_root: Path, text: str | None) -> tuple[Path | None, str | None]:
    """Where a source's ``text:`` lives, or why it may not be read."""
    if text is None:
        return None, None
    raw = Path(text)
    if raw.is_absolute():
        return None, f"text path '{text}' is absolute"
    folder = ledger_root / SOURCES_DIR
    if not inside(folder, ledger_root) or not inside(folder / raw, folder):
        return None, f"text path '{text}' leaves sources/ (or is a link loop)"
    target = (folder / raw).resolve()
    if not target.is_file():
        return None, f"text file '{text}' is missing" if not target.exists() else (
            f"text path '{text}' is not a file"
        )
    return target, None


def find_ledgers(paths: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None) -> list[Path]:
    """The claims.yaml files named by ``paths`` (files, or folders searched recursively)."""
    cwd = Path.cwd() if cwd is None else cwd
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        full = path if path.is_absolute() else cwd / path
        if full.is_dir():
            below = list(_walk(full))
            if not below:
                raise FactcheckError(
                    f"no {CLAIMS_FILE} in {given} or below it",
                    hint="give a claims.yaml or a folder holding one",
                )
            found.extend(below)
        elif full.is_file():
            found.append(full)
        else:
            raise FactcheckError(f"no such file or folder: {given}", hint="check the path")
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def _walk(top: Path) -> Iterable[Path]:
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        if CLAIMS_FILE in files:
            yield Path(folder) / CLAIMS_FILE


def resolve_paths(paths: Sequence[Path] | None, ledger: Path | None) -> list[Path]:
    """Positional paths plus ``--ledger``; with neither, the one ledger discovery finds."""
    found = [discover_ledger(ledger)] if ledger is not None else []  # as --ledger always was
    if paths:
        found += find_ledgers(paths)
    if not found:
        return [discover_ledger()]
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())
