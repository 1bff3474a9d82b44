"""The fast paths give exactly what the straightforward paths give: cache, quote index, JSON."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.checks.gate import CheckResult, check_ledger
from factcheck.formats.fastjson import dumps_indented
from factcheck.formats.records import article_of, claim_record
from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import Ledger
from factcheck.scale import cache
from factcheck.text import article as article_module
from factcheck.text import quoteindex
from factcheck.text.article import Article
from tests.factory import ROOT, gen_module, write_ledger
from tests.read_reference import scores, stats_record


def same_ledger(a: Ledger, b: Ledger) -> None:
    """Equal in every field, positions included (dataclass equality skips field_pos)."""
    assert a == b
    for ca, cb in zip(a.claims, b.claims, strict=True):
        assert ca.field_pos == cb.field_pos
        assert [e.pos for e in ca.evidence] == [e.pos for e in cb.evidence]
        assert [i.pos for i in ca.ignore] == [i.pos for i in cb.ignore]
    for sid in a.sources:
        assert a.sources[sid].field_pos == b.sources[sid].field_pos


def same_result(a: CheckResult, b: CheckResult) -> None:
    for f in fields(CheckResult):
        assert getattr(a, f.name) == getattr(b, f.name)


def cold_warm_plain(path: Path) -> None:
    plain = load_ledger(path)
    cold = cache.load_ledger(path)  # a miss: computes and stores
    warm = cache.load_ledger(path)  # a hit
    same_ledger(plain, cold)
    same_ledger(plain, warm)
    expected = check_ledger(plain)
    same_result(expected, cache.check(path))
    same_result(expected, cache.check(path))


def test_cache_gives_the_plain_result_on_the_shipped_ledger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    cold_warm_plain(ROOT / "claims.yaml")


@pytest.mark.parametrize("n", [1, 57, 300])
def test_cache_gives_the_plain_result_on_generated_ledgers(tmp_path: Path, n: int) -> None:
    path = gen_module().write_ledger(tmp_path / "gen", n, seed=n)
    cold_warm_plain(path)
    assert check_ledger(load_ledger(path)).findings == []  # the generator's promise


def test_cache_gives_the_plain_result_with_findings(tmp_path: Path) -> None:
    text = (
        "format: 1\narticle: article\narticle: again\nclaims:\n"
        "  - id: a\n    quote: Talks may resume next year.\n    kind: fact\n    colour: red\n"
        "  - id: a\n    quote: Not there at all.\n    kind: opinion\n"
    )
    cold_warm_plain(write_ledger(tmp_path, claims_text=text))


def test_every_input_invalidates(tmp_path: Path) -> None:
    path = write_ledger(tmp_path)
    first = cache.check(path)
    assert first.findings == []
    edits: list[tuple[Path, str, str]] = [
        (path, "Talks may resume", "Talks might resume"),
        (tmp_path / "sources" / "fao-food.yaml", "FAO", "F.A.O."),
        (tmp_path / "sources" / "article.txt", "next year", "soon"),
    ]
    for file, old, new in edits:
        before = file.read_text(encoding="utf-8")
        assert old in before
        file.write_text(before.replace(old, new), encoding="utf-8")
        same_result(check_ledger(load_ledger(path)), cache.check(path))
        same_ledger(load_ledger(path), cache.load_ledger(path))
        file.write_text(before, encoding="utf-8")
    (tmp_path / "sources" / "article.txt").unlink()
    assert any(f.rule == "bad-path" for f in cache.check(path).findings)


def test_cache_entries_others_could_write_or_damaged_are_misses(
    tmp_path: Path, cache_dir: Path
) -> None:
    path = write_ledger(tmp_path / "l")
    cache.load_ledger(path)
    entries = list(cache_dir.rglob("*.ledger"))
    assert len(entries) == 1
    assert (entries[0].parent.stat().st_mode & 0o777) == 0o700
    entries[0].write_bytes(b"not a pickle")
    same_ledger(load_ledger(path), cache.load_ledger(path))  # damaged: recomputed, rewritten
    assert cache.lookup_ledger(path) is not None
    entries[0].chmod(0o666)
    assert cache.lookup_ledger(path) is None  # writable by others: never unpickled


def test_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    monkeypatch.setenv("FACTCHECK_NO_CACHE", "1")
    path = write_ledger(tmp_path / "l")
    cache.check(path)
    assert not cache_dir.exists()


def test_two_processes_share_one_cache(tmp_path: Path, cache_dir: Path) -> None:
    path = gen_module().write_ledger(tmp_path / "gen", 200, seed=3)
    code = (
        "import sys\nfrom pathlib import Path\nfrom factcheck.scale import cache\n"
        "r = cache.check(Path(sys.argv[1]))\nprint(r.claims, len(r.findings))\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    outs = [p.communicate()[0].decode().strip() for p in procs]
    assert outs == ["200 0"] * 3
    assert not list(cache_dir.rglob(".tmp-*"))  # no temporary file left behind


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab .,\n’é_1", max_size=80),
    quotes=st.lists(st.text(alphabet="ab .,\n’é_1", max_size=10), max_size=6),
    cuts=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 14)), max_size=4),
    chunk=st.sampled_from([1, 5, 1 << 20]),
)
def test_quote_index_finds_what_str_find_finds(
    text: str, quotes: list[str], cuts: list[tuple[int, int]], chunk: int
) -> None:
    quotes = quotes + [text[i : i + n] for i, n in cuts]
    # chunk boundaries inside a short text: the chunk size is private (1 MiB, no public knob)
    old = quoteindex._CHUNK
    quoteindex._CHUNK = chunk
    try:
        found = quoteindex.find_all(text, quotes)
    finally:
        quoteindex._CHUNK = old
    for q in quotes:
        if q:
            assert found[q] == quoteindex.scan(text, q)


def test_article_with_many_quotes_answers_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = gen_module().write_ledger(tmp_path / "gen", 120, seed=5)
    ledger = load_ledger(path)
    assert ledger.article_text is not None
    indexed = article_of(ledger)
    plain = Article(ledger.article_text)
    assert indexed is not None
    indexes: list[list[str]] = []  # the quotes of each index built from here on

    def find_all(text: str, quotes: Iterable[str]) -> dict[str, list[int]]:
        indexes.append(list(quotes))
        return quoteindex.find_all(text, indexes[-1])

    monkeypatch.setattr(article_module, "find_all", find_all)
    quotes = [c.quote for c in ledger.claims] + ["plan", "said.", "zzz"]
    for q in quotes:
        assert indexed.occurrences(q) == plain.occurrences(q) == quoteindex.scan(plain.text, q)
    assert [c.quote for c in ledger.claims] in indexes  # the claims' index was used


def test_indented_json_is_what_json_dumps_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    ledger = load_ledger(ROOT / "claims.yaml")
    article = article_of(ledger)
    records = [claim_record(c, ledger, article) for c in ledger.claims]
    for data in (records, stats_record([ledger]), [], {}, {"x": '\x01\x7f\u202e"\\'}):
        assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)
    assert dumps_indented({"n": 2**70}) == json.dumps({"n": 2**70}, indent=2)  # the fallback


@pytest.mark.parametrize("query", ["sanctions budget tonnes", "harvest", "the plan 10042", "zq"])
def test_search_scores_match_the_obvious_computation(tmp_path: Path, query: str) -> None:
    """The index's scores (the words a query hits, then their claims) are those of every claim
    scored one word at a time; the best ``limit`` are the first of that order."""
    from factcheck.query.filters import Filters
    from factcheck.query.search import index, score
    from factcheck.scale import views

    ledger = load_ledger(gen_module().write_ledger(tmp_path / "gen", 150, seed=7))
    lines = [c.pos.line for c in ledger.claims]
    got, _ = score(index(ledger.claims, ledger.sources), None, query, min_score=0)
    got.sort(key=lambda m: (-m[0], lines[m[1]]))
    obvious = [
        (c.id, total, fields)
        for c, (total, fields) in zip(
            ledger.claims, scores(ledger, ledger.claims, query), strict=True
        )
    ]
    expected = sorted(
        obvious, key=lambda r: (-r[1], lines[[c.id for c in ledger.claims].index(r[0])])
    )
    assert [(ledger.claims[i].id, total, fields) for total, i, fields in got] == expected
    view = views.build(ledger)
    top = views.search([view], Filters(), query, limit=5, min_score=0)
    assert [r["id"] for r, _ in top] == [r[0] for r in expected[:5]]


def test_ledger_entries_in_many_chunks_load_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """A Ledger entry is pickled in chunks of claims; every chunk comes back, in order, and an
    entry cut short (a chunk lost) is a miss, never a ledger with claims missing."""
    monkeypatch.setattr(cache, "_CHUNK", 7)  # private (4,096 claims, no public knob)
    path = gen_module().write_ledger(tmp_path / "gen", 57, seed=3)
    cold_warm_plain(path)  # 57 claims: 9 chunks, the last one short
    (entry,) = cache_dir.rglob("*.ledger")
    whole = entry.read_bytes()
    ledger = cache.lookup_ledger(path)
    assert ledger is not None
    deps = cache.text_deps(ledger)
    assert [c.id for c in ledger.claims] == [c.id for c in load_ledger(path).claims]

    def entry_with(chunks: list[list[object]]) -> bytes:
        buf = io.BytesIO()
        pickle.dump((deps, replace(ledger, claims=[]), 57), buf)
        for chunk in chunks:
            pickle.dump(chunk, buf)
        return buf.getvalue()

    claims: list[object] = list(ledger.claims)
    parts = [claims[i : i + 7] for i in range(0, 57, 7)]
    entry.write_bytes(entry_with(parts))  # what _dump_ledger writes, rebuilt here
    rebuilt = cache.lookup_ledger(path)
    assert rebuilt is not None and len(rebuilt.claims) == 57
    for damaged in (entry_with(parts[:-1]), entry_with([*parts, parts[0]]), whole[:-1]):
        entry.write_bytes(damaged)  # a chunk lost, one too many, the last byte cut
        assert cache.lookup_ledger(path) is None
    entry.write_bytes(whole)
    same_ledger(load_ledger(path), cache.load_ledger(path))
