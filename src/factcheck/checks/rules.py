"""The check rules: names, default severities and what each one means."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.ledger.models import Severity


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    summary: str
    off_unless: str | None = None  # a rule off by default: the check option that turns it on


ERROR, WARNING = Severity.ERROR, Severity.WARNING
RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("yaml-syntax", ERROR, "the YAML cannot be parsed (exit 2)"),
        Rule("schema", ERROR, "missing or unknown key, wrong type, bad enum value, bad id"),
        Rule("duplicate-id", ERROR, "two claims share an id"),
        Rule("unknown-source", ERROR, "evidence names a source with no file in sources/"),
        Rule("unsourced", ERROR, "a fact or attribution has no supports/contradicts evidence"),
        Rule("quote-not-found", ERROR, "the quote is not an exact span of the article"),
        Rule("quote-ambiguous", WARNING, "the quote occurs more than once in the article"),
        Rule("figure-mismatch", WARNING, "a number in the quote is in none of its supports"),
        Rule(
            "rating-mismatch",
            ERROR,
            "a rating the stances belie, or a dispute without rating or note",
        ),
        Rule("paraphrase-drift", WARNING, "the claim drops a figure or a name of its quote"),
        Rule("unused-source", WARNING, "a source file no claim cites"),
        Rule("source-incomplete", WARNING, "a source without url, title, publisher or issued"),
        Rule("placeholder-title", ERROR, "a source's title is a placeholder, not its headline"),
        Rule(
            "no-archive",
            WARNING,
            "a source with a url but no archive: copy (off unless check --require-archive)",
            off_unless="--require-archive",
        ),
        Rule("bad-path", ERROR, "a text: path leaves the ledger folder or is missing"),
        Rule("unused-ignore", WARNING, "an ignore entry that silences nothing"),
    )
}

# Rules an `ignore:` entry may name: a broken file (yaml-syntax, schema) cannot be silenced.
IGNORABLE = tuple(name for name in RULES if name not in ("yaml-syntax", "schema"))
