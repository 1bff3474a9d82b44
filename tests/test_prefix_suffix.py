"""A claim's prefix and suffix pick one of several places its quote stands: show and check anchor
it there, and quote-ambiguous fires only while more than one place is left."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import ARTICLE, CLAIMS, make_ledger


def test_prefix_suffix_pick_one_occurrence(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, out, _ = run("show", "cat-second", "--format", "plain", ledger=path)
    assert code == 0
    assert "The second paragraph says «the cat sat on the mat» again." in out
    code, out, _ = run("show", "cat-second", "--json", ledger=path)
    anchor = json.loads(out)["anchor"]
    assert ARTICLE[anchor["start"] - len("paragraph says ") : anchor["start"]] == "paragraph says "
    assert anchor["line"] == 7
    code, out, _ = run("check", "--format", "json", ledger=path)
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "quote-ambiguous"]


def test_quote_ambiguous_fires_only_when_still_several(tmp_path: Path) -> None:
    claims = CLAIMS.replace('    prefix: "paragraph says "\n    suffix: " again"\n', "")
    path = make_ledger(tmp_path, claims=claims)
    code, out, _ = run("check", "--format", "json", ledger=path)
    amb = [f for f in json.loads(out)["findings"] if f["rule"] == "quote-ambiguous"]
    assert len(amb) == 1 and "occurs 2 times" in amb[0]["message"]
    # a prefix both occurrences share leaves it ambiguous
    claims = CLAIMS.replace(
        '    prefix: "paragraph says "\n    suffix: " again"\n', '    prefix: "says "\n'
    )
    path = make_ledger(tmp_path, claims=claims)
    code, out, _ = run("check", "--format", "json", ledger=path)
    assert [f["rule"] for f in json.loads(out)["findings"]].count("quote-ambiguous") == 1
    # the suffix alone is enough
    claims = CLAIMS.replace('    prefix: "paragraph says "\n', "")
    path = make_ledger(tmp_path, claims=claims)
    code, out, _ = run("show", "cat-second", "--format", "plain", ledger=path)
    assert code == 0
    assert "The second paragraph says «the cat sat on the mat» again." in out
