"""Changing what is already there: a claim's fields, a source's fields, an ``ignore:`` entry added
to either, a claim removed. Each plans its change on a loaded ledger, validates every value
before anything is written, and writes through the safe writer (``editing.writer``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.editing.writer import LedgerFile
from factcheck.editing.yamltext import Key
from factcheck.errors import FactcheckError
from factcheck.ledger.keys import CLAIM_KEYS, DATE_RE, ID_RE, KINDS, SOURCE_KEYS, URL_RE
from factcheck.ledger.lookup import require_source
from factcheck.ledger.models import SOURCE_TYPES, Ledger
from factcheck.text.suggest import did_you_mean

# A value given as empty removes the key; these keys cannot go.
REQUIRED = ("id", "quote", "kind")
Value = str | list[str]


@dataclass(frozen=True)
class Change:
    """One key of a claim or source: its value before and after (None: absent)."""

    key: str
    old: Any
    new: Any

    def describe(self) -> str:
        if self.new is None:
            return f"{self.key} removed (was {_show(self.old)})"
        if self.old is None:
            return f"{self.key} {_show(self.new)} (new)"
        return f"{self.key} {_show(self.old)} -> {_show(self.new)}"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(str(value))


def claim_index(f: LedgerFile, claim_id: str) -> int:
    """The index in ``claims:`` of the one entry with this id; else a FactcheckError with the
    closest ids."""
    data = f.data
    items = data.get("claims") if isinstance(data, dict) else None
    entries = items if isinstance(items, list) else []
    ids = [item.get("id") for item in entries if isinstance(item, dict)]
    hits = [
        k for k, item in enumerate(entries) if isinstance(item, dict) and item.get("id") == claim_id
    ]
    if not hits:
        hint = did_you_mean(claim_id, (i for i in ids if isinstance(i, str)), limit=3)
        raise FactcheckError(
            f"no claim with id '{claim_id}'",
            path=f.path,
            hint=hint or "`factcheck list` shows the ids",
        )
    if len(hits) > 1:
        raise FactcheckError(
            f"claim id '{claim_id}' is used {len(hits)} times",
            path=f.path,
            hint="`factcheck check` shows where",
        )
    return hits[0]


def _apply(
    f: LedgerFile, keys: Sequence[Key], values: Mapping[str, Value], order: Sequence[str]
) -> list[Change]:
    """Set or remove each key of the mapping at ``keys``; the changes, in ``order``."""
    current = f.data
    for key in keys:
        current = current[key]
    if not isinstance(current, dict):
        line, col = f.position(keys)
        raise FactcheckError("the entry is not a mapping", path=f.path, line=line, col=col)
    changes: list[Change] = []
    for key in sorted(values, key=lambda k: order.index(k) if k in order else len(order)):
        new: Value | None = values[key] or None
        old = current.get(key)
        if new == old or (new is None and key not in current):
            continue
        if new is None:
            f.delete_key(keys, key)
        else:
            f.set_key(keys, key, new, order=order)
        changes.append(Change(key, old, new))
    return changes


def _cleaned(values: Mapping[str, Value | None]) -> dict[str, Value]:
    """The options given: text stripped, an empty text or list standing for "remove"."""
    out: dict[str, Value] = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            items = [v.strip() for v in value]
            if "" in items and len(items) > 1:
                raise FactcheckError(
                    f"--{key} is given an empty value among others",
                    hint=f'give --{key} "" alone to remove every one',
                )
            out[key] = [v for v in items if v]
        else:
            out[key] = value.strip()
    if not out:
        raise FactcheckError("nothing to change", hint="give at least one option; see --help")
    return out


# --- claims -------------------------------------------------------------------------------


def set_claim(ledger: Ledger, claim_id: str, values: Mapping[str, Value | None]) -> list[Change]:
    """Set (or, given empty, remove) fields of a claim; returns what changed, nothing written
    when nothing would."""
    given = _cleaned(values)
    for key in given:
        if key in REQUIRED and not given[key]:
            raise FactcheckError(f"--{key} cannot be empty: every claim has a {key}")
    kind = given.get("kind")
    if isinstance(kind, str) and kind not in KINDS:
        hint = did_you_mean(kind, KINDS, partial=False)
        raise FactcheckError(
            f"--kind '{kind}' is not one of {', '.join(KINDS)}",
            hint=hint or "see `factcheck set --help`",
        )
    f = LedgerFile.read(ledger.claims_path)
    index = claim_index(f, claim_id)
    changes = _apply(f, ["claims", index], given, CLAIM_KEYS)
    if changes:
        f.save()
    return changes


@dataclass
class Removal:
    """A claim about to be removed: where it is, what it says, and what it leaves behind."""

    claim_id: str
    path: Path
    first_line: int
    last_line: int
    quote: str | None
    orphans: list[str] = field(default_factory=list)  # sources no other claim cites
    _file: LedgerFile | None = None
    _index: int = 0


def plan_removal(ledger: Ledger, claim_id: str) -> Removal:
    """What removing the claim would take out of claims.yaml; nothing is written yet."""
    f = LedgerFile.read(ledger.claims_path)
    index = claim_index(f, claim_id)
    items = f.data["claims"]
    item = items[index]
    first, last = f.lines_of(["claims", index])
    cited = _cited([item])
    others = _cited(entry for k, entry in enumerate(items) if k != index)
    quote = item.get("quote")
    return Removal(
        claim_id,
        f.path,
        first,
        last,
        quote if isinstance(quote, str) else None,
        sorted(cited - others - {ledger.article_id or ""}),
        f,
        index,
    )


def _cited(items: Any) -> set[str]:
    found: set[str] = set()
    for item in items:
        evidence = item.get("evidence") if isinstance(item, dict) else None
        for ev in evidence if isinstance(evidence, list) else []:
            if isinstance(ev, dict) and isinstance(ev.get("source"), str):
                found.add(ev["source"])
    return found


def remove_claim(plan: Removal) -> None:
    """Write claims.yaml without the planned claim; refused when the file changed since."""
    assert plan._file is not None
    plan._file.delete_item(["claims"], plan._index)
    plan._file.save()


# --- ignore -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ignored:
    path: Path
    line: int
    owner: str  # "claim 'x'" or "source 'y'"


def add_ignore(
    ledger: Ledger,
    *,
    rule: str,
    reason: str,
    claim_id: str | None = None,
    source_id: str | None = None,
) -> Ignored:
    """Append ``{rule, reason}`` to the ``ignore:`` of a claim or a source."""
    from factcheck.checks.rules import IGNORABLE

    if (claim_id is None) == (source_id is None):
        raise FactcheckError(
            "give a claim id or --source, not both" if claim_id else "give a claim id or --source",
            hint="factcheck ignore ID --rule RULE --reason TEXT",
        )
    if not rule:
        raise FactcheckError(
            "give --rule, the rule to silence", hint=f"one of {', '.join(IGNORABLE)}"
        )
    if rule not in IGNORABLE:
        near = did_you_mean(rule, IGNORABLE, partial=False)
        raise FactcheckError(
            f"--rule '{rule}' cannot be ignored",
            hint=near or f"one of {', '.join(IGNORABLE)}; schema and yaml-syntax never",
        )
    if not reason.strip():
        raise FactcheckError("--reason is empty", hint="say why the finding does not apply")
    keys: list[Key]
    order: Sequence[str]
    if claim_id is not None:
        f = LedgerFile.read(ledger.claims_path)
        keys, order, owner = ["claims", claim_index(f, claim_id)], CLAIM_KEYS, f"claim '{claim_id}'"
    else:
        assert source_id is not None
        require_source(ledger, source_id)
        f = LedgerFile.read(ledger.sources[source_id].path)
        keys, order, owner = [], SOURCE_KEYS, f"source '{source_id}'"
    entry = f.data
    for key in keys:
        entry = entry[key]
    existing = entry.get("ignore") if isinstance(entry, dict) else None
    for k, ig in enumerate(existing if isinstance(existing, list) else []):
        if isinstance(ig, dict) and ig.get("rule") == rule:
            line, col = f.position([*keys, "ignore", k])
            raise FactcheckError(
                f"{owner} already ignores '{rule}'",
                path=f.path,
                line=line,
                col=col,
                hint="edit that entry's reason, or nothing to do",
            )
    item = {"rule": rule, "reason": reason.strip()}
    if isinstance(entry, dict) and "ignore" in entry:
        f.append([*keys, "ignore"], item)
    else:
        f.set_key(keys, "ignore", [item], order=order)
    f.save()
    line, _ = LedgerFile.read(f.path).position([*keys, "ignore", -1])
    return Ignored(f.path, line, owner)


def silences_nothing(ledger_path: Path, ignored: Ignored, rule: str) -> bool:
    """Whether ``check`` now reports the new ignore entry as unused (it silences no finding)."""
    from factcheck.checks.gate import check_ledger
    from factcheck.ledger.load import load_ledger

    result = check_ledger(load_ledger(ledger_path))
    return any(
        f.rule == "unused-ignore" and f"'{rule}' on {ignored.owner}" in f.message
        for f in result.findings
    )


# --- sources ------------------------------------------------------------------------------

SOURCE_FIELDS = ("type", "title", "author", "publisher", "issued", "url", "accessed", "note")


def check_source_fields(fields: Mapping[str, Any]) -> None:
    """Refuse a source value the format does not allow: dates, url, type."""
    for key in ("issued", "accessed"):
        if fields.get(key) and not DATE_RE.match(str(fields[key])):
            raise FactcheckError(
                f"--{key} '{fields[key]}' is not YYYY, YYYY-MM or YYYY-MM-DD",
                hint="write the date as numbers, e.g. 2024-05 for May 2024",
            )
    for key in ("url", "archive"):
        if fields.get(key) and not URL_RE.match(str(fields[key])):
            raise FactcheckError(
                f"--{key} '{fields[key]}' is not an http(s) address", hint="give the full address"
            )
    if fields.get("type") and fields["type"] not in SOURCE_TYPES:
        raise FactcheckError(f"--type '{fields['type']}' is not one of {', '.join(SOURCE_TYPES)}")


def check_source_id(sid: str) -> None:
    if not ID_RE.match(sid):
        raise FactcheckError(
            f"'{sid}' is not a valid source id", hint="use lowercase letters, digits and hyphens"
        )


def set_source(
    ledger: Ledger, source_id: str, values: Mapping[str, Value | None]
) -> tuple[Path, list[Change]]:
    """Set (or, given empty, remove) fields of sources/<id>.yaml; returns its path and what
    changed."""
    given = _cleaned(values)
    check_source_fields(given)
    require_source(ledger, source_id)
    f = LedgerFile.read(ledger.sources[source_id].path)
    changes = _apply(f, [], given, SOURCE_KEYS)
    if changes:
        f.save()
    return f.path, changes
