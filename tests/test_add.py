"""add: the new claim is appended and nothing else changes; an inexact quote is refused, confirmed
or taken with --yes; --prefix/--suffix narrow a quote the article holds twice to one place and
are written with the claim, so that check anchors it there too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.commands import edit as edit_commands
from tests.cli_runner import run
from tests.handwritten_ledger import CLAIMS, changed_lines, claims_of, make_ledger


def test_add_exact_quote_appends_only_the_new_entry(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run(
        "add",
        "--quote",
        "Experts doubt it",
        "--kind",
        "attribution",
        "--speaker",
        "Experts",
        "--source",
        "src-a",
        "--stance",
        "context",
        "--says",
        "Background.",
        "--tag",
        "doubt",
        ledger=path,
    )
    assert code == 0, err
    assert out == "experts-doubt-2\n"  # slug of the quote, made unique
    after = path.read_text("utf-8")
    assert after.startswith(CLAIMS)
    removed, _ = changed_lines(CLAIMS, after)
    assert removed == []
    new = claims_of(path)[-1]
    assert new["section"] == "A Heading"  # guessed: the heading above the quote
    assert new["evidence"] == [{"source": "src-a", "stance": "context", "says": "Background."}]
    assert "added claim 'experts-doubt-2'" in err


def test_add_slug_comes_from_the_claim(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, _ = run(
        "add",
        "-q",
        "Title of the piece",
        "-k",
        "opinion",
        "--claim",
        "The headline is a title.",
        ledger=path,
    )
    assert code == 0 and out == "headline-title\n"


def test_add_inexact_quote_is_refused_without_yes(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, err = run("add", "-q", "Experts dout it", "-k", "opinion", ledger=path)
    assert code == 2 and out == ""
    assert "closest span at 7:57 (score" in err and "'Experts doubt it'" in err
    assert "--yes" in err
    assert path.read_text("utf-8") == CLAIMS


def test_add_inexact_quote_with_yes_uses_the_article_text(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, _ = run("add", "-q", "Experts dout it", "-k", "opinion", "--yes", ledger=path)
    assert code == 0 and out == "experts-doubt-2\n"
    assert claims_of(path)[-1]["quote"] == "Experts doubt it"


def test_add_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edit_commands, "interactive", lambda: True)
    path = make_ledger(tmp_path)
    code, _, err = run("add", "-q", "Experts dout it", "-k", "opinion", ledger=path, input="n\n")
    assert code == 2 and "nothing written" in err
    assert path.read_text("utf-8") == CLAIMS
    code, _, _ = run("add", "-q", "Experts dout it", "-k", "opinion", ledger=path, input="y\n")
    assert code == 0 and claims_of(path)[-1]["quote"] == "Experts doubt it"


def test_add_refuses_an_ambiguous_or_absent_quote(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("add", "-q", "the cat sat on the mat", "-k", "opinion", ledger=path)
    assert code == 2 and "occurs 2 times" in err
    code, _, err = run("add", "-q", "Zebras quantum vortex", "-k", "opinion", "--yes", ledger=path)
    assert code == 2 and "nothing in it is close" in err
    code, _, err = run(
        "add", "-q", "Experts doubt it", "-k", "fact", "--source", "nope", ledger=path
    )
    assert code == 2 and "no source 'nope'" in err
    assert path.read_text("utf-8") == CLAIMS


# --- --prefix and --suffix -----------------------------------------------------------------------

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
