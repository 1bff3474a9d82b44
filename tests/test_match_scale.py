"""What ``match`` reads and makes at scale: claims found in a view's blob without its listing,
a tree read from nothing indexed by the workers that read it (only the parts asked for sent
back), no search index built for it, and a batch's output line by line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.formats.fastjson import dumps_indented
from factcheck.ledger.load import load_ledger
from factcheck.matching import index, lexical
from factcheck.matching.entries import LAYOUT
from factcheck.matching.ledgers import PARTS
from factcheck.scale import blobs, views
from factcheck.scale.blobs import claim_bounds
from factcheck.scale.pool import load_views
from factcheck.text.inert import json_safe
from tests.cli_runner import run
from tests.factory import write_ledger

TEXT = st.lists(
    st.text(st.characters(codec="utf-8"), max_size=8)
    | st.sampled_from(["\n", "  },\n  {", "\n  }", "}", ",\n"]),
    max_size=5,
).map("".join)
VALUE = st.recursive(
    st.none() | st.integers() | TEXT, lambda inner: st.lists(inner, max_size=3), max_leaves=6
)
RECORD = st.fixed_dictionaries(
    {"id": TEXT}, optional={"claim": TEXT, "quote": VALUE, "evidence": st.lists(VALUE)}
)


@given(st.lists(RECORD, max_size=6))
@settings(max_examples=150, deadline=None)
def test_claims_are_found_in_the_blob_as_the_listing_has_them(records: list[Any]) -> None:
    """The blob as ``views.build`` joins it: each record's text bounded exactly."""
    pieces = [
        json_safe(dumps_indented([r]))[2:-2].encode("utf-8", "surrogatepass") for r in records
    ]
    blob = blobs.SEP.join(pieces)
    starts, ends = claim_bounds(blob)
    assert [blob[s:e] for s, e in zip(starts, ends, strict=True)] == pieces


def test_a_real_views_bounds_are_its_listings(tmp_path: Path) -> None:
    claims = [
        {"id": "a", "quote": "The minister doubled the budget.", "kind": "fact", "note": "x\n  },"},
        {"id": "b", "quote": "Taxes fell by 4%.", "kind": "fact"},
    ]
    built = views.build(load_ledger(write_ledger(tmp_path / "l", claims=claims)))
    starts, ends = claim_bounds(built["blob"])
    assert list(starts) == built["listing"]["starts"]
    assert list(ends) == built["listing"]["ends"]
    assert "search" in built and "search" not in views.build(
        load_ledger(tmp_path / "l" / "claims.yaml"), search=False
    )


def test_a_tree_is_indexed_by_the_workers_that_read_it(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_JOBS", "2")
    paths = [write_ledger(tmp_path / f"l{k}") for k in range(4)]
    loaded, failures = load_views(paths, PARTS, prepare=index.prepare)
    assert not failures and len(loaded) == 4
    assert all(set(v) == set(PARTS) for v in loaded)  # only the parts asked for came back
    assert len(set((cache_dir / LAYOUT).rglob("*.npz"))) == 4  # made in the workers

    built: list[bytes] = []
    monkeypatch.setattr(index, "_postings_of_blob", lambda blob: built.append(blob))
    assert len(index.parts_for([v["blob"] for v in loaded])) == 4 and not built


def test_match_builds_no_search_index_and_search_still_works(
    tmp_path: Path, cache_dir: Path
) -> None:
    path = write_ledger(tmp_path / "l")
    assert run("match", "North Korea GDP", ledger=path).code == 0
    assert not list(cache_dir.rglob("*view-search*"))
    code, out, _ = run("search", "GDP contracted", "--json", ledger=path)
    assert code == 0 and json.loads(out)
    assert list(cache_dir.rglob("*view-search*"))


def test_a_batch_is_written_a_line_a_statement(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "l")
    stdin = "".join(
        json.dumps({"id": i, "text": "food shortage in North Korea"}) + "\n" for i in range(150)
    )
    code, out, _ = run("match", "-", input=stdin, ledger=path)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [x["query"] for x in lines] == list(range(150))
    assert lines[0]["matches"] == lines[-1]["matches"] != []
    code, whole, _ = run("match", "-", "--format", "json", input=stdin, ledger=path)
    assert code == 0 and json.loads(whole) == lines


WORDS = st.sampled_from(["the", "Trump's", "vaccines", "tracking", "a", "it’s", "Über", "x1"])


@given(st.lists(st.lists(WORDS | st.text(max_size=8), max_size=8).map(" ".join), max_size=8))
@settings(max_examples=150, deadline=None)
def test_remembered_words_give_the_ids_words_give(texts: list[str]) -> None:
    memo: dict[str, int] = {}
    for text in texts:
        assert lexical.term_ids(text, memo) == lexical.term_ids(text)
