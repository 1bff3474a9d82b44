"""The editing commands, check --fix, baselines and prefix/suffix anchors, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.commands import edit as edit_commands
from tests.cli_runner import run
from tests.handwritten_ledger import ARTICLE, CLAIMS, changed_lines, claims_of, make_ledger

# --- add ---------------------------------------------------------------------------------


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


# --- cite / rate / source add -------------------------------------------------------------


def test_cite_appends_evidence_and_changes_status(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run(
        "cite", "experts-doubt", "src-a", "--stance", "supports", "--says", "Yes: so.", ledger=path
    )
    assert code == 0, err
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == []
    assert added == [
        "    evidence:",
        "      - source: src-a",
        "        stance: supports",
        "        says: 'Yes: so.'",
    ]
    code, _, err = run(
        "cite",
        "shrank",
        "src-a",
        "--stance",
        "contradicts",
        "--says",
        "No",
        "--locator",
        "p1",
        ledger=path,
    )
    assert code == 0 and "status now disputed" in err


def test_cite_unknown_claim_or_source(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, err = run("cite", "nope", "src-a", "--stance", "supports", "--says", "x", ledger=path)
    assert code == 2 and "no claim with id 'nope'" in err
    code, _, err = run(
        "cite", "shrank", "src-x", "--stance", "supports", "--says", "x", ledger=path
    )
    assert code == 2 and "did you mean 'src-a'" in err


def test_rate_replaces_or_inserts(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    code, _, _ = run("rate", "experts-doubt", "mixed", "--note", "Half right.", ledger=path)
    assert code == 0
    removed, added = changed_lines(CLAIMS, path.read_text("utf-8"))
    assert removed == ["      kept as a folded block", "    note: >-"] or sorted(removed) == sorted(
        ["    note: >-", "      kept as a folded block"]
    )
    assert sorted(added) == ["    note: Half right.", "    rating: mixed"]
    code, _, _ = run("rate", "experts-doubt", "accurate", ledger=path)
    assert code == 0
    assert claims_of(path)[1]["rating"] == "accurate"
    code, _, err = run("rate", "experts-doubt", "great", ledger=path)
    assert code == 2 and "great" in err


def test_source_add_writes_a_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    args = (
        "source",
        "add",
        "--id",
        "wire-2021",
        "--url",
        "https://example.org/w",
        "--title",
        "Report: the economy",
        "--publisher",
        "Wire",
        "--issued",
        "2021-07",
        "--type",
        "news",
        "--author",
        "Ann Lee",
    )
    code, out, _ = run(*args, ledger=path)
    assert code == 0 and out == "wire-2021\n"
    written = (tmp_path / "sources" / "wire-2021.yaml").read_text("utf-8")
    assert written == (
        "id: wire-2021\ntype: news\ntitle: 'Report: the economy'\nauthor: [Ann Lee]\n"
        "publisher: Wire\nissued: 2021-07\nurl: https://example.org/w\n"
    )
    code, _, err = run(*args, ledger=path)
    assert code == 2 and "already exists" in err
    code, _, err = run("source", "add", *args[2:4], "--url", "ftp://x", *args[6:], ledger=path)
    assert code == 2
    code, _, _ = run(
        "cite", "experts-doubt", "wire-2021", "--stance", "context", "--says", "s", ledger=path
    )
    assert code == 0


# --- check --fix ---------------------------------------------------------------------------


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


# --- show and prefix/suffix ------------------------------------------------------------------


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


# --- baselines -------------------------------------------------------------------------------


def test_baseline_accepts_known_findings_and_survives_edits(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    base = tmp_path / "baseline.json"
    code, _, _ = run("check", "--strict", ledger=path)
    assert code == 1  # figure-mismatch warning (2020 is in no evidence)
    code, _, err = run("check", "--strict", "--write-baseline", str(base), ledger=path)
    assert code == 1 and "baseline of 1 finding(s) written" in err
    doc = json.loads(base.read_text("utf-8"))
    assert doc["findings"] == [
        {
            "owner": "claim:shrank",
            "rule": "figure-mismatch",
            "count": 1,
            "example": doc["findings"][0]["example"],
        }
    ]
    code, _, err = run("check", "--strict", "--baseline", str(base), ledger=path)
    assert code == 0 and "1 known finding(s) accepted" in err
    # edits above the claim move every line number: the baseline still holds
    path.write_text(
        CLAIMS.replace("claims:\n", "# a new comment\n# and another\nclaims:\n"), "utf-8"
    )
    code, _, _ = run("check", "--strict", "--baseline", str(base), ledger=path)
    assert code == 0
    # a new problem is not in the baseline
    path.write_text(
        CLAIMS.replace(
            "    kind: opinion\n    section: A Heading", "    kind: fact\n    section: A Heading"
        ),
        "utf-8",
    )
    code, out, _ = run("check", "--baseline", str(base), ledger=path)
    assert code == 1 and "[unsourced]" in out and "figure-mismatch" not in out


def test_baseline_reports_fixed_entries_and_bad_files(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    base = tmp_path / "b.json"
    run("check", "--write-baseline", str(base), ledger=path)
    path.write_text(
        CLAIMS.replace("4.5% in 2020", "4.5% in 2020").replace(
            "says: 'The bank said: 4.5%.'", "says: 'The bank said: 4.5% in 2020.'"
        ),
        "utf-8",
    )
    code, _, err = run("check", "--strict", "--baseline", str(base), ledger=path)
    assert code == 0 and "1 baseline entry is fixed now" in err
    base.write_text("{}", "utf-8")
    code, _, err = run("check", "--baseline", str(base), ledger=path)
    assert code == 2 and "not a factcheck baseline" in err
