"""Baselines: accept today's findings so that ``check`` fails only on new ones.

A finding is keyed by its owner (the claim id or source id, else the file) and its rule, never
by line number, so edits elsewhere in claims.yaml do not turn known findings into new ones. A
key that had two findings tolerates two; a third is new.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from factcheck.checks.gate import CheckResult
from factcheck.errors import FactcheckError
from factcheck.ledger.models import Finding

BASELINE_VERSION = 1
Key = tuple[str, str]


def finding_key(f: Finding) -> Key:
    if f.claim_id is not None:
        owner = f"claim:{f.claim_id}"
    elif f.source_id is not None:
        owner = f"source:{f.source_id}"
    else:
        owner = f"file:{f.path}"
    return owner, f.rule


def baseline_text(result: CheckResult) -> str:
    """The baseline file for ``result``: JSON, sorted, one entry per (owner, rule)."""
    counts = Counter(finding_key(f) for f in result.findings)
    first: dict[Key, str] = {}
    for f in result.findings:
        first.setdefault(finding_key(f), f.message)
    entries = [
        {"owner": owner, "rule": rule, "count": n, "example": first[(owner, rule)]}
        for (owner, rule), n in sorted(counts.items())
    ]
    doc = {"factcheck_baseline": BASELINE_VERSION, "findings": entries}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_baseline(result: CheckResult, path: Path) -> None:
    """Write ``result``'s baseline to ``path`` atomically; refused if the file changes meanwhile."""
    from factcheck.editing.atomic import file_digest, write_atomic

    data = baseline_text(result).encode("utf-8")
    write_atomic(path, data, expected_digest=file_digest(path))


def load_baseline(path: Path) -> Counter[Key]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FactcheckError(f"cannot read baseline: {exc.strerror}", path=path) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FactcheckError(
            f"baseline is not JSON ({exc})", path=path, hint="write it with --write-baseline"
        ) from None
    if not isinstance(doc, dict) or doc.get("factcheck_baseline") != BASELINE_VERSION:
        raise FactcheckError(
            "not a factcheck baseline (version 1)",
            path=path,
            hint="write it with check --write-baseline",
        )
    counts: Counter[Key] = Counter()
    for entry in doc.get("findings", []):
        try:
            counts[(str(entry["owner"]), str(entry["rule"]))] += int(entry["count"])
        except (KeyError, TypeError, ValueError):
            raise FactcheckError(
                f"bad baseline entry {entry!r}", path=path, hint="write it again"
            ) from None
    return counts


@dataclass(frozen=True)
class BaselineOutcome:
    result: CheckResult  # only the findings the baseline does not know
    known: int  # findings the baseline accepted
    gone: list[Key]  # baseline entries with fewer findings today (fixed: tighten the baseline)


def apply_baseline(result: CheckResult, baseline: Counter[Key]) -> BaselineOutcome:
    left = Counter(baseline)
    new: list[Finding] = []
    known = 0
    for f in result.findings:
        key = finding_key(f)
        if left[key] > 0:
            left[key] -= 1
            known += 1
        else:
            new.append(f)
    gone = sorted(k for k, n in left.items() if n > 0)
    return BaselineOutcome(replace(result, findings=new), known, gone)
