"""Proposed claims: what ``extract`` offers for the check-worthy sentences no claim covers.

Each proposal is an atomic span of the article (``atomic.claim_spans``) with the dateline and
bylines left out (``furniture``), a guessed kind and speaker (``attribution``: a pronoun is the
last speaker named before it) and the section ``add`` would give it (``sections``). The quote is
the article's own text, offsets exact, curly quotes and no-break spaces included; a quote the
article holds more than once carries the ``prefix`` that picks its place out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from factcheck.ledger.models import Ledger
from factcheck.spotting.atomic import claim_spans
from factcheck.spotting.attribution import PRONOUN, guess_kind, speaker_of
from factcheck.spotting.candidates import Candidate
from factcheck.spotting.furniture import content
from factcheck.spotting.sections import Sections
from factcheck.text.article import Article
from factcheck.text.ids import slugify, unique_id

PREFIX_CHARS = 40


@dataclass(frozen=True)
class Proposal:
    """One proposed claim: an exact span of the article and what is guessed about it."""

    id: str
    quote: str
    start: int
    end: int
    line: int
    col: int
    kind: str
    speaker: str | None
    section: str | None
    prefix: str | None
    checkworthy: float
    subjective: float

    def entry(self) -> dict[str, Any]:
        """The claim entry written to claims.yaml, in the ledger's key order."""
        out: dict[str, Any] = {"id": self.id, "quote": self.quote}
        if self.prefix is not None:
            out["prefix"] = self.prefix
        out["kind"] = self.kind
        if self.speaker:
            out["speaker"] = self.speaker
        if self.section:
            out["section"] = self.section
        return out


@dataclass(frozen=True)
class _Span:
    start: int  # into the article
    end: int
    attributed: bool
    speaker: str | None  # None when attributed to someone not named


def _named(found: str | None, named: list[str]) -> str | None:
    """A speaker by the fullest name used before: "Hamada" after "Chief Cabinet Secretary Kenji
    Hamada" is him, "the ministry" after "the Finance Ministry" is it."""
    if found is None:
        return None
    words = found.split()
    if len(words) == 1:
        last = found
    elif len(words) == 2 and words[0] in ("The", "the") and words[1].islower():
        last = words[1].capitalize()
    else:
        return found
    return next((n for n in reversed(named) if n.split()[-1] == last and n != found), found)


_PARTICIPLE = re.compile(r"[a-z]+ing\b")


@dataclass(frozen=True)
class _Voice:
    """Whether a text is attributed, and to whom (None: someone not named)."""

    attributed: bool
    speaker: str | None

    @staticmethod
    def of(text: str, named: list[str]) -> _Voice:
        """The voice of ``text``; a named speaker is added to ``named``, a pronoun is its last."""
        found = speaker_of(text)
        if found is None:
            return _Voice(False, None)
        if found == PRONOUN:
            return _Voice(True, named[-1] if named else None)
        speaker = _named(found, named)
        if speaker is not None and (not named or named[-1] != speaker):
            named.append(speaker)
        return _Voice(True, speaker)


def _spans(cands: list[Candidate], headings: set[int]) -> Iterator[tuple[Candidate, list[_Span]]]:
    """Every sentence's atomic spans with their speaker, furniture and section headings left
    out; a pronoun is the last speaker named in an earlier sentence."""
    named: list[str] = []
    for c in cands:
        spans: list[_Span] = []
        text = c.sentence.text
        for s, e in content(text):
            if c.sentence.start + s in headings:
                continue
            stretch = text[s:e]
            whole = _Voice.of(stretch, named)
            pieces = claim_spans(stretch)
            pieces_at = [(p.start, p.end) for p in pieces] or [(0, len(stretch))]
            before = whole
            for ps, pe in pieces_at:
                voice = whole
                if not whole.attributed:  # "Before Kim spoke, Ri had rejected it, claiming …"
                    own = _Voice.of(stretch[ps:pe], named)
                    follows = _PARTICIPLE.match(stretch, ps) is not None
                    voice = own if own.attributed else before if follows else own
                before = voice
                start = c.sentence.start + s
                spans.append(_Span(start + ps, start + pe, voice.attributed, voice.speaker))
        yield c, spans


def proposals(
    ledger: Ledger,
    cands: list[Candidate],
    *,
    min_score: float = 0.5,
    include_covered: bool = False,
) -> list[Proposal]:
    """The proposals for the sentences at least ``min_score`` check-worthy that no claim covers
    (all of them with ``include_covered``), in article order."""
    article = Article(ledger.article_text or "")
    sections = Sections(ledger, article)
    taken = {c.id for c in ledger.claims}
    out: list[Proposal] = []
    for c, spans in _spans(cands, {start for start, _ in sections.marks}):
        if c.score.checkworthy < min_score or (c.covered_by and not include_covered):
            continue
        for sp in spans:
            quote = article.text[sp.start : sp.end]
            if not quote.strip():
                continue
            new_id = unique_id(slugify(quote, max_words=5), taken)
            taken.add(new_id)
            prefix = None
            if len(article.occurrences(quote)) > 1:
                prefix = article.text[max(0, sp.start - PREFIX_CHARS) : sp.start]
            subjective = c.score.subjective_label
            kind = guess_kind(quote, attributed=sp.attributed, subjective=subjective)
            line, col = article.linecol(sp.start)
            out.append(
                Proposal(
                    id=new_id,
                    quote=quote,
                    start=sp.start,
                    end=sp.end,
                    line=line,
                    col=col,
                    kind=kind,
                    speaker=sp.speaker,
                    section=sections.at(sp.start),
                    prefix=prefix,
                    checkworthy=round(c.score.checkworthy, 3),
                    subjective=round(c.score.subjective, 3),
                )
            )
    return out


def entries_yaml(found: list[Proposal], indent: int = 2) -> str:
    """Proposals as YAML list items, ready to paste under ``claims:`` (scores as comments).

    The items are rendered as ``extract --write`` appends them to a list at that indentation.
    """
    from factcheck.editing.emit import Style, render_items

    lines: list[str] = []
    for p in found:
        lines.append(" " * indent + f"# check-worthiness {p.checkworthy:.2f}, line {p.line}")
        lines.extend(render_items([p.entry()], indent, Style()))
    return "".join(line + "\n" for line in lines)
