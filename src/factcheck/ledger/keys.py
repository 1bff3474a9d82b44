"""The ledger format's tables: the keys each mapping allows, the values of its enumerations, and
the patterns of ids, dates and addresses.

The rules built on them (``factcheck.ledger.build``) and the JSON Schemas in
``factcheck/schema/`` describe the same format; a test keeps them in agreement.
"""

from __future__ import annotations

import re

from factcheck.ledger.vocab import Kind, Rating, Stance

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL_RE = re.compile(r"^https?://\S+$")

CLAIM_KEYS = (
    "id",
    "quote",
    "claim",
    "short",
    "kind",
    "speaker",
    "section",
    "tags",
    "evidence",
    "rating",
    "note",
    "prefix",
    "suffix",
    "ignore",
)
# Format 2: claims that quote no article (``quote`` optional when ``claim`` is given), with where
# and when they appeared and a published review's own verdict; ``article`` optional.
CLAIM_KEYS_2 = (
    "id",
    "quote",
    "claim",
    "kind",
    "speaker",
    "appeared",
    "appearance",
    "section",
    "tags",
    "evidence",
    "rating",
    "verdict",
    "note",
    "prefix",
    "suffix",
    "ignore",
)
EVIDENCE_KEYS = ("source", "stance", "says", "locator")
IGNORE_KEYS = ("rule", "reason")
SOURCE_KEYS = (
    "id",
    "type",
    "title",
    "author",
    "publisher",
    "issued",
    "url",
    "archive",
    "accessed",
    "text",
    "note",
    "ignore",
)
TOP_KEYS = ("format", "article", "review", "claims")
# ``review:``, optional: who published the fact-check and how (the report's accountability block
# and ClaimReview's author read it; nothing there is ever filled in by the program).
REVIEW_KEYS = (
    "reviewer",
    "reviewer_url",
    "same_as",
    "url",
    "published",
    "updated",
    "methodology",
    "corrections",
)
SHORT_MAX = 75  # a claim's ``short:`` restatement, at most this long (Google's ClaimReview advice)
KINDS = tuple(k.value for k in Kind)
RATINGS = tuple(r.value for r in Rating)
STANCES = tuple(s.value for s in Stance)
