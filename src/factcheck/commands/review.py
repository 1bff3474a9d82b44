"""The ``diff`` command: what changed in the fact-check between two git revisions."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.commands.common import (
    colour_on,
    console,
    expected_failures,
    note,
    write,
)
from factcheck.commands.options import Color, ColorOpt, LedgerOpt
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.formats.diff import Side
    from factcheck.ledger.models import Ledger
    from factcheck.ledger.revisions import Revisions


class DiffFormat(str, Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[BASE [HEAD]] [PATH]...",
            help="BASE [default: the merge base of HEAD with origin/HEAD, else main or master] "
            "and HEAD [default: the work tree]: any revision git knows; then ledgers "
            "(claims.yaml files or folders searched for them) [default: the nearest "
            "claims.yaml upward, else every ledger below the current folder].",
            show_default=False,
        ),
    ] = None,
    ledger: LedgerOpt = None,
    format_: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text, json, or markdown for a pull request."),
    ] = DiffFormat.TEXT,
    color: ColorOpt = Color.AUTO,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the fact-check changed.")
    ] = False,
) -> None:
    """What changed in the fact-check between two revisions, by claim and source id.

    Claims added and removed; status, rating, kind, quote or claim text changed; evidence added
    or removed; sources added, removed or changed. Exit 0 (1 with --exit-code when something
    changed), 2 for an unknown revision or a ledger that cannot be read.
    """
    with expected_failures():
        from factcheck.checks.diff import diff_ledgers
        from factcheck.formats import diff as out
        from factcheck.ledger.revisions import Revisions, ledger_pairs

        repo = Revisions(Path.cwd())
        revs, paths = _split(repo, args or [])
        base, head = _sides(repo, revs)
        labels = (revs[0] if revs else (base.commit or "")[:7], revs[1] if len(revs) > 1 else "")
        scopes = _scopes(repo, paths, ledger)
        diffs = []
        for path, old, new in ledger_pairs(repo, base.commit or "", head.commit, scopes, labels):
            _warn_invalid(path, old, labels[0])
            _warn_invalid(path, new, labels[1] or "work tree")
            found = diff_ledgers(path, old, new)
            if not found.empty:
                diffs.append(found)
        if format_ is DiffFormat.JSON:
            from factcheck.formats.text import to_json

            write(to_json(out.diff_record(diffs, base, head)))
        elif format_ is DiffFormat.MARKDOWN:
            write(out.diff_markdown(diffs, base, head))
        elif colour_on(color):
            from factcheck.formats.terminal.views import diff_view

            console(color).print(diff_view(out.lines(diffs)), end="")
        else:
            write(out.diff_text(diffs))
        note(out.summary(diffs, base, head))
    if exit_code and diffs:
        raise typer.Exit(1)


def _warn_invalid(path: str, loaded: "Ledger | None", where: str) -> None:
    """Entries of claims: that are not claims are not compared: say so, as list does."""
    if loaded is not None and loaded.invalid:
        n = len(loaded.invalid)
        note(
            f"{path}: warning: {n} invalid entr{'y' if n == 1 else 'ies'} of claims: at {where} "
            "not compared (hint: factcheck check lists every problem)"
        )


def _split(repo: "Revisions", args: list[str]) -> tuple[list[str], list[Path]]:
    """Leading revisions (at most two), then paths, as ``git diff`` reads them: an argument that
    names a commit is a revision, one that names a file or folder a path."""
    revs: list[str] = []
    paths: list[Path] = []
    for arg in args:
        before_paths = not paths and len(revs) < 2
        if before_paths and repo.commit(arg) is not None:
            revs.append(arg)
        elif Path(arg).exists():
            paths.append(Path(arg))
        elif before_paths:
            repo.require(arg)  # an unknown revision: the error says why
        else:
            raise FactcheckError(
                f"no such file or folder: {arg}", hint="give revisions first, then ledger paths"
            )
    return revs, paths


def _sides(repo: "Revisions", revs: list[str]) -> tuple["Side", "Side"]:
    from factcheck.formats.diff import Side

    if revs:
        base = Side(revs[0], repo.require(revs[0]))
    else:
        branch, commit = repo.default_base()
        base = Side(branch, commit, merge_base=True)
    head = Side(revs[1], repo.require(revs[1])) if len(revs) > 1 else Side(None, None)
    return base, head


def _scopes(repo: "Revisions", paths: list[Path], ledger: Path | None) -> list[str]:
    """Repository-relative paths the ledgers are looked for at and below."""
    from factcheck.ledger.discover import discover_ledger

    scopes = [repo.relative(p) for p in paths]
    if ledger is not None:
        scopes.append(repo.relative(discover_ledger(ledger)))
    if scopes:
        return scopes
    try:
        return [repo.relative(discover_ledger())]
    except FactcheckError:  # no ledger here: every one below the current folder
        return [repo.relative(Path.cwd())]
