"""BM25 over words, in arrays that merge: each ledger's postings are made once (and cached), a
tree's index is their concatenation, and the collection statistics (document frequencies, the
average length) are those of the whole tree.

Words are lower-cased, stop words dropped, a light English suffix strip applied, and each word
hashed (CRC-32) to a fixed id space, so two ledgers' postings share ids without a shared
vocabulary.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

K1 = 1.2
B = 0.75

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_STOP_WORDS = """a about above after again against all am an and any are as at be because been
    before
    being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves rt via amp"""
STOP = frozenset(_STOP_WORDS.split())


def stem(word: str) -> str:
    """A light suffix strip: plurals, -ing, -ed, possessives (``Trump's`` → ``trump``)."""
    if word.endswith("'s"):
        word = word[:-2]
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 5 and word.endswith("ing"):
        return word[:-3]
    if n > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The words BM25 counts in ``text``."""
    out = []
    for w in _WORD.findall(text.lower().replace("’", "'")):
        if w not in STOP:
            out.append(stem(w))
    return out


def term_ids(text: str, memo: dict[str, int] | None = None) -> list[int]:
    """The ids of ``text``'s words; ``memo`` (a word as found → its id, -1 for a stop word)
    spares the stemming and hashing of words met before."""
    if memo is None:
        return [zlib.crc32(w.encode("utf-8")) for w in words(text)]
    out = []
    for w in _WORD.findall(text.lower().replace("’", "'")):
        t = memo.get(w)
        if t is None:
            t = memo[w] = -1 if w in STOP else zlib.crc32(stem(w).encode("utf-8"))
        if t >= 0:
            out.append(t)
    return out


@dataclass
class Postings:
    """One collection's (term, doc, tf) triples and its documents' lengths."""

    terms: npt.NDArray[np.uint32]
    docs: npt.NDArray[np.int32]
    tfs: npt.NDArray[np.float32]
    lengths: npt.NDArray[np.float32]


def postings(texts: Sequence[str]) -> Postings:
    import numpy as np

    terms: list[int] = []
    docs: list[int] = []
    tfs: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.float32)
    memo: dict[str, int] = {}  # a collection's words recur: each one stemmed and hashed once
    for d, text in enumerate(texts):
        ids = term_ids(text, memo)
        lengths[d] = len(ids)
        for t, c in Counter(ids).items():
            terms.append(t)
            docs.append(d)
            tfs.append(c)
    by_term = np.argsort(np.array(terms, dtype=np.uint32), kind="stable")
    return Postings(  # sorted by term: a single ledger's index needs no sort of its own
        np.array(terms, dtype=np.uint32)[by_term],
        np.array(docs, dtype=np.int32)[by_term],
        np.array(tfs, dtype=np.float32)[by_term],
        lengths,
    )


def _joined(arrays: list[npt.NDArray[Any]], dtype: type) -> npt.NDArray[Any]:
    import numpy as np

    if len(arrays) == 1:
        return arrays[0]
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype)


class BM25:
    """The BM25 index of collections laid end to end (``parts``)."""

    def __init__(self, parts: Sequence[Postings]) -> None:
        import numpy as np

        offsets = np.cumsum([0] + [len(p.lengths) for p in parts])
        self.size = int(offsets[-1])
        # one part's arrays are used as they are; places stay int32 (as each part's)
        terms = _joined([p.terms for p in parts], np.uint32)
        docs = _joined(
            [p.docs + np.int32(o) if o else p.docs for p, o in zip(parts, offsets, strict=False)],
            np.int32,
        )
        tfs = _joined([p.tfs for p in parts], np.float32)
        lengths = _joined([p.lengths for p in parts], np.float32)
        if len(parts) > 1:
            order = np.argsort(terms, kind="stable")
            terms, docs, tfs = terms[order], docs[order], tfs[order]
        first = np.r_[True, terms[1:] != terms[:-1]] if len(terms) else np.zeros(0, bool)
        self.starts = np.flatnonzero(first)  # terms are sorted: each one's run of postings
        self.vocab = terms[self.starts]
        df = np.diff(np.r_[self.starts, len(terms)])
        self.ends = self.starts + df
        avgdl = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
        idf = np.log1p((self.size - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = K1 * (1 - B + B * lengths[docs] / avgdl)
        self.docs = docs
        self.weights = (np.repeat(idf, df) * tfs * (K1 + 1) / (tfs + norm)).astype(np.float32)

    def scores(self, text: str) -> npt.NDArray[np.float32]:
        """Every document's BM25 score for the query ``text``."""
        import numpy as np

        out = np.zeros(self.size, dtype=np.float32)
        ids = np.array(sorted(set(term_ids(text))), dtype=np.uint32)
        if not len(ids) or not len(self.vocab):
            return out
        at = np.searchsorted(self.vocab, ids)
        at = at[at < len(self.vocab)]
        for i in at[np.isin(self.vocab[at], ids)]:
            s, e = self.starts[i], self.ends[i]
            out[self.docs[s:e]] += self.weights[s:e]
        return out
