"""The CI gate: every rule of the format, run over a loaded ledger, returning findings as data."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from factcheck.checks.rules import RULES
from factcheck.editing.reanchor import DEFAULT_THRESHOLD, QuoteFinder
from factcheck.ledger.discover import display_path
from factcheck.ledger.models import (
    Claim,
    Finding,
    Ignore,
    Ledger,
    Pos,
    Rating,
    Severity,
    Source,
    Stance,
    Status,
)
from factcheck.text.article import Article
from factcheck.text.figures import missing_numbers
from factcheck.text.paraphrase import dropped


@dataclass
class CheckResult:
    findings: list[Finding]
    suppressed: int = 0
    claims: int = 0
    sources: int = 0
    ledgers: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def exit_code(self, *, strict: bool = False) -> int:
        """0 when clean; 1 on errors (or on warnings too with ``strict``)."""
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule for f in self.findings).items()))


def _finding(
    path: str,
    pos: Pos,
    rule: str,
    message: str,
    hint: str,
    *,
    claim_id: str | None = None,
    source_id: str | None = None,
) -> Finding:
    """A finding of ``rule`` at ``pos``, with the rule's severity."""
    severity = RULES[rule].severity
    return Finding(path, pos.line, pos.col, severity, rule, message, hint, claim_id, source_id)


def _claim_finding(
    path: str, claim: Claim, where: str, rule: str, message: str, hint: str
) -> Finding:
    return _finding(path, claim.at(where), rule, message, hint, claim_id=claim.id)


def _source_finding(
    source: Source, rule: str, message: str, hint: str, where: str | None = None
) -> Finding:
    """A finding on ``source``, at its field ``where`` (else at the source itself)."""
    pos = source.at(where) if where else source.pos
    return _finding(display_path(source.path), pos, rule, message, hint, source_id=source.id)


def check_ledger(ledger: Ledger, *, require_archive: bool = False) -> CheckResult:
    """Run every rule; findings silenced by ``ignore:`` entries are counted, not returned.

    ``no-archive`` is off by default (``require_archive`` turns it on); an ``ignore:`` of a rule
    that is off is not reported as unused."""
    path = display_path(ledger.claims_path)
    raw: list[Finding] = list(ledger.findings)
    article = None
    if ledger.article_text is not None:
        article = Article(
            ledger.article_text, [c.quote for c in ledger.claims if c.quote is not None]
        )
    finder = QuoteFinder(article, ledger.claims) if article is not None else None
    seen: dict[str, Claim] = {}
    cited: set[str] = set()
    for claim in ledger.claims:
        first = seen.get(claim.id)
        if first is not None:
            raw.append(
                _claim_finding(
                    path,
                    claim,
                    "id",
                    "duplicate-id",
                    f"claim id '{claim.id}' is already used at line {first.pos.line}",
                    "give every claim its own id",
                )
            )
        else:
            seen[claim.id] = claim
        raw.extend(_claim_findings(path, claim, ledger, finder))
        cited.update(e.source for e in claim.evidence)
    raw.extend(_source_findings(ledger, cited))
    if require_archive:
        raw.extend(_archive_findings(ledger))
    off = {name for name, rule in RULES.items() if rule.off_unless} - (
        {"no-archive"} if require_archive else set()
    )
    findings, suppressed = _apply_ignores(raw, ledger, off)
    findings.sort(key=lambda f: (f.path, f.line, f.col, f.rule))
    return CheckResult(findings, suppressed, len(ledger.claims), len(ledger.sources), [path])


def _claim_findings(
    path: str, claim: Claim, ledger: Ledger, finder: QuoteFinder | None
) -> list[Finding]:
    out: list[Finding] = []
    for ev in claim.evidence:
        if ev.source not in ledger.sources:
            out.append(
                _finding(
                    path,
                    ev.pos,
                    "unknown-source",
                    f"claim '{claim.id}' cites '{ev.source}', which has no file in sources/",
                    f"add sources/{ev.source}.yaml or fix the id",
                    claim_id=claim.id,
                )
            )
    stances = {e.stance for e in claim.evidence}
    if claim.kind.is_factual and not stances & {Stance.SUPPORTS, Stance.CONTRADICTS}:
        out.append(
            _claim_finding(
                path,
                claim,
                "id",
                "unsourced",
                f"{claim.kind.value} claim '{claim.id}' has no supporting or "
                "contradicting evidence",
                "cite a source, or add ignore: [{rule: unsourced, reason: what was searched}]",
            )
        )
    if claim.quote is None:
        pass  # a claim that quotes no article (format 2): nothing to find
    elif finder is not None:
        out.extend(_quote_findings(path, claim, finder))
    elif ledger.format > 1 and ledger.article_id is None:
        out.append(
            _claim_finding(
                path,
                claim,
                "quote",
                "quote-not-found",
                f"claim '{claim.id}' has a quote but the ledger names no article",
                "add 'article:' with the id of the quoted text's source, or give the words "
                "as claim: instead of quote:",
            )
        )
    if claim.kind.is_factual and claim.quote is not None:
        supports = [
            e.says for e in claim.evidence if e.stance is Stance.SUPPORTS and e.says.strip()
        ]
        if supports:
            missing = missing_numbers(claim.quote, supports)
            if missing:
                out.append(
                    _claim_finding(
                        path,
                        claim,
                        "quote",
                        "figure-mismatch",
                        f"figure {', '.join(missing)} of claim '{claim.id}' appears in "
                        "none of its supporting evidence",
                        "check the figure against the source and note the right one",
                    )
                )
    out.extend(_flag_findings(path, claim))
    return out


