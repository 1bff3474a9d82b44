"""BERT-uncased WordPiece tokenisation; each model (spotter, matcher) brings its vocabulary."""

from __future__ import annotations

import re
import unicodedata


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


_ASCII_PIECES = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _basic_slow(word: str) -> list[str]:
    chars: list[str] = []
    for ch in word:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        cat = unicodedata.category(ch)
        if ch in "\t\n\r " or cat == "Zs":
            chars.append(" ")
        elif cat.startswith("C"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    out: list[str] = []
    for tok in "".join(chars).lower().split():
        tok = "".join(
            c for c in unicodedata.normalize("NFD", tok) if unicodedata.category(c) != "Mn"
        )
        cur: list[str] = []
        for ch in tok:
            if _is_punct(ch):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
    return out


def _basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer (uncased): clean, lower-case, strip accents, split punctuation."""
    if text.isascii():
        return _ASCII_PIECES.findall(_ASCII_CONTROL.sub("", text).lower())
    out: list[str] = []
    for word in text.split():
        if word.isascii():
            out.extend(_ASCII_PIECES.findall(_ASCII_CONTROL.sub("", word).lower()))
        else:
            out.extend(_basic_slow(word))
    return out


def _wordpiece_token(tok: str, vocab: dict[str, int], unk: int) -> list[int]:
    if len(tok) > 100:
        return [unk]
    start = 0
    sub: list[int] = []
    while start < len(tok):
        end = len(tok)
        found = -1
        while start < end:
            piece = tok[start:end] if start == 0 else "##" + tok[start:end]
            found = vocab.get(piece, -1)
            if found >= 0:
                break
            end -= 1
        if found < 0:
            return [unk]
        sub.append(found)
        start = end
    return sub


def wordpiece(
    text: str, vocab: dict[str, int], unk: int = 100, cache: dict[str, list[int]] | None = None
) -> list[int]:
    """BERT-uncased WordPiece ids for ``text`` (no [CLS]/[SEP])."""
    ids: list[int] = []
    for tok in _basic_tokens(text):
        if cache is None:
            ids.extend(_wordpiece_token(tok, vocab, unk))
            continue
        got = cache.get(tok)
        if got is None:
            got = _wordpiece_token(tok, vocab, unk)
            if len(cache) < 200_000:
                cache[tok] = got
        ids.extend(got)
    return ids
