"""Claims, not sentences: a sentence that holds several checkable facts cut into atomic spans.

A news sentence often packs two or three facts: figures and dates joined by "and" or "while"
("Exports rose 4.2% in September, while imports fell 2.3% and the deficit narrowed"), clauses
after a semicolon, or a relative clause that asserts a fact of its own (", which Pyongyang bombed
in June 2020"). ``claim_spans`` cuts such a sentence into spans that each hold one; every span is
an exact substring of the sentence (``sentence[p.start:p.end] == p.text``), and no cut falls
inside a quotation.
"""

from __future__ import annotations

import re

from factcheck.spotting.attribution import is_frame
from factcheck.spotting.sentences import FIGURE, Piece

DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)\b\.?"
)
# Where a sentence may be cut: the cut removes ``sep``; the next span starts with what follows.
_BREAK = re.compile(
    r"(?P<sep>\s*;\s*"
    r"|,\s+(?=(?:and|but|while|whereas|although|though)\b)"
    r"|\s+(?=(?:while|whereas|but)\b)"
    r"|,\s+(?=(?:as|after|before|since|because)\b)"
    r"|,\s+(?!(?:including|according|excluding|during|following|regarding)\b)(?=[a-z]+ing\b)"
    r"|(?<=[\d%]),\s+"
    r"|(?:(?<=million)|(?<=billion)|(?<=trillion)|(?<=percent)),\s+"
    # "… and the deficit narrowed", "… and Pyongyang is", "… and reached": a clause (its subject
    # opens with a determiner or a name, or it shares the first one's), not a list of nouns
    r"|(?P<and>\s+)(?=and\s+(?:(?:(?:the|its|his|her|their|a|an|this|these|[A-Z][\w’'-]*)\s+)"
    r"(?:[\w’'-]+\s+){0,3})?"
    r"(?:is|was|were|are|has|had|have|rose|fell|grew|shrank|dropped|climbed|slid|stood|"
    r"reached|narrowed|widened|increased|decreased|declined|jumped|totalled|totaled|"
    r"\w+ed)\b)"
    # the comma that ends a sentence's opening clause: "While X, Y", "Though X, Y" (last: any
    # comma the alternatives above take is theirs)
    r"|(?P<opening>,\s+))",
)
_RELATIVE = re.compile(
    r"(?<=,)\s*((?:which|who)\s+(?:[a-z]+ly\s+)?[a-z]+\b[^,;]*)",
    re.IGNORECASE,
)
_LEADING_JOIN = re.compile(r"(?:and|but)\s+", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
MIN_WORDS = 4
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|"
    r"should|did|does|do|rose|fell|grew|shrank|flew|hit|cut|lost|won|met|made|paid|spent|sold|"
    r"bought|built|took|gave|went|came|saw|left|led|began|become|became|kept|held|set|put|ran|"
    r"told|said|says|stood|fired|\w+ed)\b",
    re.IGNORECASE,
)


def _quoted(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]


def _inside(at: int, regions: list[tuple[int, int]]) -> bool:
    return any(s < at < e for s, e in regions)


# A name: a capitalised word that does not open the text ("… and Pyongyang is right").
NAME = re.compile(r"(?<=[\s(“‘\"'])(?:[A-Z][\w’'.-]*[a-z\d]|[A-Z]{2,})\b")


def checkable(text: str) -> bool:
    """Whether a span holds something a source can confirm: a figure, a date or a name."""
    return bool(FIGURE.search(text) or DATE.search(text) or NAME.search(text))


def _markers(text: str) -> int:
    return len(FIGURE.findall(text)) + len(DATE.findall(text)) + len(NAME.findall(text))


def _span(sentence: str, s: int, e: int) -> Piece | None:
    while s < e and sentence[s].isspace():
        s += 1
    m = _LEADING_JOIN.match(sentence, s, e)
    if m is not None:
        s = m.end()
    while e > s and (sentence[e - 1].isspace() or sentence[e - 1] in ",;:"):
        e -= 1
    return Piece(sentence[s:e], s, e) if e - s >= 3 else None


def _after_name(sentence: str, at: int) -> bool:
    """Whether the word ending at ``at`` is capitalised: "Japan and South Korea" joins names."""
    end = at
    while end > 0 and sentence[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not sentence[start - 1].isspace():
        start -= 1
    return sentence[start:end][:1].isupper()


_SUBORDINATE = re.compile(
    r"(?:While|Though|Although|As|Since|Because|Whereas|After|Before|When|If|Unless)\s"
)


def _opens_clause(sentence: str, start: int, comma: int) -> bool:
    """Whether the comma at ``comma`` ends an opening subordinate clause that starts the
    sentence ("While the share of output declined from 28% to 5.9%, …")."""
    return (
        start == 0 and bool(_SUBORDINATE.match(sentence)) and bool(_VERB.search(sentence, 0, comma))
    )


def clause_spans(sentence: str) -> list[Piece]:
    """The sentence cut at clause boundaries into spans that each hold a figure, a date or a
    name, a verb and at least four words; ``[]`` when fewer than two such spans come out."""
    if _markers(sentence) < 2:
        return []
    regions = _quoted(sentence)

    def alone(s: int, e: int) -> bool:
        part = sentence[s:e]
        words = len(part.split())
        has_fact = checkable(part) or words >= 2 * MIN_WORDS
        verb = bool(_VERB.search(part))
        return has_fact and words >= MIN_WORDS and verb and not is_frame(part)

    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _BREAK.finditer(sentence):
        if _inside(m.start(), regions) or m.start() <= pos:
            continue
        if m.group("opening") is not None and not _opens_clause(sentence, pos, m.start()):
            continue
        if m.group("and") is not None and (
            _after_name(sentence, m.start()) or not alone(pos, m.start())
        ):
            continue  # "Japan and South Korea alleged", "fisheries and forestry": lists
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(sentence)))

    merged: list[tuple[int, int]] = []
    for s, e in pieces:  # a piece that cannot stand alone joins the one before it
        if merged and (not alone(s, e) or not alone(*merged[-1])):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    spans = [sp for s, e in merged if (sp := _span(sentence, s, e)) is not None]
    return spans if len(spans) >= 2 else []


def relative_spans(sentence: str) -> list[Piece]:
    """Non-restrictive relative clauses that assert a fact (", which was bombed in 2020")."""
    regions = _quoted(sentence)
    out: list[Piece] = []
    for m in _RELATIVE.finditer(sentence):
        if _inside(m.start(1), regions):
            continue
        sp = _span(sentence, m.start(1), m.end(1))
        if sp is not None and len(sp.text.split()) >= MIN_WORDS - 1:
            out.append(sp)
    return out


def claim_spans(sentence: str) -> list[Piece]:
    """The atomic spans of a sentence, in order; ``[]`` when the sentence is one claim.

    Clause spans tile the sentence (less the joining words); a relative clause that is not a
    clause span of its own is added beside the span that holds it, so both the main claim and
    the clause's fact are proposed.
    """
    spans = clause_spans(sentence)
    s, e = 0, len(sentence)
    while s < e and sentence[s].isspace():
        s += 1
    while e > s and sentence[e - 1].isspace():
        e -= 1
    whole = spans or [Piece(sentence[s:e], s, e)]
    extra = [r for r in relative_spans(sentence) if all(r.text != s.text for s in whole)]
    if not spans and not extra:
        return []
    return sorted(whole + extra, key=lambda p: (p.start, -p.end))
