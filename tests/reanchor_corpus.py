"""The re-anchoring corpus: load the cases, apply their edits, run the engine, classify."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck.editing.reanchor import DEFAULT_THRESHOLD, plan_fixes
from factcheck.ledger.models import Claim, Kind
from factcheck.text.article import Article

DATA = Path(__file__).parent / "data"
OUTCOMES = ("reanchored", "orphan-reported", "wrong", "missed")


@dataclass(frozen=True)
class Case:
    name: str
    edit: str
    quote: str
    prefix: str | None
    suffix: str | None
    edits: tuple[tuple[str, str], ...]
    expect: str
    span: str | None
    before: str | None


@dataclass(frozen=True)
class Result:
    case: Case
    got: str  # exact | fixed | orphan
    span: str | None
    score: float | None
    outcome: str  # one of OUTCOMES
    detail: str


def load_cases() -> list[Case]:
    raw: Any = yaml.safe_load((DATA / "reanchor_corpus.yaml").read_text(encoding="utf-8"))
    return [
        Case(
            c["name"],
            c["edit"],
            c["quote"],
            c.get("prefix"),
            c.get("suffix"),
            tuple((e["old"], e["new"]) for e in c["edits"]),
            c["expect"],
            c.get("span"),
            c.get("before"),
        )
        for c in raw["cases"]
    ]


def base_article() -> str:
    return (DATA / "article.txt").read_text(encoding="utf-8")


def edited(text: str, case: Case) -> str:
    for old, new in case.edits:
        n = text.count(old)
        if n != 1:
            raise AssertionError(f"{case.name}: {old!r} occurs {n} times in the article")
        text = text.replace(old, new)
    return text


def run_case(case: Case, threshold: float = DEFAULT_THRESHOLD) -> Result:
    text = edited(base_article(), case)
    article = Article(text)
    claim = Claim(
        id="c", quote=case.quote, kind=Kind.OPINION, prefix=case.prefix, suffix=case.suffix
    )
    fixes, orphans = plan_fixes([claim], article, threshold)
    start: int | None = None
    score: float | None
    span: str | None
    if fixes:
        got, span, score = "fixed", fixes[0].match.text, fixes[0].match.score
        start = fixes[0].match.anchor.start
    elif orphans:
        m = orphans[0].match
        got, span, score = "orphan", None, (m.score if m else None)
    else:
        found = article.locate(claim)
        got, span, score = "exact", case.quote, 100.0
        start = found[0].start if len(found) == 1 else None
    if got == "orphan":
        outcome = "orphan-reported" if case.expect == "orphan" else "missed"
        detail = orphans[0].reason
    else:
        right = span == case.span and case.expect in ("exact", "fixed")
        if right and case.before is not None:
            right = start is not None and text[:start].endswith(case.before)
        outcome = "reanchored" if right else "wrong"
        detail = f"{span!r}"
    return Result(case, got, span, score, outcome, detail)


def tally(results: list[Result]) -> Counter[str]:
    counts: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
    counts.update(r.outcome for r in results)
    return counts


def report(results: list[Result]) -> str:
    lines = [f"{'case':32} {'edit':20} {'expect':7} {'got':7} {'score':>6}  outcome"]
    for r in results:
        score = "-" if r.score is None else f"{r.score:g}"
        lines.append(
            f"{r.case.name:32} {r.case.edit:20} {r.case.expect:7} {r.got:7} {score:>6}  {r.outcome}"
        )
    t = tally(results)
    lines.append(
        f"{len(results)} edits: {t['reanchored']} re-anchored correctly, "
        f"{t['orphan-reported']} orphans correctly reported, {t['wrong']} wrongly re-anchored, "
        f"{t['missed']} missed (left as orphans although a fix was expected)"
    )
    return "\n".join(lines)


if __name__ == "__main__":  # python tests/reanchor_corpus.py prints the tally for the docs
    cases = load_cases()
    print(report([run_case(c) for c in cases]))
    print()
    for threshold in (70.0, 80.0, 85.0, 90.0, 95.0, 98.0):
        t = tally([run_case(c, threshold) for c in cases])
        print(
            f"--fix-threshold {threshold:g}: {t['reanchored']} re-anchored, "
            f"{t['orphan-reported']} orphans, {t['wrong']} wrong, {t['missed']} missed"
        )
