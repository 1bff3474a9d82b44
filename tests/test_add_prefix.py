"""``add --prefix/--suffix``: a quote the article holds twice is narrowed to one place, and the
words that narrowed it are written with the claim so that ``check`` anchors it there too."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import CLAIMS, claims_of, make_ledger

QUOTE = "the cat sat on the mat"  # at 3:26 ("first paragraph says ") and 7:27 ("… again")


def anchor(path: Path, claim_id: str) -> tuple[int, int]:
    """Where ``show`` (the reader ``check`` shares) places the claim: line and column."""
    code, out, err = run("show", claim_id, "--json", ledger=path)
    assert code == 0, err
    found = json.loads(out)["anchor"]
    return found["line"], found["col"]


def test_ambiguous_quote_suggests_a_prefix_that_picks_the_first(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run("add", "-q", QUOTE, "-k", "opinion", ledger=path)
    assert code == 2 and out == ""
    assert "occurs 2 times in the article (at 3:26, 7:27)" in err
    assert "--prefix 'first paragraph says ' for 3:26" in err
    assert path.read_text("utf-8") == CLAIMS


def test_prefix_narrows_to_one_place_and_is_written(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run(
        "add", "-q", QUOTE, "-k", "opinion", "--prefix", "first paragraph says ", ledger=path
    )
    assert code == 0, err
    new = claims_of(path)[-1]
    assert new["quote"] == QUOTE and new["prefix"] == "first paragraph says "
    assert "suffix" not in new
    assert new["section"] == "Title"  # guessed from the place chosen, not the first heading
    assert anchor(path, out.strip()) == (3, 26)
    # cat-second quotes the same words at the other place: no "already quotes" note
    assert "already quotes" not in err


def test_suffix_narrows_to_the_other_place(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run(
        "add", "-q", QUOTE, "-k", "opinion", "--suffix", ".", "--id", "c1", ledger=path
    )
    assert code == 0, err
    assert anchor(path, "c1") == (3, 26)
    code, _, err = run(
        "add", "-q", QUOTE, "-k", "opinion", "--suffix", " again", "--id", "c2", ledger=path
    )
    assert code == 0, err
    assert anchor(path, "c2") == (7, 27)
    assert "claim 'cat-second' already quotes the same words" in err  # same words, same place


def test_prefix_that_still_matches_twice_is_refused(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run(
        "add", "-q", QUOTE, "-k", "opinion", "--prefix", "paragraph says ", ledger=path
    )
    assert code == 2
    assert "occurs 2 times in the article with that --prefix/--suffix" in err
    assert path.read_text("utf-8") == CLAIMS


def test_prefix_or_suffix_matching_nothing_says_which(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("add", "-q", QUOTE, "-k", "opinion", "--prefix", "says  ", ledger=path)
    assert code == 2 and "comes right after --prefix 'says  '" in err
    code, _, err = run(
        "add",
        "-q",
        QUOTE,
        "-k",
        "opinion",
        "--prefix",
        "second paragraph says ",
        "--suffix",
        "!",
        ledger=path,
    )
    assert code == 2 and "after that prefix is followed by --suffix '!'" in err
    code, _, err = run("add", "-q", "the dog sat", "-k", "opinion", "--prefix", "x", ledger=path)
    assert code == 2 and "narrow an exact quote" in err
    assert path.read_text("utf-8") == CLAIMS


def test_prefix_on_a_unique_quote_is_checked_and_kept(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run(
        "add", "-q", "Experts doubt it", "-k", "opinion", "--prefix", "again. ", ledger=path
    )
    assert code == 0, err
    assert claims_of(path)[-1]["prefix"] == "again. "
    assert anchor(path, out.strip()) == (7, 57)
    code, _, err = run(
        "add", "-q", "Experts doubt it", "-k", "opinion", "--prefix", "Again. ", ledger=path
    )
    assert code == 2 and "comes right after --prefix" in err


def test_many_places_are_cut_with_an_ellipsis(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("add", "-q", "the", "-k", "opinion", ledger=path)
    assert code == 2 and "occurs 6 times" in err
    assert ", …)" in err
