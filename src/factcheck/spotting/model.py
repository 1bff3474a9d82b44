"""Claim spotting: sentence splitting, check-worthiness and subjectivity scores.

Pure core code: no CLI or rendering imports. The model is a small linear ensemble over

* sparse TF-IDF word and character n-grams,
* a static word-piece embedding table distilled from ``all-MiniLM-L6-v2`` at training time
  (PCA-reduced, then fitted to its sentence embeddings of unlabelled sentences, int8),
  mean-pooled with frequency weights,
* a handful of hand-made features (figures, proper nouns, hedges, first person, modals).

It is loaded lazily from ``factcheck/spotting/spotter-v1.npz`` on first use and needs only numpy
(and pysbd for sentence splitting). ``scripts/train_spotter.py`` builds the model file with the
very feature functions defined here, so training and run time cannot drift apart.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "MODEL_PATH",
    "Score",
    "Sentence",
    "Span",
    "atomic_spans",
    "char_ngrams",
    "hand_features",
    "load",
    "score",
    "split_sentences",
    "word_ngrams",
    "wordpiece",
]

MODEL_PATH = Path(__file__).resolve().parent / "spotter-v1.npz"
HEADS = ("cw", "subj")


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of ``text``: ``text[start:end] == sentence.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A sub-span of a sentence; ``start``/``end`` are offsets into the sentence's text."""

    text: str
    start: int
    end: int


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import importlib

    pysbd = importlib.import_module("pysbd")  # imported lazily: it compiles many regexes
    return pysbd.Segmenter(language="en", clean=False)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int] | None:
    """Find ``piece`` in ``text`` at or after ``cursor``, tolerating whitespace differences."""
    core = piece.strip()
    if not core:
        return None
    i = text.find(core, cursor)
    if i >= 0:
        return i, i + len(core)
    words = core.split()
    pattern = r"\s*".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, cursor)
    if m:
        return m.start(), m.end()
    return None


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with exact character offsets.

    pysbd does the splitting (abbreviations such as "U.S.", "Dr.", "No. 2", decimals and
    quotations); a blank line always ends a sentence, so a heading (a line without terminal
    punctuation followed by a blank line) is a sentence of its own. Leading and trailing
    whitespace is not part of a sentence; whitespace-only input gives no sentences.
    """
    out: list[Sentence] = []
    # Blocks separated by blank lines, with offsets.
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    seg = _segmenter()
    for b_start, b_end in blocks:
        b_start, b_end = _trimmed(text, b_start, b_end)
        if b_start >= b_end:
            continue
        block = text[b_start:b_end]
        cursor = 0
        bounds: list[tuple[int, int]] = []
        for piece in seg.segment(block):
            loc = _locate(block, str(piece), cursor)
            if loc is None:
                continue
            bounds.append(loc)
            cursor = loc[1]
        if not bounds:
            bounds = [(0, len(block))]
        # Make the pieces tile the block: gaps (text pysbd dropped) join the previous sentence.
        tiled: list[tuple[int, int]] = []
        for i, (s, _e) in enumerate(bounds):
            s = 0 if i == 0 else s
            e = bounds[i + 1][0] if i + 1 < len(bounds) else len(block)
            tiled.append((s, e))
        for s, e in tiled:
            s, e = _trimmed(block, s, e)
            if s < e:
                out.append(Sentence(block[s:e], b_start + s, b_start + e))
    return out


# --------------------------------------------------------------------------------------------
# Atomic spans
# --------------------------------------------------------------------------------------------

_FIGURE = re.compile(
    r"(?<![\w.])(?:[$€£¥]\s?)?\d(?:[\d,.]*\d)?(?:\s?(?:%|percent|per cent|million|billion|"
    r"trillion|thousand|hundred))?",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|(?<=[\d%])\s*,\s+|(?<=million|billion|percent),\s+"
    r"|,\s+(?=(?:and|but|while|whereas|although|though)\b)|\s+(?=(?:while|whereas)\b)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?<=,)\s*((?:which|who)\s+(?:is|are|was|were|has|have|had|\w+ed|\w+s)\b[^,;]*)",
    re.IGNORECASE,
)


def atomic_spans(sentence: str) -> list[Span]:
    """Sub-spans of a sentence that hold separate claims; ``[]`` when it is atomic already.

    A sentence with several figures is cut at clause boundaries (semicolons, a comma right
    after a figure, ", and/but/while ...") into pieces that each hold a figure and at least
    six words (two or more spans). Otherwise a non-restrictive relative clause that asserts a
    fact (", which was ...", ", who assumed ...") is returned as a span of its own, the rest
    of the sentence being the main claim. Every span is an exact substring:
    ``sentence[s.start:s.end] == s.text``.
    """
    if len(_FIGURE.findall(sentence)) >= 2:
        pieces: list[tuple[int, int]] = []
        pos = 0
        for m in _CLAUSE_BREAK.finditer(sentence):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, len(sentence)))

        # A piece stands alone when it holds a figure and at least six words; any other
        # piece joins the one before it (a leading one takes the next piece in).
        def alone(s: int, e: int) -> bool:
            part = sentence[s:e]
            return bool(_FIGURE.search(part)) and len(part.split()) >= 6

        merged: list[tuple[int, int]] = []
        for s, e in pieces:
            if merged and (not alone(s, e) or not alone(*merged[-1])):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        spans = [sp for s, e in merged if (sp := _span(sentence, s, e)) is not None]
        if len(spans) >= 2:
            return spans
    rel = [_span(sentence, m.start(1), m.end(1)) for m in _RELATIVE.finditer(sentence)]
    return [sp for sp in rel if sp is not None and len(sp.text.split()) >= 3]


def _span(sentence: str, s: int, e: int) -> Span | None:
    s, e = _trimmed(sentence, s, e)
    while e > s and sentence[e - 1] in ",;:":
        e -= 1
    return Span(sentence[s:e], s, e) if e - s >= 3 else None


# --------------------------------------------------------------------------------------------
# Features (shared by training and run time)
# --------------------------------------------------------------------------------------------

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

    figures = len(_FIGURE.findall(text))
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


# ---- WordPiece (BERT uncased) -------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Scores for one sentence. A label is true exactly when its score is at least 0.5."""

    checkworthy: float
    checkworthy_label: bool
    subjective: float
    subjective_label: bool


