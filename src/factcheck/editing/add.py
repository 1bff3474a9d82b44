"""Adding claims to claims.yaml: ``add``'s one claim, planned against the article (exact or
closest quote, prefix/suffix, id, section from the headings as ``extract`` guesses it:
``spotting/sections``), and ``extract --write``'s proposals. Both are appended through the safe
writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.editing.reanchor import Match, Reanchorer
from factcheck.editing.writer import LedgerFile
from factcheck.errors import FactcheckError
from factcheck.ledger.discover import display_path
from factcheck.ledger.keys import ID_RE
from factcheck.ledger.lookup import require_source
from factcheck.ledger.models import Kind, Ledger, Stance
from factcheck.spotting.sections import guess_section
from factcheck.text.article import Article
from factcheck.text.ids import slugify, unique_id

# A fuzzy span below this is not offered to `add` at all.
MIN_OFFER = 60.0


# --- add ----------------------------------------------------------------------------------


@dataclass
class NewClaim:
    """A claim ready to append; ``match`` is set when the quote was found only fuzzily."""

    entry: dict[str, Any]
    offset: int
    match: Match | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.entry["id"])


def _article(ledger: Ledger) -> Article:
    if ledger.article_text is None:
        raise FactcheckError(
            "the ledger's article has no readable text",
            path=display_path(ledger.claims_path),
            hint="`factcheck check` says why (article: and its source's text:)",
        )
    return Article(ledger.article_text)


def plan_claim(
    ledger: Ledger,
    *,
    quote: str,
    kind: Kind,
    claim: str | None = None,
    tags: Sequence[str] = (),
    speaker: str | None = None,
    section: str | None = None,
    source: str | None = None,
    stance: Stance | None = None,
    says: str | None = None,
    locator: str | None = None,
    claim_id: str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> NewClaim:
    """Everything ``add`` will write, checked against the ledger and the article.

    A quote the article holds more than once is narrowed by ``prefix``/``suffix`` (the text just
    before and after it, as ``check`` reads them), which are then written with the claim.
    """
    article = _article(ledger)
    if not quote.strip():
        raise FactcheckError("the quote is empty", hint="give --quote the article's words")
    starts = article.occurrences(quote)
    if prefix is not None or suffix is not None:
        if not starts:
            raise FactcheckError(
                "--prefix and --suffix narrow an exact quote, and this one is not in the article",
                hint="copy the words exactly from the article (`factcheck search` helps)",
            )
        starts = _narrowed(article, starts, quote, prefix, suffix)
    match: Match | None = None
    if len(starts) > 1:
        places = ", ".join("{}:{}".format(*article.linecol(s)) for s in starts[:5])
        places += ", …" if len(starts) > 5 else ""
        narrowed = " with that --prefix/--suffix" if prefix or suffix else ""
        example = _telling_prefix(article.text, starts)
        raise FactcheckError(
            f"the quote occurs {len(starts)} times in the article{narrowed} (at {places})",
            hint="pass --prefix with the words just before the place you mean"
            + (f" (e.g. --prefix {example!r} for {places.split(',')[0]})" if example else "")
            + ", or --suffix with those just after it",
        )
    if starts:
        offset = starts[0]
    else:
        match = Reanchorer(article).relocate(quote)
        if match is None or match.score < MIN_OFFER:
            raise FactcheckError(
                "the quote is not in the article, and nothing in it is close",
                hint="copy the words exactly from the article (`factcheck search` helps)",
            )
        if match.ambiguous:
            raise FactcheckError(
                "the quote is not in the article, and several spans are as close",
                hint="copy the words exactly from the article",
            )
        offset = match.anchor.start
        quote = match.text
    if source is not None:
        require_source(ledger, source)
        if stance is None or not (says or "").strip():
            raise FactcheckError(
                "--source needs --stance and --says", hint="say what the source says, in your words"
            )
    elif stance is not None or says is not None:
        raise FactcheckError("--stance and --says need --source")
    taken = {c.id for c in ledger.claims}
    if claim_id is not None:
        if not ID_RE.match(claim_id):
            raise FactcheckError(
                f"'{claim_id}' is not a valid id", hint="use lowercase letters, digits and hyphens"
            )
        if claim_id in taken:
            raise FactcheckError(f"claim id '{claim_id}' is already used", hint="choose another")
        new_id = claim_id
    else:
        new_id = unique_id(slugify(claim or quote), taken)
    notes: list[str] = [
        f"claim '{c.id}' already quotes the same words"
        for c in ledger.claims
        if c.quote == quote and any(a.start == offset for a in article.locate(c))
    ]
    if section is None:
        section = guess_section(ledger, article, offset)
        if section:
            notes.append(f"section guessed from the heading above the quote: {section}")
    entry: dict[str, Any] = {"id": new_id, "quote": quote}
    if prefix:
        entry["prefix"] = prefix
    if suffix:
        entry["suffix"] = suffix
    if claim:
        entry["claim"] = claim
    entry["kind"] = kind.value
    if speaker:
        entry["speaker"] = speaker
    if section:
        entry["section"] = section
    if tags:
        entry["tags"] = list(tags)
    if source is not None and stance is not None and says is not None:
        ev = {"source": source, "stance": stance.value, "says": says}
        if locator:
            ev["locator"] = locator
        entry["evidence"] = [ev]
    elif kind.is_factual:
        article_word = "an" if kind is Kind.ATTRIBUTION else "a"
        notes.append(
            f"{article_word} {kind.value} claim without evidence fails `check` until it cites one"
        )
    return NewClaim(entry, offset, match, notes)


def _narrowed(
    article: Article, starts: list[int], quote: str, prefix: str | None, suffix: str | None
) -> list[int]:
    """The occurrences that ``prefix``/``suffix`` allow (``Article.narrow``, as ``check`` reads
    them); none is an error that says which of the two rules them all out."""
    kept = article.narrow(starts, len(quote), prefix=prefix)
    if not kept:
        raise FactcheckError(
            f"no occurrence of the quote comes right after --prefix {prefix!r}",
            hint="the prefix must end exactly where the quote starts (spaces count)",
        )
    kept = article.narrow(kept, len(quote), suffix=suffix)
    if not kept:
        raise FactcheckError(
            f"no occurrence of the quote{' after that prefix' if prefix else ''} is followed by "
            f"--suffix {suffix!r}",
            hint="the suffix must start exactly where the quote ends (spaces count)",
        )
    return kept


def _telling_prefix(text: str, starts: list[int], limit: int = 60) -> str | None:
    """The fewest whole words before the first occurrence that no other occurrence has before
    it: a --prefix that picks it out. None when 60 characters do not tell them apart."""
    first = starts[0]
    cut = first
    while cut > 0 and first - cut < limit:
        cut -= 1
        while cut > 0 and not (text[cut - 1].isspace() and not text[cut].isspace()):
            cut -= 1
        candidate = text[cut:first]
        if "\n" in candidate:
            return None
        if not any(text.endswith(candidate, 0, s) for s in starts[1:]):
            return candidate
    return None


def write_claim(ledger: Ledger, new: NewClaim) -> int:
    """Append the claim to claims.yaml; returns the line it starts on."""
    text = append_claims(ledger.claims_path, [new.entry])
    marker = f"- id: {new.entry['id']}"
    return text[: text.rindex(marker)].count("\n") + 1


def append_claims(
    claims_path: Path, entries: Sequence[dict[str, Any]], *, as_of: str | None = None
) -> str:
    """Append claim entries to the claims list (no other line changes); returns the new text.

    ``as_of`` is the digest of claims.yaml when the entries were planned: a file changed since
    is not written.
    """
    f = LedgerFile.read(claims_path, as_of=as_of)
    f.extend(["claims"], entries)
    return f.save()
