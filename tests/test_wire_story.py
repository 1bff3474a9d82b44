"""A new wire story, as a new user would take it: init, extract, extract --write, add, coverage.

Both stories under tests/data are invented for these tests: no real event, person or quote.

The story (tests/data/wire_story.txt) has a headline, a byline, a dateline, "Hamada said …", a
quoted condemnation, a sentence of figures and dates joined by "and" and "while", a section
heading and a credit line; a no-break space and curly quotes are in the quotes. The proposals
must be usable as they stand: exact quotes without the dateline, attributions with a speaker,
no byline or credit line proposed, and the section add gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_runner import run

STORY = Path(__file__).parent / "data" / "wire_story.txt"
FURNITURE = ("TOKYO", "Jiji Press", "By Aiko", "Reporting by", "Editing by")


@pytest.fixture
def wire(tmp_path: Path) -> Path:
    article = tmp_path / "story.txt"
    article.write_bytes(STORY.read_bytes())
    code, _, err = run("init", str(article), "--publisher", "Jiji Press", "--issued", "2026-11-24")
    assert code == 0, err
    assert "warning" not in err
    return tmp_path / "claims.yaml"


def proposals(ledger: Path, *args: str) -> list[dict[str, Any]]:
    code, out, err = run("extract", "--format", "jsonl", *args, ledger=ledger)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def by_start(found: list[dict[str, Any]], words: str) -> dict[str, Any]:
    [hit] = [p for p in found if p["quote"].startswith(words)]
    return hit


def test_init_takes_the_headline_as_title(wire: Path) -> None:
    code, out, _ = run("sources", "--json", ledger=wire)
    assert code == 0
    [article] = [s for s in json.loads(out) if s["is_article"]]
    assert article["title"] == "Japan protests North Korean missile launch as exports slow"


def test_proposals_are_exact_spans_without_furniture(wire: Path) -> None:
    text = STORY.read_text(encoding="utf-8")
    found = proposals(wire, "--min-score", "0")
    assert found
    for p in found:
        a = p["anchor"]
        assert text[a["start"] : a["end"]] == p["quote"]  # exact, NBSP and curly quotes kept
        assert p["quote"] == p["quote"].strip()
        assert not any(f in p["quote"] for f in FURNITURE), p["quote"]
        assert p["schema_version"] == 1
    assert any("\u00a0" in p["quote"] for p in found)
    assert "Trade figures" not in [p["quote"] for p in found]  # a heading is not a claim
    lede = by_start(found, "North Korea fired a ballistic missile")
    assert lede["anchor"]["col"] > 1  # the dateline before it is left out


def test_attributions_carry_their_speaker(wire: Path) -> None:
    found = proposals(wire, "--min-score", "0")
    lede = by_start(found, "North Korea fired")
    assert (lede["kind"], lede["speaker"]) == ("attribution", "Japan’s Defense Ministry")
    hamada = by_start(found, "Chief Cabinet Secretary Kenji Hamada said")
    assert hamada["kind"] == "attribution"
    assert hamada["speaker"] == "Chief Cabinet Secretary Kenji Hamada"
    quoted = by_start(found, "“This is an outrageous act")
    assert quoted["kind"] == "attribution"
    assert quoted["speaker"] == "Chief Cabinet Secretary Kenji Hamada"  # "Hamada told", by name
    condemned = by_start(found, "South Korea’s Joint Chiefs of Staff condemned")
    assert condemned["kind"] == "attribution"
    assert condemned["speaker"] == "South Korea’s Joint Chiefs of Staff"
    according = by_start(found, "According to the ministry")
    assert (according["kind"], according["speaker"]) == ("attribution", "Finance Ministry")
    outlook = by_start(found, "Economists expect")
    assert outlook["kind"] == "prediction" and outlook["speaker"] is None


def test_a_sentence_of_figures_is_cut_into_claims(wire: Path) -> None:
    found = proposals(wire, "--min-score", "0")
    trade = [p for p in found if p["anchor"]["line"] == 15]
    assert [p["quote"] for p in trade] == [
        "Exports rose 4.2% to 8.1 trillion yen in September from a year earlier, the Finance "
        "Ministry said on Thursday",
        "while imports fell 2.3%",
        "the trade deficit narrowed to 510 billion yen.",
    ]
    assert {(p["kind"], p["speaker"]) for p in trade} == {("attribution", "Finance Ministry")}
    missile = [p["quote"] for p in found if p["anchor"]["line"] == 7]
    assert len(missile) == 2 and missile[1].startswith("reached an altitude of 50 kilometers")


def test_sections_come_from_headings_not_the_headline(wire: Path) -> None:
    found = proposals(wire, "--min-score", "0")
    assert by_start(found, "North Korea fired")["section"] is None
    assert by_start(found, "while imports fell")["section"] == "Trade figures"
    assert by_start(found, "Japan protests")["section"] is None  # the headline itself


def test_write_then_add_then_coverage(wire: Path) -> None:
    printed = proposals(wire)
    assert printed  # the default threshold proposes the wire story's facts
    code, _, err = run("extract", "--write", ledger=wire)
    assert code == 0 and f"appended {len(printed)} claims" in err
    written = yaml.safe_load(wire.read_text("utf-8"))["claims"]
    assert [c["id"] for c in written] == [p["id"] for p in printed]
    for claim, p in zip(written, printed, strict=True):
        assert claim["quote"] == p["quote"] and claim["kind"] == p["kind"]
        assert claim.get("speaker") == p["speaker"] and claim.get("section") == p["section"]
    code, _, err = run("check", ledger=wire)
    assert "quote-not-found" not in err and "schema" not in err
    # add gives a quote the section extract gives it: the same rule
    code, out, err = run(
        "add",
        "--quote",
        "shipments to China grew for a fifth straight month",
        "--kind",
        "fact",
        "--id",
        "china-shipments",
        ledger=wire,
    )
    assert code == 0, err
    added = yaml.safe_load(wire.read_text("utf-8"))["claims"][-1]
    assert added["section"] == "Trade figures"
    code, out, err = run(
        "add", "--quote", "the third launch this month", "--kind", "fact", ledger=wire
    )
    assert code == 0, err
    assert "section" not in yaml.safe_load(wire.read_text("utf-8"))["claims"][-1]
    code, out, err = run("coverage", "--json", "--min-coverage", "100", ledger=wire)
    assert code == 0, err
    assert json.loads(out)["coverage"] == 1.0
    assert proposals(wire) == []  # nothing left to propose


def test_a_second_agency_style(tmp_path: Path) -> None:
    """A hyphen dateline with a date, two bylines, "said NAME, an economist …", a relative
    clause and a forecast."""
    article = tmp_path / "seoul.txt"
    article.write_bytes((STORY.parent / "wire_story_seoul.txt").read_bytes())
    assert run("init", str(article)).code == 0
    found = proposals(tmp_path / "claims.yaml", "--min-score", "0")
    text = article.read_text("utf-8")
    for p in found:
        assert text[p["anchor"]["start"] : p["anchor"]["end"]] == p["quote"]
        assert not any(f in p["quote"] for f in ("SEOUL", "Reuters", "By Min-ji", "Editing by"))
    assert by_start(found, "South Korea's exports rose")["anchor"]["col"] > 1
    shipments = by_start(found, "Outbound shipments climbed 7.5%")
    assert (shipments["kind"], shipments["speaker"]) == ("attribution", "The trade ministry")
    assert by_start(found, "while imports dropped 1.2%")["speaker"] == "The trade ministry"
    economist = by_start(found, '"The recovery is still fragile')
    assert (economist["kind"], economist["speaker"]) == ("attribution", "Park Jun-ho")
    minister = by_start(found, "Trade Minister Lee Sung-min told")
    assert minister["speaker"] == "Trade Minister Lee Sung-min"
    assert by_start(found, "The Bank of Korea, which kept")["kind"] == "prediction"
    assert by_start(found, "which kept its policy rate at 3.50% in August")["kind"] == "fact"
