"""``factcheck diff``'s outputs: a JSON record, plain lines (styled by ``terminal``) and Markdown
for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Every renderer reads the same ``Line``s of what changed (``lines``); ledger text is untrusted, so
it is made one-line and inert here, and escaped for Markdown as well.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from factcheck.checks.diff import ClaimChange, FieldChange, LedgerDiff, SourceChange
from factcheck.ledger.models import Claim, Source
from factcheck.text.inert import one_line

SCHEMA_VERSION = 1
QUOTED = frozenset({"quote", "claim", "note", "title"})
LABELS = {"quote": "quote re-anchored"}
MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # the marks that act mid-line


@dataclass(frozen=True)
class Side:
    """One end of the comparison: the revision as given (None: the work tree) and its commit."""

    rev: str | None
    commit: str | None
    merge_base: bool = False

    def label(self) -> str:
        if self.commit is None:
            return "work tree"
        short = self.commit[:7]
        if self.merge_base:
            return f"{self.rev} (merge base {short})"
        return short if self.rev in (None, self.commit) else f"{self.rev} ({short})"


@dataclass(frozen=True)
class Line:
    """One line of the text output: its role (``ledger``, ``added``, ``removed``, ``changed``,
    ``detail``), its depth, and its words."""

    role: str
    depth: int
    text: str


def counts(diffs: Sequence[LedgerDiff]) -> dict[str, int]:
    return {
        "ledgers": len(diffs),
        "claims_added": sum(len(d.claims_added) for d in diffs),
        "claims_removed": sum(len(d.claims_removed) for d in diffs),
        "claims_changed": sum(len(d.claims_changed) for d in diffs),
        "sources_added": sum(len(d.sources_added) for d in diffs),
        "sources_removed": sum(len(d.sources_removed) for d in diffs),
        "sources_changed": sum(len(d.sources_changed) for d in diffs),
    }


def summary(diffs: Sequence[LedgerDiff], base: Side, head: Side, arrow: str = "->") -> str:
    """One line for stderr or a heading: what was compared and how much changed."""
    span = f"{base.label()} {arrow} {head.label()}"
    if not diffs:
        return f"{span}: no changes to the fact-check"
    n = counts(diffs)
    parts = []
    for what in ("claims", "sources"):
        done = [f"{n[f'{what}_{x}']} {x}" for x in ("added", "removed", "changed")]
        done = [d for d in done if not d.startswith("0 ")]
        if done:
            parts.append(f"{what}: " + ", ".join(done))
    ledgers = "1 ledger" if len(diffs) == 1 else f"{len(diffs)} ledgers"
    return f"{span}: {ledgers} changed; " + "; ".join(parts)


# JSON --------------------------------------------------------------------------------------------


def diff_record(diffs: Sequence[LedgerDiff], base: Side, head: Side) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {"rev": s.rev, "commit": s.commit, "merge_base": s.merge_base}

    return {
        "schema_version": SCHEMA_VERSION,
        "base": side(base),
        "head": side(head),
        "changed": bool(diffs),
        "counts": counts(diffs),
        "ledgers": [_ledger_record(d) for d in diffs],
    }


def _ledger_record(d: LedgerDiff) -> dict[str, Any]:
    return {
        "ledger": d.path,
        "change": d.change,
        "claims": {
            "added": [_claim_record(c) for c in d.claims_added],
            "removed": [_claim_record(c) for c in d.claims_removed],
            "changed": [_claim_change_record(c) for c in d.claims_changed],
        },
        "sources": {
            "added": [_source_record(s) for s in d.sources_added],
            "removed": [_source_record(s) for s in d.sources_removed],
            "changed": [
                {"id": s.id, "fields": _fields_record(s.fields)} for s in d.sources_changed
            ],
        },
    }


def _claim_record(c: Claim) -> dict[str, Any]:
    rating = c.rating.value if c.rating else None
    return {
        "id": c.id,
        "status": c.status.value,
        "kind": c.kind.value,
        "rating": rating,
        "quote": c.quote,
        "claim": c.claim,
        "evidence": [{"source": e.source, "stance": e.stance.value} for e in c.evidence],
    }


def _source_record(s: Source) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "url": s.url}


def _fields_record(fields: Sequence[FieldChange]) -> dict[str, Any]:
    return {f.field: {"old": f.old, "new": f.new} for f in fields}


def _claim_change_record(c: ClaimChange) -> dict[str, Any]:
    def keys(ks: Sequence[Any]) -> list[dict[str, str]]:
        return [{"source": k.source, "stance": k.stance} for k in ks]

    return {
        "id": c.id,
        "fields": _fields_record(c.fields),
        "evidence": {"added": keys(c.evidence_added), "removed": keys(c.evidence_removed)},
    }


# Lines: text and terminal ------------------------------------------------------------------------

Escape = Callable[[str], str]


def _plain(text: str) -> str:
    return one_line(text)


def _value(name: str, value: Any, esc: Escape) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(esc(str(v)) for v in value)
    return f'"{esc(str(value))}"' if name in QUOTED else esc(str(value))


def _field_text(f: FieldChange, esc: Escape, arrow: str) -> str:
    label = LABELS.get(f.field, f.field)
    return f"{label}: {_value(f.field, f.old, esc)} {arrow} {_value(f.field, f.new, esc)}"


def _claim_words(c: Claim, esc: Escape) -> str:
    rating = f", {c.rating.value}" if c.rating else ""
    said = c.quote if c.quote is not None else c.claim  # the claim of one that quotes no article
    return f"{c.status.value} {c.kind.value}{rating}: {_value('quote', said, esc)}"


def _source_words(s: Source, esc: Escape) -> str:
    return _value("title", s.title, esc)


def change_details(c: ClaimChange | SourceChange, esc: Escape, arrow: str) -> Iterator[Line]:
    """The changed fields of a claim or source, then its evidence added and removed."""
    for f in c.fields:
        yield Line("detail", 2, _field_text(f, esc, arrow))
    if isinstance(c, ClaimChange):
        for k in c.evidence_added:
            yield Line("added", 2, f"+ evidence {esc(k.source)} ({k.stance})")
        for k in c.evidence_removed:
            yield Line("removed", 2, f"- evidence {esc(k.source)} ({k.stance})")


Words = Callable[[Any, Escape], str]


def lines(diffs: Sequence[LedgerDiff], esc: Escape = _plain, arrow: str = "->") -> Iterator[Line]:
    for d in diffs:
        note = {"added": " (new ledger)", "removed": " (ledger removed)"}.get(d.change, "")
        yield Line("ledger", 0, esc(d.path) + note)
        groups: tuple[tuple[str, Sequence[Any], Sequence[Any], Sequence[Any], Words], ...] = (
            ("claim", d.claims_added, d.claims_removed, d.claims_changed, _claim_words),
            ("source", d.sources_added, d.sources_removed, d.sources_changed, _source_words),
        )
        for what, added, removed, changed, words in groups:
            for item in added:
                yield Line("added", 1, f"+ {what} {esc(item.id)}: {words(item, esc)}")
            for item in removed:
                yield Line("removed", 1, f"- {what} {esc(item.id)}: {words(item, esc)}")
            for change in changed:
                yield Line("changed", 1, f"~ {what} {esc(change.id)}")
                yield from change_details(change, esc, arrow)


def diff_text(diffs: Sequence[LedgerDiff]) -> str:
    return "".join("  " * ln.depth + ln.text + "\n" for ln in lines(diffs))


# Markdown ----------------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Ledger text as inert Markdown: one line, HTML escaped, Markdown's marks backslashed."""
    return MD_SPECIAL.sub(r"\\\1", html.escape(one_line(text), quote=False))


