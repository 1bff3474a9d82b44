"""factcheck match: has this been checked before? Ranking, its outputs, the cached index, and
extract/add --against."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.matching.clean import clean
from factcheck.matching.entries import LAYOUT
from factcheck.matching.lexical import BM25, postings
from tests.cli_runner import run
from tests.factory import write_ledger, write_tree

ARCHIVE = [
    ("gdp-shrank", "North Korea's economy shrank 4.5% in 2020, its worst contraction in 23 years."),
    ("vaccine-microchip", "COVID-19 vaccines contain microchips that track people."),
    (
        "obama-guantanamo",
        "122 detainees released from Guantanamo under Obama went back to terrorism.",
    ),
    ("pope-trump", "Pope Francis endorsed Donald Trump for president."),
    ("army-draft-texts", "The U.S. Army is sending text messages about a military draft."),
    ("sanctions-lifted", "The UN lifted sanctions on North Korea in 2021."),
]


def write_archive(root: Path, items: list[tuple[str, str]] = ARCHIVE) -> Path:
    """A ledger whose article holds each claim's text on a line of its own."""
    article = "Archive\n\n" + "\n".join(text for _, text in items) + "\n"
    claims = [
        {"id": cid, "quote": text, "kind": "fact", "rating": "inaccurate" if i % 2 else "accurate"}
        for i, (cid, text) in enumerate(items)
    ]
    sources = {"article": {"type": "article", "title": "Archive", "text": "article.txt"}}
    return write_ledger(root, claims=claims, sources=sources, article=article)


def filler(n: int) -> list[tuple[str, str]]:
    """``n`` claims that share no word with ``ARCHIVE``'s, so the archive is of a real size."""
    return [(f"filler-{i}", f"Filler number {i} concerns topic{i} only.") for i in range(n)]


def test_a_paraphrase_finds_its_claim(tmp_path: Path) -> None:
    """By words alone (``--lexical``), a paraphrase is found through the words it shares once
    suffixes are stripped ("vaccines"/"vaccine", "tracking"/"track"), and claims sharing no word
    with the statement are not returned at all; with meaning too, it is first, far ahead."""
    path = write_archive(tmp_path / "archive")
    statement = "Do the Covid vaccines have a tracking chip in them?"
    code, out, _ = run("match", statement, "--json", "--lexical", ledger=path)
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == ["vaccine-microchip"]
    code, out, _ = run("match", statement, "--json", ledger=path)
    assert code == 0
    found = json.loads(out)
    assert found[0]["id"] == "vaccine-microchip"
    assert found[0]["score"] > 3 * found[1]["score"]
    first = found[0]
    assert list(first)[:2] == ["id", "score"]
    assert first["status"] == "unsourced" and first["quote"].startswith("COVID-19 vaccines")
    assert 0 < first["score"] <= 100


def test_the_best_claims_first_and_no_more_than_the_limit(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "archive")
    statement = "North Korea's economy: UN sanctions, Obama, the pope, the army and vaccines"
    _, out, _ = run("match", statement, "--json", ledger=path)
    found = json.loads(out)
    assert len(found) == 5 and found[0]["id"] in {"gdp-shrank", "sanctions-lifted"}
    assert all(a["score"] >= b["score"] for a, b in itertools.pairwise(found))
    assert 0 < found[-1]["score"] <= found[0]["score"] <= 100


def test_a_tweet_is_cleaned_before_matching(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "archive")
    tweet = (
        "Fact check: The U.S. Army is NOT contacting anyone regarding the draft "
        "pic.twitter.com/3S32De8ekP — U.S. Army CGSC (@USACGSC) January 8, 2020"
    )
    args = ("match", tweet, "--format", "jsonl", "--limit", "2")
    _, out, _ = run(*args, "--lexical", ledger=path)
    lines = [json.loads(x) for x in out.splitlines()]
    # the tail's name, handle and date match nothing: only the draft claim shares words
    assert [r["id"] for r in lines] == ["army-draft-texts"]
    _, out, _ = run(*args, ledger=path)
    assert json.loads(out.splitlines()[0])["id"] == "army-draft-texts"


