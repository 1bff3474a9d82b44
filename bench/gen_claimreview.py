"""A deterministic synthetic archive of published fact-checks (schema.org ClaimReview), for the
import benchmark: the shape fact-checkers publish, with field lengths near a real archive's
(claim ≈ 100 characters, a headline, a review url, an appearance, an author, dates, a verdict
from a publisher's own scale).

    python bench/gen_claimreview.py OUT.jsonl --reviews 10373          # JSON Lines
    python bench/gen_claimreview.py OUT.json --reviews 10373 --shape list

The same arguments always write the same bytes. No real fact-check is reproduced: the words are
drawn from a fixed list.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

WORDS = [
    "government",
    "minister",
    "vaccine",
    "election",
    "ballots",
    "border",
    "tax",
    "budget",
    "hospital",
    "school",
    "climate",
    "emissions",
    "wages",
    "jobs",
    "crime",
    "police",
    "army",
    "sanctions",
    "talks",
    "summit",
    "harvest",
    "factory",
    "railway",
    "senator",
    "governor",
    "president",
    "mayor",
    "photo",
    "video",
    "viral",
    "post",
    "shows",
    "says",
    "claims",
    "announced",
    "banned",
    "million",
    "billion",
    "percent",
    "doubled",
    "halved",
    "never",
    "always",
    "every",
    "new",
    "old",
    "secret",
    "leaked",
    "official",
]
VERDICTS = [  # (alternateName, ratingValue on the publisher's 1-6 scale or None)
    ("False", 1),
    ("Pants on Fire!", 1),
    ("Mostly False", 2),
    ("Half True", 3),
    ("Mixture", None),
    ("Mostly True", 5),
    ("True", 6),
    ("Miscaptioned", None),
    ("Unproven", None),
    ("Misleading", None),
]
PUBLISHERS = ["Example Checks", "Verify Desk", "Sample Truth Lab", "Demo Fact Squad"]


def review(i: int, rng: random.Random) -> dict[str, Any]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    claim = " ".join(words).capitalize() + "."
    label, value = VERDICTS[rng.randrange(len(VERDICTS))]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating.update(ratingValue=value, bestRating=6, worstRating=1)
    year, month, day = 2014 + i % 7, 1 + i % 12, 1 + i % 28
    publisher = PUBLISHERS[i % len(PUBLISHERS)]
    slug = "-".join(words[:6])
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"fc-{i:06d}",
        "url": f"https://checks.example.org/{year}/{slug}-{i}/",
        "name": f"Fact check: {' '.join(words[:8])}?",
        "datePublished": f"{year}-{month:02d}-{day:02d}",
        "author": {"@type": "Organization", "name": publisher, "url": "https://checks.example.org"},
        "claimReviewed": claim,
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": f"Speaker {i % 97}"},
            "datePublished": f"{year}-{month:02d}-{max(1, day - 1):02d}",
            "appearance": {"@type": "CreativeWork", "url": f"https://social.example.com/p/{i}"},
        },
    }
    if i % 3 == 0:
        out["reviewBody"] = " ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + "."
    return out


def write_archive(
    out: Path, n: int, shape: str = "jsonl", seed: int = 2020, start: int = 0
) -> Path:
    """``n`` reviews, their identifiers numbered from ``start`` (another archive to append)."""
    rng = random.Random(seed)
    reviews = [review(i, rng) for i in range(start, start + n)]
    if shape == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reviews)
    else:
        text = json.dumps(reviews, ensure_ascii=False, indent=1) + "\n"
    out.write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reviews", type=int, default=10373)
    parser.add_argument("--shape", choices=("jsonl", "list"), default="jsonl")
    args = parser.parse_args()
    write_archive(args.out, args.reviews, args.shape)


if __name__ == "__main__":
    main()
