"""The shipped JSON Schemas and the validator describe the same format."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.ledger.load import load_ledger
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, BASE_SOURCES, write_ledger

jsonschema = pytest.importorskip("jsonschema")


def schema(name: str) -> Any:
    return json.loads(files("factcheck.schema").joinpath(f"{name}.schema.json").read_text("utf-8"))


CLAIMS_VALIDATOR = jsonschema.Draft202012Validator(schema("claims"))
SOURCE_VALIDATOR = jsonschema.Draft202012Validator(schema("source"))


def test_schemas_are_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(schema("claims"))
    jsonschema.Draft202012Validator.check_schema(schema("source"))


MUTATIONS: list[tuple[str, Any]] = [
    ("id", "Not A Slug"),
    ("id", 12),
    ("kind", "fakt"),
    ("quote", ""),
    ("quote", None),
    ("tags", "economy"),
    ("tags", [1, 2]),
    ("rating", "false"),
    ("rating", "mixed"),
    ("evidence", "reuters"),
    ("evidence", [{"source": "reuters-gdp", "stance": "agrees", "says": "x"}]),
    ("evidence", [{"source": "reuters-gdp", "stance": "supports"}]),
    ("evidence", [{"source": "fao-food", "stance": "context", "says": "x", "locator": 3}]),
    ("evidence", None),
    ("ignore", [{"rule": "unsourced"}]),
    ("ignore", [{"rule": "schema", "reason": "x"}]),
    ("ignore", [{"rule": "unsourced", "reason": "searched"}]),
    ("note", 3),
    ("speaker", "BOK"),
    ("prefix", "The "),
    ("extra", "x"),
    ("claim", "  "),
]


def is_schema_finding(rule: str) -> bool:
    return rule == "schema"


@pytest.mark.parametrize(("key", "value"), MUTATIONS)
def test_claim_mutations_agree(tmp_path: Path, key: str, value: Any) -> None:
    claims = copy.deepcopy(BASE_CLAIMS)
    claims[1][key] = value
    doc = {"format": 1, "article": "article", "claims": claims}
    schema_ok = CLAIMS_VALIDATOR.is_valid(doc)
    ledger = load_ledger(write_ledger(tmp_path, claims))
    validator_ok = not any(is_schema_finding(f.rule) for f in ledger.findings)
    assert schema_ok == validator_ok, (key, value, [f.message for f in ledger.findings])


SOURCE_MUTATIONS: list[tuple[str, Any]] = [
    ("issued", "2021-13-01"),
    ("issued", 2021),
    ("issued", "21"),
    ("accessed", "2026-11-27"),
    ("url", "ftp://x"),
    ("url", "https://example.org/a b"),
    ("type", "blog"),
    ("type", "speech"),
    ("author", "Jane Roe"),
    ("author", ["Jane Roe", ""]),
    ("title", ""),
    ("unknown", 1),
    ("ignore", [{"rule": "source-incomplete", "reason": "no date shown"}]),
]


@pytest.mark.parametrize(("key", "value"), SOURCE_MUTATIONS)
def test_source_mutations_agree(tmp_path: Path, key: str, value: Any) -> None:
    sources = copy.deepcopy(BASE_SOURCES)
    sources["fao-food"][key] = value
    schema_ok = SOURCE_VALIDATOR.is_valid(sources["fao-food"])
    ledger = load_ledger(write_ledger(tmp_path, sources=sources))
    validator_ok = not any(f.rule == "schema" for f in ledger.findings)
    assert schema_ok == validator_ok, (key, value, [f.message for f in ledger.findings])


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=8),
    st.sampled_from(["fact", "opinion", "supports", "unsourced", "a-b", "2021"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["source", "stance", "says", "rule", "reason", "x"]), inner, max_size=3
        )
    ),
    max_leaves=6,
)
claim_keys = st.sampled_from(
    ["id", "quote", "kind", "tags", "evidence", "rating", "note", "ignore", "qoute"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(claim_keys, values, max_size=6))
def test_random_claims_agree(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = {"format": 1, "article": "article", "claims": [raw]}
    text = yaml.safe_dump(doc, allow_unicode=True)
    ledger = load_ledger(write_ledger(tmp_path, claims_text=text))
    validator_ok = not any(f.rule == "schema" for f in ledger.findings)
    assert CLAIMS_VALIDATOR.is_valid(yaml.safe_load(text)) == validator_ok


def test_schema_command_prints_json_schema() -> None:
    code, out, _ = run("schema", "source")
    assert code == 0 and json.loads(out)["required"] == ["id"]
