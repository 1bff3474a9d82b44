"""Check's findings as text: plain lines, JSON, GitHub workflow commands, SARIF 2.1.0 and a
Markdown summary for a pull request."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from factcheck import __version__
from factcheck.checks.gate import CheckResult
from factcheck.checks.rules import RULES
from factcheck.formats.records import check_record
from factcheck.formats.text import to_json
from factcheck.ledger.models import Finding, Severity
from factcheck.text.inert import inert, markdown_inline, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# More rows than this and the Markdown summary folds its table under <details>.
FOLD_ROWS = 50


def finding_text(f: Finding) -> str:
    line = f"{f.path}:{f.line}:{f.col}: {f.severity.value}: {one_line(f.message)} [{f.rule}]"
    if f.hint:
        line += f"\n  hint: {one_line(f.hint)}"
    return line + "\n"


def check_text(result: CheckResult) -> str:
    return "".join(finding_text(f) for f in result.findings)


def check_json(result: CheckResult, *, strict: bool = False) -> str:
    return to_json(check_record(result, strict=strict))


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def check_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    out = []
    for f in result.findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        message = inert(f.message + (f"\n{f.hint}" if f.hint else ""))
        props = (
            f"file={_gh_escape(f.path, prop=True)},line={f.line},col={f.col},"
            f"title={_gh_escape(f.rule, prop=True)}"
        )
        out.append(f"::{level} {props}::{_gh_escape(message)}\n")
    return "".join(out)


def check_sarif(result: CheckResult) -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    rule_ids = list(RULES)
    rules = [
        {
            "id": r.name,
            "name": "".join(part.capitalize() for part in r.name.split("-")),
            "shortDescription": {"text": r.summary},
            "defaultConfiguration": {
                "level": "error" if r.severity is Severity.ERROR else "warning"
            },
        }
        for r in RULES.values()
    ]
    results = []
    for f in result.findings:
        text = f.message + (f" ({f.hint})" if f.hint else "")
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": rule_ids.index(f.rule),
                "level": "error" if f.severity is Severity.ERROR else "warning",
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.path.replace("\\", "/")},
                            "region": {"startLine": f.line, "startColumn": f.col},
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factcheck",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return to_json(log)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _verdict(result: CheckResult, *, strict: bool, unreadable: int) -> str:
    scope = f"{_plural(result.claims, 'claim')}, {_plural(result.sources, 'source')}"
    if len(result.ledgers) > 1:
        scope += f" in {_plural(len(result.ledgers), 'ledger')}"
    counts = f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')}"
    if unreadable or result.exit_code(strict=strict):
        return f"### ❌ factcheck failed: {counts} in {scope}"
    if result.warnings:
        return f"### ✅ factcheck passed with {_plural(result.warnings, 'warning')} in {scope}"
    return f"### ✅ factcheck passed: {scope}"


def _row(f: Finding) -> str:
    marker = "❌ error" if f.severity is Severity.ERROR else "⚠️ warning"
    cells = (
        markdown_inline(f"{f.path}:{f.line}:{f.col}"),
        marker,
        markdown_inline(f.rule),
        markdown_inline(f.message),
        markdown_inline(f.hint or ""),
    )
    return "| " + " | ".join(cells) + " |"


def check_markdown(
    result: CheckResult,
    *,
    strict: bool = False,
    unreadable: Sequence[tuple[str, str]] = (),
) -> str:
    """A summary for a pull request (``$GITHUB_STEP_SUMMARY``, a comment): the verdict as a
    heading, then one table row per finding, by file and position, folded under ``<details>``
    past ``FOLD_ROWS``. ``unreadable``: (path, message) of each ledger that could not be read.
    Every string from the ledger is escaped: it cannot add markup, HTML, links or mentions."""
    lines = [_verdict(result, strict=strict, unreadable=len(unreadable)), ""]
    notes = []
    if result.suppressed:
        notes.append(f"{result.suppressed} silenced by `ignore:`")
    if strict:
        notes.append("`--strict`: warnings fail the check too")
    if notes:
        lines += ["; ".join(notes) + ".", ""]
    if unreadable:
        lines.append(f"{_plural(len(unreadable), 'ledger')} could not be read:")
        lines += [f"- {markdown_inline(path)}: {markdown_inline(msg)}" for path, msg in unreadable]
        lines.append("")
    if not result.findings:
        return "\n".join(lines[:-1]) + "\n"
    ordered = sorted(result.findings, key=lambda f: (f.path, f.line, f.col, f.rule))
    table = [
        "| where | severity | rule | message | hint |",
        "|---|---|---|---|---|",
        *(_row(f) for f in ordered),
    ]
    if len(ordered) <= FOLD_ROWS:
        return "\n".join([*lines, *table, ""])
    by_rule = ", ".join(f"{escape(r)} {n}" for r, n in result.by_rule().items())
    fold = f"All {len(ordered)} findings, by file ({by_rule})"
    return "\n".join(
        [*lines, "<details>", f"<summary>{fold}</summary>", "", *table, "", "</details>", ""]
    )