_GOOD = (Rating.ACCURATE, Rating.MOSTLY_ACCURATE)
_WRONG = (Rating.INACCURATE, Rating.MISLEADING)


# What to do about each kind of rating-mismatch (see README, "Stances").
_NOT_MATERIAL = (
    "if the source shows the claim, as stated, materially wrong, rate it mixed, misleading or "
    "inaccurate; if it is a wording, spelling or rounding point, make that evidence context "
    "with a note"
)
_SAY_WHAT = (
    "rate it mixed, misleading or inaccurate (factcheck rate ID LABEL --note ..) and say in "
    "note: what the source shows wrong"
)
_SHOW_IT = "cite the source that shows it wrong with stance contradicts, or change the rating"


def _rating_problem(claim: Claim) -> tuple[str, str] | None:
    """What is wrong with a claim's verdict given its evidence, and what to do, if anything."""
    rating = claim.rating.value if claim.rating else None
    if claim.status is Status.DISPUTED:
        if claim.rating in _GOOD:
            return f"is disputed (a source contradicts it) but rated {rating}", _NOT_MATERIAL
        missing = [k for k in ("rating", "note") if getattr(claim, k) is None]
        if missing:
            return f"is disputed but has no {' and no '.join(missing)}", _SAY_WHAT
    elif (
        claim.kind.is_factual
        and claim.rating in _WRONG
        and not any(e.stance is Stance.CONTRADICTS for e in claim.evidence)
    ):
        return f"is rated {rating} but no evidence contradicts it", _SHOW_IT
    return None


def _flag_findings(path: str, claim: Claim) -> list[Finding]:
    """The rules that keep the flag a reader sees true: rating-mismatch, paraphrase-drift."""
    out: list[Finding] = []
    problem = _rating_problem(claim)
    if problem is not None:
        message, hint = f"claim '{claim.id}' {problem[0]}", problem[1]
        out.append(_claim_finding(path, claim, "rating", "rating-mismatch", message, hint))
    if claim.claim is not None and claim.quote is not None:
        lost = dropped(claim.quote, claim.claim)
        if lost:
            message = f"claim of '{claim.id}' drops {', '.join(lost)} from its quote"
            hint = (
                "keep the quote's figures and names in claim:, or add ignore: "
                "[{rule: paraphrase-drift, reason: why the change is deliberate}]"
            )
            out.append(_claim_finding(path, claim, "claim", "paraphrase-drift", message, hint))
    return out


def _quote_findings(path: str, claim: Claim, finder: QuoteFinder) -> list[Finding]:
    article = finder.article
    assert claim.quote is not None
    anchors = article.locate(claim)
    if len(anchors) == 1:
        return []
    if len(anchors) > 1:
        places = ", ".join(f"{a.line}:{a.col}" for a in anchors[:5])
        rule = "quote-ambiguous"
        message = f"quote of '{claim.id}' occurs {len(anchors)} times in the article (at {places})"
        hint = "lengthen the quote, or add prefix:/suffix: with the text around it"
    elif (claim.prefix or claim.suffix) and article.occurrences(claim.quote):
        rule = "quote-not-found"
        message = f"quote of '{claim.id}' is in the article but not with its prefix/suffix"
        hint = "fix or remove prefix:/suffix:"
    else:
        rule = "quote-not-found"
        message = f"quote of '{claim.id}' is not in the article"
        hint = _closest_hint(claim, finder)
    return [_claim_finding(path, claim, "quote", rule, message, hint)]


