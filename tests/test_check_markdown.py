"""check --format markdown (the pull request's summary) and the GitHub Action that writes it:
the verdict, the table, the fold, exit codes, hostile ledger text kept inert, and action.yml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from factcheck.checks.gate import CheckResult
from factcheck.formats.findings import FOLD_ROWS, check_markdown
from factcheck.ledger.models import Finding, Severity
from tests.cli_runner import run
from tests.factory import ARTICLE, BASE_CLAIMS, ROOT, write_ledger

# GitHub-flavoured enough: tables, strike-through, and raw HTML allowed (as GitHub allows some).
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

LOST = {"id": "lost", "quote": "Not in the article, 50%.", "kind": "fact"}


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ")][1:]


def rendered_cells(markdown: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", MD.render(markdown), re.S)


def test_a_clean_ledger_passes(ledger: Path) -> None:
    code, out, err = run("check", "--format", "markdown", ledger=ledger)
    assert code == 0
    assert out == "### ✅ factcheck passed: 3 claims, 3 sources\n"
    assert err.startswith("All checks passed")


def test_a_failing_ledger_is_a_table_by_file(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, [*BASE_CLAIMS, LOST])
    (tmp_path / "sources" / "unused.yaml").write_text("id: unused\ntitle: Unused\n")
    code, out, _ = run("check", "--format", "markdown", ledger=path)
    assert code == 1
    assert out.startswith("### ❌ factcheck failed: 2 errors, 2 warnings in 4 claims, 4 sources\n")
    rows = table_rows(out)
    assert len(rows) == 4 and "<details>" not in out
    where = rendered_cells(out)[::5]
    assert where[:2] == [f"{path}:31:7", f"{path}:32:10"]
    assert all(w.endswith("/sources/unused.yaml:1:1") for w in where[2:])
    assert "| ❌ error | unsourced | fact claim 'lost' has no supporting" in rows[0]
    assert "| ⚠️ warning | unused-source |" in out  # a marker and a word, never colour alone
    html = MD.render(out)
    assert html.count("<tr>") == 5 and html.count("<td>") == 20


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    path = write_ledger(tmp_path)
    (tmp_path / "sources" / "unused.yaml").write_text(
        "id: unused\ntype: web\ntitle: Unused\npublisher: P\nissued: '2021'\nurl: https://e.org\n"
    )
    code, out, _ = run("check", "--format", "markdown", ledger=path)
    assert code == 0
    assert out.startswith("### ✅ factcheck passed with 1 warning in 3 claims, 4 sources\n")
    code, out, _ = run("check", "--format", "markdown", "--strict", ledger=path)
    assert code == 1
    assert out.startswith("### ❌ factcheck failed: 0 errors, 1 warning in 3 claims, 4 sources")
    assert "`--strict`: warnings fail the check too." in out


def test_output_file_and_an_unwritable_one(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "l", [*BASE_CLAIMS, LOST])
    target = tmp_path / "summary.md"
    target.write_text("an older, longer report\n" * 100, encoding="utf-8")
    code, out, _ = run("check", "--format", "markdown", "-o", str(target), ledger=path)
    assert code == 1 and out == ""
    written = target.read_text(encoding="utf-8")
    assert written.startswith("### ❌ factcheck failed: 2 errors") and "older" not in written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l", "summary.md"]  # no temp file
    missing = tmp_path / "no" / "such" / "summary.md"
    code, out, err = run("check", "--format", "markdown", "-o", str(missing), ledger=path)
    assert code == 2 and not missing.exists()
    assert len(err.strip().splitlines()) == 1 and "error: cannot write" in err


def test_unreadable_ledgers_are_named_and_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ledger(tmp_path / "good")
    write_ledger(tmp_path / "broken", claims_text="format: 1\nclaims: [\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--format", "markdown", ".")
    assert code == 2
    assert out.startswith("### ❌ factcheck failed: 0 errors, 0 warnings in 3 claims, 3 sources")
    assert "1 ledger could not be read:\n- broken/claims.yaml:3:1: YAML syntax error" in out


HOSTILE = (
    "He said | `rm -rf` ``` <script>alert(1)</script> <img src=x onerror=alert(2)> "
    "@octocat \u202egnp.exe\x1b[31m *bold* _it_ ~~gone~~ [x](javascript:alert(3)) "
    "![i](https://e.org/t.png) &lt; \\| done"
)


def finding(message: str, **kw: Any) -> Finding:
    base: dict[str, Any] = {
        "path": "a|b`c<d>/claims.yaml",
        "line": 1,
        "col": 2,
        "severity": Severity.ERROR,
        "rule": "schema",
        "message": message,
        "hint": message,
    }
    return Finding(**{**base, **kw})


def assert_inert(markdown: str) -> None:
    html = MD.render(markdown)
    for made in ("<script", "<img", "<a ", "<em>", "<strong>", "<s>", "<del>", "<code>", "<br"):
        assert made not in html, made
    assert "\x1b" not in markdown and "\u202e" not in markdown and "@octocat" not in markdown
    assert "\\x1b" in html and "\\u202e" in html


def test_hostile_text_stays_in_its_cell_and_inert() -> None:
    text = HOSTILE + "\nsecond line\r\n| third | line |"
    result = CheckResult(findings=[finding(text)], claims=1, sources=1)
    out = check_markdown(result)
    assert_inert(out)
    assert len(out.splitlines()) == 5  # heading, blank, header, rule, one row: no new lines
    cells = rendered_cells(out)
    assert len(cells) == 5
    assert cells[0] == "a|b`c&lt;d&gt;/claims.yaml:1:2"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cells[3]
    assert "[x](javascript:alert(3))" in cells[3] and "*bold* _it_ ~~gone~~" in cells[3]
    assert "&amp;lt; \\| done\\nsecond line\\x0d\\n| third | line |" in cells[3]
    assert cells[3] == cells[4]


def test_hostile_article_text_through_the_cli(tmp_path: Path) -> None:
    """A quote close to hostile article text: the hint quotes the article's span."""
    line = "He said | `rm` <script>alert(1)</script> @octocat \u202egnp.exe *b* [x](y) & done."
    claim = {"id": "near", "quote": line.replace("alert(1)", "alert(2)"), "kind": "opinion"}
    path = write_ledger(tmp_path / "a|b`<c>", [*BASE_CLAIMS, claim], article=ARTICLE + line)
    code, out, _ = run("check", "--format", "markdown", ledger=path)
    assert code == 1
    rows = table_rows(out)
    assert len(rows) == 1 and "closest span" in rows[0] and "\\<script\\>" in rows[0]
    html = MD.render(out)
    assert "<script" not in html and "<a " not in html and html.count("<td>") == 5