def test_many_statements_from_stdin(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "archive")
    queries = [
        {"id": "q1", "text": "Pope Francis shocks world, endorses Trump"},
        {"id": 7, "text": "UN sanctions against Pyongyang were lifted"},
    ]
    stdin = "".join(json.dumps(q) + "\n" for q in queries)
    code, out, _ = run("match", "-", "-n", "3", ledger=path, input=stdin)
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["query"] for x in lines] == ["q1", 7]
    assert all(x["schema_version"] == 1 for x in lines)
    assert lines[0]["matches"][0]["id"] == "pope-trump"
    assert lines[1]["matches"][0]["id"] == "sanctions-lifted"
    assert all(1 <= len(x["matches"]) <= 3 for x in lines)
    _, as_json, _ = run("match", "-", "--json", ledger=path, input=stdin)
    assert [x["query"] for x in json.loads(as_json)] == ["q1", 7]


@pytest.mark.parametrize("line", ["not json", '{"id": 1}', "[1, 2]"])
def test_bad_stdin_is_a_clear_error(tmp_path: Path, line: str) -> None:
    path = write_archive(tmp_path / "archive")
    code, out, err = run("match", "-", ledger=path, input='{"id": 0, "text": "ok"}\n' + line)
    assert code == 2 and out == ""
    assert err.startswith("<stdin>:2: error:") and "hint:" in err


def test_a_tree_of_ledgers(tmp_path: Path) -> None:
    write_tree(tmp_path)
    write_archive(tmp_path / "archive")
    _, out, _ = run("match", "Food shortage of 860,000 tonnes", str(tmp_path), "--json")
    found = json.loads(out)
    assert found[0]["id"] == "food-shortage"
    assert {r["ledger"] for r in found if r["id"] == "food-shortage"} <= {
        str(p) for p in ("a/claims.yaml", "b/claims.yaml", "deep/er/c/claims.yaml")
    } or len({r["ledger"] for r in found}) > 1


def test_plain_and_table(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "archive")
    code, out, err = run(
        "match", "pope endorsed trump", "--format", "plain", "-n", "1", ledger=path
    )
    assert code == 0
    _score, cid, status, rating, _quote = out.rstrip("\n").split("\t")
    assert cid == "pope-trump" and status == "unsourced" and rating == "inaccurate"
    assert "best of 6 claims" in err
    code, out, _ = run("match", "pope endorsed trump", "--format", "table", ledger=path)
    assert code == 0 and "pope-trump" in out


def test_the_index_is_cached_and_rebuilt_only_for_changed_ledgers(
    tmp_path: Path, cache_dir: Path
) -> None:
    one = write_archive(tmp_path / "one")
    two = write_archive(tmp_path / "two", ARCHIVE[:3])
    run("match", "vaccine chips", str(tmp_path))
    parts = set((cache_dir / LAYOUT).rglob("*.npz"))
    assert len(parts) == 2
    run("match", "vaccine chips", str(tmp_path))
    assert set((cache_dir / LAYOUT).rglob("*.npz")) == parts
    write_archive(tmp_path / "two", ARCHIVE[:4])
    _, out, _ = run("match", "pope endorsement", str(tmp_path), "--json")
    now = set((cache_dir / LAYOUT).rglob("*.npz"))
    assert len(now - parts) == 1 and parts <= now
    assert json.loads(out)[0]["id"] == "pope-trump"
    # a damaged entry is a miss, not a failure
    for p in now:
        p.write_bytes(b"junk")
    code, out, _ = run("match", "pope endorsement", str(tmp_path), "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "pope-trump"
    assert one.exists() and two.exists()


def test_extract_and_add_against(tmp_path: Path) -> None:
    """``SAME`` was chosen on an archive of 10,373 claims; BM25's word weights depend on the
    archive's size, so this one holds 200 claims."""
    archive = write_archive(tmp_path / "archive", ARCHIVE + filler(194))
    article = (
        "News\n\nThe UN lifted all sanctions on North Korea in 2021. The sky is green today.\n"
    )
    sources = {"article": {"type": "article", "title": "News", "text": "article.txt"}}
    mine = write_ledger(tmp_path / "mine", claims=[], sources=sources, article=article)
    code, out, err = run(
        "add",
        "--quote",
        "The UN lifted all sanctions on North Korea in 2021.",
        "--kind",
        "fact",
        "--against",
        str(archive.parent),
        ledger=mine,
    )
    assert code == 0
    assert "already checked by sanctions-lifted (unsourced, inaccurate)" in err
    code, out, err = run(
        "extract", "--all", "--min-score", "0", "--against", str(archive), ledger=mine
    )
    assert code == 0
    entries = yaml.safe_load(out)
    assert entries and all(f"{e['id']}: " in err for e in entries)
    assert "already checked by sanctions-lifted" in err
    assert err.count("already checked by") == 1  # not the green sky


def test_clean_drops_tails_urls_and_marks() -> None:
    text = (
        "Trump must divest. https://t.co/x #Iran pic.twitter.com/abc "
        "— Ilhan Omar (@IlhanMN) January 6, 2020"
    )
    assert clean(text) == "Trump must divest. Iran"
    assert clean("@realDonaldTrump says so") == "real Donald Trump says so"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=8), st.integers(0, 7))
