"""Ledgers at a git revision, read through git (``git ls-tree``, ``git cat-file``), no checkout.

``Revisions`` answers, in one repository: which commit a revision names (with a clear error for
one a shallow clone has not fetched), the default base of a review (the merge base with
``origin/HEAD``, else ``main`` or ``master``), which ``claims.yaml`` files a commit holds, and a
ledger at a commit, loaded by ``load.load_ledger`` from the blobs' bytes (``files.Blobs``).
The work tree is read from disk as usual; a revision of ``None`` stands for it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import CLAIMS_FILE, SKIP_DIRS, SOURCES_DIR
from factcheck.ledger.models import Ledger

DEFAULT_BRANCHES = ("origin/HEAD", "main", "master")
SHALLOW_HINT = (
    "fetch more history: `git fetch --deepen=50` (or `git fetch --unshallow`); "
    "in GitHub Actions, `fetch-depth: 0` in actions/checkout"
)
REGULAR_MODES = (b"100644", b"100755")


@dataclass(frozen=True)
class Tree:
    """The regular files of a commit: repository-relative posix path → blob id."""

    commit: str
    blobs: dict[str, str]

    def ledgers(self, scopes: Sequence[str]) -> list[str]:
        """The claims.yaml paths at or below ``scopes`` ("" is the whole repository)."""
        found = []
        for path in self.blobs:
            parts = PurePosixPath(path).parts
            if parts[-1] != CLAIMS_FILE or SKIP_DIRS.intersection(parts[:-1]):
                continue
            if any(_within(path, scope) for scope in scopes):
                found.append(path)
        return sorted(found)

    def holds(self, scope: str) -> bool:
        return any(_within(path, scope) for path in self.blobs)


def _within(path: str, scope: str) -> bool:
    return not scope or path == scope or path.startswith(scope.rstrip("/") + "/")


class Revisions:
    """git in the repository that holds ``cwd``."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        top = self._git("rev-parse", "--show-toplevel", where=cwd).decode().strip()
        self.root = Path(_normal(Path(top)))

    def _git(self, *args: str, where: Path | None = None, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=where or self.root,
                input=stdin,
                capture_output=True,
                check=False,
            )
        except FileNotFoundError:
            raise FactcheckError(
                "git is not installed", hint="factcheck diff reads revisions through git"
            ) from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            if args[:2] == ("rev-parse", "--show-toplevel"):
                raise FactcheckError(
                    f"{where} is not inside a git repository",
                    hint="run factcheck diff in a clone of the repository",
                )
            raise FactcheckError(
                f"git {args[0]} failed: {message[-1] if message else done.returncode}"
            )
        return done.stdout

    def commit(self, rev: str) -> str | None:
        """The commit ``rev`` names, or None when git knows no such commit."""
        if not rev or rev.startswith("-"):
            return None
        try:
            out = self._git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        except FactcheckError:
            return None
        return out.decode().strip() or None

    def shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository").strip() == b"true"

    def require(self, rev: str) -> str:
        """The commit ``rev`` names; an unknown one is an error, with a hint in a shallow clone."""
        found = self.commit(rev)
        if found is not None:
            return found
        if self.shallow():
            raise FactcheckError(
                f"revision '{rev}' is not in this shallow clone", hint=SHALLOW_HINT
            )
        raise FactcheckError(
            f"unknown revision '{rev}'",
            hint="give a commit, branch or tag git knows (`git log --oneline` lists commits)",
        )

    def default_base(self) -> tuple[str, str]:
        """The merge base of HEAD with the default branch: (the branch, the merge base)."""
        for branch in DEFAULT_BRANCHES:
            if self.commit(branch) is None:
                continue
            try:
                base = self._git("merge-base", branch, "HEAD").decode().strip()
            except FactcheckError:
                hint = (
                    SHALLOW_HINT
                    if self.shallow()
                    else "give the base revision: factcheck diff BASE"
                )
                raise FactcheckError(
                    f"{branch} and HEAD have no merge base in this clone", hint=hint
                ) from None
            return branch, base
        hint = SHALLOW_HINT if self.shallow() else "give the base revision: factcheck diff BASE"
        raise FactcheckError(
            "no default branch (origin/HEAD, main or master) to compare with", hint=hint
        )

    def tree(self, commit: str) -> Tree:
        """The regular files of ``commit`` (links and submodules left out)."""
        out = self._git("ls-tree", "-r", "-z", "--full-tree", commit)
        blobs: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, sha = meta.split(b" ")
            if kind == b"blob" and mode in REGULAR_MODES:
                blobs[path.decode("utf-8", "surrogateescape")] = sha.decode()
        return Tree(commit, blobs)

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The bytes of each blob, in one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self._git("cat-file", "--batch", stdin="".join(s + "\n" for s in wanted).encode())
        found: dict[str, bytes] = {}
        at = 0
        for sha in wanted:
            end = out.index(b"\n", at)
            size = int(out[at:end].split(b" ")[2])
            found[sha] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return found

    def load(self, tree: Tree, claims: str, label: str) -> Ledger:
        """The ledger whose claims.yaml is ``claims`` in ``tree``; its files are the claims.yaml
        and everything under its sources/. ``label`` names the revision in error messages."""
        from factcheck.ledger.files import Blobs
        from factcheck.ledger.load import load_ledger

        folder = str(PurePosixPath(claims).parent)
        sources = f"{SOURCES_DIR}" if folder == "." else f"{folder}/{SOURCES_DIR}"
        paths = [p for p in tree.blobs if p == claims or _within(p, sources)]
        data = self.read_blobs(tree.blobs[p] for p in paths)
        files = {self.root / p: data[tree.blobs[p]] for p in paths}
        try:
            return load_ledger(self.root / claims, Blobs(files))
        except FactcheckError as exc:
            where = exc.path
            if where is not None:
                full = Path(_normal(where if where.is_absolute() else self.cwd / where))
                if full.is_relative_to(self.root):
                    where = Path(f"{label}:{full.relative_to(self.root).as_posix()}")
            raise FactcheckError(
                exc.message, path=where, line=exc.line, col=exc.col, hint=exc.hint
            ) from None

    def relative(self, path: Path) -> str:
        """``path`` (absolute, or relative to ``cwd``) as a repository-relative posix path."""
        full = path if path.is_absolute() else self.cwd / path
        try:
            rel = Path(_normal(full)).relative_to(Path(_normal(self.root)))
        except ValueError:
            raise FactcheckError(
                f"{path} is outside the repository at {self.root}",
                hint="give ledgers inside the repository",
            ) from None
        return "" if rel == Path(".") else rel.as_posix()


