"""Deterministic synthetic ledgers for the benchmark: they pass ``factcheck check`` by construction.

    python bench/gen_ledger.py OUT --claims 10000            # OUT/claims.yaml + OUT/sources/
    python bench/gen_ledger.py OUT --tree 1000 --claims 100  # OUT/ledger-0000/ … ledger-0999/

Each ledger has one article whose length grows with the number of claims (each claim quotes one
sentence of it, and filler sentences sit between), 1–3 evidence items per claim, N/10 sources
(each cited at least once) plus the article's own source record, and field lengths near the
shipped ledger's (quote ≈ 90 characters, claim ≈ 90, says ≈ 60, a note on a third of the claims:
about 600 bytes of YAML per claim, so 100,000 claims stay under factcheck's 64 MiB file limit).
The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

ARTICLE_ID = "article"

NOUNS = [
    "government",
    "ministry",
    "council",
    "economy",
    "trade",
    "report",
    "agency",
    "parliament",
    "border",
    "committee",
    "delegation",
    "sanctions",
    "talks",
    "summit",
    "harvest",
    "budget",
    "province",
    "factory",
    "railway",
    "shipment",
    "treaty",
    "envoy",
    "statement",
    "survey",
    "election",
    "coalition",
    "market",
    "currency",
    "exports",
    "imports",
    "reserves",
    "programme",
    "mission",
    "inspection",
    "corridor",
    "reactor",
    "satellite",
    "fleet",
    "garrison",
]
ADJECTIVES = [
    "northern",
    "southern",
    "regional",
    "national",
    "official",
    "annual",
    "quarterly",
    "provisional",
    "joint",
    "bilateral",
    "senior",
    "former",
    "acting",
    "independent",
    "private",
    "public",
    "rural",
    "coastal",
    "central",
]
VERBS = [
    "reported",
    "estimated",
    "announced",
    "confirmed",
    "denied",
    "projected",
    "recorded",
    "approved",
    "rejected",
    "signed",
    "postponed",
    "revised",
    "suspended",
    "expanded",
    "cut",
    "raised",
]
PEOPLE = [
    "Kim",
    "Park",
    "Lee",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Han",
    "Oh",
    "Seo",
    "Shin",
    "Kwon",
    "Hwang",
    "Ahn",
    "Song",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Smith",
    "Jones",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
]
ORGS = [
    "Bank of Korea",
    "Ministry of Unification",
    "Korea Development Institute",
    "World Food Programme",
    "United Nations",
    "Foreign Ministry",
    "Statistics Korea",
    "Trade Office",
    "Central Bureau",
    "Customs Service",
]
UNITS = ("percent", "tonnes", "kilometres", "million dollars", "units", "days", "households")
FILLER = (
    "The region has seen such swings before, and analysts caution against reading too much "
    "into one season.",
    "Officials did not say when further details would be published.",
    "That context matters for anyone weighing the figures.",
    "Critics argue the picture on the ground is more complicated than the headline suggests.",
    "The announcement came after weeks of speculation in the local press.",
    "Several observers described the move as largely symbolic.",
    "It remains unclear how the change will be enforced.",
)
PUBLISHERS = ("Reuters", "Yonhap", "Kyodo", "AP", "AFP", "NK News", "Korea Herald", "BBC")
SOURCE_TYPES = ("news", "report", "statement", "dataset", "web")


def _sentence(rng: random.Random, i: int) -> tuple[str, list[str]]:
    """A claim sentence, unique in the article thanks to its code number; and its figures and
    the organisation it names."""
    adj, noun, verb = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS)
    org, unit = rng.choice(ORGS), rng.choice(UNITS)
    whole, tenth = rng.randint(1, 99), rng.randint(0, 9)
    code = 10_000 + i
    figure = f"{whole}.{tenth}"
    text = f"The {adj} {noun} {verb} a change of {figure} {unit} under plan {code}, the {org} said."
    return text, [figure, str(code), org]


def _words(rng: random.Random, lo: int, hi: int) -> str:
    pool = NOUNS + ADJECTIVES + VERBS
    return " ".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))


def build(n: int, seed: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]], str]:
    """The claims document, the source records and the article text for ``n`` claims."""
    rng = random.Random(seed)
    n_sources = max(1, n // 10)
    source_ids = [f"src-{j:05d}-{rng.choice(NOUNS)}" for j in range(n_sources)]
    paragraphs: list[str] = []
    claims: list[dict[str, Any]] = []
    section = "Introduction"
    paragraph: list[str] = []
    for i in range(n):
        if i % 40 == 0 and i:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
            section = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} {i // 40}"
            paragraphs.append(section)
        elif i % 4 == 0 and paragraph:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
        quote, figures = _sentence(rng, i)
        paragraph.append(quote)
        if rng.random() < 0.5:
            paragraph.append(rng.choice(FILLER))
        claims.append(_claim(rng, i, quote, figures, section, source_ids))
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    article = "Synthetic article\n\n" + "\n\n".join(paragraphs) + "\n"
    sources = {sid: _source(rng, sid) for sid in source_ids}
    sources[ARTICLE_ID] = {
        "id": ARTICLE_ID,
        "type": "article",
        "title": "Synthetic article",
        "author": ["Bench Writer"],
        "publisher": "Bench Daily",
        "issued": "2021-09-30",
        "url": "https://example.org/synthetic-article",
        "text": f"{ARTICLE_ID}.txt",
    }
    doc = {"format": 1, "article": ARTICLE_ID, "claims": claims}
    return doc, sources, article


def _claim(
    rng: random.Random,
    i: int,
    quote: str,
    figures: list[str],
    section: str,
    source_ids: list[str],
) -> dict[str, Any]:
    roll = rng.random()
    kind = (
        "fact"
        if roll < 0.55
        else "attribution"
        if roll < 0.75
        else "opinion"
        if roll < 0.95
        else "prediction"
    )
    n_ev = rng.randint(1, 3)
    cited = [source_ids[i % len(source_ids)]]
    cited += [rng.choice(source_ids) for _ in range(n_ev - 1)]
    evidence: list[dict[str, Any]] = []
    for k, sid in enumerate(cited):
        if kind in ("opinion", "prediction"):
            stance = "context"
        elif k == 0:
            stance = "contradicts" if rng.random() < 0.1 else "supports"
        else:
            stance = rng.choice(("supports", "context"))
        says = f"Gives {figures[0]} for plan {figures[1]}: the {_words(rng, 3, 6)}."
        item: dict[str, Any] = {"source": sid, "stance": stance, "says": says}
        if rng.random() < 0.4:
            item["locator"] = f"para {rng.randint(1, 30)}"
        evidence.append(item)
    claim: dict[str, Any] = {
        "id": f"{rng.choice(NOUNS)}-{rng.choice(VERBS)}-{i}",
        "quote": quote,
        "claim": (
            f"{rng.choice(PEOPLE)} says the {_words(rng, 1, 3)} changed by {figures[0]} "
            f"under plan {figures[1]}, per the {figures[2]}."
        ),
        "kind": kind,
    }
    if kind == "attribution":
        claim["speaker"] = rng.choice(ORGS)
    claim["section"] = section
    claim["tags"] = sorted({rng.choice(NOUNS) for _ in range(rng.randint(1, 2))})
    claim["evidence"] = evidence
    if rng.random() < 0.66:
        claim["rating"] = rng.choice(("accurate", "mostly-accurate", "mixed", "misleading"))
    if rng.random() < 0.33:
        claim["note"] = f"Checked against {rng.choice(PUBLISHERS)}: {_words(rng, 6, 10)}."
    # the rating agrees with the stances, as `check` requires (rating-mismatch): a disputed
    # claim is rated wrong and says why; a claim rated wrong is disputed
    if any(e["stance"] == "contradicts" for e in evidence):
        wrong = {"accurate": "inaccurate", "mostly-accurate": "misleading"}
        claim["rating"] = wrong.get(claim.get("rating", "accurate"), claim.get("rating"))
        claim.setdefault("note", f"The source gives another figure for plan {figures[1]}.")
    elif claim.get("rating") == "misleading":
        claim["rating"] = "mixed"
    return claim


def _source(rng: random.Random, sid: str) -> dict[str, Any]:
    year, month, day = rng.randint(2010, 2022), rng.randint(1, 12), rng.randint(1, 28)
    return {
        "id": sid,
        "type": rng.choice(SOURCE_TYPES),
        "title": _words(rng, 5, 10).capitalize(),
        "author": [f"{rng.choice(PEOPLE)} {rng.choice(PEOPLE)}"],
        "publisher": rng.choice(PUBLISHERS),
        "issued": f"{year}-{month:02d}-{day:02d}",
        "url": f"https://example.org/{sid}",
    }


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120)


def write_ledger(root: Path, n: int, seed: int = 0) -> Path:
    """Write one ledger of ``n`` claims under ``root``; return its claims.yaml."""
    doc, sources, article = build(n, seed)
    folder = root / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{ARTICLE_ID}.txt").write_text(article, encoding="utf-8")
    for sid, data in sources.items():
        (folder / f"{sid}.yaml").write_text(_dump(data), encoding="utf-8")
    path = root / "claims.yaml"
    path.write_text(f"# Synthetic ledger: {n} claims, seed {seed}\n" + _dump(doc), encoding="utf-8")
    return path


def write_tree(root: Path, ledgers: int, n: int, seed: int = 0) -> list[Path]:
    """Write ``ledgers`` ledgers of ``n`` claims each under ``root/ledger-NNNN/``."""
    return [write_ledger(root / f"ledger-{k:04d}", n, seed + k) for k in range(ledgers)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--claims", type=int, default=100, help="claims per ledger")
    parser.add_argument("--tree", type=int, default=0, help="write this many ledgers")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.tree:
        write_tree(args.out, args.tree, args.claims, args.seed)
    else:
        write_ledger(args.out, args.claims, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
