"""Many ledgers in one run: discovery under folders, one exit code, global ranking, parallel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import find_ledgers
from factcheck.scale.pool import jobs
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger, write_tree


def test_folders_are_searched_recursively_skipping_tool_folders(tmp_path: Path) -> None:
    expected = write_tree(tmp_path / "tree")
    found = find_ledgers([tmp_path / "tree"])
    assert found == sorted(expected)
    # a file and its folder name the same ledger once
    assert find_ledgers([expected[0], expected[0].parent]) == [expected[0]]


def test_missing_path_and_empty_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="no such file or folder"):
        find_ledgers([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(FactcheckError, match=r"no claims\.yaml in"):
        find_ledgers([tmp_path / "empty"])


def test_list_json_over_a_tree_names_each_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("list", "--json", "tree")
    records = json.loads(out)
    assert code == 0 and len(records) == 3 * len(BASE_CLAIMS)
    assert {r["ledger"] for r in records} == {
        "tree/a/claims.yaml",
        "tree/b/claims.yaml",
        "tree/deep/er/c/claims.yaml",
    }
    code, out, err = run("list", "tree/a", "tree/b", "--format", "plain")
    assert code == 0 and "6 of 6 claims in 2 ledgers" in err
    assert out.splitlines()[0].startswith("tree/a/claims.yaml\tgdp-contraction\t")
    code, out, err = run("list", "tree/a", "--format", "plain")
    assert out.splitlines()[0].startswith("gdp-contraction\t")


def test_check_keeps_each_findings_path_and_gives_one_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ledger(tmp_path / "good")
    broken = [dict(BASE_CLAIMS[1], quote="Not in the article at all.")]
    write_ledger(tmp_path / "bad", claims=broken)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "good", "bad")
    assert code == 1
    assert out.startswith("bad/claims.yaml:") and "[quote-not-found]" in out
    assert "good/" not in out
    assert "in 2 ledgers" in err
    code, out, _ = run("check", "good", "--format", "json")
    assert code == 0 and json.loads(out)["ledgers"] == ["good/claims.yaml"]


def test_an_unreadable_ledger_fails_the_run_but_not_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ledger(tmp_path / "good")
    write_ledger(tmp_path / "broken", claims_text="format: 1\nclaims: [\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", ".")
    assert code == 2
    assert "broken/claims.yaml:3:1: error: YAML syntax error" in err
    assert "All checks passed: 3 claims" in err and "1 of 2 ledgers could not be read" in err
    code, out, err = run("list", "--json", ".")
    assert code == 2 and len(json.loads(out)) == 3
    code, out, err = run("stats", "--json", "broken")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_search_is_ranked_across_ledgers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_ledger(tmp_path / "one")
    article = "Rice harvest failed in the north. Nothing else happened.\n"
    claim = {
        "id": "rice-harvest",
        "quote": "Rice harvest failed in the north.",
        "kind": "opinion",
    }
    write_ledger(tmp_path / "two", claims=[claim], article=article)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("search", "rice harvest", "one", "two", "--json", "--min-score", "0")
    records = json.loads(out)
    assert code == 0 and records[0]["id"] == "rice-harvest"
    assert records[0]["ledger"] == "two/claims.yaml"
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)
    code, out, _ = run("search", "rice harvest", "one", "two", "--json", "--limit", "1")
    assert [r["id"] for r in json.loads(out)] == ["rice-harvest"]


def test_stats_and_sources_add_up_over_ledgers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("stats", "--json", ".")
    stats = json.loads(out)
    assert code == 0 and stats["claims"] == 9 and len(stats["ledgers"]) == 3
    code, out, _ = run("sources", "--json", "a", "b")
    records = json.loads(out)
    assert code == 0 and len(records) == 6
    assert {r["ledger"] for r in records} == {"a/claims.yaml", "b/claims.yaml"}


def test_ledger_option_and_paths_combine(tmp_path: Path) -> None:
    a, b = write_ledger(tmp_path / "a"), write_ledger(tmp_path / "b")
    code, out, _ = run("list", "--json", str(b), ledger=a)
    assert code == 0 and len(json.loads(out)) == 6


def test_parallel_and_sequential_runs_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path)
    write_ledger(tmp_path / "bad", claims=[dict(BASE_CLAIMS[0], evidence=[])])
    monkeypatch.chdir(tmp_path)
    outputs = []
    for n in ("1", "2"):
        for command in (["check", "--format", "json", "."], ["list", "--json", "."]):
            code, out, _ = run(*command, env={"FACTCHECK_JOBS": n, "FACTCHECK_NO_CACHE": "1"})
            outputs.append((code, out))
    assert outputs[:2] == outputs[2:]
    assert outputs[0][0] == 1


def test_jobs_uses_a_pool_only_for_many_ledgers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert jobs(1) == 1 and jobs(3) == 1
    assert jobs(1000) >= 1
    monkeypatch.setenv("FACTCHECK_JOBS", "3")
    assert jobs(2) == 2 and jobs(10) == 3
    monkeypatch.setenv("FACTCHECK_JOBS", "many")
    with pytest.raises(FactcheckError):
        jobs(10)