class _Head:
    """One binary classifier: sparse n-gram TF-IDF + dense features, logistic output."""

    def __init__(self, z: Any, name: str) -> None:
        import numpy as np

        raw = bytes(z[f"{name}_grams"]).decode("utf-8")
        grams = raw.split("\n") if raw else []
        kinds = z[f"{name}_kind"]
        n_word = int((kinds == 0).sum())
        self.word = dict(zip(grams[:n_word], range(n_word), strict=True))
        self.char = dict(zip(grams[n_word:], range(n_word, len(grams)), strict=True))
        self.idf = z[f"{name}_idf"].astype(np.float64)
        self.coef = z[f"{name}_coef"].astype(np.float64)
        self.dense_coef = z[f"{name}_dense_coef"].astype(np.float64)
        self.bias = float(z[f"{name}_bias"])

    def _sparse(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Dot products of the l2-normalised sublinear TF-IDF vectors with the weights."""
        import numpy as np

        n = len(texts)
        if not self.word and not self.char:
            return np.zeros(n)
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for i, t in enumerate(texts):
            for row, grams, table in (
                (2 * i, word_ngrams(t), self.word),
                (2 * i + 1, char_ngrams(t), self.char),
            ):
                for g, c in Counter(grams).items():
                    j = table.get(g)
                    if j is not None:
                        rows.append(row)
                        cols.append(j)
                        tfs.append(c)
        if not rows:
            return np.zeros(n)
        idx = np.array(cols, dtype=np.int64)
        w = (1.0 + np.log(np.array(tfs, dtype=np.float64))) * self.idf[idx]
        r = np.array(rows, dtype=np.int64)
        dot = np.bincount(r, weights=w * self.coef[idx], minlength=2 * n)
        norm = np.sqrt(np.bincount(r, weights=w * w, minlength=2 * n))
        per = np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 0)
        out: npt.NDArray[np.float64] = per[0::2] + per[1::2]
        return out

    def logits(self, texts: Sequence[str], dense: npt.NDArray[np.float64]) -> list[float]:
        # Row-wise products, not a BLAS matrix-vector product: its result can differ in the last
        # bit with the row's position in the batch, and a score must not depend on its batch.
        out = self._sparse(texts) + (dense * self.dense_coef).sum(axis=1) + self.bias
        return [float(v) for v in out]


class _Model:
    def __init__(self, path: Path) -> None:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["wp_vocab"]).decode("utf-8").split("\n")
            self.vocab = {w: i for i, w in enumerate(vocab)}
            self.emb = z["emb"]
            self.emb_scale = z["emb_scale"].astype(np.float32)
            self.cache: dict[str, list[int]] = {}
            self.hand_mean = z["hand_mean"].astype(np.float64)
            self.hand_std = z["hand_std"].astype(np.float64)
            self.heads = {name: _Head(z, name) for name in HEADS}
            self.tok_weight = {name: z[f"{name}_tok_weight"].astype(np.float32) for name in HEADS}

    def ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [wordpiece(t, self.vocab, cache=self.cache) for t in texts]

    def embed(self, ids: Sequence[list[int]], head: str) -> npt.NDArray[np.float64]:
        import numpy as np

        weight = self.tok_weight[head]
        out = np.zeros((len(ids), self.emb.shape[1]), dtype=np.float64)
        for i, row in enumerate(ids):
            if not row:
                continue
            v = (weight[row] * self.emb_scale[row]) @ self.emb[row].astype(np.float32)
            n = float(np.linalg.norm(v))
            if n > 0:
                out[i] = v / n
        return out

    def hand(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        import numpy as np

        hand = np.array([hand_features(t) for t in texts], dtype=np.float64)
        hand = hand.reshape(len(texts), len(HAND_FEATURES))
        out: npt.NDArray[np.float64] = (hand - self.hand_mean) / self.hand_std
        return out

    def logits(self, texts: Sequence[str]) -> dict[str, list[float]]:
        import numpy as np

        ids = self.ids(texts)
        hand = self.hand(texts)
        return {
            name: head.logits(texts, np.hstack([self.embed(ids, name), hand]))
            for name, head in self.heads.items()
        }


_LOCK = threading.Lock()
_MODEL: _Model | None = None


def _model() -> _Model:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = _Model(MODEL_PATH)
    return _MODEL


def load() -> None:
    """Load the model now rather than on the first call to ``score``."""
    _model()


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def score(sentences: Sequence[str]) -> list[Score]:
    """Check-worthiness and subjectivity scores (0–1) with labels, one per sentence, in order.

    Scores are calibrated so that the decision threshold tuned on the dev splits sits at 0.5.
    """
    if not sentences:
        return []
    model = _model()
    texts = [str(s) for s in sentences]
    logits = model.logits(texts)
    cw, subj = logits["cw"], logits["subj"]
    out: list[Score] = []
    for a, b in zip(cw, subj, strict=True):
        pa, pb = _sigmoid(a), _sigmoid(b)
        out.append(Score(pa, pa >= 0.5, pb, pb >= 0.5))
    return out
