"""The paraphrase check and the number reader give what they gave before they skipped work on
the common path: the same figures and names, in the same order (tests/rules_reference.py holds
the first versions)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck.text import figures, paraphrase
from tests import rules_reference as ref

WORDS = [
    "Korea",
    "Korean",
    "Korea's",
    "Korea’s",
    "Bank",
    "bank",
    "of",
    "Of",
    "the",
    "The",
    "BOK",
    "BK",
    "B.O.K.",
    "Mr",
    "Mr.",
    "mrs.",
    "Dr",
    "I",
    "I'm",
    "United",
    "States",
    "US",
    "U.S.",
    "Nations",
    "National",
    "UN",
    "China",
    "Chinese",
    "Kim",
    "Jong",
    "said",
    "GDP",
    "gdp",
    "and",
    "for",
    "in",
    "on",
    "J.",
    "St.",
    "X",
    "Democratic",
    "People's",
    "Republic",
    "DPRK",
    "ſt.",
]
NUMBERS = [
    "4.9",
    "4.90",
    "04.9",
    "0",
    "0.0",
    "00",
    "0.5",
    "1.0",
    "10",
    "100",
    "860,000",
    "860000",
    "1,000.50",
    "12,34",
    "76th",
    "3.",
    "1.2.3",
    "9" * 30,
    "1" + "0" * 27,
    "0." + "0" * 30 + "1",
    "0.000",
    "1" * 28,
    "1." + "2" * 27,
    "٣٤",
    "١٫٥",
    "１２.５",
    "0.٥",
]
SEPARATORS = [
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "! ",
    "? ",
    ": ",
    "\n",
    " (",
    " “",
    "‘",
    '"',
    "'",
    "%",
    "-",
    "— ",
    ".",
    "'s ",
    " ",
]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(NUMBERS), st.text(max_size=3))
texts = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda parts: "".join(a + b for a, b in parts)
)


@st.composite
def quote_and_paraphrase(draw: st.DrawFn) -> tuple[str, str]:
    """A quote and a paraphrase made from it: some words dropped, lowered or swapped."""
    parts = draw(st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=25))
    quote = "".join(a + b for a, b in parts)
    kept = []
    for word, sep in parts:
        change = draw(st.sampled_from(["keep", "keep", "keep", "drop", "lower", "swap"]))
        if change == "lower":
            word = word.lower()
        elif change == "swap":
            word = draw(token)
        if change != "drop":
            kept.append(word + sep)
    if draw(st.booleans()):
        draw(st.randoms()).shuffle(kept)
    return quote, "".join(kept)


@settings(max_examples=600, deadline=None)
@given(quote_and_paraphrase())
@example(("The Bank of Korea said 4.9%.", "BOK said 4.90 percent."))
@example(("Mr. Kim met Dr. Lee in Seoul.", "Kim met Lee."))
@example(("He saw J. Smith. Then Smith left.", "He saw Smith."))
@example(("Mr. Kim left.", "He left."))
def test_dropped_matches_the_reference(pair: tuple[str, str]) -> None:
    quote, para = pair
    assert paraphrase.dropped(quote, para) == ref.dropped(quote, para)


@settings(max_examples=400, deadline=None)
@given(texts, texts)
def test_dropped_matches_the_reference_on_unrelated_texts(quote: str, para: str) -> None:
    assert paraphrase.dropped(quote, para) == ref.dropped(quote, para)


@settings(max_examples=400, deadline=None)
@given(texts)
@example("Talks with Mrs. Park. Then Park of Busan and Lee.")
@example("x. Mr. Kim")
@example("Mr. Kim and J. Lee met.")
@example("“Dr. Ahn”: (St. Paul) e. Park")
def test_names_match_the_reference(text: str) -> None:
    assert paraphrase.names(text) == ref.names(text)


@settings(max_examples=600, deadline=None)
@given(texts)
@example("0.0 00 007 1.50 10,000 " + "9" * 29 + " 1." + "2" * 27 + " 0." + "0" * 40 + "5")
def test_written_numbers_match_the_reference(text: str) -> None:
    got = figures.written_numbers(text)
    assert got == ref.written_numbers(text)
    assert list(got) == list(ref.written_numbers(text))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A(?:0|[0-9]{1,40})(?:\.[0-9]{1,40})?\Z"))
def test_canonical_numbers_print_as_written(digits: str) -> None:
    if figures._canonical(digits):
        assert ref._normalise(digits) == digits
