"""The demo ledger of the report, annotate and export tests: seven claims of every status, and
sources whose strings try to break out of HTML, JSON and the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import factory

ARTICLE_ID = "demo-article"
ARTICLE = (
    "A Demo Headline\n"
    "\n"
    "The agency said output fell by 4.9% last year, the worst fall in decades.\n"
    "\n"
    "Second part\n"
    "\n"
    "Officials <b>insist</b> & the talks will resume soon. It is a bold move.\n"
)

SOURCES: dict[str, dict[str, Any]] = {
    ARTICLE_ID: {
        "type": "article",
        "title": "A Demo Headline",
        "author": ["Ada Lovelace"],
        "publisher": "Demo Diplomacy",
        "issued": "2021-09-30",
        "url": "https://example.org/demo-headline",
        "text": f"{ARTICLE_ID}.txt",
    },
    "wire-2021-output": {
        "type": "news",
        "title": "Output fell 4.5% <script>alert(1)</script>",
        "author": ["Grace Brewster Hopper", "Reuters Staff"],
        "publisher": "Wire & Co",
        "issued": "2021-07",
        "url": "https://example.com/wire?a=1&b=<2>",
        "accessed": "2026-11-27",
    },
    "ministry-statement": {
        "type": "statement",
        "title": "Statement on the talks",
        "author": ["Ministry of Foreign Affairs"],
        "publisher": "Ministry",
        "issued": "2021",
        "url": "javascript:alert(1)",
    },
}

CLAIMS: list[dict[str, Any]] = [
    {
        "id": "output-fell",
        "quote": "The agency said output fell by 4.9% last year, the worst fall in decades.",
        "claim": "The agency estimated output shrank 4.9% last year.",
        "kind": "attribution",
        "speaker": "The agency",
        "section": "Intro",
        "evidence": [
            {
                "source": "wire-2021-output",
                "stance": "contradicts",
                "says": "The agency put the fall at 4.5% </script><img src=x onerror=alert(1)>",
                "locator": "para 2",
            }
        ],
        "rating": "inaccurate",
        "note": "It was 4.5%, not 4.9% \u202e evil",
        "ignore": [{"rule": "figure-mismatch", "reason": "the mismatch is the finding"}],
    },
    {
        "id": "output-figure",
        "quote": "output fell by 4.9%",
        "kind": "fact",
        "section": "Intro",
        "evidence": [
            {"source": "wire-2021-output", "stance": "supports", "says": "A fall, as said."}
        ],
        "rating": "mostly-accurate",
        "ignore": [{"rule": "figure-mismatch", "reason": "test"}],
    },
    {
        "id": "worst-in-decades",
        "quote": "4.9% last year, the worst fall in decades",
        "kind": "fact",
        "section": "Intro",
        "evidence": [
            {"source": "wire-2021-output", "stance": "supports", "says": "Worst since 1997."}
        ],
        "rating": "accurate",
    },
    {
        "id": "talks-resume",
        "quote": "Officials <b>insist</b> & the talks will resume soon.",
        "kind": "prediction",
        "section": "Second part",
        "evidence": [
            {"source": "ministry-statement", "stance": "context", "says": "Talks are planned."}
        ],
        "rating": "unverified",
    },
    {
        "id": "bold-move",
        "quote": "It is a bold move.",
        "kind": "opinion",
        "section": "Second part",
    },
    {
        "id": "headline",
        "quote": "A Demo Headline",
        "kind": "fact",
        "section": "Title",
        "ignore": [{"rule": "unsourced", "reason": "a headline"}],
    },
    {
        "id": "lost-quote",
        "quote": "This sentence is not in the article.",
        "kind": "opinion",
        "section": "Second part",
    },
]


def write_ledger(
    root: Path,
    claims: list[dict[str, Any]] | None = None,
    sources: dict[str, dict[str, Any]] | None = None,
    article: str = ARTICLE,
) -> Path:
    """The demo ledger (or these claims, sources, article) under ``root``; returns claims.yaml."""
    return factory.write_ledger(
        root,
        CLAIMS if claims is None else claims,
        SOURCES if sources is None else sources,
        article,
        article_id=ARTICLE_ID,
    )