def diff_markdown(diffs: Sequence[LedgerDiff], base: Side, head: Side) -> str:
    """A heading, the summary, and per ledger one table of claims and one of sources."""
    out = ["### Fact-check changes", "", md_escape(summary(diffs, base, head, "→")), ""]
    for d in diffs:
        note = {"added": " (new ledger)", "removed": " (ledger removed)"}.get(d.change, "")
        out += [f"#### {_md_code(d.path)}{note}", ""]
        claims = _md_rows(d.claims_added, d.claims_removed, d.claims_changed, _claim_words)
        sources = _md_rows(d.sources_added, d.sources_removed, d.sources_changed, _source_words)
        for what, rows in (("claim", claims), ("source", sources)):
            if rows:
                out += [f"| | {what} | what changed |", "| --- | --- | --- |", *rows, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_rows(
    added: Sequence[Any],
    removed: Sequence[Any],
    changed: Sequence[ClaimChange | SourceChange],
    words: Callable[[Any, Escape], str],
) -> list[str]:
    def row(mark: str, ident: str, text: str) -> str:
        return f"| {mark} | {_md_code(ident)} | {text} |"

    rows = [row("added", e.id, words(e, md_escape)) for e in added]
    rows += [row("removed", e.id, words(e, md_escape)) for e in removed]
    for c in changed:
        details = "<br>".join(ln.text for ln in change_details(c, md_escape, "→"))
        rows.append(row("changed", c.id, details))
    return rows


def _md_code(text: str) -> str:
    """An id or path as inline code: one line, no backticks or pipes to break out with."""
    return "`" + one_line(text).replace("`", "'").replace("|", "/") + "`"
