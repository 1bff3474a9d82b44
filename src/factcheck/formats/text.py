"""Serialisations for pipes and files: JSON, JSON Lines, CSV, tab-separated (``plain``), ``show``
as labelled lines, and check's text, GitHub and SARIF formats.

Pure functions from records to strings, never coloured; Rich is not imported here (coloured
terminal views are ``terminal``'s).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from factcheck import __version__
from factcheck.checks.gate import CheckResult
from factcheck.checks.rules import RULES
from factcheck.formats.detail import describe
from factcheck.formats.fastjson import dumps_indented
from factcheck.formats.records import Record, check_record
from factcheck.ledger.models import Finding, Severity
from factcheck.text.inert import inert, json_safe, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_json(data: Any) -> str:
    return json_safe(dumps_indented(data)) + "\n"


def to_jsonl(records: Sequence[Record]) -> str:
    return "".join(json_safe(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return one_line(str(value))


def to_csv(records: Sequence[Record], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def to_plain(records: Sequence[Record], columns: Sequence[str]) -> str:
    """Tab-separated, one record per line, no header: for grep, cut and awk."""
    return "".join("\t".join(_cell(r.get(c)) for c in columns) + "\n" for r in records)


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


def show_plain(r: Record, context: tuple[str, int, int] | None) -> str:
    """One claim in full as plain text (``show`` in a pipe): one labelled line a field."""
    d = describe(r, context)
    lines = [f"id: {d.id}", f"status: {d.status}", f"kind: {d.kind}"]
    lines += [f"{label}: {value}" for label, value in d.facts]
    if d.position:
        lines.append(f"article: {d.position}")
    lines.append(f"quote: {one_line(d.quote)}")
    if d.context is not None:
        before, quote, after = d.context
        lines.append(f"in context: {before}«{quote}»{after}")
    lines += [f"{label}: {one_line(value)}" for label, value in d.prose]
    for ev in d.evidence:
        locator = f" ({ev.locator})" if ev.locator else ""
        lines.append(f"evidence: {ev.stance} {ev.source}{locator}")
        lines += [f"  {label}: {one_line(value)}" for label, value in ev.lines]
    lines += [f"ignored: {rule}: {reason}" for rule, reason in d.ignored]
    return "\n".join(lines) + "\n"
