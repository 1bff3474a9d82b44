"""schema.org ClaimReview JSON-LD read back into reviews: the inverse of ``claimreview``. No I/O.

The input is what fact-checkers publish and Google's Fact Check Tools read: one ClaimReview
object, a list of them, a JSON-LD ``@graph`` (other nodes in it are skipped), a ``DataFeed`` of
them, or JSON Lines (one ClaimReview a line). Everything that makes the input unusable — not
UTF-8, not JSON, an object that is not a ClaimReview, a review without ``claimReviewed``, two
reviews with one ``identifier`` — raises ``FactcheckError`` naming the record, so that nothing is
written from it.

``reviewRating`` goes onto the ledger's scale by its number when it has one on a stated scale
(``ratingValue`` between ``worstRating`` and ``bestRating``), else by its ``alternateName``
(the labels ``claimreview`` writes, and common ones: "False", "Half true", "Pants on Fire"…);
a rating on neither is ``unverified``. The ``alternateName`` is kept as published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.ledger.keys import DATE_RE, URL_RE
from factcheck.ledger.vocab import Rating

MAX_BYTES = 64 * 1024 * 1024  # an archive of 100,000 reviews is about 60 MB


@dataclass(frozen=True)
class Review:
    """One ClaimReview, as much of it as the ledger keeps."""

    record: int  # 1-based place in the input
    line: int | None  # its line, for JSON Lines
    identifier: str | None
    claim: str  # claimReviewed
    rating: Rating | None  # None: no reviewRating at all
    verdict: str | None  # reviewRating.alternateName, as published
    speaker: str | None  # itemReviewed.author's name(s)
    appeared: str | None  # itemReviewed.datePublished (YYYY[-MM[-DD]])
    appearance: tuple[str, ...]  # itemReviewed.appearance / firstAppearance urls
    url: str | None  # the review's url
    title: str | None  # the review's name or headline
    publisher: str | None  # the organisation that published the review
    authors: tuple[str, ...]  # the people who wrote it
    issued: str | None  # the review's datePublished
    body: str | None  # reviewBody

    @property
    def where(self) -> str:
        return f"record {self.record}" + (f" (line {self.line})" if self.line else "")


def read_reviews(data: bytes, path: Path | str) -> list[Review]:
    """The ClaimReviews in ``data`` (the bytes of a file or of stdin, shown as ``path``)."""
    if len(data) > MAX_BYTES:
        raise too_big(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactcheckError(
            f"not UTF-8 text (byte {exc.start}); nothing was written",
            path=path,
            hint="ClaimReview JSON-LD is UTF-8 JSON",
        ) from None
    reviews: list[Review] = []
    seen: dict[str, Review] = {}
    for n, (obj, line) in enumerate(_objects(text, path), start=1):
        review = _review(obj, n, line, path)
        if review.identifier is not None:
            first = seen.get(review.identifier)
            if first is not None:
                raise _bad(
                    path,
                    review,
                    f"identifier {review.identifier!r} is also {first.where}'s",
                    "each review needs its own identifier; remove the duplicate",
                )
            seen[review.identifier] = review
        reviews.append(review)
    if not reviews:
        raise FactcheckError(
            "no ClaimReview in the input; nothing was written",
            path=path,
            hint='give objects with "@type": "ClaimReview"',
        )
    return reviews


def too_big(path: Path | str) -> FactcheckError:
    return FactcheckError(
        f"the input is larger than {MAX_BYTES // (1024 * 1024)} MB; nothing was written",
        path=path,
        hint="split the archive (JSON Lines split on line boundaries) and import each part",
    )


# -- the shapes of the input --------------------------------------------------------------------


def _objects(text: str, path: Path | str) -> Iterator[tuple[Any, int | None]]:
    """Each object that should be a ClaimReview, with its line in JSON Lines."""
    try:
        whole: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        yield from _json_lines(text, path, exc)
        return
    yield from ((obj, None) for obj in _flatten(whole, path))


def _json_lines(text: str, path: Path | str, first: json.JSONDecodeError) -> Iterator[Any]:
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            # the first line unreadable: the input is not JSON at all, say where the whole failed
            bad = first if number == 1 or first.lineno > number else exc
            where = bad.lineno if bad is first else number
            raise FactcheckError(
                f"not JSON: {bad.msg}; nothing was written",
                path=path,
                line=where,
                col=bad.colno,
                hint="give ClaimReview JSON-LD: one object, a list, an @graph, or JSON Lines",
            ) from None
        for item in _flatten(obj, path):
            yield item, number


def _flatten(obj: Any, path: Path | str) -> Iterator[Any]:
    """The candidate reviews of one JSON value: itself, its items, its ``@graph``'s
    ClaimReviews, or a DataFeed's items."""
    if isinstance(obj, list):
        for item in obj:
            yield from _flatten(item, path) if isinstance(item, list) else _one(item, path)
        return
    yield from _one(obj, path)


