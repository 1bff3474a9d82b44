"""extract: proposed claims quote the article exactly, --write appends exactly what was printed,
and writes nothing that would not read back or when the ledger changed meanwhile."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_runner import run
from tests.factory import SHIPPED_ARTICLE as ARTICLE


def test_extract_proposes_exact_quotes_and_write_appends_them(new_ledger: Path) -> None:
    code, out, _ = run("extract", ledger=new_ledger)
    assert code == 0
    entries = yaml.safe_load(out)
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(entries) > 30
    for e in entries:
        assert e["kind"] in ("fact", "attribution", "opinion", "prediction")
        assert text.count(e["quote"]) == 1 or "prefix" in e
    assert any("4.9%" in e["quote"] for e in entries)
    before = new_ledger.read_text(encoding="utf-8")
    code, _, err = run("extract", "--write", ledger=new_ledger)
    assert code == 0 and f"appended {len(entries)} claims" in err
    after = new_ledger.read_text(encoding="utf-8")
    assert after.startswith(before.rsplit("claims:", 1)[0])  # the lines before the list are kept
    code, out, _ = run("list", "--json", ledger=new_ledger)
    assert [r["id"] for r in json.loads(out)] == [e["id"] for e in entries]
    code, _, err = run("extract", "--write", ledger=new_ledger)
    assert "appended 0 claims" in err


def test_extract_prints_what_write_appends(new_ledger: Path) -> None:
    code, out, _ = run("extract", ledger=new_ledger)
    assert code == 0
    code, _, err = run("extract", "--write", ledger=new_ledger)
    assert code == 0, err
    items = "".join(line for line in out.splitlines(True) if not line.lstrip().startswith("#"))
    head, _, written = new_ledger.read_text("utf-8").partition("claims:\n")
    assert written == items and head.endswith("\n")


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda lines: [ln.replace("kind: fact", "kind: opinion") for ln in lines], "read back"),
        (lambda lines: [ln.replace("  - id:", "- id:", 1) for ln in lines], "break the YAML"),
    ],
)
def test_extract_write_writes_nothing_that_would_not_read_back(
    tmp_path: Path,
    new_ledger: Path,
    monkeypatch: pytest.MonkeyPatch,
    mangle: Callable[[list[str]], list[str]],
    message: str,
) -> None:
    from factcheck.editing.emit import render_block as real

    before = new_ledger.read_bytes()
    monkeypatch.setattr("factcheck.editing.writer.render_block", lambda *a: mangle(real(*a)))
    code, _, err = run("extract", "--write", "--min-score", "0.9", ledger=new_ledger)
    assert code == 2 and message in err and "nothing was written" in err
    assert new_ledger.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_extract_write_is_refused_when_the_ledger_changed_while_scoring(
    new_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.spotting import candidates

    real = candidates.candidates

    def meanwhile(*args: Any) -> Any:
        scored = real(*args)
        with new_ledger.open("a", encoding="utf-8") as f:
            f.write("# another editor's note\n")
        return scored

    monkeypatch.setattr(candidates, "candidates", meanwhile)
    code, _, err = run("extract", "--write", ledger=new_ledger)
    assert code == 2 and "changed on disk since it was read; nothing was written" in err
    assert new_ledger.read_text("utf-8").endswith("claims: []\n# another editor's note\n")
