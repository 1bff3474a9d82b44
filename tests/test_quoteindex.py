"""The quote index (text/quoteindex.py) finds every occurrence ``str.find`` finds, and an article
with many quotes answers through it as the plain scan does."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.formats.records import article_of
from factcheck.ledger.load import load_ledger
from factcheck.text import article as article_module
from factcheck.text import quoteindex
from factcheck.text.article import Article
from tests.factory import gen_module


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab .,\n’é_1", max_size=80),
    quotes=st.lists(st.text(alphabet="ab .,\n’é_1", max_size=10), max_size=6),
    cuts=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 14)), max_size=4),
    chunk=st.sampled_from([1, 5, 1 << 20]),
)
def test_quote_index_finds_what_str_find_finds(
    text: str, quotes: list[str], cuts: list[tuple[int, int]], chunk: int
) -> None:
    quotes = quotes + [text[i : i + n] for i, n in cuts]
    # chunk boundaries inside a short text: the chunk size is private (1 MiB, no public knob)
    old = quoteindex._CHUNK
    quoteindex._CHUNK = chunk
    try:
        found = quoteindex.find_all(text, quotes)
    finally:
        quoteindex._CHUNK = old
    for q in quotes:
        if q:
            assert found[q] == quoteindex.scan(text, q)


def test_article_with_many_quotes_answers_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = gen_module().write_ledger(tmp_path / "gen", 120, seed=5)
    ledger = load_ledger(path)
    assert ledger.article_text is not None
    indexed = article_of(ledger)
    plain = Article(ledger.article_text)
    assert indexed is not None
    indexes: list[list[str]] = []  # the quotes of each index built from here on

    def find_all(text: str, quotes: Iterable[str]) -> dict[str, list[int]]:
        indexes.append(list(quotes))
        return quoteindex.find_all(text, indexes[-1])

    monkeypatch.setattr(article_module, "find_all", find_all)
    quotes = [c.quote for c in ledger.claims if c.quote is not None] + ["plan", "said.", "zzz"]
    for q in quotes:
        assert indexed.occurrences(q) == plain.occurrences(q) == quoteindex.scan(plain.text, q)
    assert [c.quote for c in ledger.claims] in indexes  # the claims' index was used
