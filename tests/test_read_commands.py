"""The read commands (list, show, stats, sources) end to end: formats, streams, exit codes,
colour, inert ledger text; finding the ledger; --version."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import ReadFormat
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger


@pytest.mark.parametrize("fmt", [f.value for f in ReadFormat if f is not ReadFormat.AUTO])
@pytest.mark.parametrize("command", ["list", "search", "sources", "stats"])
def test_every_read_format_works(ledger: Path, command: str, fmt: str) -> None:
    args = [command, "--format", fmt, "--color", "never"]
    if command == "search":
        args.insert(1, "economy")
    code, out, _ = run(*args, ledger=ledger)
    assert code == 0
    assert out.strip()
    if fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        assert all(json.loads(line)["schema_version"] == 1 for line in out.splitlines())
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len({len(r) for r in rows}) == 1


def test_list_json_records(ledger: Path) -> None:
    code, out, err = run("list", "--json", ledger=ledger)
    assert code == 0 and err == ""
    records = json.loads(out)
    assert [r["id"] for r in records] == [c["id"] for c in BASE_CLAIMS]
    first = records[0]
    assert first["schema_version"] == 1
    assert first["status"] == "disputed"
    assert first["anchor"] == {"start": 13, "end": 80, "line": 3, "col": 1}
    assert first["evidence"][0]["source_title"].startswith("N.Korea")
    assert all(k == k.lower() for k in first)


def test_list_filters_and_sort(ledger: Path) -> None:
    _, out, _ = run(
        "list",
        "--status",
        "opinion",
        "--status",
        "sourced",
        "--sort",
        "id",
        "--format",
        "plain",
        ledger=ledger,
    )
    assert [line.split("\t")[0] for line in out.splitlines()] == ["food-shortage", "talks-resume"]
    _, out, _ = run("list", "--tag", "economy", "--format", "plain", ledger=ledger)
    assert out.startswith("gdp-contraction\t")
    _, out, _ = run("list", "--source", "fao-food", "--json", ledger=ledger)
    assert [r["id"] for r in json.loads(out)] == ["food-shortage"]
    _, out, _ = run("list", "--section", "economy", "--json", ledger=ledger)
    assert [r["id"] for r in json.loads(out)] == ["food-shortage"]


def test_plain_is_tab_separated_and_summary_goes_to_stderr(ledger: Path) -> None:
    code, out, err = run("list", "--format", "plain", ledger=ledger)
    assert code == 0
    assert len(out.splitlines()) == 3 and all(line.count("\t") == 5 for line in out.splitlines())
    assert err.strip() == "3 of 3 claims"


def test_json_flag_contradicting_format_is_a_usage_error(ledger: Path) -> None:
    code, out, err = run("list", "--json", "--format", "csv", ledger=ledger)
    assert code == 2 and out == ""
    assert "--json contradicts --format csv" in err


def test_show(ledger: Path) -> None:
    code, out, _ = run("show", "gdp-contraction", "--format", "plain", ledger=ledger)
    assert code == 0
    assert "status: disputed" in out and "rating: inaccurate" in out
    assert "«The BOK reported that North Korea’s GDP contracted by 4.9% in 2020.»" in out
    assert "https://example.org/reuters" in out
    code, out, _ = run("show", "gdp-contraction", "--json", ledger=ledger)
    assert json.loads(out)["id"] == "gdp-contraction"


def test_show_unknown_id_suggests(ledger: Path) -> None:
    code, out, err = run("show", "gdp-contracton", ledger=ledger)
    assert code == 2 and out == ""
    assert err.startswith("factcheck: error: no claim with id 'gdp-contracton'")
    assert "did you mean 'gdp-contraction'" in err
    assert len(err.strip().splitlines()) == 1


def test_color_never_and_no_color(ledger: Path) -> None:
    _, out, _ = run("list", "--format", "table", "--color", "never", ledger=ledger)
    assert "\x1b[" not in out
    _, out, _ = run("list", "--format", "table", ledger=ledger, env={"NO_COLOR": "1"})
    assert "\x1b[" not in out


def test_unreadable_ledger_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, claims_text="format: 1\nclaims: [\n")
    code, out, err = run("list", ledger=path)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "claims.yaml:3:1: error: YAML syntax error" in err
    assert "Traceback" not in err


def test_no_ledger_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if any((folder / "claims.yaml").exists() for folder in tmp_path.parents):
        pytest.skip("a claims.yaml above the temporary folder would be found")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check")
    assert code == 2 and "no claims.yaml in" in err and "--ledger" in err


def test_env_var_ledger(ledger: Path) -> None:
    code, out, _ = run("list", "--json", env={"FACTCHECK_LEDGER": str(ledger)})
    assert code == 0 and len(json.loads(out)) == 3


def test_stats_json(ledger: Path) -> None:
    _, out, _ = run("stats", "--json", ledger=ledger)
    data = json.loads(out)
    assert data["by_status"] == {"sourced": 1, "disputed": 1, "opinion": 1, "unsourced": 0}
    assert data["sourced_share"] == 1.0 and data["factual"] == 2


def test_sources_json_counts_stances(ledger: Path) -> None:
    _, out, _ = run("sources", "--json", ledger=ledger)
    by_id = {r["id"]: r for r in json.loads(out)}
    assert by_id["reuters-gdp"]["stances"] == {"supports": 0, "contradicts": 1, "context": 0}
    assert by_id["article"]["is_article"] and not by_id["article"]["unused"]


def test_untrusted_text_is_inert(tmp_path: Path) -> None:
    article = "Evil \x1b[31mred\x1b[0m [bold red]markup[/] \u202eevil.\n"
    claims = [
        {
            "id": "evil",
            "quote": "Evil \x1b[31mred\x1b[0m [bold red]markup[/] \u202eevil.",
            "kind": "opinion",
            "note": "[link=file:///etc/passwd]x[/link]",
        }
    ]
    path = write_ledger(tmp_path, claims, article=article)
    for args in (
        ["list", "--format", "table", "--color", "always"],
        ["list", "--format", "plain"],
        ["show", "evil", "--format", "table", "--color", "always"],
        ["list", "--json"],
    ):
        _, out, _ = run(*args, ledger=path)
        assert "\x1b[31m" not in out and "\u202e" not in out, args
        if "table" in args:  # list's table cuts the quote at the terminal's width
            assert "[bold red]mark" in out


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jq_pipeline_from_the_readme(ledger: Path) -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "factcheck", "list", "--json", "--ledger", str(ledger)],
        capture_output=True,
        check=True,
    )
    jq = subprocess.run(
        ["jq", "-r", '.[] | select(.status=="disputed") | .id'],
        input=listing.stdout,
        capture_output=True,
        check=True,
    )
    assert jq.stdout.decode().split() == ["gdp-contraction"]


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("factcheck ")
