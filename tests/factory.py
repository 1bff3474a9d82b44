"""Ledgers for tests: the small one written from the dicts below, a tree of them, generated big
ones (bench/gen_ledger.py), and where the shipped ledger and its article are."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_LEDGER = ROOT / "claims.yaml"
SHIPPED_ARTICLE = ROOT / "sources" / "hitkari-2021-nk-peace-talks.txt"

ARTICLE = (
    "Peace talks\n"
    "\n"
    "The BOK reported that North Korea’s GDP contracted by 4.9% in 2020. "
    "Sanctions were not lifted. Talks may resume next year.\n"
    "\n"
    "Economy\n"
    "\n"
    "Food shortage amounted to 860,000 tonnes. Sanctions were not lifted.\n"
)

BASE_SOURCES: dict[str, dict[str, Any]] = {
    "article": {
        "id": "article",
        "type": "article",
        "title": "Peace talks",
        "publisher": "Example Daily",
        "issued": "2021-09-30",
        "url": "https://example.org/peace",
        "text": "article.txt",
    },
    "reuters-gdp": {
        "id": "reuters-gdp",
        "type": "news",
        "title": "N.Korea's economy shrank most in 23 years",
        "publisher": "Reuters",
        "issued": "2021-07-30",
        "url": "https://example.org/reuters",
    },
    "fao-food": {
        "id": "fao-food",
        "type": "report",
        "title": "Food outlook",
        "publisher": "FAO",
        "issued": "2021-06",
        "url": "https://example.org/fao",
    },
}

BASE_CLAIMS: list[dict[str, Any]] = [
    {
        "id": "gdp-contraction",
        "quote": "The BOK reported that North Korea’s GDP contracted by 4.9% in 2020.",
        "kind": "attribution",
        "speaker": "Bank of Korea",
        "section": "Peace talks",
        "tags": ["economy"],
        "evidence": [
            {
                "source": "reuters-gdp",
                "stance": "contradicts",
                "says": "The BOK estimated a 4.5% contraction in 2020.",
            }
        ],
        "rating": "inaccurate",
        "note": "The BOK figure is 4.5%.",
    },
    {
        "id": "food-shortage",
        "quote": "Food shortage amounted to 860,000 tonnes.",
        "kind": "fact",
        "section": "Economy",
        "tags": ["food"],
        "evidence": [
            {
                "source": "fao-food",
                "stance": "supports",
                "says": "FAO put the gap at 860,000 tonnes.",
            }
        ],
    },
    {
        "id": "talks-resume",
        "quote": "Talks may resume next year.",
        "kind": "prediction",
        "section": "Peace talks",
    },
]


def write_ledger(
    root: Path,
    claims: list[dict[str, Any]] | None = None,
    sources: dict[str, dict[str, Any]] | None = None,
    article: str = ARTICLE,
    claims_text: str | None = None,
    *,
    article_id: str = "article",
) -> Path:
    """Write claims.yaml, sources/*.yaml (each with its ``id``) and the article text
    (sources/ARTICLE_ID.txt) under ``root``; return claims.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    (root / "sources" / f"{article_id}.txt").write_text(article, encoding="utf-8")
    for sid, data in (BASE_SOURCES if sources is None else sources).items():
        (root / "sources" / f"{sid}.yaml").write_text(
            yaml.safe_dump({"id": sid, **data}, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    path = root / "claims.yaml"
    if claims_text is None:
        doc = {
            "format": 1,
            "article": article_id,
            "claims": BASE_CLAIMS if claims is None else claims,
        }
        claims_text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=200)
    path.write_text(claims_text, encoding="utf-8")
    return path


def write_tree(root: Path) -> list[Path]:
    """Three ledgers under ``root`` (one nested deeper) and decoys in folders that are skipped."""
    paths = [
        write_ledger(root / "a"),
        write_ledger(root / "b"),
        write_ledger(root / "deep" / "er" / "c"),
    ]
    for skipped in (".git", ".venv", "node_modules"):
        write_ledger(root / skipped / "x")
    return paths


def gen_module() -> ModuleType:
    """bench/gen_ledger.py, imported from its file (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_ledger", ROOT / "bench" / "gen_ledger.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
