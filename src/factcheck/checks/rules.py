"""The check rules: names, default severities and what each one means."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.ledger.models import Severity


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("yaml-syntax", Severity.ERROR, "the YAML cannot be parsed (exit 2)"),
        Rule(
            "schema", Severity.ERROR, "missing or unknown key, wrong type, bad enum value, bad id"
        ),
        Rule("duplicate-id", Severity.ERROR, "two claims share an id"),
        Rule("unknown-source", Severity.ERROR, "evidence names a source with no file in sources/"),
        Rule(
            "unsourced",
            Severity.ERROR,
            "a fact or attribution has no supports/contradicts evidence",
        ),
        Rule("quote-not-found", Severity.ERROR, "the quote is not an exact span of the article"),
        Rule("quote-ambiguous", Severity.WARNING, "the quote occurs more than once in the article"),
        Rule(
            "figure-mismatch", Severity.WARNING, "a number in the quote is in none of its supports"
        ),
        Rule("unused-source", Severity.WARNING, "a source file no claim cites"),
        Rule(
            "source-incomplete",
            Severity.WARNING,
            "a source without url, title, publisher or issued",
        ),
        Rule("bad-path", Severity.ERROR, "a text: path leaves the ledger folder or is missing"),
        Rule("unused-ignore", Severity.WARNING, "an ignore entry that silences nothing"),
    )
}

# Rules an `ignore:` entry may name: a broken file (yaml-syntax, schema) cannot be silenced.
IGNORABLE = tuple(name for name in RULES if name not in ("yaml-syntax", "schema"))
