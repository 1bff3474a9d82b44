"""The one verdict a reader sees for a claim: its status and its rating joined. No I/O.

The report page and ClaimReview both say it, so the markup's verdict is the page's verdict.
A rating, when the ledger gives one, is the verdict; the status then only qualifies it (a
``mostly-accurate`` claim that a source contradicts reads "Mostly accurate", with "a source
corrects a detail" beside it, never a red "disputed" badge). Without a rating the status speaks:

| status | rating | verdict | mark | needs attention |
| --- | --- | --- | --- | --- |
| any | accurate | Accurate | ✓ | no |
| any | mostly-accurate | Mostly accurate | ✓ | when a source contradicts it |
| any | mixed | Mixed | ◐ | yes |
| any | misleading | Misleading | ! | yes |
| any | inaccurate | Inaccurate | ✗ | yes |
| any | unverified | Unverified | ? | yes |
| disputed | — | Disputed | ✗ | yes |
| sourced | — | Supported | ✓ | no |
| unsourced | — | Unsubstantiated | ? | yes |
| opinion | — | Opinion, not rated | ❝ | no |

The mark is a character printed beside the words (not a colour), so the verdict reads the same
in grey, in print and to a screen reader (which reads the words; the mark is hidden from it).
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.ledger.models import Claim, Rating, Status

# tone: the page's colour family for the verdict (a second cue; the words and mark are the first)
_RATED = {
    Rating.ACCURATE: ("Accurate", "✓", "true"),
    Rating.MOSTLY_ACCURATE: ("Mostly accurate", "✓", "true"),
    Rating.MIXED: ("Mixed", "◐", "mixed"),
    Rating.MISLEADING: ("Misleading", "!", "false"),
    Rating.INACCURATE: ("Inaccurate", "✗", "false"),
    Rating.UNVERIFIED: ("Unverified", "?", "unknown"),
}
_UNRATED = {
    Status.DISPUTED: ("Disputed", "✗", "false"),
    Status.SOURCED: ("Supported", "✓", "true"),
    Status.UNSOURCED: ("Unsubstantiated", "?", "unknown"),
    Status.OPINION: ("Opinion, not rated", "❝", "opinion"),
}
ATTENTION_RATINGS = (Rating.MIXED, Rating.MISLEADING, Rating.INACCURATE, Rating.UNVERIFIED)

# What each verdict means, as the report's rating definitions print it (best to worst).
DEFINITIONS = (
    ("Accurate", "✓", "The claim is correct as stated (5 on ClaimReview's 1–5 scale)."),
    (
        "Mostly accurate",
        "✓",
        "Correct in substance; a detail (a figure, a date, a name) is off or needs context (4).",
    ),
    ("Mixed", "◐", "Partly correct and partly wrong (3)."),
    ("Misleading", "!", "The facts may be right but leave a false impression (2)."),
    ("Inaccurate", "✗", "The claim is wrong: a source shows it, as stated, to be false (1)."),
    ("Unverified", "?", "Checked, but the evidence settles it neither way (no number)."),
    ("Disputed", "✗", "A source contradicts the claim; no rating given yet (no number)."),
    ("Supported", "✓", "A cited source confirms the claim; no rating given (no number)."),
    (
        "Unsubstantiated",
        "?",
        "A factual claim for which no source was found; the note says what was searched.",
    ),
    (
        "Opinion, not rated",
        "❝",
        "Opinion or prediction: needs no source and is not rated (no ClaimReview).",
    ),
)


@dataclass(frozen=True)
class Verdict:
    """What the page and the markup say about one claim."""

    label: str  # "Mostly accurate"
    mark: str  # "✓": a non-colour cue beside the label
    tone: str  # true | mixed | false | unknown | opinion (a CSS class, a second cue)
    value: int | None  # 1–5 on ClaimReview's scale, None off the scale
    qualifier: str | None  # what the status adds: "a source corrects a detail"
    attention: bool  # disputed, misleading, unsourced and the like: shown first, highlighted

    @property
    def group(self) -> str:
        """The page's highlight group: attention (on by default), sourced, opinion."""
        if self.attention:
            return "attention"
        return "opinion" if self.tone == "opinion" else "sourced"


def verdict_of(status: Status | str, rating: Rating | str | None) -> Verdict:
    """The verdict for a claim's derived status and its (optional) rating."""
    status = Status(status)
    rating = Rating(rating) if rating else None
    qualifier = None
    if rating is None:
        label, mark, tone = _UNRATED[status]
        attention = status in (Status.DISPUTED, Status.UNSOURCED)
        return Verdict(label, mark, tone, None, None, attention)
    label, mark, tone = _RATED[rating]
    attention = rating in ATTENTION_RATINGS or status is Status.UNSOURCED
    if status is Status.DISPUTED:
        attention = True
        if rating in (Rating.ACCURATE, Rating.MOSTLY_ACCURATE):
            qualifier = "a source corrects a detail"
            tone = "mixed"
        else:
            qualifier = "contradicted by a source"
    elif status is Status.UNSOURCED:
        qualifier = "no source cited"
    return Verdict(label, mark, tone, rating.value_on_scale, qualifier, attention)


def claim_verdict(claim: Claim) -> Verdict:
    return verdict_of(claim.status, claim.rating)


SHORT_LIMIT = 75


def short_claim(claim: Claim) -> str:
    """The claim in at most 75 characters (ClaimReview's ``claimReviewed``, Google's advice).

    The rule: the ledger's ``short:`` when it has one; else the restated claim (or the quote)
    when it fits; else that text cut at the last word boundary before 74 characters, with "…".
    """
    if claim.short:
        return claim.short
    text = " ".join(claim.text.split())
    if len(text) <= SHORT_LIMIT:
        return text
    cut = text[: SHORT_LIMIT - 1]
    if " " in cut[SHORT_LIMIT // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—-") + "…"
