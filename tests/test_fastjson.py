"""The indented JSON writer (formats/fastjson.py) writes what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json

import pytest

from factcheck.formats.fastjson import dumps_indented
from factcheck.formats.records import article_of, claim_record
from factcheck.ledger.load import load_ledger
from tests.factory import ROOT
from tests.read_reference import stats_record


def test_indented_json_is_what_json_dumps_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    ledger = load_ledger(ROOT / "claims.yaml")
    article = article_of(ledger)
    records = [claim_record(c, ledger, article) for c in ledger.claims]
    for data in (records, stats_record([ledger]), [], {}, {"x": '\x01\x7f\u202e"\\'}):
        assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)
    assert dumps_indented({"n": 2**70}) == json.dumps({"n": 2**70}, indent=2)  # the fallback