def _closest_hint(claim: Claim, finder: QuoteFinder) -> str:
    """What to do about a lost quote: the closest span, and whether ``check --fix`` takes it."""
    article = finder.article
    skipped = finder.skipped
    closest = finder.suggest(claim)
    hint = "no similar span: the passage was probably deleted; copy the quote from the article"
    if finder.skipped > skipped:
        hint = "no suggestion: too many lost quotes to search them all; copy it from the article"
    if closest is not None:
        hint = (
            f"closest span at article {closest.anchor.line}:{closest.anchor.col} "
            f"(score {closest.score:g}): {closest.text!r}"
        )
        why = closest.why_not(DEFAULT_THRESHOLD)
        if why is None and len(article.occurrences(closest.text)) != 1 and not claim.prefix:
            why = "the span occurs more than once" if not claim.suffix else None
        hint += "; `check --fix` will use it" if why is None else f"; not fixed: {why}"
    return hint


def _source_findings(ledger: Ledger, cited: set[str]) -> list[Finding]:
    out: list[Finding] = []
    for source in ledger.sources.values():
        if source.id not in cited and source.id != ledger.article_id:
            out.append(
                _source_finding(
                    source,
                    "unused-source",
                    f"no claim cites source '{source.id}'",
                    "cite it from a claim's evidence or delete the file",
                )
            )
        missing = [k for k in ("url", "title", "publisher", "issued") if getattr(source, k) is None]
        if missing:
            out.append(
                _source_finding(
                    source,
                    "source-incomplete",
                    f"source '{source.id}' has no {', '.join(missing)}",
                    "add them as the source gives them, or ignore with a reason",
                )
            )
        if source.title is not None and placeholder_title(source.title):
            out.append(
                _source_finding(
                    source,
                    "placeholder-title",
                    f"source '{source.id}' has a placeholder title: {source.title!r}",
                    "copy the headline as the source prints it; with none, remove title: "
                    "and ignore source-incomplete with a reason",
                    where="title",
                )
            )
    return out


def _archive_findings(ledger: Ledger) -> list[Finding]:
    """``no-archive``: a source with a url and no web-archive copy of the page as cited."""
    return [
        _source_finding(
            source,
            "no-archive",
            f"source '{source.id}' has no archive: copy of its url",
            "save the page in a web archive (e.g. https://web.archive.org/save) and add "
            "archive: with the copy's address",
            where="url",
        )
        for source in ledger.sources.values()
        if source.url is not None and source.archive is None
    ]


# What a title says when it stands in for a headline nobody copied: "[headline not seen]",
# "from the URL slug", "TBD". A title that opens with "[" is an editor's note, not a headline.
_PLACEHOLDER = re.compile(
    r"^\s*\[|headline not|url slug|placeholder|untitled|title unknown|\btbd\b|\btodo\b|"
    r"lorem ipsum",
    re.IGNORECASE,
)


def placeholder_title(title: str) -> bool:
    """Whether ``title`` is a placeholder rather than a headline."""
    return _PLACEHOLDER.search(title) is not None


def _apply_ignores(raw: list[Finding], ledger: Ledger, off: set[str]) -> tuple[list[Finding], int]:
    by_claim: dict[str, tuple[Ignore, ...]] = {c.id: c.ignore for c in ledger.claims if c.ignore}
    by_source = {s.id: s.ignore for s in ledger.sources.values() if s.ignore}
    used: set[tuple[str, str, str]] = set()
    kept: list[Finding] = []
    for f in raw:
        owner = ("claim", f.claim_id, by_claim.get(f.claim_id or "", ()))
        if f.claim_id is None:
            owner = ("source", f.source_id, by_source.get(f.source_id or "", ()))
        kind, oid, ignores = owner
        if oid is not None and any(i.rule == f.rule for i in ignores):
            used.add((kind, oid, f.rule))
            continue
        kept.append(f)
    suppressed = len(raw) - len(kept)
    entries: list[tuple[str, Claim | Source, str]] = [
        ("claim", claim, display_path(ledger.claims_path)) for claim in ledger.claims
    ]
    entries += [("source", source, display_path(source.path)) for source in ledger.sources.values()]
    for kind, entry, path in entries:
        for ig in entry.ignore:
            if (kind, entry.id, ig.rule) not in used and ig.rule not in off:
                kept.append(
                    _finding(
                        path,
                        ig.pos,
                        "unused-ignore",
                        f"ignore of '{ig.rule}' on {kind} '{entry.id}' silences nothing",
                        "remove the ignore entry",
                        claim_id=entry.id if isinstance(entry, Claim) else None,
                        source_id=entry.id if isinstance(entry, Source) else None,
                    )
                )
    return kept, suppressed
