"""check --format sarif: a log GitHub code scanning maps onto the repository.

Validated with the OASIS SARIF 2.1.0 schema (tests/data/schemas) and against the rules GitHub
documents for SARIF uploads (``github_upload_problems``): at most 20 runs a file and 25,000
results and rules a run, 1,000 locations a result and 20 tags a rule; a ``ruleId`` on every
result naming a rule of the driver; ``message.text``; each location's uri relative, with a
``uriBaseId`` that ``originalUriBaseIds`` resolves to an absolute folder; ``startLine`` >= 1."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import jsonschema
import pytest

from factcheck.checks.gate import CheckResult
from factcheck.formats.findings import MAX_RESULTS, SarifRun, check_sarif, fingerprint
from factcheck.ledger.models import Finding, Severity
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger

SCHEMA = Path(__file__).parent / "data" / "schemas" / "sarif-2.1.0.json"
LOST = {"id": "lost", "quote": "Talks may resume next year.", "kind": "fact"}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def validate(log: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(log)


def github_upload_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub's documented SARIF upload rules would reject or drop in ``log``."""
    problems: list[str] = []
    if log.get("version") != "2.1.0" or "$schema" not in log:
        problems.append("version 2.1.0 and $schema are required")
    if len(log["runs"]) > 20:
        problems.append("more than 20 runs")
    for run_ in log["runs"]:
        driver = run_["tool"]["driver"]
        rules = {r["id"]: r for r in driver.get("rules", [])}
        if not driver.get("name"):
            problems.append("tool.driver.name is required")
        if len(run_["results"]) > 25_000 or len(rules) > 25_000:
            problems.append("more than 25,000 results or rules in a run")
        if any(len(r.get("properties", {}).get("tags", [])) > 20 for r in rules.values()):
            problems.append("more than 20 tags on a rule")
        bases = run_.get("originalUriBaseIds", {})
        for result in run_["results"]:
            if result.get("ruleId") not in rules:
                problems.append(f"result without a known ruleId: {result.get('ruleId')}")
            if not result.get("message", {}).get("text"):
                problems.append("result without message.text")
            if not 1 <= len(result.get("locations", [])) <= 1000:
                problems.append("a result needs 1 to 1,000 locations")
            for loc in result.get("locations", []):
                physical = loc["physicalLocation"]
                artifact = physical["artifactLocation"]
                if urlparse(artifact["uri"]).scheme or artifact["uri"].startswith("/"):
                    problems.append(f"absolute uri {artifact['uri']}")
                base = bases.get(artifact.get("uriBaseId", ""), {}).get("uri", "")
                if not (base.startswith("file:///") and base.endswith("/")):
                    problems.append(f"uriBaseId of {artifact['uri']} does not resolve")
                if physical["region"]["startLine"] < 1:
                    problems.append("startLine below 1")
    return problems


def sarif(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    code, out, err = run("check", "--format", "sarif", *args)
    assert code in (0, 1), err
    log: dict[str, Any] = json.loads(out)
    return code, log


def git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)


