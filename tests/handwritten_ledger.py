"""A hand-written ledger for the editing tests: claims.yaml with comments, quoting styles and
blank lines that edits must keep, its sources and the article text; and diffs of its text."""

from __future__ import annotations

import difflib
from pathlib import Path

from factcheck.ledger.yamlio import load_yaml

ARTICLE = """Title of the piece

The first paragraph says the cat sat on the mat. It also says the economy shrank by 4.5% in 2020.

A Heading

The second paragraph says the cat sat on the mat again. Experts doubt it.
"""

CLAIMS = """\
# A hand-written ledger: comments, quoting styles and blank lines must survive edits.
format: 1
article: art   # the checked article

claims:

  - id: shrank            # trailing comment
    quote: the economy shrank by 4.5% in 2020
    kind: fact
    section: Title
    tags: [economy]
    evidence:
      - source: src-a
        stance: supports
        says: 'The bank said: 4.5%.'

  - id: experts-doubt
    quote: "Experts doubt it."
    kind: opinion
    section: A Heading
    # a comment inside the entry
    note: >-
      kept as a folded block

  - id: cat-second
    quote: the cat sat on the mat
    prefix: "paragraph says "
    suffix: " again"
    kind: opinion
"""

ARTICLE_SOURCE = """\
id: art
type: article
title: Title of the piece
publisher: Example Press
issued: 2021-09-30
url: https://example.org/piece
text: art.txt
"""

SOURCE_A = """\
id: src-a
type: news
title: The bank's report
publisher: Wire
issued: 2021-07-30
url: https://example.org/report
"""


def make_ledger(
    root: Path,
    *,
    claims: str = CLAIMS,
    article: str = ARTICLE,
    sources: dict[str, str] | None = None,
) -> Path:
    """Write a small ledger under ``root``; returns the claims.yaml path."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "art.txt").write_text(article, encoding="utf-8")
    (root / "sources" / "art.yaml").write_text(ARTICLE_SOURCE, encoding="utf-8")
    for name, text in (sources if sources is not None else {"src-a": SOURCE_A}).items():
        (root / "sources" / f"{name}.yaml").write_text(text, encoding="utf-8")
    path = root / "claims.yaml"
    path.write_text(claims, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two texts."""
    removed: list[str] = []
    added: list[str] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def claims_of(path: Path) -> list[dict[str, object]]:
    """The claims of a ledger as read back from its claims.yaml."""
    data = load_yaml(path.read_text("utf-8"), path).data
    return list(data["claims"])
