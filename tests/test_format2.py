"""Ledger format 2: claims that quote no article. Format 1 reads as before; in format 2 a ledger
may have no article and a claim no quote (it then needs claim:), with appeared, appearance and
verdict; check keeps every rule that still means something for such claims."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.ledger.load import load_ledger
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, write_ledger

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads(files("factcheck.schema").joinpath("claims.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

UNQUOTED: dict[str, Any] = {
    "id": "bleach-cures-flu",
    "claim": "Drinking bleach cures the flu.",
    "kind": "fact",
    "speaker": "Jane Roe",
    "appeared": "2020-03-01",
    "appearance": ["https://social.example.com/p/9"],
    "evidence": [
        {"source": "fao-food", "stance": "contradicts", "says": "Bleach cures nothing, 100%."}
    ],
    "rating": "inaccurate",
    "verdict": "Pants on Fire!",
    "note": "It is a poison.",
}


def ledger_text(claims: list[dict[str, Any]], *, version: int = 2, article: bool = True) -> str:
    doc: dict[str, Any] = {"format": version}
    if article:
        doc["article"] = "article"
    doc["claims"] = claims
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def load(tmp_path: Path, text: str) -> Any:
    return load_ledger(write_ledger(tmp_path, claims_text=text))


def schema_findings(ledger: Any) -> list[str]:
    return [f.message for f in ledger.findings if f.rule == "schema"]


def test_format_2_holds_quoted_and_unquoted_claims(tmp_path: Path) -> None:
    ledger = load(tmp_path, ledger_text([*copy.deepcopy(BASE_CLAIMS), UNQUOTED]))
    assert ledger.format == 2 and not schema_findings(ledger)
    claim = ledger.claims[-1]
    assert claim.quote is None and claim.text == "Drinking bleach cures the flu."
    assert claim.appeared == "2020-03-01" and claim.verdict == "Pants on Fire!"
    assert claim.appearance == ("https://social.example.com/p/9",)
    _, out, _ = run("check", "--format", "json", ledger=tmp_path)
    rules = {(f["claim_id"], f["rule"]) for f in json.loads(out)["findings"]}
    assert not any(cid == "bleach-cures-flu" for cid, _ in rules), rules
    assert not any(rule == "quote-not-found" for _, rule in rules)


def test_format_2_without_an_article(tmp_path: Path) -> None:
    ledger = load(tmp_path, ledger_text([UNQUOTED], article=False))
    assert ledger.article_id is None and not schema_findings(ledger)
    _, out, _ = run("check", ledger=tmp_path)
    # the factory's article and other sources are cited by no claim now: still reported
    assert "unused-source" in out and "schema" not in out and "quote-not-found" not in out


def test_a_quote_with_no_article_to_find_it_in(tmp_path: Path) -> None:
    claim = {**UNQUOTED, "quote": "Drink bleach."}
    load(tmp_path, ledger_text([claim], article=False))
    code, out, _ = run("check", ledger=tmp_path)
    assert code == 1
    assert "has a quote but the ledger names no article [quote-not-found]" in out


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"claim": None}, "has neither 'quote' nor 'claim'"),
        ({"claim": "  "}, "'claim' in claim 'bleach-cures-flu' is empty"),
        ({"appeared": "March 2020"}, "'appeared' in claim 'bleach-cures-flu' must be YYYY"),
        ({"appearance": ["ftp://x"]}, "appearance url 'ftp://x'"),
        (
            {"appearance": "https://x.org"},
            "'appearance' in claim 'bleach-cures-flu' must be a list",
        ),
        ({"verdict": ""}, "'verdict' in claim 'bleach-cures-flu' is empty"),
        ({"id": "Bad Id"}, "is not a lowercase slug"),
        ({"rating": "false"}, "not one of accurate"),
    ],
)
def test_format_2_claims_are_still_validated(
    tmp_path: Path, change: dict[str, Any], fragment: str
) -> None:
    claim = {**UNQUOTED, **change}
    claim = {k: v for k, v in claim.items() if v is not None}
    text = ledger_text([claim])
    ledger = load(tmp_path, text)
    messages = schema_findings(ledger)
    assert any(fragment in m for m in messages), messages
    assert not VALIDATOR.is_valid(yaml.safe_load(text))


def test_unquoted_claims_still_need_a_source_and_a_known_one(tmp_path: Path) -> None:
    bare = {"id": "bare", "claim": "Taxes doubled.", "kind": "fact"}
    unknown = {**UNQUOTED, "evidence": [{"source": "nowhere", "stance": "supports", "says": "x"}]}
    unknown["rating"] = "accurate"
    load(tmp_path, ledger_text([bare, unknown]))
    code, out, _ = run("check", ledger=tmp_path)
    assert code == 1
    assert "[unsourced]" in out and "[unknown-source]" in out
    assert "quote-not-found" not in out


def test_format_1_is_read_as_before(tmp_path: Path) -> None:
    """The format-2 keys are unknown in format 1, a quote is required and so is the article."""
    text = ledger_text([UNQUOTED], version=1, article=False)
    ledger = load(tmp_path, text)
    messages = schema_findings(ledger)
    assert "claims.yaml is missing required key 'article'" in messages
    assert any("missing required key 'quote'" in m for m in messages)
    for key in ("appeared", "appearance", "verdict"):
        assert any(f"unknown key '{key}'" in m for m in messages), key
    assert ledger.format == 1 and ledger.claims == []
    assert not VALIDATOR.is_valid(yaml.safe_load(text))


@pytest.mark.parametrize(
    ("version", "claims", "article"),
    [
        (2, [UNQUOTED], False),
        (2, [UNQUOTED], True),
        (2, [{**UNQUOTED, "quote": "x"}], True),
        (2, [{k: v for k, v in UNQUOTED.items() if k != "claim"}], True),
        (1, [BASE_CLAIMS[0]], True),
        (1, [BASE_CLAIMS[0]], False),
        (2, [{**UNQUOTED, "appeared": 2020}], True),
        (2, [{**UNQUOTED, "appearance": []}], True),
        (3, [UNQUOTED], True),
    ],
)
def test_schema_and_validator_agree(
    tmp_path: Path, version: int, claims: list[dict[str, Any]], article: bool
) -> None:
    text = ledger_text(claims, version=version, article=article)
    schema_ok = VALIDATOR.is_valid(yaml.safe_load(text))
    try:
        ledger = load(tmp_path, text)
    except Exception:  # an unreadable format: the schema refuses it too
        assert not schema_ok
        return
    assert schema_ok == (not schema_findings(ledger)), schema_findings(ledger)


def test_read_commands_show_unquoted_claims(tmp_path: Path) -> None:
    load(tmp_path, ledger_text([*copy.deepcopy(BASE_CLAIMS), UNQUOTED]))
    code, out, _ = run("list", "--json", ledger=tmp_path)
    record = json.loads(out)[-1]
    assert record["quote"] is None and record["claim"] == UNQUOTED["claim"]
    assert record["anchor"] is None
    code, out, err = run("show", "bleach-cures-flu", ledger=tmp_path)
    assert code == 0 and "quote:" not in out and "claim: Drinking bleach" in out
    code, out, err = run("search", "bleach flu", "--format", "table", ledger=tmp_path)
    assert code == 0 and "bleach-cures-flu" in out and "Drinking bleach" in out, err
    code, out, err = run("list", "--format", "table", ledger=tmp_path)
    assert code == 0 and "Drinking bleach" in out
    for args in (["stats"], ["sources"], ["export", "-f", "csv"], ["export", "-f", "jsonl"]):
        assert run(*args, ledger=tmp_path).code == 0, args


def test_unquoted_claims_in_the_database_and_the_report(tmp_path: Path) -> None:
    import sqlite3

    load(tmp_path, ledger_text([*copy.deepcopy(BASE_CLAIMS), UNQUOTED]))
    db = tmp_path / "out.db"
    code, _, err = run("export", "-f", "sqlite", "-o", str(db), ledger=tmp_path)
    assert code == 0, err
    with sqlite3.connect(db) as con:
        row = con.execute(
            "select quote, claim from claims where id = 'bleach-cures-flu'"
        ).fetchone()
    assert row == (None, UNQUOTED["claim"])
    code, _, err = run("report", "--html", str(tmp_path / "r.html"), ledger=tmp_path)
    assert code == 0 and "4 claims" in err, err


def test_annotate_does_not_call_an_unquoted_claim_lost(tmp_path: Path) -> None:
    load(tmp_path, ledger_text([*copy.deepcopy(BASE_CLAIMS), UNQUOTED]))
    code, out, err = run("annotate", ledger=tmp_path)
    assert code == 0, err
    assert "bleach-cures-flu" not in out + err
