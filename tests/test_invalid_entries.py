"""Invalid claims: an entry of claims: that cannot be built is accounted for by every command that
reads the ledger, never dropped silently (check reports it as before)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger

HINT = "(hint: factcheck check lists every problem)"
NO_KIND = {"id": "no-kind", "quote": "Sanctions were not lifted."}  # kind is required


def with_invalid(root: Path, entry: Any = None, at: int = 1) -> Path:
    """A ledger of the three base claims with one invalid entry at ``at`` in claims:."""
    claims: list[Any] = list(BASE_CLAIMS)
    claims.insert(at, NO_KIND if entry is None else entry)
    return write_ledger(root, claims)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = with_invalid(tmp_path / "l")
    monkeypatch.chdir(path.parent)
    return path


def warning(path: Path, where: str = "claims.yaml") -> str:
    line = line_of(path, "- id: no-kind")
    return (
        f"{where}:{line}:3: warning: claim 'no-kind' (entry 2) is invalid and not shown: "
        f"missing required key 'kind' {HINT}"
    )


# list, search, stats -----------------------------------------------------------------------------


def test_list_plain_warns_and_counts_the_invalid_claim(ledger: Path) -> None:
    code, out, err = run("list", "--format", "plain")
    assert code == 0
    assert [row.split("\t")[0] for row in out.splitlines()] == [c["id"] for c in BASE_CLAIMS]
    assert err.splitlines() == [warning(ledger), "3 of 4 claims (1 invalid, not shown)"]


def test_list_filtered_counts_the_invalid_claim_in_the_total(ledger: Path) -> None:
    code, _, err = run("list", "--format", "plain", "--status", "disputed")
    assert code == 0
    assert err.splitlines()[-1] == "1 of 4 claims (1 invalid, not shown)"


def test_list_json_warns_on_stderr_and_keeps_stdout_as_json(ledger: Path) -> None:
    code, out, err = run("list", "--json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == [c["id"] for c in BASE_CLAIMS]
    assert err.splitlines() == [warning(ledger)]


def test_list_table_warns_and_counts(ledger: Path) -> None:
    code, out, err = run("list", "--format", "table", "--color", "never")
    assert code == 0 and "gdp-contraction" in out and "no-kind" not in out
    assert err.splitlines() == [warning(ledger), "3 of 4 claims (1 invalid, not shown)"]


def test_list_of_a_clean_ledger_says_nothing_more(tmp_path: Path) -> None:
    write_ledger(tmp_path / "clean")
    code, _, err = run("list", "--format", "plain", str(tmp_path / "clean"))
    assert code == 0 and err.splitlines() == ["3 of 3 claims"]


def test_search_warns(ledger: Path) -> None:
    code, out, err = run("search", "sanctions lifted", "--format", "plain")
    assert code == 0 and "no-kind" not in out
    assert warning(ledger) in err.splitlines()


def test_stats_json_counts_the_invalid_claim(ledger: Path) -> None:
    code, out, err = run("stats", "--json")
    record = json.loads(out)
    assert code == 0
    assert (record["schema_version"], record["claims"], record["invalid"]) == (1, 3, 1)
    assert sum(record["by_status"].values()) == 3
    assert err.splitlines() == [warning(ledger), "3 of 4 claims counted (1 invalid, not counted)"]


def test_stats_plain_keeps_its_rows_and_warns(ledger: Path) -> None:
    code, out, err = run("stats", "--format", "plain")
    assert code == 0 and "total\tclaims\t3" in out.splitlines() and "invalid" not in out
    assert err.splitlines()[0] == warning(ledger)


def test_stats_json_of_a_clean_ledger_has_no_invalid_claims(tmp_path: Path) -> None:
    write_ledger(tmp_path / "clean")
    code, out, err = run("stats", "--json", str(tmp_path / "clean"))
    assert code == 0 and json.loads(out)["invalid"] == 0 and err == ""


# show --------------------------------------------------------------------------------------------


def test_show_of_an_invalid_claim_says_why(ledger: Path) -> None:
    code, out, err = run("show", "no-kind")
    line = line_of(ledger, "- id: no-kind")
    assert (code, out) == (2, "")
    assert err == (
        f"claims.yaml:{line}:3: error: claim 'no-kind' is invalid: missing required key 'kind' "
        "(hint: fix it; factcheck check lists every problem)\n"
    )


def test_show_of_an_unknown_id_is_still_unknown(ledger: Path) -> None:
    code, _, err = run("show", "no-such-claim")
    assert code == 2 and "no claim with id 'no-such-claim'" in err


# report, export, annotate ------------------------------------------------------------------------

REFUSED = (
    "claims.yaml: error: 1 claim is invalid and would be left out; nothing was written "
    "(hint: fix them, factcheck check lists every problem; "
    "or give --allow-invalid to publish the valid claims)"
)


def test_report_refuses_an_invalid_claim(ledger: Path) -> None:
    out_file = ledger.parent / "report.html"
    code, out, err = run("report", "--html", str(out_file))
    assert (code, out) == (2, "")
    assert not out_file.exists()
    assert err.splitlines() == [warning(ledger), REFUSED]


def test_report_allow_invalid_writes_the_valid_claims(ledger: Path) -> None:
    out_file = ledger.parent / "report.html"
    code, _, err = run("report", "--html", str(out_file), "--allow-invalid")
    assert code == 0
    page = out_file.read_text("utf-8")
    assert "gdp-contraction" in page and "no-kind" not in page
    lines = err.splitlines()
    assert lines[:2] == [
        warning(ledger),
        f"{out_file}: 3 claims, 1 needing attention, 3 placed in the article (1 invalid, left out)",
    ]
    assert len(lines) == 3 and lines[2].startswith("note: the page says it lacks")


@pytest.mark.parametrize("fmt", ["claimreview", "csl", "jsonl", "csv"])
def test_export_refuses_an_invalid_claim(ledger: Path, fmt: str) -> None:
    code, out, err = run("export", "--format", fmt)
    assert (code, out) == (2, "")
    assert err.splitlines() == [warning(ledger), REFUSED]
    out_file = ledger.parent / f"export.{fmt}"
    code, _, _ = run("export", "--format", fmt, "--output", str(out_file))
    assert code == 2 and not out_file.exists()


@pytest.mark.parametrize("fmt", ["claimreview", "csl", "jsonl", "csv"])
def test_export_allow_invalid_writes_the_valid_claims(ledger: Path, fmt: str) -> None:
    who = ["--reviewer", "Desk", "--reviewer-url", "https://desk.example/"]
    code, out, err = run("export", "--format", fmt, "--allow-invalid", "--date", "2026-01-01", *who)
    assert code == 0 and out and "no-kind" not in out
    lines = err.splitlines()
    assert lines[0] == warning(ledger)
    assert lines[-1].endswith(" (1 invalid, left out)")
    if fmt == "jsonl":
        assert [json.loads(r)["id"] for r in out.splitlines()] == [c["id"] for c in BASE_CLAIMS]


@pytest.mark.parametrize("command", ["report", "export"])
def test_allow_invalid_is_in_the_help(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "--allow-invalid" in out


def test_annotate_warns_and_counts(ledger: Path) -> None:
    code, out, err = run("annotate", "--color", "never")
    assert code == 0 and "[gdp-contraction]" in out and "no-kind" not in out
    lines = err.splitlines()
    assert lines[0] == warning(ledger)
    assert lines[-1].endswith(" of 4 claims shown in the article (1 invalid, not shown)")


def test_check_still_reports_the_schema_finding(ledger: Path) -> None:
    code, out, _ = run("check", "--format", "json")
    record = json.loads(out)
    assert code == 1
    assert any(
        f["rule"] == "schema" and "missing required key 'kind'" in f["message"]
        for f in record["findings"]
    )


# the kinds of invalid entries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "who", "reason"),
    [
        ({"quote": "x", "kind": "fact"}, "claim (entry 2)", "missing required key 'id'"),
        ("just text", "claim (entry 2)", "must be a mapping, not a string"),
        (
            {"id": "k", "quote": "x", "kind": "facts"},
            "claim 'k' (entry 2)",
            "'kind' is 'facts', not one of fact, attribution, opinion, prediction",
        ),
        ({"id": "k", "kind": "fact"}, "claim 'k' (entry 2)", "missing required key 'quote'"),
        ({"id": "k", "quote": " ", "kind": "fact"}, "claim 'k' (entry 2)", "'quote' is empty"),
        (
            {"id": "Not A Slug", "quote": "x", "kind": "fact"},
            "claim 'Not A Slug' (entry 2)",
            "claim id 'Not A Slug' is not a lowercase slug [a-z0-9][a-z0-9-]*",
        ),
    ],
)
def test_each_kind_of_invalid_entry_is_named_with_its_first_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: Any, who: str, reason: str
) -> None:
    path = with_invalid(tmp_path / "l", entry)
    monkeypatch.chdir(path.parent)
    code, _, err = run("list", "--format", "plain")
    warned = err.splitlines()[0]
    assert code == 0
    assert warned.startswith("claims.yaml:")
    assert warned.endswith(f": warning: {who} is invalid and not shown: {reason} {HINT}")


def test_an_unreadable_id_is_shown_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = with_invalid(tmp_path / "l", {"id": "evil\x1b[2Jid", "quote": "x"})
    monkeypatch.chdir(path.parent)
    code, _, err = run("list", "--format", "plain")
    assert code == 0 and "\x1b" not in err and "evil\\x1b[2Jid" in err


# many ledgers, the cache -------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_many_ledgers_keep_their_invalid_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    write_ledger(tmp_path / "a")
    b = with_invalid(tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    env = {"FACTCHECK_JOBS": jobs}
    code, out, err = run("list", "--format", "plain", "a", "b", env=env)
    assert code == 0 and len(out.splitlines()) == 6
    assert err.splitlines() == [
        warning(b, "b/claims.yaml"),
        "6 of 7 claims in 2 ledgers (1 invalid, not shown)",
    ]
    code, out, _ = run("stats", "--json", "a", "b", env=env)
    assert code == 0 and (json.loads(out)["claims"], json.loads(out)["invalid"]) == (6, 1)


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--format", "plain"),
        ("list", "--json"),
        ("list", "--format", "plain", "--status", "sourced"),
        ("search", "talks", "--format", "plain"),
        ("stats", "--json"),
    ],
)
def test_a_cached_run_still_warns(
    ledger: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    first = run(*argv)
    assert list(cache_dir.rglob("*view-meta"))  # the views were stored

    def not_parsed(path: Path) -> None:
        raise AssertionError(f"{path} parsed again: the cache was not used")

    monkeypatch.setattr("factcheck.ledger.load.load_ledger", not_parsed)
    again = run(*argv)
    assert again == first
    assert warning(ledger) in again[2].splitlines()


def test_a_cached_run_in_a_new_process_still_warns(ledger: Path) -> None:
    env = dict(os.environ)  # with this test's private FACTCHECK_CACHE_DIR
    argv = [sys.executable, "-m", "factcheck", "list", "--json"]
    runs = [
        subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ledger.parent)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr == warning(ledger) + "\n"