def test_many_findings_fold_under_details() -> None:
    many = [finding(f"problem {i}", path=f"{'ab'[i % 2]}/claims.yaml", line=i) for i in range(60)]
    few = CheckResult(findings=many[:FOLD_ROWS], claims=60, sources=1)
    assert "<details>" not in check_markdown(few)
    out = check_markdown(CheckResult(findings=many, claims=60, sources=1))
    assert out.startswith("### ❌ factcheck failed: 60 errors, 0 warnings in 60 claims, 1 source")
    assert "<details>\n<summary>All 60 findings, by file (schema 60)</summary>\n\n| where" in out
    assert out.endswith("|\n\n</details>\n")
    rows = table_rows(out)
    assert len(rows) == 60
    assert all(r.startswith("| a/") for r in rows[:30]) and all(
        r.startswith("| b/") for r in rows[30:]
    )
    assert [int(r.split(":")[1]) for r in rows[:30]] == list(range(0, 60, 2))
    html = MD.render(out)
    assert html.count("<tr>") == 61 and "<details>" in html


def test_the_readme_example_ledger_fails_as_shown() -> None:
    example = ROOT / "docs" / "examples" / "failing-check"
    code, out, _ = run("check", "--format", "markdown", ledger=example)
    assert code == 1 and len(table_rows(out)) == 3
    assert out.startswith("### ❌ factcheck failed: 2 errors, 1 warning in 3 claims, 2 sources")


# --- action.yml ---

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]


def step(name: str) -> dict[str, Any]:
    return next(s for s in STEPS if s.get("name") == name)


def test_action_uses_only_pinned_actions_and_declared_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"ledger", "args", "summary", "cache", "diff"}
    assert all(i["description"] and "default" in i for i in ACTION["inputs"].values())
    used = {s["uses"] for s in STEPS if "uses" in s}
    assert used == {
        "actions/setup-python@v5",
        "actions/cache/restore@v4",
        "actions/cache/save@v4",
    }
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"inputs\.(\w+)", text)) <= set(ACTION["inputs"])
    for s in STEPS:  # expressions reach scripts through env only: no injection into bash
        assert "${{" not in s.get("run", ""), s.get("name")
        assert s.get("shell", "bash") == "bash"


def test_action_caches_on_the_ledger_files() -> None:
    restore, save = step("Restore the parse cache"), step("Save the parse cache")
    key = "factcheck-${{ runner.os }}-${{ hashFiles('**/claims.yaml', '**/sources/**') }}"
    assert restore["with"]["key"] == save["with"]["key"] == key
    assert restore["with"]["path"] == "${{ runner.temp }}/factcheck-cache"
    assert "FACTCHECK_CACHE_DIR" in step("Where the parse cache lives")["run"]
    assert "!cancelled()" in save["if"]  # saved when check fails too


def run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The step's script under bash, as the runner runs it (``inputs`` given as env)."""
    full = {
        **os.environ,
        **env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    full.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step(name)["run"]],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("summary", ["true", "false"])
def test_action_check_step_annotates_summarises_and_keeps_the_exit_code(
    tmp_path: Path, summary: str
) -> None:
    write_ledger(tmp_path / "l", [*BASE_CLAIMS, LOST])
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n", encoding="utf-8")
    env = {
        "LEDGER": "l",
        "ARGS": "--strict",
        "SUMMARY": summary,
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary_file),
        "FACTCHECK_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = run_step("factcheck check", env, tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=l/claims.yaml,line=31,col=7,title=unsourced::")
    written = summary_file.read_text(encoding="utf-8")
    if summary == "true":
        assert written.startswith("earlier step\n### ❌ factcheck failed: 2 errors, 0 warnings")
        assert "`--strict`" in written and len(table_rows(written)) == 2
    else:
        assert written == "earlier step\n"
    write_ledger(tmp_path / "l")
    done = run_step("factcheck check", env, tmp_path)
    assert done.returncode == 0 and done.stdout == ""


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_diff_step_is_skipped_with_a_notice_outside_a_pull_request(
    tmp_path: Path,
) -> None:
    write_ledger(tmp_path / "l")
    summary_file = tmp_path / "summary.md"
    env = {
        "FACTCHECK_LEDGER": "l",
        "BASE": "",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary_file),
    }
    done = run_step("factcheck diff", env, tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("::notice title=factcheck diff::")
    assert not summary_file.exists()
