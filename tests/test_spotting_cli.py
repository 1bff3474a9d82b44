"""init, extract, coverage and classify end to end."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_runner import run
from tests.factory import ROOT
from tests.factory import SHIPPED_ARTICLE as ARTICLE


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
    code, _, err = run("check", ledger=claims)
    assert code == 0, err
    code, _, err = run("init", str(tmp_path / "story.txt"))
    assert code == 2 and "a ledger already exists here" in err


def test_extract_proposes_exact_quotes_and_write_appends_them(tmp_path: Path) -> None:
    claims = fresh(tmp_path)
    code, out, _ = run("extract", ledger=claims)
    assert code == 0
    entries = yaml.safe_load(out)
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(entries) > 30
    for e in entries:
        assert e["kind"] in ("fact", "opinion")
        assert text.count(e["quote"]) == 1 or "prefix" in e
    assert any("4.9%" in e["quote"] for e in entries)
    before = claims.read_text(encoding="utf-8")
    code, _, err = run("extract", "--write", ledger=claims)
    assert code == 0 and f"appended {len(entries)} claims" in err
    after = claims.read_text(encoding="utf-8")
    assert after.startswith(before.rsplit("claims:", 1)[0])  # the lines before the list are kept
    code, out, _ = run("list", "--json", ledger=claims)
    assert [r["id"] for r in json.loads(out)] == [e["id"] for e in entries]
    code, _, err = run("extract", "--write", ledger=claims)
    assert "appended 0 claims" in err


def test_coverage_gate(tmp_path: Path) -> None:
    code, out, err = run("coverage", "--min-coverage", "100", "--json", ledger=ROOT)
    data = json.loads(out)
    assert code == 0 and data["coverage"] == 1.0 and data["uncovered"] == []
    assert data["checkworthy"] > 30
    claims = fresh(tmp_path)
    code, out, err = run("coverage", "--min-coverage", "50", "--format", "plain", ledger=claims)
    assert code == 1 and "coverage 0.0%" in err
    assert len(out.splitlines()) == data["checkworthy"]


def test_classify_jsonl_in_order(tmp_path: Path) -> None:
    lines = [
        "North Korea's GDP shrank 4.5% in 2020, the Bank of Korea said.",
        "I think this is a wonderful, beautiful idea.",
        "",
    ]
    code, out, _ = run("classify", "-", input="\n".join(lines) + "\n")
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


def test_init_writes_these_bytes(tmp_path: Path) -> None:
    claims = fresh(tmp_path)
    article_id = "2021-why-north-korea-interested-peace-talks"
    assert claims.read_text("utf-8") == (
        "# yaml-language-server: $schema=./claims.schema.json\n"
        f"format: 1\narticle: {article_id}\nclaims: []\n"
    )
    assert (tmp_path / "sources" / f"{article_id}.yaml").read_text("utf-8") == (
        f"id: {article_id}\ntype: article\ntitle: Why is North Korea interested in Peace Talks?\n"
        "author:\n- Cherry Hitkari\npublisher: Modern Diplomacy\nissued: '2021-09-30'\n"
        f"text: {article_id}.txt\n"
    )


def test_extract_prints_what_write_appends(tmp_path: Path) -> None:
    claims = fresh(tmp_path)
    code, out, _ = run("extract", ledger=claims)
    assert code == 0
    code, _, err = run("extract", "--write", ledger=claims)
    assert code == 0, err
    items = "".join(line for line in out.splitlines(True) if not line.lstrip().startswith("#"))
    head, _, written = claims.read_text("utf-8").partition("claims:\n")
    assert written == items and head.endswith("\n")


@pytest.mark.parametrize("where", ["record", "claims"])
def test_init_writes_nothing_that_would_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The emitter's text is read back before each file is written; a wrong rendering of the
    source record or of claims.yaml stops init, and what it made before is removed."""
    from factcheck.editing.emit import Style
    from factcheck.editing.emit import render_document as real

    def wrong(data: dict[str, Any], style: Style, *, header: str | None = None) -> str:
        text = real(data, style, header=header)
        if (where == "claims") == (header is not None):
            text = text.replace("article", "artikel", 1).replace("title:", "titel:", 1)
        return text

    monkeypatch.setattr("factcheck.editing.writer.render_document", wrong)
    article = tmp_path / "story.txt"
    article.write_bytes(ARTICLE.read_bytes())
    code, out, err = run("init", str(article))
    assert code == 2 and out == ""
    assert "would not read back as intended; nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda lines: [ln.replace("kind: fact", "kind: opinion") for ln in lines], "read back"),
        (lambda lines: [ln.replace("  - id:", "- id:", 1) for ln in lines], "break the YAML"),
    ],
)
def test_extract_write_writes_nothing_that_would_not_read_back(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mangle: Callable[[list[str]], list[str]],
    message: str,
) -> None:
    from factcheck.editing.emit import render_block as real

    claims = fresh(tmp_path)
    before = claims.read_bytes()
    monkeypatch.setattr("factcheck.editing.writer.render_block", lambda *a: mangle(real(*a)))
    code, _, err = run("extract", "--write", "--min-score", "0.9", ledger=claims)
    assert code == 2 and message in err and "nothing was written" in err
    assert claims.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_extract_write_is_refused_when_the_ledger_changed_while_scoring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.spotting import candidates

    claims = fresh(tmp_path)
    real = candidates.candidates

    def meanwhile(*args: Any) -> Any:
        scored = real(*args)
        with claims.open("a", encoding="utf-8") as f:
            f.write("# another editor's note\n")
        return scored

    monkeypatch.setattr(candidates, "candidates", meanwhile)
    code, _, err = run("extract", "--write", ledger=claims)
    assert code == 2 and "changed on disk since it was read; nothing was written" in err
    assert claims.read_text("utf-8").endswith("claims: []\n# another editor's note\n")