def test_bm25_of_parts_is_bm25_of_the_whole(texts: list[str], cut: int) -> None:
    """A tree's index scores a claim as one index of all its claims would."""
    cut = min(cut, len(texts))
    whole = BM25([postings(texts)])
    split = BM25([postings(texts[:cut]), postings(texts[cut:])])
    for query in texts[:3]:
        assert whole.scores(query).tolist() == pytest.approx(split.scores(query).tolist())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_clean_is_total(text: str) -> None:
    out = clean(text)
    assert "http" not in out.lower() or "http" in text.lower().replace("https://", "")
    assert out == out.strip()


def test_add_against_an_unreadable_ledger_writes_nothing(tmp_path: Path) -> None:
    mine = write_ledger(tmp_path / "mine")
    before = mine.read_text(encoding="utf-8")
    code, out, err = run(
        "add",
        "--quote",
        "Talks may resume next year.",
        "--kind",
        "prediction",
        "--id",
        "talks-again",
        "--against",
        str(tmp_path / "missing"),
        ledger=mine,
    )
    assert code == 2 and out == ""
    assert "missing" in err and "Traceback" not in err
    assert mine.read_text(encoding="utf-8") == before


def test_parts_built_on_several_cores_rank_as_in_one(tmp_path: Path) -> None:
    for n in range(4):
        write_archive(tmp_path / f"l{n}", ARCHIVE[n:] + ARCHIVE[:n])
    args = ("match", "Covid vaccine microchips", str(tmp_path), "--json", "-n", "8")
    _, serial, _ = run(*args, env={"FACTCHECK_JOBS": "1", "FACTCHECK_NO_CACHE": "1"})
    _, pooled, _ = run(*args, env={"FACTCHECK_JOBS": "2", "FACTCHECK_NO_CACHE": "1"})
    assert json.loads(serial) == json.loads(pooled)
    assert json.loads(pooled)[0]["id"] == "vaccine-microchip"


def test_an_empty_statement_or_ledger_matches_nothing(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "archive")
    code, out, _ = run("match", "", "--json", ledger=path)
    assert code == 0 and json.loads(out) == []
    empty = write_ledger(tmp_path / "empty", claims=[])
    code, out, _ = run("match", "vaccines", "--json", ledger=empty)
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize("fmt", ["plain", "table", "json", "jsonl"])
def test_hostile_claim_text_stays_inert(tmp_path: Path, fmt: str) -> None:
    hostile = "Vaccines [bold red]contain[/] chips \x1b]8;;http://x\x1b\\ now\u202e"
    path = write_archive(tmp_path / "archive", [("bad-one", hostile), *ARCHIVE[:2]])
    code, out, err = run("match", "vaccines contain chips", "--format", fmt, ledger=path)
    assert code == 0 and "bad-one" in out
    assert "\x1b" not in out and "\u202e" not in out and "\x1b" not in err


def test_an_imported_review_is_found_by_the_words_of_its_headline(tmp_path: Path) -> None:
    """A review's headline is the title of the source its claim cites: matched on, as the
    CheckThat! archive's headlines are in the evaluation."""
    reviews = [
        {
            "@type": "ClaimReview",
            "identifier": f"r{n}",
            "url": f"https://checks.example.org/fc/{n}",
            "name": name,
            "claimReviewed": claim,
            "author": {"@type": "Organization", "name": "Example Checks"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        }
        for n, (name, claim) in enumerate(
            [
                ("Is Kim Jong Un's Sister Running North Korea?", "A relative now rules there."),
                ("Did the Pope Endorse Trump?", "Francis backed the Republican nominee."),
            ]
        )
    ]
    source = tmp_path / "reviews.json"
    source.write_text(json.dumps(reviews), encoding="utf-8")
    code, _, err = run("import", "claimreview", str(source), "--dir", str(tmp_path / "archive"))
    assert code == 0, err
    statement = "kim jong un sister"
    code, out, _ = run("match", statement, "--json", "--lexical", str(tmp_path / "archive"))
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["r0"]
