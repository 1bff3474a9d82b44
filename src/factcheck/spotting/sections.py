"""The section a quote falls under: the one rule ``add`` and ``extract`` share.

A heading is a short line alone between blank lines that does not end like a sentence. The
article's first line is its headline, not a section heading (``init`` takes it as the title), and
bylines, credit lines and datelines on a line of their own are not headings either. A quote's
section is what the ledger already calls the claims under the same heading (the nearest one
before the quote first), else that heading's own text, else none.
"""

from __future__ import annotations

import re

from factcheck.ledger.models import Ledger
from factcheck.spotting.furniture import dateline_end, is_credit
from factcheck.text.article import Article

_HEADING_END = re.compile(r"[.,;:!)\]\"”’'—–-]$")


def headings(text: str) -> list[tuple[int, str]]:
    """(offset, title) of the lines that look like section headings, in order."""
    out: list[tuple[int, str]] = []
    lines = text.split("\n")
    offset = 0
    seen_text = False
    for k, line in enumerate(lines):
        s = line.strip()
        before_blank = k == 0 or not lines[k - 1].strip()
        after_blank = k + 1 >= len(lines) or not lines[k + 1].strip()
        short = len(s.split()) <= 10 and len(s) <= 80
        if (
            s
            and seen_text  # the first line is the headline
            and before_blank
            and after_blank
            and short
            and not _HEADING_END.search(s)
            and not is_credit(s)
            and dateline_end(s) != len(s)
        ):
            out.append((offset + line.index(s[0]), s))
        seen_text = seen_text or bool(s)
        offset += len(line) + 1
    return out


class Sections:
    """Sections of one ledger's article: ``at(offset)`` for any number of quotes."""

    def __init__(self, ledger: Ledger, article: Article) -> None:
        self.marks = headings(article.text)
        self.named: list[tuple[int, int, str]] = []  # (region, start, section) of ledger claims
        for claim in ledger.claims:
            if not claim.section:
                continue
            found = article.locate(claim)
            if len(found) == 1:
                start = found[0].start
                self.named.append((self.region(start), start, claim.section))

    def region(self, offset: int) -> int:
        """0 before the first heading, k under the k-th."""
        return sum(1 for start, _ in self.marks if start <= offset)

    def at(self, offset: int) -> str | None:
        """The section of a quote that starts at ``offset``."""
        here = self.region(offset)
        same = [(start, name) for region, start, name in self.named if region == here]
        before = [s for s in same if s[0] <= offset]
        if before:
            return max(before)[1]
        if same:
            return min(same)[1]
        return self.marks[here - 1][1] if here else None


def guess_section(ledger: Ledger, article: Article, offset: int) -> str | None:
    """The section of one quote at ``offset`` (``Sections(ledger, article).at(offset)``)."""
    return Sections(ledger, article).at(offset)
