"""search: ranking, typo tolerance and highlighting end to end, and the index's scores against the
obvious one-word-at-a-time computation (tests/read_reference.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.ledger.load import load_ledger
from tests import read_reference
from tests.cli_runner import run
from tests.factory import gen_module


def test_search_ranks_and_forgives_typos(ledger: Path) -> None:
    code, out, _ = run("search", "fod shortage tones", "--json", ledger=ledger)
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["id"] == "food-shortage"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    code, out, err = run("search", "zzzz qqqq", "--format", "plain", ledger=ledger)
    assert code == 0 and out == "" and "no claim matches" in err


def test_search_highlights_on_a_terminal(ledger: Path) -> None:
    _, out, _ = run("search", "shortage", "--format", "table", "--color", "always", ledger=ledger)
    assert "\x1b[" in out and "shortage" in out


@pytest.mark.parametrize("query", ["sanctions budget tonnes", "harvest", "the plan 10042", "zq"])
def test_search_scores_match_the_obvious_computation(tmp_path: Path, query: str) -> None:
    """The index's scores (the words a query hits, then their claims) are those of every claim
    scored one word at a time; the best ``limit`` are the first of that order."""
    from factcheck.query.filters import Filters
    from factcheck.query.search import index, score
    from factcheck.scale import views

    ledger = load_ledger(gen_module().write_ledger(tmp_path / "gen", 150, seed=7))
    lines = [c.pos.line for c in ledger.claims]
    got, _ = score(index(ledger.claims, ledger.sources), None, query, min_score=0)
    got.sort(key=lambda m: (-m[0], lines[m[1]]))
    obvious = [
        (c.id, total, fields)
        for c, (total, fields) in zip(
            ledger.claims, read_reference.scores(ledger, ledger.claims, query), strict=True
        )
    ]
    expected = sorted(
        obvious, key=lambda r: (-r[1], lines[[c.id for c in ledger.claims].index(r[0])])
    )
    assert [(ledger.claims[i].id, total, fields) for total, i, fields in got] == expected
    view = views.build(ledger)
    top = views.search([view], Filters(), query, limit=5, min_score=0)
    assert [r["id"] for r, _ in top] == [r[0] for r in expected[:5]]
