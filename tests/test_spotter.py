"""Tests for the claim spotter (factcheck.spotting.model)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.spotting import model as spotter
from tests.factory import SHIPPED_ARTICLE as ARTICLE

_alphabet = st.sampled_from(
    [*"abcdefghij ABCDE .,;:!?\"'“”’()-%$0123456789\n\t", "Dr.", "U.S.", "No. 2", "\n\n"]
)
_texts = st.lists(_alphabet, max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_offsets_are_exact(text: str) -> None:
    sentences = spotter.split_sentences(text)
    last = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= last
        last = s.end
    # No non-space character is lost.
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Smith moved to the U.S. in 1999.",
        "The economy grew 2.4 percent and inflation was 3.5% last year.",
        "He finished No. 2 in the race.",
        "Mr. Kim met Gen. Lee on Sept. 27 at 6.30 p.m. in Seoul.",
        "“We will not back down,” she said.",
    ],
)
def test_abbreviations_and_decimals_do_not_split(text: str) -> None:
    assert [s.text for s in spotter.split_sentences(text)] == [text]


def test_headings_and_paragraphs() -> None:
    text = "Peace with Conditions applied\n\nKim spoke. She left.\n\nOn Our Terms\n\nThe end."
    assert [s.text for s in spotter.split_sentences(text)] == [
        "Peace with Conditions applied",
        "Kim spoke.",
        "She left.",
        "On Our Terms",
        "The end.",
    ]


def test_empty_input() -> None:
    assert spotter.split_sentences("") == []
    assert spotter.split_sentences("  \n\n ") == []
    assert spotter.score([]) == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=5))
def test_scores_in_unit_interval_and_labels_consistent(texts: list[str]) -> None:
    for s in spotter.score(texts):
        assert 0.0 <= s.checkworthy <= 1.0
        assert 0.0 <= s.subjective <= 1.0
        assert s.checkworthy_label == (s.checkworthy >= 0.5)
        assert s.subjective_label == (s.subjective >= 0.5)


def test_deterministic_and_order_independent() -> None:
    texts = [
        "Unemployment fell to 3.5 percent in 2019.",
        "I love you all.",
        "Thank you.",
    ]
    a = spotter.score(texts)
    b = spotter.score(list(reversed(texts)))
    assert a == list(reversed(b))
    assert a == spotter.score(texts)


def test_sensible_labels() -> None:
    factual, chatty, opinion = spotter.score(
        [
            "We have lost 2.3 million manufacturing jobs since 2001, and the deficit is "
            "now $1.4 trillion.",
            "Thank you very much, it is good to be here tonight.",
            "This is, frankly, the most shameful and ridiculous policy I have ever seen.",
        ]
    )
    assert factual.checkworthy_label and factual.checkworthy > chatty.checkworthy
    assert not chatty.checkworthy_label
    assert opinion.subjective_label and opinion.subjective > factual.subjective
    assert not factual.subjective_label


def test_atomic_spans_are_exact_substrings() -> None:
    sentence = (
        "While the share of industrial output declined from 28% to 5.9%, output of "
        "agricultural industries rose from 21.2% to 22.4%."
    )
    spans = spotter.atomic_spans(sentence)
    assert len(spans) >= 2
    for sp in spans:
        assert sentence[sp.start : sp.end] == sp.text
    assert spotter.atomic_spans("Thank you.") == []


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_atomic_spans_offsets_random(text: str) -> None:
    for sp in spotter.atomic_spans(text):
        assert text[sp.start : sp.end] == sp.text


def test_model_file_is_small() -> None:
    files = [p for p in spotter.MODEL_PATH.parent.iterdir() if p.is_file()]
    assert spotter.MODEL_PATH in files
    assert sum(p.stat().st_size for p in files) < 40 * 1024 * 1024


@pytest.mark.skipif(not ARTICLE.exists(), reason="shipped article not present")
def test_article_is_scored_sentence_by_sentence() -> None:
    # Speed is measured in bench/spotter.py, not here.
    texts = [s.text for s in spotter.split_sentences(ARTICLE.read_text(encoding="utf-8"))]
    assert len(texts) > 40
    scores = spotter.score(texts)
    assert len(scores) == len(texts)
    assert any(s.checkworthy_label for s in scores)
    assert not all(s.checkworthy_label for s in scores)
