"""A story's furniture: datelines, bylines and credit lines, which no claim quotes.

A wire story opens its first paragraph with a dateline ("TOKYO (Jiji Press) —", "SEOUL, Oct 3
(Reuters) -") and carries bylines ("By Jane Doe") and credit lines ("Reporting by …; Editing by
…"). ``content`` gives the stretches of a sentence left when they are taken out, so a proposed
quote never starts with a dateline and a byline is never proposed at all.
"""

from __future__ import annotations

import re

# A city in capitals (one to four words), then a place or date (", Oct. 3", ", South Korea"),
# then the agency in brackets, then a dash: an em or en dash, or a hyphen after a space.
DATELINE = re.compile(
    r"""
    (?P<place>[A-Z][A-Z'’.\-]+(?:[ \t\u00a0]+[A-Z][A-Z'’.\-]+){0,3})
    (?:,[ \t\u00a0]*[A-Z][A-Za-z.]*(?:[ \t\u00a0]+[A-Za-z][A-Za-z.]*){0,3}
       (?:[ \t\u00a0]+\d{1,2})?(?:,[ \t\u00a0]*\d{4})?)?
    (?:[ \t\u00a0]*\((?P<agency>[^()\n]{1,40})\))?
    (?:[ \t\u00a0]*[—–]+|[ \t\u00a0]+-{1,2})
    [ \t\u00a0]*
    """,
    re.VERBOSE,
)
_NAME = r"[A-Z][\w.'’-]*"
_CREDIT = re.compile(
    r"^\(?\s*(?:Reporting|Additional reporting|Writing|Written|Editing|Edited|Compiled|Photos?|"
    r"Reported)\b[^\n]*?\bby\b"  # credit lines: "(Reporting by …; Editing by …)"
    rf"|^(?:By|BY)[ \t\u00a0]+{_NAME}(?:[ \t\u00a0]+(?:{_NAME}|and|&|de|van|von|al|bin))*"
    rf"(?:[ \t\u00a0]*,[ \t\u00a0]*{_NAME}(?:[ \t\u00a0]+{_NAME})*)*[ \t\u00a0]*$"  # bylines
)
_AGENCY_ONLY = re.compile(r"^\([^()\n]{1,40}\)$")  # "(Reuters)" alone


def dateline_end(text: str, start: int = 0) -> int:
    """Where the text after a dateline at ``start`` begins; ``start`` when there is none."""
    m = DATELINE.match(text, start)
    if m is None:
        return start
    place = m.group("place").replace(".", "").replace("-", "").replace("'", "")
    if len(place.replace(" ", "")) < 3 or not place.isupper():
        return start
    return m.end()


def is_credit(line: str) -> bool:
    """A byline or a credit line: "By Jane Doe", "(Reporting by …; Editing by …)"."""
    s = line.strip()
    if not s or len(s.split()) > 30:
        return False
    return bool(_CREDIT.match(s))


def content(sentence: str) -> list[tuple[int, int]]:
    """The stretches of ``sentence`` that hold its words once credit lines and a leading
    dateline are taken out, as (start, end) offsets into it; ``[]`` for pure furniture."""
    stretches: list[tuple[int, int]] = []
    pos = 0
    lines: list[tuple[int, int]] = []
    for line in sentence.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    run: tuple[int, int] | None = None
    for s, e in lines:
        if is_credit(sentence[s:e]) or _dateline_only(sentence[s:e]):
            if run is not None:
                stretches.append(run)
            run = None
            continue
        run = (s, e) if run is None else (run[0], e)
    if run is not None:
        stretches.append(run)
    out: list[tuple[int, int]] = []
    for s, e in stretches:
        while s < e and sentence[s].isspace():
            s += 1
        while (after := dateline_end(sentence, s)) != s:
            s = after
        while e > s and sentence[e - 1].isspace():
            e -= 1
        rest = sentence[s:e]
        if s < e and not _AGENCY_ONLY.match(rest) and not is_credit(rest):
            out.append((s, e))
    return out


def _dateline_only(line: str) -> bool:
    s = line.strip()
    return bool(s) and dateline_end(s) == len(s)
