"""The re-anchoring engine: the edit corpus, tie-breaks, and the guards against wrong spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.editing.reanchor import Reanchorer, plan_fixes, position_hints
from factcheck.ledger.models import Claim, Kind
from factcheck.text.article import Article
from factcheck.text.compare import meaning_changes
from tests.reanchor_corpus import base_article, load_cases, run_case, tally

CASES = load_cases()


def test_corpus_is_big_and_varied() -> None:
    assert len(CASES) >= 20
    kinds = {c.edit for c in CASES}
    for needed in (
        "typo fixed",
        "punctuation changed",
        "word inserted",
        "sentence reworded",
        "paragraphs moved",
        "sentence deleted",
    ):
        assert needed in kinds
    assert {c.expect for c in CASES} == {"exact", "fixed", "orphan"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: object) -> None:
    result = run_case(case)  # type: ignore[arg-type]
    assert result.outcome in ("reanchored", "orphan-reported"), result.detail


def test_corpus_never_reanchors_to_a_wrong_span() -> None:
    counts = tally([run_case(c) for c in CASES])
    assert counts["wrong"] == 0
    assert counts["reanchored"] + counts["orphan-reported"] == len(CASES)


@pytest.mark.parametrize("threshold", [85.0, 95.0])
def test_no_wrong_span_at_nearby_thresholds(threshold: float) -> None:
    assert tally([run_case(c, threshold) for c in CASES])["wrong"] == 0


def test_a_low_threshold_takes_the_decoy() -> None:
    """Why the default is 90: at 80 a deleted sentence is re-anchored to a look-alike."""
    results = {r.case.name: r for r in (run_case(c, 80.0) for c in CASES)}
    assert results["deleted-with-decoy"].outcome == "wrong"


def claim(quote: str, **kw: str) -> Claim:
    return Claim(id="c", quote=quote, kind=Kind.OPINION, **kw)  # type: ignore[arg-type]


def test_exact_quote_scores_100() -> None:
    text = "Alpha beta gamma. Delta epsilon zeta."
    m = Reanchorer(text).relocate("Delta epsilon")
    assert m is not None and m.exact and m.text == "Delta epsilon" and m.anchor.start == 18


def test_two_identical_spans_are_ambiguous_without_a_hint() -> None:
    text = "so the cat sat on the mat today. then the cat sat on the mat today."
    m = Reanchorer(text).relocate("the cat sat on a mat")
    assert m is not None and m.ambiguous and not m.fixable()


def test_position_breaks_a_tie() -> None:
    text = "so the cat sat on the mat today. then the cat sat on the mat today."
    m = Reanchorer(text).relocate("the cat sat on a mat", near=40)
    assert m is not None and not m.ambiguous and m.anchor.start == text.index("the cat", 10)


def test_prefix_breaks_a_tie() -> None:
    text = "First, the cat sat on the mat. Later, the cat sat on the mat."
    m = Reanchorer(text).relocate("the cat sat on a mat", prefix="Later, ")
    assert m is not None and m.anchor.start == text.index("the cat", 10) and m.fixable()


def test_meaning_changes() -> None:
    assert meaning_changes("fell by 7.6%", "fell by 7.8%")
    assert meaning_changes("will enhance it", "will not enhance it")
    assert meaning_changes("it won't", "it will") == ("a negation was added or removed",)
    assert meaning_changes("fell by 7.6 %", "fell by 7.6%") == ()


def test_deleted_passage_is_an_orphan_with_no_span() -> None:
    text = base_article()
    quote = "The point is not to show any clemency towards Pyongyang"
    i = text.index(quote)
    edited = text[:i] + text[text.index("\n", i) :]
    fixes, orphans = plan_fixes([claim(quote)], Article(edited))
    assert not fixes and len(orphans) == 1


def test_position_hints_use_neighbours() -> None:
    text = "one two three. four five six. seven eight nine."
    claims = [
        Claim(id="a", quote="one two", kind=Kind.OPINION),
        Claim(id="b", quote="lost words", kind=Kind.OPINION),
        Claim(id="c", quote="seven eight", kind=Kind.OPINION),
    ]
    hints = position_hints(claims, Article(text))
    assert hints == {"b": (0 + text.index("seven")) // 2}


words = st.lists(
    st.sampled_from(
        ["the", "cat", "sat", "on", "mat", "a", "dog", "ran", "far", "away,", "in", "park."]
    ),
    min_size=5,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(words, st.data())
def test_any_verbatim_span_is_found_exactly(tokens: list[str], data: st.DataObject) -> None:
    text = " ".join(tokens)
    i = data.draw(st.integers(0, len(tokens) - 2))
    j = data.draw(st.integers(i + 1, len(tokens)))
    quote = " ".join(tokens[i:j])
    m = Reanchorer(text).relocate(quote)
    assert m is not None and m.score == 100.0 and m.text == quote


@settings(max_examples=60, deadline=None)
@given(words, st.text(min_size=1, max_size=30))
def test_relocate_never_raises_and_scores_in_range(tokens: list[str], quote: str) -> None:
    m = Reanchorer(" ".join(tokens)).relocate(quote)
    if m is not None:
        assert 0.0 <= m.score <= 100.0
        assert m.text == " ".join(tokens)[m.anchor.start : m.anchor.end]
