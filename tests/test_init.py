"""init: a new ledger for an article, written byte for byte as documented, refusing to overwrite,
and nothing left behind when what it would write does not read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_runner import run
from tests.factory import SHIPPED_ARTICLE as ARTICLE


def test_init_creates_a_ledger_and_refuses_to_overwrite(tmp_path: Path, new_ledger: Path) -> None:
    data = yaml.safe_load(new_ledger.read_text(encoding="utf-8"))
    assert data == {"format": 1, "article": data["article"], "claims": []}
    source = yaml.safe_load((tmp_path / "sources" / f"{data['article']}.yaml").read_text("utf-8"))
    assert source["title"] == "Why is North Korea interested in Peace Talks?"
    assert source["author"] == ["Cherry Hitkari"] and source["issued"] == "2021-09-30"
    assert (tmp_path / "sources" / source["text"]).read_bytes() == ARTICLE.read_bytes()
    code, _, err = run("check", ledger=new_ledger)
    assert code == 0, err
    code, _, err = run("init", str(tmp_path / "story.txt"))
    assert code == 2 and "a ledger already exists here" in err


def test_init_writes_these_bytes(tmp_path: Path, new_ledger: Path) -> None:
    article_id = "2021-why-north-korea-interested-peace-talks"
    assert new_ledger.read_text("utf-8") == (
        "# yaml-language-server: $schema=./claims.schema.json\n"
        f"format: 1\narticle: {article_id}\nclaims: []\n"
    )
    assert (tmp_path / "sources" / f"{article_id}.yaml").read_text("utf-8") == (
        f"id: {article_id}\ntype: article\ntitle: Why is North Korea interested in Peace Talks?\n"
        "author:\n- Cherry Hitkari\npublisher: Modern Diplomacy\nissued: '2021-09-30'\n"
        f"text: {article_id}.txt\n"
    )


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
    ("option", "value", "fragment"),
    [
        ("--issued", "May 2024", "--issued 'May 2024' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("--url", "moderndiplomacy.eu/x", "is not an http(s) address"),
    ],
)
def test_init_refuses_a_date_or_url_check_would_reject(
    tmp_path: Path, option: str, value: str, fragment: str
) -> None:
    article = tmp_path / "story.txt"
    article.write_bytes(ARTICLE.read_bytes())
    code, out, err = run("init", str(article), option, value)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and fragment in err
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]