def _one(obj: Any, path: Path | str) -> Iterator[Any]:
    if isinstance(obj, dict) and "@graph" in obj and not _is_review(obj):
        graph = obj["@graph"]
        yield from (n for n in (graph if isinstance(graph, list) else [graph]) if _is_review(n))
    elif isinstance(obj, dict) and "dataFeedElement" in obj and not _is_review(obj):
        for element in _as_list(obj["dataFeedElement"]):
            item = element.get("item", element) if isinstance(element, dict) else element
            yield from _as_list(item)
    else:
        yield obj


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _types(obj: dict[str, Any]) -> list[str]:
    return [t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in _as_list(obj.get("@type")) if t]


def _is_review(obj: Any) -> bool:
    return isinstance(obj, dict) and "ClaimReview" in _types(obj)


# -- one review ---------------------------------------------------------------------------------


def _bad(path: Path | str, review: Review | None, message: str, hint: str) -> FactcheckError:
    line = review.line if review else None
    where = review.where if review else ""
    return FactcheckError(
        f"{where}: {message}; nothing was written", path=path, line=line, hint=hint
    )


def _review(obj: Any, n: int, line: int | None, path: Path | str) -> Review:
    where = f"record {n}" + (f" (line {line})" if line else "")
    if not _is_review(obj):
        what = (
            f"@type {', '.join(_types(obj)) or 'missing'}"
            if isinstance(obj, dict)
            else f"a JSON {type(obj).__name__.replace('str', 'string')}"
        )
        raise FactcheckError(
            f"{where} is not a ClaimReview ({what}); nothing was written",
            path=path,
            line=line,
            hint='each record must be an object with "@type": "ClaimReview"',
        )
    claim = _text(obj.get("claimReviewed"))
    if claim is None:
        raise FactcheckError(
            f"{where} has no claimReviewed; nothing was written",
            path=path,
            line=line,
            hint="every ClaimReview must say, in claimReviewed, what claim it reviews",
        )
    item = obj.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    rating_obj = obj.get("reviewRating")
    rating_obj = rating_obj[0] if isinstance(rating_obj, list) and rating_obj else rating_obj
    rating, verdict = rating_of(rating_obj) if isinstance(rating_obj, dict) else (None, None)
    publisher, authors = _who(obj)
    return Review(
        record=n,
        line=line,
        identifier=_identifier(obj.get("identifier")),
        claim=claim,
        rating=rating,
        verdict=verdict,
        speaker=", ".join(_names(item.get("author"))) or None,
        appeared=_date(item.get("datePublished")),
        appearance=_urls(item),
        url=_url(obj.get("url")),
        title=_text(obj.get("name")) or _text(obj.get("headline")),
        publisher=publisher,
        authors=authors,
        issued=_date(obj.get("datePublished")),
        body=_text(obj.get("reviewBody")),
    )


def _text(value: Any) -> str | None:
    if isinstance(value, dict):  # {"@value": ..., "@language": ...}
        value = value.get("@value")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _identifier(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):  # a PropertyValue
        value = value.get("value", value.get("@value"))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _names(value: Any) -> list[str]:
    out = []
    for who in _as_list(value):
        name = _text(who.get("name")) if isinstance(who, dict) else _text(who)
        if name:
            out.append(name)
    return out