def _normal(path: Path) -> str:
    return os.path.realpath(path)


def ledger_pairs(
    repo: Revisions, base: str, head: str | None, scopes: Sequence[str], labels: tuple[str, str]
) -> Iterator[tuple[str, Ledger | None, Ledger | None]]:
    """Each ledger at or below ``scopes`` at ``base`` or ``head`` (None: the work tree), matched
    by its claims.yaml path: (path, the ledger at base, the ledger at head), None where absent.
    ``labels`` name the two revisions in error messages."""
    from factcheck.ledger.load import load_ledger

    old_tree = repo.tree(base)
    new_tree = repo.tree(head) if head is not None else None
    old = set(old_tree.ledgers(scopes))
    new = set(new_tree.ledgers(scopes) if new_tree else _work_tree_ledgers(repo, scopes))
    for path in sorted(old | new):
        before = repo.load(old_tree, path, labels[0]) if path in old else None
        after = None
        if path in new:
            if new_tree is None:
                after = load_ledger(repo.root / path)
            else:
                after = repo.load(new_tree, path, labels[1])
        yield path, before, after


def _work_tree_ledgers(repo: Revisions, scopes: Sequence[str]) -> list[str]:
    """The claims.yaml files on disk at or below ``scopes``, as ``find_ledgers`` finds them."""
    from factcheck.ledger.discover import find_ledgers

    found = []
    for scope in scopes:
        full = repo.root / scope
        if not full.exists():  # a ledger removed from the work tree
            continue
        try:
            found += [repo.relative(p) for p in find_ledgers([full])]
        except FactcheckError:  # a folder with no ledger below it (any more)
            continue
    return found
