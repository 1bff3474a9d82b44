"""One cache entry for every way of naming a ledger: its paths re-spelt for the run that reads it.

The cache is keyed on a ledger's resolved path, so ``factcheck check`` inside the folder and
``factcheck check DIR`` from elsewhere (or through a link) find the same entry. What the entry
holds was made under one *spelling*: the ledger's absolute path as it was given, and the folder
the run was in (findings carry paths relative to it, ``ledger.discover.display_path``). A run
with another spelling gets the value it would have computed itself: the ledger's root, its
``claims.yaml`` and source paths moved to the new root, and each finding's path prefix (the
root as the old run showed it) replaced by the root as this run shows it.

When that cannot be done exactly (the run's folder lies inside the ledger, so its files are
shown partly relative and partly absolute; a name the display escapes; a finding elsewhere) the
entry counts as a miss, and the run computes and stores its own.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

Spelling = tuple[str, str]  # (claims.yaml's absolute path as given, the current folder)


def spelling(claims_path: Path) -> Spelling:
    return (str(claims_path.absolute()), os.getcwd())


def _prefix(root: Path, cwd: Path) -> str | None:
    """What ``display_path`` puts before a file's path inside ``root`` (None: not one prefix)."""
    from factcheck.ledger.discover import display_path

    if root == cwd:
        return ""
    if cwd.is_relative_to(root):  # the ledger's files shown partly relative, partly absolute
        return None
    shown = display_path(root, cwd)
    if shown != (str(root.relative_to(cwd)) if root.is_relative_to(cwd) else str(root)):
        return None  # the display escapes a character of the path
    return shown if shown.endswith("/") else shown + "/"


def respell(value: Any, made: Any, now: Spelling) -> Any:
    """``value`` (a Ledger or a CheckResult) as a run spelt ``now`` would have made it, or None
    when that cannot be done exactly (a miss)."""
    from factcheck.checks.gate import CheckResult
    from factcheck.ledger.models import Ledger

    if not (isinstance(made, tuple) and len(made) == 2 and all(isinstance(s, str) for s in made)):
        return None
    if tuple(made) == now:
        return value
    old_claims, new_claims = Path(made[0]), Path(now[0])
    if old_claims.name != new_claims.name:
        return None
    old_root, new_root = old_claims.parent, new_claims.parent
    old, new = _prefix(old_root, Path(made[1])), _prefix(new_root, Path(now[1]))
    if old is None or new is None:
        return None
    findings = []
    for f in value.findings:
        if not f.path.startswith(old):
            return None
        findings.append(replace(f, path=new + f.path[len(old) :]))
    if isinstance(value, CheckResult):
        if not all(name.startswith(old) for name in value.ledgers):
            return None
        ledgers = [new + name[len(old) :] for name in value.ledgers]
        return replace(value, findings=findings, ledgers=ledgers)
    if not isinstance(value, Ledger):
        return None
    sources = {}
    for sid, source in value.sources.items():
        if not source.path.is_relative_to(old_root):
            return None
        sources[sid] = replace(source, path=new_root / source.path.relative_to(old_root))
    return replace(
        value,
        root=new_root,
        claims_path=new_claims,
        sources=sources,
        findings=findings,
    )
