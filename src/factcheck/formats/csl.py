"""A ledger's sources as a CSL-JSON bibliography (CSL 1.0.2). No I/O.

What a reference manager needs to cite a source, and nothing of the ledger's own working:

- the outlet of an article, a news item or a web page is its ``container-title`` (APA and
  Chicago print it after the title); a report's, a book's or a statement's is its ``publisher``;
- the outlet is the ``publisher:`` value without the desk's remarks on it: parenthesised asides
  ("The Straits Times (Reuters)", "… (aggregator copy …)") and a trailing ", AFP report" or
  ", via …" go;
- ``accessed`` from the source's ``accessed:`` date; ``issued`` only when the source has one
  (a date is never made up);
- the source's ``note:`` is the fact-checker's remark and stays out (a style may print ``note``);
- names: see :func:`csl_name`.
"""

from __future__ import annotations

import re
from typing import Any

from factcheck.ledger.models import Ledger, Source

# Source types of the ledger format → CSL 1.0.2 item types.
CSL_TYPES = {
    "article": "article-magazine",
    "news": "article-newspaper",
    "report": "report",
    "statement": "document",
    "speech": "speech",
    "dataset": "dataset",
    "book": "book",
    "web": "webpage",
}

# Types whose outlet is the periodical or site the item appeared in (container-title); for the
# others the outlet is the body that published it (publisher).
CONTAINED = {"article", "news", "web"}

_ORG_WORDS = {
    "affairs", "agency", "association", "bank", "board", "bureau", "center", "centre",
    "committee", "council", "daily", "department", "desk", "editors", "foundation", "government",
    "group", "institute", "ministry", "network", "news", "office", "organisation", "organization",
    "party", "post", "press", "reuters", "service", "staff", "times", "university", "wire",
}  # fmt: skip

# Romanised Korean and Chinese family names that open a name written family first, as Korean,
# Chinese and most Asia-based outlets write them ("Moon Jae-in", "Shin Hyon-hee", "Kim Jong Un").
EAST_ASIAN_FAMILY = {
    "ahn", "bae", "baek", "chae", "chang", "cho", "choe", "choi", "chon", "chun", "chung",
    "han", "ho", "hong", "hwang", "hyun", "jang", "jeon", "jeong", "jin", "jo", "jung", "kang",
    "kim", "ko", "koh", "kwak", "kwon", "lee", "lim", "min", "moon", "mun", "nam", "noh", "oh",
    "pak", "park", "rhee", "ri", "rim", "roh", "ryu", "seo", "shim", "shin", "sohn", "son", "song",
    "suh", "sung", "um", "won", "woo", "yang", "yi", "yoo", "yoon", "yu", "yun", "byun",
    "chen", "deng", "guo", "huang", "jiang", "li", "liang", "lin", "liu", "luo", "ma", "mao",
    "sun", "tang", "wang", "wu", "xi", "xu", "zhang", "zhao", "zheng", "zhou", "zhu",
}  # fmt: skip

# One romanised given name: "Jae-in", "Hyon-hee", or a syllable of "Jong Un".
_HYPHENATED = re.compile(r"^[A-Z][a-z]+-[a-z]+$")
_SYLLABLE = re.compile(r"^[A-Z][a-z]{1,4}$")


def is_organisation(name: str) -> bool:
    words = name.replace(",", " ").split()
    if len(words) < 2 or len(words) > 5:
        return True
    if any(w.casefold().strip(".") in _ORG_WORDS for w in words):
        return True
    return not all(w[:1].isupper() for w in words)


def family_first(words: list[str]) -> bool:
    """Whether a personal name is written family name first, East Asian order: a known family
    name, then a hyphenated given name ("Moon Jae-in") or two one-syllable parts ("Kim Jong Un").
    A Western-order name ("Joori Roh", "Beina Xu") never starts with a family name of the list
    followed by such a given name; anything unclear can be written "Family, Given"."""
    if len(words) not in (2, 3) or words[0].casefold() not in EAST_ASIAN_FAMILY:
        return False
    given = words[1:]
    if len(given) == 1:
        return bool(_HYPHENATED.match(given[0]))
    return all(_SYLLABLE.match(g) for g in given)


def csl_name(name: str) -> dict[str, str]:
    """A CSL name: ``{family, given}`` for a personal name, ``{literal}`` for an organisation.

    "Family, Given" is split at the comma; an East Asian name in its own order (see
    :func:`family_first`) takes its first word as the family name; any other personal name its
    last word."""
    name = " ".join(name.split())
    if "," in name and not is_organisation(name):
        last, first = (p.strip() for p in name.split(",", 1))
        return {"family": last, "given": first}
    if is_organisation(name):
        return {"literal": name}
    words = name.split()
    if family_first(words):
        return {"family": words[0], "given": " ".join(words[1:])}
    *given, family = words
    return {"family": family, "given": " ".join(given)}


_ASIDE = re.compile(r"\s*\([^()]*(?:\)|$)")
_WIRE_REMARK = re.compile(r",\s*(?:[^,]*\breport|via\s[^,]*)$", re.IGNORECASE)


def outlet(publisher: str) -> str:
    """The outlet's name of a ``publisher:`` value, without parenthesised remarks or a trailing
    ", AFP report" or ", via PressReader": "The Straits Times (Reuters)" → "The Straits Times".
    The value itself when nothing would be left."""
    name = " ".join(publisher.split())
    previous = None
    while previous != name:
        previous, name = name, _ASIDE.sub("", name)
    name = _WIRE_REMARK.sub("", name).strip(" ,;")
    return name or " ".join(publisher.split())


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def csl_date(value: str) -> dict[str, Any]:
    """``YYYY[-MM[-DD]]`` → ``{"date-parts": [[y, m, d]]}``; anything else as a literal."""
    found = _DATE.match(value.strip())
    if not found:
        return {"literal": value}
    return {"date-parts": [[int(p) for p in found.groups() if p is not None]]}


def csl_item(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {"id": source.id, "type": CSL_TYPES.get(source.type or "", "document")}
    if source.title:
        item["title"] = source.title
    if source.author:
        item["author"] = [csl_name(a) for a in source.author]
    if source.publisher:
        key = "container-title" if source.type in CONTAINED else "publisher"
        item[key] = outlet(source.publisher)
    if source.issued:
        item["issued"] = csl_date(source.issued)
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = csl_date(source.accessed)
    return item


def csl_bibliography(ledger: Ledger) -> list[dict[str, Any]]:
    """Every source of the ledger as CSL-JSON, ordered by id."""
    return [csl_item(s) for s in sorted(ledger.sources.values(), key=lambda s: s.id)]
