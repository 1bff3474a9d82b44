"""What a paraphrase drops of its quote: the figures and the names a restatement must keep.

A figure is a number written with digits, compared by value (``4.9%`` ~ ``4.9 percent``,
``860,000`` ~ ``860000``). A name is a capitalised word that does not open a sentence, less the
few words in :data:`NOT_NAMES`; capitalised words in a row (``of`` may link them) make one name.
A name's word is kept when the paraphrase has it in any case, a possessive ``'s`` set aside, or
a form of it that differs only in its ending (``Korea`` ~ ``Korean``, ``China`` ~ ``Chinese``);
an abbreviation is kept when the paraphrase spells it out (``BOK`` ~ ``Bank of Korea``) and a
name when the paraphrase abbreviates it (``United States`` ~ ``US``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.text.figures import written_numbers

# Capitalised words that name nobody: the pronoun "I" and the honorifics a paraphrase may drop
# while keeping the name ("Mr Kim" → "Kim"). Days and months stay names: a date is a detail a
# restatement must keep.
NOT_NAMES = frozenset({"i", "i'm", "i've", "i'd", "i'll", "mr", "mrs", "ms", "dr"})

_WORD = re.compile(r"[^\W\d_](?:[\w’'.-]*\w)?")
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)
_OPENING_MARKS = " \t\"'“‘(["
# a full stop that ends an abbreviation rather than a sentence: "Mr. Kim", "J. Smith"
_ABBREVIATION = re.compile(r"(?:^|\W)(?:mr|mrs|ms|dr|st|[a-z])\.$", re.IGNORECASE)
_LINKS = frozenset({"of", "the", "and", "for", "on", "in"})
_LINK = "of"  # the one small word inside a name ("Bank of Korea")


@lru_cache(maxsize=1 << 16)  # the same words come back claim after claim
def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word.replace("’", "'")).lower()


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` of ``text`` opens a sentence (or a line, or the text).

    Only the characters just before ``start`` are read: an abbreviation's full stop ends at most
    five characters back (``" mrs."``), and ``^`` still means the start of ``text`` alone."""
    at = start
    while at and text[at - 1] in _OPENING_MARKS:
        at -= 1
    if not at or text[at - 1] in "!?:\n\r":
        return True
    return text[at - 1] == "." and not _ABBREVIATION.search(text, max(0, at - 5), at)


class _Run:
    """One name: capitalised words in a row as written (possessive kept), ``of`` linking them;
    ``led`` when the first word opened the sentence (it may start a name, ``United States``, but
    is never reported as one)."""

    def __init__(self, led: bool, word: str) -> None:
        self.led = led
        self.words = [word]

    def named(self) -> list[tuple[int, str]]:
        """The words that count as names, with their positions."""
        skip = (0,) if self.led else ()
        return [(i, w) for i, w in enumerate(self.words) if i not in skip and w != _LINK]


def _name_runs(text: str) -> list[_Run]:
    runs: list[_Run] = []
    run: _Run | None = None
    end = -1  # where the last word of ``run`` ended

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
            opens = _opens_sentence(text, match.start())
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
    """The names of ``text`` in order, once each (a possessive set aside)."""
    out: list[str] = []
    for run in _name_runs(text):
        first = run.named()[0][0]
        name = _POSSESSIVE.sub("", " ".join(run.words[first:]))
        if name not in out:
            out.append(name)
    return out


def _initials(words: list[str]) -> str:
    """Capitals of ``words`` (``Democratic People's Republic of Korea`` → ``dprk``)."""
    return "".join(w[0].lower() for w in words if w[0].isupper())


def _abbreviated(words: list[str], acronyms: set[str]) -> set[int]:
    """The positions of ``words`` that a run of them, abbreviated, stands for in ``acronyms``."""
    out: set[int] = set()
    for start in range(len(words)):
        for end in range(start + 2, len(words) + 1):
            if _initials(words[start:end]) in acronyms:
                out.update(range(start, end))
    return out


def _spelled_out(acronym: str, words: list[str]) -> bool:
    """Whether ``words`` in a row, the first capitalised, spell ``acronym`` by their initials; a
    small linking word may give its letter or not (``BOK`` and ``BK`` ~ ``Bank of Korea``)."""
    letters = acronym.replace(".", "").lower()

    def spells(at: int, rest: str) -> bool:
        if not rest:
            return True
        if at >= len(words):
            return False
        word = words[at]
        if word.lower() in _LINKS and spells(at + 1, rest):
            return True
        return word[0].lower() == rest[0] and spells(at + 1, rest[1:])

    return any(w[0].isupper() and spells(i, letters) for i, w in enumerate(words))


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.replace(".", "").isupper()


def _same_word(a: str, b: str) -> bool:
    """``a`` and ``b`` are one word in two forms: they differ at most from their last letter on
    (``Korea`` ~ ``Korean``, ``China`` ~ ``Chinese``, ``Nations`` ~ ``National``)."""
    short = min(len(a), len(b))
    same = 0
    while same < short and a[same] == b[same]:
        same += 1
    return same >= max(4, short - 1)


class _Paraphrase:
    """The words of a paraphrase, asked whether it keeps a word of the quote."""

    def __init__(self, words: list[str], keys: set[str]) -> None:
        self.words = words
        self.keys = keys
        self.acronyms = {_key(w).replace(".", "") for w in self.words if _is_acronym(w)}

    def keeps(self, word: str) -> bool:
        key = _key(word)
        if key in self.keys or any(_same_word(key, k) for k in self.keys):
            return True
        return _is_acronym(word) and _spelled_out(word, self.words)


def dropped(quote: str, paraphrase: str) -> list[str]:
    """The figures, then the names, of ``quote`` that ``paraphrase`` does not keep."""
    kept_numbers = written_numbers(paraphrase)
    out = [shown for value, shown in written_numbers(quote).items() if value not in kept_numbers]
    words = _WORD.findall(paraphrase)
    keys = set(map(_key, words))
    # Every word of a name is capitalised, and one the paraphrase has (in any case) is kept: when
    # the paraphrase has them all, no name is dropped, wherever the names of the quote begin.
    if all(_key(w) in keys for w in _WORD.findall(quote) if w[0].isupper()):
        return out
    para = _Paraphrase(words, keys)
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
