"""Ledger objects → plain, JSON-ready records (schema_version 1). No I/O, no printing.

Every record carries ``schema_version``; keys are snake_case and stable; dates are ISO strings.
The shapes are documented in docs/json.md.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.ledger.discover import display_path
from factcheck.ledger.vocab import Stance

if TYPE_CHECKING:
    from factcheck.checks.gate import CheckResult
    from factcheck.ledger.models import Claim, Finding, Ledger, Source
    from factcheck.net.links import LinkResult
    from factcheck.query.filters import Filters
    from factcheck.spotting.candidates import Coverage
    from factcheck.spotting.model import Score
    from factcheck.spotting.proposals import Proposal
    from factcheck.text.article import Article

SCHEMA_VERSION = 1
Record = dict[str, Any]


def claim_record(claim: Claim, ledger: Ledger, article: Article | None = None) -> Record:
    anchor = None
    if article is not None:
        found = article.locate(claim)
        if len(found) == 1:
            a = found[0]
            anchor = {"start": a.start, "end": a.end, "line": a.line, "col": a.col}
    evidence = []
    for ev in claim.evidence:
        src = ledger.sources.get(ev.source)
        evidence.append(
            {
                "source": ev.source,
                "stance": ev.stance.value,
                "says": ev.says,
                "locator": ev.locator,
                "source_title": src.title if src else None,
                "source_url": src.url if src else None,
                "source_archive": src.archive if src else None,
            }
        )
    record: Record = {
        "schema_version": SCHEMA_VERSION,
        "id": claim.id,
        "status": claim.status.value,
        "kind": claim.kind.value,
        "section": claim.section,
        "quote": claim.quote,
        "claim": claim.claim,
        "speaker": claim.speaker,
        "tags": list(claim.tags),
        "rating": claim.rating.value if claim.rating else None,
        "note": claim.note,
        "evidence": evidence,
        "ignore": [{"rule": i.rule, "reason": i.reason} for i in claim.ignore],
        "anchor": anchor,
        "ledger": _shown(ledger.claims_path, os.getcwd()),
        "line": claim.pos.line,
    }
    # keys a ledger may set (short:; format 2's appeared, appearance, verdict): only when set
    optional = {
        "short": claim.short,
        "appeared": claim.appeared,
        "appearance": list(claim.appearance),
        "verdict": claim.verdict,
    }
    record.update((key, value) for key, value in optional.items() if value)
    return record


def quoted_text(record: Record) -> str:
    """What a table shows and search highlights of a claim record: its quote, or the claim of
    one that quotes no article (format 2)."""
    quote = record["quote"]
    return quote if quote is not None else record["claim"] or ""


@lru_cache(maxsize=4096)
def _shown(path: Path, cwd: str) -> str:
    """``display_path``, once per ledger and folder rather than once per record."""
    return display_path(path, Path(cwd))


def invalid_records(ledger: Ledger) -> list[Record]:
    """The ``claims:`` entries that could not be built (``Ledger.invalid``), what the read
    commands warn of: ``ledger`` (its claims.yaml as shown), ``index`` (0-based place in
    ``claims:``), ``id`` (or None), ``line``, ``col`` and ``reason``."""
    path = display_path(ledger.claims_path)
    return [
        {
            "ledger": path,
            "index": e.index,
            "id": e.id,
            "line": e.pos.line,
            "col": e.pos.col,
            "reason": e.reason,
        }
        for e in ledger.invalid
    ]


def article_of(ledger: Ledger) -> Article | None:
    if ledger.article_text is None:
        return None
    from factcheck.text.article import Article

    return Article(ledger.article_text, [c.quote for c in ledger.claims if c.quote is not None])


def claim_context(record: Record, article: Article | None) -> tuple[str, int, int] | None:
    """The sentence around a claim's anchored quote, and where the quote sits in it."""
    a = record["anchor"]
    if article is None or not a:
        return None
    left, right = article.sentence_around(a["start"], a["end"])
    return article.text[left:right], a["start"] - left, a["end"] - left


def article_records(ledger: Ledger, filters: Filters) -> tuple[str, list[Record]]:
    """The article's text and the records of the claims ``filters`` keeps (anchors included)."""
    from factcheck.errors import FactcheckError
    from factcheck.query.filters import select

    article = article_of(ledger)
    if article is None:
        raise FactcheckError(
            "the ledger has no article text to annotate",
            path=ledger.claims_path,
            hint="point the article's source record at its full text with `text:`",
        )
    return article.text, [claim_record(c, ledger, article) for c in select(ledger.claims, filters)]