def _who(obj: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    """The review's publishing organisation and its people (``author`` and ``publisher``)."""
    orgs: list[str] = []
    people: list[str] = []
    for who in _as_list(obj.get("author")):
        name = _text(who.get("name")) if isinstance(who, dict) else _text(who)
        if name:
            is_person = isinstance(who, dict) and "Person" in _types(who)
            (people if is_person else orgs).append(name)
    orgs = _names(obj.get("publisher")) + orgs
    return (orgs[0] if orgs else None), tuple(people)


_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def _date(value: Any) -> str | None:
    """A date or date-time as the ledger keeps it (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    text = _text(value)
    if text is None:
        return None
    m = _DATE_PREFIX.match(text)
    if m and DATE_RE.match(m.group(0)):
        return m.group(0)
    return None


def _url(value: Any) -> str | None:
    text = _text(value)
    return text if text is not None and URL_RE.match(text) else None


def _urls(item: dict[str, Any]) -> tuple[str, ...]:
    out: list[str] = []
    for key in ("appearance", "firstAppearance"):
        for work in _as_list(item.get(key)):
            url = _url(work.get("url") if isinstance(work, dict) else work)
            if url and url not in out:
                out.append(url)
    return tuple(out)


# -- the rating ---------------------------------------------------------------------------------

# worst to best, as ClaimReview's numbers run
SCALE = tuple(sorted((r for r in Rating if r.value_on_scale), key=lambda r: r.value_on_scale or 0))

# Verdict words fact-checkers use, lowercased, → the ledger's scale (after the scale's own labels)
LABELS: dict[str, Rating] = {
    "accurate": Rating.ACCURATE,
    "true": Rating.ACCURATE,
    "correct": Rating.ACCURATE,
    "mostly accurate": Rating.MOSTLY_ACCURATE,
    "mostly-accurate": Rating.MOSTLY_ACCURATE,
    "mostly true": Rating.MOSTLY_ACCURATE,
    "mostly correct": Rating.MOSTLY_ACCURATE,
    "mixed": Rating.MIXED,
    "mixture": Rating.MIXED,
    "half true": Rating.MIXED,
    "half-true": Rating.MIXED,
    "partly true": Rating.MIXED,
    "partly false": Rating.MIXED,
    "misleading": Rating.MISLEADING,
    "mostly false": Rating.MISLEADING,
    "missing context": Rating.MISLEADING,
    "out of context": Rating.MISLEADING,
    "miscaptioned": Rating.MISLEADING,
    "inaccurate": Rating.INACCURATE,
    "false": Rating.INACCURATE,
    "incorrect": Rating.INACCURATE,
    "fake": Rating.INACCURATE,
    "pants on fire": Rating.INACCURATE,
    "pants on fire!": Rating.INACCURATE,
    "fabricated": Rating.INACCURATE,
    "unverified": Rating.UNVERIFIED,
    "unproven": Rating.UNVERIFIED,
}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def rating_of(obj: dict[str, Any]) -> tuple[Rating, str | None]:
    """A schema.org Rating → (its place on the ledger's scale, its alternateName as published)."""
    label = _text(obj.get("alternateName")) or _text(obj.get("name"))
    value = _number(obj.get("ratingValue"))
    best = _number(obj.get("bestRating"))
    worst = _number(obj.get("worstRating"))
    if value is not None and best is not None and worst is not None and best != worst:
        share = (value - worst) / (best - worst)
        if 0 <= share <= 1:
            return SCALE[round(share * (len(SCALE) - 1))], label
    if label is not None:
        key = re.sub(r"\s+", " ", label.strip().lower().rstrip("."))
        return LABELS.get(key, LABELS.get(key.rstrip("!"), Rating.UNVERIFIED)), label
    return Rating.UNVERIFIED, label
