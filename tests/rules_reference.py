"""The paraphrase check and the number reader as first written, kept as the reference.

``factcheck.text.paraphrase`` and ``factcheck.text.figures`` skip work on the common path (a
paraphrase that keeps every capitalised word and every figure of its quote, numbers already
written the way their value prints); tests/test_rules_fast.py holds them equal to these.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from factcheck.text.paraphrase import (
    _ABBREVIATION,
    _LINK,
    _OPENING_MARKS,
    _POSSESSIVE,
    _WORD,
    NOT_NAMES,
    _abbreviated,
    _is_acronym,
    _same_word,
    _spelled_out,
)

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def written_numbers(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for match in _NUMBER.finditer(text):
        value = _normalise(match.group(0))
        if value is not None and value not in out:
            percent = text.startswith("%", match.end())
            out[value] = match.group(0) + ("%" if percent else "")
    return out


def _normalise(raw: str) -> str | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None
    return format(value.normalize(), "f")


def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word.replace("’", "'")).lower()


def _opens_sentence(before: str) -> bool:
    before = before.rstrip(_OPENING_MARKS)
    if not before or before[-1] in "!?:\n\r":
        return True
    return before[-1] == "." and not _ABBREVIATION.search(before)


class _Run:
    def __init__(self, led: bool, word: str) -> None:
        self.led = led
        self.words = [word]

    def named(self) -> list[tuple[int, str]]:
        skip = (0,) if self.led else ()
        return [(i, w) for i, w in enumerate(self.words) if i not in skip and w != _LINK]


def _name_runs(text: str) -> list[_Run]:
    runs: list[_Run] = []
    run: _Run | None = None
    end = -1

    def flush() -> None:
        if run is not None:
            while run.words[-1] == _LINK:
                run.words.pop()
            if run.named():
                runs.append(run)

    for match in _WORD.finditer(text):
        word = match.group(0)
        adjacent = text[end : match.start()] == " "
        if word[0].isupper() and _key(word) not in NOT_NAMES:
            opens = _opens_sentence(text[: match.start()])
            if run is not None and adjacent and not opens:
                run.words.append(word)
            else:
                flush()
                run = _Run(opens, word)
            end = match.end()
        elif word == _LINK and run is not None and adjacent:
            run.words.append(word)
            end = match.end()
        else:
            flush()
            run = None
    flush()
    return runs


def names(text: str) -> list[str]:
    out: list[str] = []
    for run in _name_runs(text):
        first = run.named()[0][0]
        name = _POSSESSIVE.sub("", " ".join(run.words[first:]))
        if name not in out:
            out.append(name)
    return out


class _Paraphrase:
    def __init__(self, text: str) -> None:
        self.words = [m.group(0) for m in _WORD.finditer(text)]
        self.keys = {_key(w) for w in self.words}
        self.acronyms = {_key(w).replace(".", "") for w in self.words if _is_acronym(w)}

    def keeps(self, word: str) -> bool:
        key = _key(word)
        if key in self.keys or any(_same_word(key, k) for k in self.keys):
            return True
        return _is_acronym(word) and _spelled_out(word, self.words)


def dropped(quote: str, paraphrase: str) -> list[str]:
    kept_numbers = written_numbers(paraphrase)
    out = [shown for value, shown in written_numbers(quote).items() if value not in kept_numbers]
    para = _Paraphrase(paraphrase)
    for run in _name_runs(quote):
        short = _abbreviated(run.words, para.acronyms)
        lost = {i for i, w in run.named() if i not in short and not para.keeps(w)}
        segment: list[str] = []
        for i, word in enumerate([*run.words, ""]):
            if i in lost or (segment and word == _LINK):
                segment.append(word)
                continue
            while segment and segment[-1] == _LINK:
                segment.pop()
            if segment:
                name = _POSSESSIVE.sub("", " ".join(segment))
                if name not in out:
                    out.append(name)
                segment = []
    return out
