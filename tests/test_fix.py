"""check --fix: lost quotes rewritten to the article's text (and their prefix with them) when one
span is close enough and no figure changed; the others stay errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import ARTICLE, CLAIMS, changed_lines, claims_of, make_ledger


def test_check_fix_rewrites_only_the_lost_quotes(tmp_path: Path) -> None:
    article = ARTICLE.replace("Experts doubt it.", "Experts doubt it, though.").replace(
        "the economy shrank by 4.5% in 2020", "the economy shrank by 4.5 % in 2020"
    )
    path = make_ledger(tmp_path, article=article)
    code, _, err = run("check", ledger=path)
    assert code == 1 and err.count("quote-not-found") == 0  # text format: findings on stdout
    code, out, _ = run("check", "--format", "json", ledger=path)
    lost = [f for f in json.loads(out)["findings"] if f["rule"] == "quote-not-found"]
    assert {f["claim_id"] for f in lost} == {"shrank", "experts-doubt"}
    assert all("`check --fix` will use it" in f["hint"] for f in lost)
    code, out, err = run("check", "--fix", ledger=path)
    assert "fixed quote of 'shrank'" in err and "2 quote(s) rewritten" in err
    assert "quote-not-found" not in out
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert sorted(removed) == [
        '    quote: "Experts doubt it."',
        "    quote: the economy shrank by 4.5% in 2020",
    ]
    assert sorted(added) == [
        '    quote: "Experts doubt it"',
        "    quote: the economy shrank by 4.5 % in 2020",
    ]


def test_check_fix_leaves_orphans_as_errors(tmp_path: Path) -> None:
    article = ARTICLE.replace(" Experts doubt it.", "").replace("4.5% in 2020", "4.7% in 2020")
    path = make_ledger(tmp_path, article=article)
    code, out, _ = run("check", "--fix", ledger=path)
    assert code == 1
    assert out.count("[quote-not-found]") == 2
    assert "not fixed: figures changed (4.5, 2020 → 4.7, 2020)" in out
    assert path.read_text("utf-8") == CLAIMS


def test_check_fix_threshold(tmp_path: Path) -> None:
    article = ARTICLE.replace("Experts doubt it.", "Experts doubt it, though.")
    path = make_ledger(tmp_path, article=article)
    code, _, _ = run("check", "--fix", "--fix-threshold", "99", ledger=path)
    assert code == 1
    assert path.read_text("utf-8") == CLAIMS
    run("check", "--fix", "--fix-threshold", "95", ledger=path)
    assert claims_of(path)[1]["quote"] == "Experts doubt it"


def test_check_fix_updates_prefix_with_the_quote(tmp_path: Path) -> None:
    article = ARTICLE.replace(
        "says the cat sat on the mat again", "says the cat sat on a mat again"
    )
    path = make_ledger(tmp_path, article=article)
    run("check", "--fix", ledger=path)
    c = claims_of(path)[2]
    assert c["quote"] == "the cat sat on a mat" and c["prefix"] == "paragraph says "
    code, out, _ = run("check", "--format", "json", ledger=path)
    assert code == 0
    assert not [f for f in json.loads(out)["findings"] if f["rule"].startswith("quote-")]