@needs_git
def test_paths_are_rooted_at_the_repository_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    claims = write_ledger(repo / "checks" / "story", [*BASE_CLAIMS, LOST])
    git_init(repo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, log = sarif("-l", str(claims))
    validate(log)
    assert github_upload_problems(log) == []
    run_ = log["runs"][0]
    base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.resolve().as_uri() + "/"
    (result,) = run_["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "checks/story/claims.yaml", "uriBaseId": "%SRCROOT%"}
    resolved = Path(unquote(urlparse(urljoin(base, location["uri"])).path))
    assert resolved.samefile(claims)
    assert code == 1
    assert run_["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]


def test_the_folder_given_is_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = write_ledger(tmp_path / "a b%c", [*BASE_CLAIMS, LOST])
    monkeypatch.chdir(tmp_path)
    _, log = sarif("-l", str(claims), "--sarif-root", str(tmp_path))
    validate(log)
    assert github_upload_problems(log) == []
    (result,) = log["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "a%20b%25c/claims.yaml" and unquote(uri) == "a b%c/claims.yaml"


def test_a_file_outside_the_root_keeps_an_absolute_uri(tmp_path: Path) -> None:
    claims = write_ledger(tmp_path / "ledger", [*BASE_CLAIMS, LOST])
    root = tmp_path / "other"
    root.mkdir()
    _, log = sarif("-l", str(claims), "--sarif-root", str(root))
    validate(log)
    (result,) = log["runs"][0]["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": claims.resolve().as_uri()}


def test_every_rule_has_help_naming_its_section_of_the_rules_page(ledger: Path) -> None:
    code, log = sarif("-l", str(ledger))
    assert code == 0
    validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    page = (Path(__file__).parent.parent / "docs" / "rules.md").read_text("utf-8")
    for rule in rules:
        assert "helpUri" not in rule  # SARIF: an absolute address, which the project has not
        assert f"`docs/rules.md#{rule['id']}`" in rule["help"]["markdown"]
        assert f"\n## {rule['id']}\n" in page
        assert rule["help"]["text"] and rule["help"]["markdown"]
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]
    assert log["runs"][0]["results"] == []


def test_fingerprints_survive_the_finding_moving_lines(tmp_path: Path) -> None:
    claims = write_ledger(tmp_path, [*BASE_CLAIMS, LOST])
    _, before = sarif("-l", str(claims), "--sarif-root", str(tmp_path))
    claims.write_text("# a comment\n# and another\n\n" + claims.read_text("utf-8"), "utf-8")
    _, after = sarif("-l", str(claims), "--sarif-root", str(tmp_path))
    (old,) = before["runs"][0]["results"]
    (new,) = after["runs"][0]["results"]
    line = "locations", 0, "physicalLocation", "region", "startLine"

    def at(result: dict[str, Any]) -> int:
        value: Any = result
        for key in line:
            value = value[key]
        return int(value)

    assert at(new) == at(old) + 3
    assert new["partialFingerprints"] == old["partialFingerprints"]


def finding(
    rule: str, line: int, *, claim: str = "c", severity: Severity = Severity.ERROR
) -> Finding:
    return Finding("claims.yaml", line, 1, severity, rule, f"{rule} of {claim}", claim_id=claim)


def test_fingerprints_tell_claims_and_rules_apart() -> None:
    a = fingerprint(finding("unsourced", 3), "claims.yaml")
    assert a == fingerprint(finding("unsourced", 30), "claims.yaml")
    assert a != fingerprint(finding("unsourced", 3, claim="d"), "claims.yaml")
    assert a != fingerprint(finding("quote-not-found", 3), "claims.yaml")
    assert a != fingerprint(finding("unsourced", 3), "other/claims.yaml")


def test_a_run_stays_within_githubs_result_limit(tmp_path: Path) -> None:
    warnings = [
        finding("quote-ambiguous", i, claim=f"w{i}", severity=Severity.WARNING)
        for i in range(1, MAX_RESULTS + 1)
    ]
    errors = [finding("unsourced", i, claim=f"e{i}") for i in range(1, 11)]
    result = CheckResult(findings=[*warnings, *errors])
    log = json.loads(check_sarif(result, SarifRun(root=tmp_path, cwd=tmp_path, exit_code=1)))
    results = log["runs"][0]["results"]
    assert len(results) == MAX_RESULTS
    assert sum(r["level"] == "error" for r in results) == 10
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "10 findings left out" in note["message"]["text"]
    assert github_upload_problems(log) == []


def test_unreadable_ledgers_make_an_unsuccessful_invocation(tmp_path: Path) -> None:
    good = write_ledger(tmp_path / "good")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "claims.yaml").write_text("claims: [unclosed\n", "utf-8")
    code, out, _ = run(
        "check", "--format", "sarif", str(good.parent), str(bad), "--sarif-root", str(tmp_path)
    )
    assert code == 2
    log = json.loads(out)
    validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    assert "bad" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_root_is_for_sarif_only(ledger: Path) -> None:
    code, out, err = run("check", "--sarif-root", ".", "-l", str(ledger))
    assert code == 2 and out == "" and "--sarif-root is for --format sarif" in err


@needs_git
def test_a_root_reached_through_a_symlink_still_maps(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_ledger(repo / "story", [*BASE_CLAIMS, LOST])
    git_init(repo)
    link = tmp_path / "link"
    link.symlink_to(repo)
    _, log = sarif("-l", str(link / "story" / "claims.yaml"), "--sarif-root", str(repo))
    (result,) = log["runs"][0]["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "story/claims.yaml", "uriBaseId": "%SRCROOT%"}
