"""Statements made ready for matching: what a pasted tweet or post carries that no claim says.

An embedded tweet ends with "— Name (@handle) January 6, 2020"; posts carry urls,
``pic.twitter.com/…`` links, @handles and #hashtags glued to words. The tail and the links are
dropped, handles and hashtag marks become plain words (a handle often names the speaker).
"""

from __future__ import annotations

import re

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Ilhan Omar (@IlhanMN) January 6, 2020" at the end of the text
_TWEET_TAIL = re.compile(
    rf"\s*[—–-]+\s*[^—–\n]{{0,80}}\(@\w{{1,30}}\)\s*(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})?\s*$"
)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S+|(?<!\S)[\w.-]+\.(?:com|org|net|ly)/\S*"
)
_HANDLE = re.compile(r"@(\w{1,30})")
_HASH = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """``text`` without an embedded tweet's tail, urls and markup; words kept."""
    text = _TWEET_TAIL.sub("", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)), text)
    text = _HASH.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)), text)
    return _SPACE.sub(" ", text).strip()
