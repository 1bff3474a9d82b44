"""check --format markdown (the pull request's summary): the verdict, the table, the fold, exit
codes, and hostile ledger text kept inert."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from factcheck.checks.gate import CheckResult
from factcheck.formats.findings import FOLD_ROWS, check_markdown
from factcheck.ledger.models import Finding, Severity
from tests.cli_runner import run
from tests.factory import ARTICLE, BASE_CLAIMS, write_ledger

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
    code, out, _ = run("check", "--format", "markdown", "-o", str(target), ledger=path)
    assert code == 1 and out == ""
    assert target.read_text(encoding="utf-8").startswith("### ❌ factcheck failed: 2 errors")
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
