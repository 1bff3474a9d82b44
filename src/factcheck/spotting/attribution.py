"""Who a sentence reports as speaking, and the kind of claim a span makes.

``speaker_of`` reads the frames a news story attributes with: "Hamada said …", "…, the ministry
said", "…, said Hamada", "according to the Bank of Korea", "The ministry condemned the launch
as “…”". ``guess_kind`` then picks the claim kind the ledger format knows: an attributed span is
an ``attribution`` (whether the speaker said it is what a source can confirm), a span about the
future a ``prediction``, a subjective one an ``opinion``, anything else a ``fact``.

A pronoun speaker ("he said") is returned as ``PRONOUN``; the caller resolves it to the last
speaker named before it.
"""

from __future__ import annotations

import re

PRONOUN = "\x00pronoun"

_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|announced|announces|claimed|claims|"
    "warned|warns|noted|notes|reported|reports|estimated|estimates|condemned|condemns|"
    "denounced|denounces|criticised|criticized|criticises|criticizes|accused|accuses|"
    "insisted|insists|argued|argues|hinted|hints|urged|urges|called|calls|described|describes|"
    "dubbed|blamed|blames|alleged|alleges|rejected|rejects|vowed|vows|pledged|pledges|"
    "confirmed|confirms|denied|denies|disclosed|revealed|reveals|wrote|writes|tweeted|"
    "explained|explains|predicted|predicts|forecast|forecasts|acknowledged|admitted|stressed|"
    "emphasised|emphasized|asserted|asserts|maintained|declared|declares|complained|"
    "suggested|suggests|proposed|replied|responded|slammed|lambasted|decried|deplored|"
    "justified|protested"
)
_SAY = "said|says|told|added|wrote|noted|warned|stated|explained|insisted|argued|stressed"
_WORD = r"[\w’'.\-]+"
_NP = rf"{_WORD}(?:[ \t\u00a0]+{_WORD}){{0,7}}"
_Q_CLOSE = "”\"’'"

# "Hamada said …", "The foreign ministry condemned …", "Ambassador Kim further stated …"
_LEADING = re.compile(
    rf"^(?P<sp>{_NP}?)(?:,[^,]{{3,80}},)?[ \t\u00a0]+"
    r"(?:(?:[a-z]+ly|also|further|later|then|again|earlier|separately|had|has|have)[ \t\u00a0]+)?"
    rf"(?:{_VERBS})\b"
)
# "…, the ministry said on Thursday."  "“…,” Hamada told reporters."
_TRAILING = re.compile(
    rf"(?:,|[{_Q_CLOSE}])[ \t\u00a0]*(?P<sp>{_NP}?)(?:,[^,]{{3,80}},)?[ \t\u00a0]+(?:{_SAY})\b"
    r"[^,;“\"]{0,60}(?:[,;]|$)"
)
# "…, said Hamada, the chief cabinet secretary."
_INVERTED = re.compile(
    rf"(?:,|[{_Q_CLOSE}])[ \t\u00a0]*(?:{_SAY})[ \t\u00a0]+(?P<sp>{_NP}?)\s*(?:[,.]|$)"
)
# A clause that only says who spoke: "the Bank of Korea said on Friday", "said Hamada".
_WHEN = (
    r"(?:on|in|at|to|late|early|last|this|a|an|the|statement|reporters|press|news|conference|"
    r"briefing|interview|\w+day|morning|evening|night|week|month|year|\d+|[A-Z][a-z]+\.?)"
)
_FRAME = re.compile(
    rf"^(?:(?:{_NP}?)[ \t\u00a0]+(?:{_SAY})\b(?:[ \t\u00a0]+{_WHEN})*"
    rf"|(?:{_SAY})[ \t\u00a0]+{_NP}(?:,[^,;]{{1,60}})?)[.,]?$"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<sp>[^,.;:“\"()]{2,80})")

_PRONOUNS = {"he", "she", "they"}
_LOWER_OK = {"the", "of", "and", "for", "a", "an", "in", "on", "at", "&", "de", "al", "bin"}
_DETERMINERS = {"the", "a", "an"}
_NOT_SPEAKERS = {
    *("it", "this", "that", "these", "those", "which", "who", "there", "we", "i", "you", "what"),
    *("as", "while", "after", "before", "though", "although", "if", "when", "for", "in", "on"),
    *("at", "with", "unlike", "other", "since", "because", "but", "and", "so", "yet", "once"),
}

_PREDICTION = re.compile(
    r"\b(?:will|won’t|won't|shall|(?:is|are) (?:[a-z]+ly )?"
    r"(?:expected|likely|set|bound|due|projected|forecast) to|plans? to|expects?|"
    r"(?:may|might|could) (?!have\b)[a-z]+)\b"
)


def _clean(np: str) -> str | None:
    """A noun phrase as a speaker, or None when it cannot be one."""
    words = np.strip(" \t\u00a0,").split()
    if not words:
        return None
    if words[0].lower() in _PRONOUNS and len(words) == 1:
        return PRONOUN
    if words[0].lower() in _NOT_SPEAKERS:
        return None
    lower = [w for w in words if not w[0].isupper() and not w[0].isdigit()]
    if any(w.lower() not in _LOWER_OK for w in lower) and len(words) > 4:
        return None  # a clause, not a name ("Prices rose and the minister")
    if words[0].lower() in _DETERMINERS and len(words) > 1 and words[1][0].isupper():
        words = words[1:]  # "the Bank of Korea" → "Bank of Korea"
    speaker = " ".join(words).rstrip(".’'")
    if speaker.endswith(("’s", "'s")) or not speaker:
        return None
    return speaker[0].upper() + speaker[1:]


def is_frame(text: str) -> bool:
    """Whether ``text`` only says who spoke ("the ministry said on Thursday"): no claim alone."""
    return bool(_FRAME.match(text.strip()))


def speaker_of(text: str) -> str | None:
    """Who ``text`` reports as saying what it says: a name or noun phrase as written (a leading
    "the" dropped before a proper name), ``PRONOUN`` for "he"/"she"/"they", None when nothing
    attributes it."""
    for pattern in (_ACCORDING, _TRAILING, _INVERTED, _LEADING):
        for m in pattern.finditer(text):
            speaker = _clean(m.group("sp"))
            if speaker is not None:
                return speaker
    return None


def guess_kind(text: str, *, attributed: bool, subjective: bool) -> str:
    """The claim kind of a span: attribution, prediction, opinion or fact."""
    if attributed:
        return "attribution"
    if _PREDICTION.search(text):
        return "prediction"
    return "opinion" if subjective else "fact"
