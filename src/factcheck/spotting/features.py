"""The spotter's text features, shared by training (``scripts/train_spotter.py``) and run time.

Word and character n-grams for the TF-IDF part and a handful of hand-made features (figures,
proper nouns, hedges, first person, modals). The training script builds the model file with
these very functions, so training and run time cannot drift apart.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache

from factcheck.spotting.sentences import FIGURE

_WORD = re.compile(r"\w+|[%$€£?!\"“”]")
_WS = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


def _norm(text: str) -> str:
    return _WS.sub(" ", text.lower().replace("’", "'").replace("‘", "'")).strip()


def word_ngrams(text: str) -> list[str]:
    """Word unigrams and bigrams; every digit run is mapped to ``0`` (so "1,200" is "0 0")."""
    toks = _WORD.findall(_DIGITS.sub("0", _norm(text)))
    toks = [re.sub("0+", "0", t) for t in toks]
    grams = list(toks)
    grams.extend(f"{a} {b}" for a, b in itertools.pairwise(toks))
    return grams


@lru_cache(maxsize=65536)
def _word_char_ngrams(w: str, lo: int, hi: int) -> tuple[str, ...]:
    w = f" {w} "
    n_w = len(w)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n > n_w:
            if n == lo:
                out.append(w)
            break
        out.extend(w[i : i + n] for i in range(n_w - n + 1))
    return tuple(out)


def char_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    """Character n-grams inside word boundaries (like scikit-learn's ``char_wb``)."""
    out: list[str] = []
    for w in _DIGITS.sub("0", _norm(text)).split():
        out.extend(_word_char_ngrams(w, lo, hi))
    return out


def _words(path: str) -> frozenset[str]:
    return frozenset(path.split())


_FIRST_SG = _words("i me my mine myself i'm i've i'd i'll")
_FIRST_PL = _words("we us our ours ourselves we're we've we'd we'll")
_SECOND = _words("you your yours yourself you're you've you'd you'll")
_MODAL = _words("should must ought would could might may can shall will need")
_HEDGE = _words(
    "think believe feel seems seem seemed perhaps probably maybe likely unlikely possibly "
    "apparently arguably suggest suggests guess hope wish"
)
_EVAL = _words(
    "good bad great terrible best worst wonderful awful important crucial essential wrong "
    "right fair unfair ridiculous absurd disgrace shameful stupid smart brilliant beautiful "
    "horrible amazing incredible sad tragic dangerous outrageous clearly obviously surely "
    "simply really very truly indeed just even nothing everything always never"
)
_REPORT = _words("said says told reported according announced stated claimed added noted")
_FACT_VERBS = _words(
    "is are was were has have had increased decreased rose fell grew cut raised voted passed "
    "spent cost lost won created killed percent million billion trillion"
)
HAND_FEATURES = (
    "n_tokens_log",
    "has_digit",
    "n_figures",
    "has_percent_or_money",
    "has_year",
    "proper_nouns",
    "first_singular",
    "first_plural",
    "second_person",
    "modal",
    "hedge",
    "evaluative",
    "reporting",
    "fact_verb",
    "question",
    "exclamation",
    "quote",
    "comparative",
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*")


def hand_features(text: str) -> list[float]:
    """Dense hand-made features, in the order of ``HAND_FEATURES``."""
    toks = _TOKEN.findall(text)
    low = [t.lower().replace("’", "'") for t in toks]
    n = max(len(low), 1)
    caps = sum(1 for i, t in enumerate(toks) if i > 0 and t[:1].isupper() and low[i] != "i")

    def count(words: frozenset[str]) -> float:
        return float(sum(1 for t in low if t in words))

    figures = len(FIGURE.findall(text))
    return [
        math.log1p(n),
        1.0 if _DIGITS.search(text) else 0.0,
        math.log1p(figures),
        1.0 if re.search(r"[%$€£]|\bpercent\b|\bdollars?\b", text, re.IGNORECASE) else 0.0,
        1.0 if _YEAR.search(text) else 0.0,
        math.log1p(caps),
        math.log1p(count(_FIRST_SG)),
        math.log1p(count(_FIRST_PL)),
        math.log1p(count(_SECOND)),
        math.log1p(count(_MODAL)),
        math.log1p(count(_HEDGE)),
        math.log1p(count(_EVAL)),
        math.log1p(count(_REPORT)),
        math.log1p(count(_FACT_VERBS)),
        1.0 if "?" in text else 0.0,
        1.0 if "!" in text else 0.0,
        1.0 if re.search(r"[\"“”]", text) else 0.0,
        math.log1p(sum(1 for t in low if t.endswith(("er", "est")) and len(t) > 4)),
    ]