def source_record(source: Source, ledger: Ledger) -> Record:
    stances: Counter[str] = Counter()
    cited_by: list[str] = []
    for claim in ledger.claims:
        for ev in claim.evidence:
            if ev.source == source.id:
                stances[ev.stance.value] += 1
                if claim.id not in cited_by:
                    cited_by.append(claim.id)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": source.id,
        "type": source.type,
        "title": source.title,
        "author": list(source.author),
        "publisher": source.publisher,
        "issued": source.issued,
        "url": source.url,
        "archive": source.archive,
        "accessed": source.accessed,
        "text": source.text,
        "note": source.note,
        "claims": len(cited_by),
        "cited_by": cited_by,
        "stances": {s.value: stances.get(s.value, 0) for s in Stance},
        "is_article": source.id == ledger.article_id,
        "unused": not cited_by and source.id != ledger.article_id,
        "ledger": display_path(ledger.claims_path),
    }


def source_records(ledgers: Sequence[Ledger], *, unused_only: bool = False) -> list[Record]:
    """The sources of every ledger, by id within each ledger; only the unused ones if asked."""
    records = [
        source_record(s, ledger)
        for ledger in ledgers
        for s in sorted(ledger.sources.values(), key=lambda s: s.id)
    ]
    return [r for r in records if r["unused"]] if unused_only else records


LINK_FIELDS = ("url", "archive")  # the fields of a source whose addresses --check-links asks


def link_targets(source: Source) -> list[tuple[str, str]]:
    """(field, url) of each address ``source`` gives, in LINK_FIELDS order."""
    return [(key, value) for key in LINK_FIELDS if (value := getattr(source, key))]


def link_record(source: Source, ledger: Ledger, field: str, result: LinkResult) -> Record:
    """What one of ``source``'s addresses answered, with where that address sits in its file."""
    pos = source.at(field)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": source.id,
        "field": field,
        "url": result.url,
        "status": result.status,
        "ok": not result.dead,
        "final_url": result.final_url,
        "redirects": result.redirects,
        "elapsed_ms": result.elapsed_ms,
        "method": result.method,
        "path": display_path(source.path),
        "line": pos.line,
        "col": pos.col,
        "ledger": display_path(ledger.claims_path),
    }


def finding_record(f: Finding) -> Record:
    return {
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "severity": f.severity.value,
        "rule": f.rule,
        "message": f.message,
        "hint": f.hint,
        "claim_id": f.claim_id,
        "source_id": f.source_id,
    }


def check_record(result: CheckResult, *, strict: bool = False) -> Record:
    return {
        "schema_version": SCHEMA_VERSION,
        "status": "fail" if result.exit_code(strict=strict) else "ok",
        "counts": {
            "errors": result.errors,
            "warnings": result.warnings,
            "suppressed": result.suppressed,
            "claims": result.claims,
            "sources": result.sources,
        },
        "by_rule": result.by_rule(),
        "findings": [finding_record(f) for f in result.findings],
        "ledgers": result.ledgers,
    }


def stats_rows(record: Record) -> list[Record]:
    """A stats record flattened to (group, key, claims) rows, for plain, CSV and JSON Lines."""
    pairs: list[tuple[str, str, Any]] = [("total", "claims", record["claims"])]
    pairs += [
        (group, key, n)
        for group in ("by_status", "by_kind", "by_section", "by_rating")
        for key, n in record[group].items()
    ]
    pairs += [
        ("total", key, record[key]) for key in ("factual", "factual_with_evidence", "sourced_share")
    ]
    return [
        {"schema_version": SCHEMA_VERSION, "group": g, "key": k, "claims": n} for g, k, n in pairs
    ]


def coverage_record(result: Coverage) -> Record:
    """``coverage --json``: the counts and the check-worthy sentences no claim covers;
    ``coverage`` is null for an article without a sentence (nothing to measure)."""
    share = result.share
    return {
        "schema_version": SCHEMA_VERSION,
        "sentences": result.sentences,
        "checkworthy": result.checkworthy,
        "covered": result.covered,
        "coverage": None if share is None else round(share, 4),
        "uncovered": uncovered_records(result),
    }


def proposal_record(p: Proposal, ledger: str) -> Record:
    """One of ``extract``'s proposed claims: the claim entry's fields, where the quote stands
    in the article and the sentence's scores."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": p.id,
        "quote": p.quote,
        "prefix": p.prefix,
        "kind": p.kind,
        "speaker": p.speaker,
        "section": p.section,
        "anchor": {"start": p.start, "end": p.end, "line": p.line, "col": p.col},
        "checkworthy": p.checkworthy,
        "subjective": p.subjective,
        "ledger": ledger,
    }


def uncovered_records(result: Coverage) -> list[Record]:
    """The check-worthy sentences no claim covers, with where they start."""
    return [
        {
            "schema_version": SCHEMA_VERSION,
            "line": c.line,
            "col": c.col,
            "checkworthy": round(c.score.checkworthy, 3),
            "text": c.sentence.text,
        }
        for c in result.uncovered
    ]


def classify_record(text: str, score: Score) -> Record:
    """One line of ``classify``: a sentence and its two scores and labels."""
    return {
        "text": text,
        "checkworthy": round(score.checkworthy, 4),
        "checkworthy_label": score.checkworthy_label,
        "subjective": round(score.subjective, 4),
        "subjective_label": score.subjective_label,
    }
