"""Check's findings as text: plain lines, JSON, GitHub workflow commands and SARIF 2.1.0."""

from __future__ import annotations

from factcheck import __version__
from factcheck.checks.gate import CheckResult
from factcheck.checks.rules import RULES
from factcheck.formats.records import check_record
from factcheck.formats.text import to_json
from factcheck.ledger.models import Finding, Severity
from factcheck.text.inert import inert, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


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
