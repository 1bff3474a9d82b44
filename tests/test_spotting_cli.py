"""init, extract, coverage and classify end to end."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from factcheck.cli import app

ROOT = Path(__file__).parents[1]
ARTICLE = ROOT / "sources" / "hitkari-2021-nk-peace-talks.txt"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def fresh(tmp_path: Path) -> Path:
    article = tmp_path / "story.txt"
    article.write_bytes(ARTICLE.read_bytes())
    code, _, err = run(
        "init",
        str(article),
        "--publisher",
        "Modern Diplomacy",
        "--issued",
        "2021-09-30",
        "--author",
        "Cherry Hitkari",
    )
    assert code == 0, err
    return tmp_path / "claims.yaml"


def test_init_creates_a_ledger_and_refuses_to_overwrite(tmp_path: Path) -> None:
    claims = fresh(tmp_path)
    data = yaml.safe_load(claims.read_text(encoding="utf-8"))
    assert data == {"format": 1, "article": data["article"], "claims": []}
    source = yaml.safe_load((tmp_path / "sources" / f"{data['article']}.yaml").read_text("utf-8"))
    assert source["title"] == "Why is North Korea interested in Peace Talks?"
    assert source["author"] == ["Cherry Hitkari"] and source["issued"] == "2021-09-30"
    assert (tmp_path / "sources" / source["text"]).read_bytes() == ARTICLE.read_bytes()
    code, _, err = run("check", "--ledger", str(claims))
    assert code == 0, err
    code, _, err = run("init", str(tmp_path / "story.txt"))
    assert code == 2 and "a ledger already exists here" in err


def test_extract_proposes_exact_quotes_and_write_appends_them(tmp_path: Path) -> None:
    claims = fresh(tmp_path)
    code, out, _ = run("extract", "--ledger", str(claims))
    assert code == 0
    entries = yaml.safe_load(out)
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(entries) > 30
    for e in entries:
        assert e["kind"] in ("fact", "opinion")
        assert text.count(e["quote"]) == 1 or "prefix" in e
    assert any("4.9%" in e["quote"] for e in entries)
    before = claims.read_text(encoding="utf-8")
    code, _, err = run("extract", "--ledger", str(claims), "--write")
    assert code == 0 and f"appended {len(entries)} claims" in err
    after = claims.read_text(encoding="utf-8")
    assert after.startswith(before.rsplit("claims:", 1)[0])  # the lines before the list are kept
    code, out, _ = run("list", "--ledger", str(claims), "--json")
    assert [r["id"] for r in json.loads(out)] == [e["id"] for e in entries]
    code, _, err = run("extract", "--ledger", str(claims), "--write")
    assert "appended 0 claims" in err


def test_coverage_gate(tmp_path: Path) -> None:
    code, out, err = run("coverage", "--ledger", str(ROOT), "--min-coverage", "100", "--json")
    data = json.loads(out)
    assert code == 0 and data["coverage"] == 1.0 and data["uncovered"] == []
    assert data["checkworthy"] > 30
    claims = fresh(tmp_path)
    code, out, err = run(
        "coverage", "--ledger", str(claims), "--min-coverage", "50", "--format", "plain"
    )
    assert code == 1 and "coverage 0.0%" in err
    assert len(out.splitlines()) == data["checkworthy"]


def test_classify_jsonl_in_order(tmp_path: Path) -> None:
    lines = [
        "North Korea's GDP shrank 4.5% in 2020, the Bank of Korea said.",
        "I think this is a wonderful, beautiful idea.",
        "",
    ]
    code, out, _ = run("classify", "-", stdin="\n".join(lines) + "\n")
    records = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [r["text"] for r in records] == lines
    assert set(records[0]) == {
        "text",
        "checkworthy",
        "checkworthy_label",
        "subjective",
        "subjective_label",
    }
    assert records[0]["checkworthy_label"] is True and records[1]["checkworthy_label"] is False
    assert records[1]["subjective"] > records[0]["subjective"]
    path = tmp_path / "s.txt"
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    code, out2, _ = run("classify", str(path))
    assert out2.splitlines() == out.splitlines()[:2]
