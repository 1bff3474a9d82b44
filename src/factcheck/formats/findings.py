"""Check's findings as text: plain lines, JSON, GitHub workflow commands, SARIF 2.1.0 and a
Markdown summary for a pull request. No I/O: where SARIF roots its paths is given."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.checks.gate import CheckResult
from factcheck.checks.rules import RULES, Rule
from factcheck.formats.records import check_record
from factcheck.formats.text import to_json
from factcheck.ledger.models import Finding, Severity
from factcheck.text.inert import inert, markdown_inline, one_line


def summary(result: CheckResult) -> str:
    """The one line ``check`` ends with on stderr: what was checked and what was found."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    scope = f"{plural(result.claims, 'claim')}, {plural(result.sources, 'source')}"
    if len(result.ledgers) > 1:
        scope += f" in {plural(len(result.ledgers), 'ledger')}"
    quiet = f", {result.suppressed} silenced by ignore" if result.suppressed else ""
    if not result.findings:
        return f"All checks passed: {scope}{quiet}."
    return (
        f"Found {plural(result.errors, 'error')} and {plural(result.warnings, 'warning')} "
        f"in {scope}{quiet}."
    )


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
"""The uriBaseId of every artifact path: GitHub code scanning resolves it to the checkout."""
RULES_DOC = "docs/rules.md"
"""The page of factcheck's repository that documents each rule under ``#<rule>``. A rule's help
names it; there is no helpUri, which SARIF wants absolute, as the project has no public address."""
FINGERPRINT = "factcheckFinding/v1"
MAX_RESULTS = 25_000
"""GitHub code scanning rejects a run with more results than this."""

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


@dataclass(frozen=True)
class SarifRun:
    """What SARIF says about the run beyond its findings: the folder artifact paths are relative
    to (``%SRCROOT%``: the repository root, or the folder given), the folder the finding paths
    are relative to, the exit code and the ledgers that could not be read."""

    root: Path
    cwd: Path
    exit_code: int
    unreadable: tuple[tuple[str, str], ...] = ()


def _artifact(path: str, run: SarifRun) -> dict[str, str]:
    """A finding's file as a SARIF artifactLocation: relative to ``%SRCROOT%`` when inside the
    root (what GitHub maps onto the repository), else an absolute file URI."""
    where = Path(path)
    full = Path(os.path.normpath(where if where.is_absolute() else run.cwd / where))
    for inside, root in ((full, run.root), (full.resolve(), run.root.resolve())):
        if inside.is_relative_to(root):  # the second try: through symbolic links
            relative = inside.relative_to(root).as_posix()
            return {"uri": quote(relative), "uriBaseId": SRCROOT}
    return {"uri": full.as_uri()}


def fingerprint(f: Finding, uri: str) -> str:
    """The same finding's mark across runs, whatever line it moved to: its rule, file, claim (or
    source) and the hash of its message."""
    subject = f.claim_id or f.source_id or ""
    key = "\0".join((f.rule, uri, subject, f.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _rule(r: Rule) -> dict[str, Any]:
    level = "error" if r.severity is Severity.ERROR else "warning"
    markdown = (
        f"**{r.name}** ({level}): {markdown_inline(r.summary)}. "
        f"See `{RULES_DOC}#{r.name}` in factcheck's repository."
    )
    return {
        "id": r.name,
        "name": "".join(part.capitalize() for part in r.name.split("-")),
        "shortDescription": {"text": r.summary},
        "help": {"text": f"{r.name}: {r.summary}.", "markdown": markdown},
        "defaultConfiguration": {"level": level},
    }


def _result(f: Finding, index: int, run: SarifRun) -> dict[str, Any]:
    text = f.message + (f" ({f.hint})" if f.hint else "")
    artifact = _artifact(f.path, run)
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": "error" if f.severity is Severity.ERROR else "warning",
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": max(f.line, 1), "startColumn": max(f.col, 1)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(f, artifact["uri"])},
    }


def check_sarif(result: CheckResult, run: SarifRun | None = None) -> str:
    """SARIF 2.1.0 for code scanning (GitHub's upload rules kept: at most ``MAX_RESULTS``
    results, errors first; paths relative to ``%SRCROOT%``; every result with its rule)."""
    if run is None:
        run = SarifRun(root=Path.cwd(), cwd=Path.cwd(), exit_code=result.exit_code())
    index = {name: i for i, name in enumerate(RULES)}
    findings = sorted(result.findings, key=lambda f: f.severity is not Severity.ERROR)
    kept = findings[:MAX_RESULTS] if len(findings) > MAX_RESULTS else result.findings
    notes = [
        {"level": "error", "message": {"text": f"{path}: {message}"}}
        for path, message in run.unreadable
    ]
    if len(kept) < len(findings):
        left = len(findings) - len(kept)
        notes.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{left} findings left out: code scanning takes at most "
                    f"{MAX_RESULTS} results a run (errors kept first)"
                },
            }
        )
    invocation: dict[str, Any] = {
        "executionSuccessful": not run.unreadable,
        "exitCode": run.exit_code,
    }
    if notes:
        invocation["toolExecutionNotifications"] = notes
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factcheck",
                        "version": __version__,
                        "rules": [_rule(r) for r in RULES.values()],
                    }
                },
                "originalUriBaseIds": {
                    SRCROOT: {
                        "uri": run.root.as_uri().rstrip("/") + "/",
                        "description": {"text": "The repository root (or the folder given)."},
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule], run) for f in kept],
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
