"""The ledger's other writing operations: cite a source, rate a claim, add a source, fix lost
quotes. Each one plans its change on a loaded ledger and writes it through the safe writer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.editing.change import check_source_fields, check_source_id, claim_index
from factcheck.editing.reanchor import DEFAULT_THRESHOLD, Fix, Orphan, plan_fixes
from factcheck.editing.writer import LedgerFile, new_yaml_file
from factcheck.errors import FactcheckError
from factcheck.ledger.discover import SOURCES_DIR, display_path
from factcheck.ledger.keys import CLAIM_KEYS, SOURCE_KEYS
from factcheck.ledger.lookup import require_source
from factcheck.ledger.models import Ledger, Rating, Stance
from factcheck.text.article import Article

# --- cite / rate --------------------------------------------------------------------------


def cite(
    ledger: Ledger,
    claim_id: str,
    source: str,
    *,
    stance: Stance,
    says: str,
    locator: str | None = None,
) -> list[str]:
    """Add one evidence entry to a claim; returns the stances of the claim's earlier entries
    citing the same source (a second entry is allowed: another point of the same source)."""
    require_source(ledger, source)
    if not says.strip():
        raise FactcheckError("--says is empty", hint="say what the source says, in your words")
    f = LedgerFile.read(ledger.claims_path)
    index = claim_index(f, claim_id)
    item = f.data["claims"][index]
    earlier: list[str] = []
    for ev in item.get("evidence") or []:
        if isinstance(ev, dict) and ev.get("source") == source:
            if ev.get("says") == says:
                raise FactcheckError(
                    f"claim '{claim_id}' already cites '{source}' saying that",
                    hint="nothing to do",
                )
            earlier.append(str(ev.get("stance")))
    entry = {"source": source, "stance": stance.value, "says": says}
    if locator:
        entry["locator"] = locator
    if "evidence" in item:
        f.append(["claims", index, "evidence"], entry)
    else:
        f.set_key(["claims", index], "evidence", [entry], order=CLAIM_KEYS)
    f.save()
    return earlier


def rate(ledger: Ledger, claim_id: str, label: Rating, *, note: str | None = None) -> int:
    """Set a claim's rating (and note); returns the claim's index."""
    f = LedgerFile.read(ledger.claims_path)
    index = claim_index(f, claim_id)
    f.set_key(["claims", index], "rating", label.value, order=CLAIM_KEYS)
    if note is not None:
        if not note.strip():
            raise FactcheckError("--note is empty")
        f.set_key(["claims", index], "note", note, order=CLAIM_KEYS)
    f.save()
    return index


# --- sources ------------------------------------------------------------------------------


def add_source(root: Path, fields: dict[str, Any]) -> Path:
    """Write sources/<id>.yaml from validated fields; never overwrites."""
    sid = str(fields.get("id") or "")
    check_source_id(sid)
    check_source_fields(fields)
    folder = root / SOURCES_DIR
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise FactcheckError(f"cannot create {SOURCES_DIR}/: {exc.strerror}", path=folder) from None
    path = folder / f"{sid}.yaml"
    if path.exists():
        raise FactcheckError(
            f"source '{sid}' already exists", path=display_path(path), hint="edit that file"
        )
    data = {k: fields[k] for k in SOURCE_KEYS if fields.get(k)}  # in the format's order
    new_yaml_file(path, data)
    return path


# --- check --fix --------------------------------------------------------------------------


@dataclass
class FixReport:
    fixes: list[Fix]
    orphans: list[Orphan]


def fix_quotes(ledger: Ledger, threshold: float = DEFAULT_THRESHOLD) -> FixReport:
    """Rewrite every safely re-anchored quote in claims.yaml; orphans are left as they are."""
    if ledger.article_text is None:
        return FixReport([], [])
    fixes, orphans = plan_fixes(ledger.claims, Article(ledger.article_text), threshold)
    if not fixes:
        return FixReport(fixes, orphans)
    f = LedgerFile.read(ledger.claims_path)
    counts = Counter(c.id for c in ledger.claims)
    done: list[Fix] = []
    for fix in fixes:
        if counts[fix.claim_id] != 1:
            continue  # a duplicate id is its own error; do not guess which entry to edit
        index = claim_index(f, fix.claim_id)
        f.set_scalar(["claims", index, "quote"], fix.match.text)
        if fix.prefix is not None:
            f.set_scalar(["claims", index, "prefix"], fix.prefix)
        if fix.suffix is not None:
            f.set_scalar(["claims", index, "suffix"], fix.suffix)
        done.append(fix)
    if done:
        f.save()
    return FixReport(done, orphans)
