"""Proposals that are claims: atomic spans with exact offsets, furniture left out, a guessed kind
and speaker, one section rule for add and extract; extract's records; coverage and init on
articles with nothing in them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.spotting.atomic import claim_spans
from factcheck.spotting.attribution import PRONOUN, guess_kind, is_frame, speaker_of
from factcheck.spotting.furniture import content, dateline_end, is_credit
from factcheck.spotting.sections import headings
from tests.cli_runner import run

_alphabet = st.sampled_from(
    [
        *"abcde ABC .,;:!?\"'“”’()-—%$0123456789\n\u00a0",
        " and ",
        " while ",
        ", which was ",
        "; ",
        " said ",
        "September ",
        "TOKYO (Jiji Press) — ",
        "By Jane Doe\n",
        "4.2%",
        "Kim ",
    ]
)
_texts = st.lists(_alphabet, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_claim_spans_are_exact_and_in_order(text: str) -> None:
    last = -1
    for p in claim_spans(text):
        assert text[p.start : p.end] == p.text and p.text == p.text.strip()
        assert p.start >= last
        last = p.start


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_furniture_content_is_exact_and_ordered(text: str) -> None:
    last = 0
    for s, e in content(text):
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e


_articles = st.lists(
    st.sampled_from(
        [
            "Headline\n\n",
            "\n\nBy Jane Doe\n\n",
            "\n\nTOKYO (Jiji Press) — ",
            "Exports rose 4.2% in September, while imports fell 2.3%. ",
            "“It is an outrage,” Hamada said. ",
            "The Bank of Korea, which kept its rate at 3.5%, will hold. ",
            "He said\u00a0so. ",
            "Trade\n\n",
            "abc ",
            "\n\n",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(_articles)
def test_every_proposal_is_an_exact_span_of_the_article(text: str) -> None:
    from factcheck.ledger.models import Ledger
    from factcheck.spotting.candidates import candidates
    from factcheck.spotting.proposals import proposals

    ledger = Ledger(Path("."), Path("claims.yaml"), "a", [], {}, article_text=text)
    ids = set()
    for p in proposals(ledger, candidates(ledger), min_score=0):
        assert text[p.start : p.end] == p.quote and p.quote == p.quote.strip()
        assert "TOKYO" not in p.quote and "By Jane" not in p.quote
        assert p.id not in ids
        ids.add(p.id)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("TOKYO (Jiji Press) — Japan said it would protest.", "Japan said it would protest."),
        ("SEOUL, Oct 3 (Reuters) - Exports rose 4%.", "Exports rose 4%."),
        ("NEW YORK, Oct. 3, 2024 (AP) — Stocks fell.", "Stocks fell."),
        ("WASHINGTON — The talks ended.", "The talks ended."),
        ("By Jane Doe\nTOKYO (Jiji Press) — Japan said so.", "Japan said so."),
        ("NATO said 3 allies would join.", "NATO said 3 allies would join."),
        ("By March, exports had risen 4%.", "By March, exports had risen 4%."),
        ("US-China talks - a look back", "US-China talks - a look back"),
    ],
)
def test_datelines_and_bylines_are_left_out(sentence: str, kept: str) -> None:
    assert [sentence[s:e] for s, e in content(sentence)] == [kept]


def test_credit_lines_are_furniture() -> None:
    assert content("(Reporting by Jane Doe; Editing by John Roe)") == []
    assert content("By Jane Doe and John Roe, Reuters") == []
    assert is_credit("By MARIKO SATO, Kyodo News")
    assert not is_credit("By contrast, exports rose.")
    assert dateline_end("Nato — a club") == 0


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Hamada said exports rose 4.2% in September.", "Hamada"),
        ("Exports rose 4.2%, the Finance Ministry said on Thursday.", "Finance Ministry"),
        ("“We will respond firmly,” he said.", PRONOUN),
        ("The move is reckless, said Hamada, the chief cabinet secretary.", "Hamada"),
        ("Food ran short, according to the UN Food and Agriculture Organisation.",
         "UN Food and Agriculture Organisation"),
        ("The foreign ministry condemned the launch as “a grave provocation.”",
         "The foreign ministry"),
        ("The BOK reported that North Korea’s GDP contracted by 4.9%.", "BOK"),
        ("Ambassador Kim further stated that the war had not ended.", "Ambassador Kim"),
        ("Prices of rice and corn too increased tremendously.", None),
        ("It is a welcome move.", None),
        ("As noted above, sanctions have failed.", None),
    ],
)  # fmt: skip
def test_speaker_of(sentence: str, speaker: str | None) -> None:
    assert speaker_of(sentence) == speaker


def test_who_spoke_is_no_claim_of_its_own() -> None:
    assert (
        claim_spans("North Korea's GDP fell 4.5% in 2020, the Bank of Korea said on Friday.") == []
    )
    assert claim_spans("Exports rose 4.2% in 2024, said Hamada, the chief cabinet secretary.") == []
    assert is_frame("Hamada told reporters in Tokyo")
    assert not is_frame("Hamada said the missile flew about 650 kilometers")


def test_guess_kind() -> None:
    assert guess_kind("Talks may resume next year.", attributed=False, subjective=False) == (
        "prediction"
    )
    assert guess_kind("Talks will resume.", attributed=True, subjective=False) == "attribution"
    assert guess_kind("A shameful policy.", attributed=False, subjective=True) == "opinion"
    assert guess_kind("GDP fell 4.5% in 2020.", attributed=False, subjective=False) == "fact"


def test_headings_leave_out_the_headline_and_bylines() -> None:
    text = "Headline here\n\nBy Jane Doe\n\nTOKYO —\n\nBody text.\n\nA Section\n\nMore text.\n"
    assert [title for _, title in headings(text)] == ["A Section"]


def test_extract_json_records(new_ledger: Path) -> None:
    code, out, err = run("extract", "--json", "--min-score", "0.9", ledger=new_ledger)
    assert code == 0, err
    records = json.loads(out)
    assert records and isinstance(records, list)
    text = new_ledger.parent.joinpath("story.txt").read_text("utf-8")
    for r in records:
        assert set(r) >= {"schema_version", "id", "quote", "kind", "speaker", "section", "anchor"}
        assert text[r["anchor"]["start"] : r["anchor"]["end"]] == r["quote"]
    code, out, _ = run("extract", "--format", "jsonl", "--min-score", "0.9", ledger=new_ledger)
    assert [json.loads(line) for line in out.splitlines()] == records
    code, _, err = run("extract", "--format", "csv", ledger=new_ledger)
    assert code == 2


def test_extract_write_json_prints_what_it_appended(new_ledger: Path) -> None:
    code, out, err = run("extract", "--write", "--json", "--min-score", "0.9", ledger=new_ledger)
    assert code == 0, err
    appended = json.loads(out)
    code, out, _ = run("list", "--json", ledger=new_ledger)
    assert [r["id"] for r in json.loads(out)] == [r["id"] for r in appended]


def test_shipped_article_proposals_are_not_all_facts(new_ledger: Path) -> None:
    code, out, err = run("extract", "--json", ledger=new_ledger)
    assert code == 0, err
    kinds = {r["kind"] for r in json.loads(out)}
    assert {"fact", "attribution", "opinion"} <= kinds
    speakers = {r["speaker"] for r in json.loads(out) if r["kind"] == "attribution"}
    assert None not in speakers


def test_coverage_of_an_empty_article_is_not_100(tmp_path: Path) -> None:
    article = tmp_path / "empty.txt"
    article.write_text("  \n\n", encoding="utf-8")
    code, _, err = run("init", str(article))
    assert code == 0 and "warning: the article is empty" in err
    ledger = tmp_path / "claims.yaml"
    code, out, err = run("coverage", "--json", ledger=ledger)
    assert code == 0 and json.loads(out)["coverage"] is None
    assert "100" not in err and "nothing to measure" in err
    code, _, err = run("coverage", "--min-coverage", "10", ledger=ledger)
    assert code == 1 and "no coverage to hold to --min-coverage" in err


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"abc\xff\xfe text", "invalid UTF-8"), (b"PK\x03\x04\x00\x00", "NUL byte")],
)
def test_init_refuses_a_file_that_is_not_text(tmp_path: Path, data: bytes, message: str) -> None:
    article = tmp_path / "story.pdf"
    article.write_bytes(data)
    code, _, err = run("init", str(article))
    assert code == 2 and "the article is not a text file" in err and message in err
    assert not (tmp_path / "claims.yaml").exists()


def test_init_warns_on_control_characters(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Some \x01\x02 text.\n", encoding="utf-8")
    code, _, err = run("init", str(article))
    assert code == 0 and "warning: the article holds 2 control" in err
