"""``list``, ``search`` and ``stats`` read cached views (views.py): the bytes they write are those
of the straightforward path (load the Ledger, build the records, filter, search and count the
obvious way: tests/read_reference.py, dump), cached or not, on the shipped ledger, generated
ledgers, ledgers with findings and hostile text, and many ledgers. Without the cache every run
builds the views again: a smaller sample of options there."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.formats.records import article_of, claim_record
from factcheck.formats.text import to_json, to_plain
from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import Ledger
from factcheck.query.filters import Filters, SortKey
from tests.cli_runner import run
from tests.factory import ROOT, gen_module, write_ledger
from tests.read_reference import search_many, select_many, stats_record

FILTERS: list[tuple[list[str], Filters]] = [
    ([], Filters()),
    (["--status", "sourced"], Filters(status=("sourced",))),
    (["--kind", "opinion", "--kind", "fact"], Filters(kind=("opinion", "fact"))),
    (["--tag", "economy"], Filters(tag=("economy",))),
    (["--section", "MARKETS"], Filters(section=("MARKETS",))),
    (["--source", "src-0003", "--source", "fao-food"], Filters(source=("src-0003", "fao-food"))),
    (["--status", "disputed", "--kind", "fact"], Filters(status=("disputed",), kind=("fact",))),
]
QUERIES = ["sanctions budget tonnes", "harvest", "the plan 10042", "talks resume", "zq", "the"]


@pytest.fixture(params=["cache", "no-cache"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with its private cache (tests/conftest.py), and once without any."""
    if request.param == "no-cache":
        monkeypatch.setenv("FACTCHECK_NO_CACHE", "1")
    return str(request.param)


def stdout_of(args: list[str]) -> str:
    """What the command printed; it must succeed."""
    code, out, err = run(*args)
    assert code == 0, err
    return out


def expected_list(
    ledgers: list[Ledger], filters: Filters, sort: SortKey
) -> list[dict[str, object]]:
    articles = {id(x): article_of(x) for x in ledgers}
    return [claim_record(c, x, articles[id(x)]) for c, x in select_many(ledgers, filters, sort)]


def expected_search(
    ledgers: list[Ledger], filters: Filters, query: str, limit: int | None, min_score: float
) -> str:
    return to_json(search_many(ledgers, filters, query, limit=limit, min_score=min_score))


def compare_all(paths: list[Path], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.chdir(cwd)
    cached = not os.environ.get("FACTCHECK_NO_CACHE")
    ledgers = [load_ledger(p) for p in paths]
    given = [str(p) for p in paths]
    for _ in range(2 if cached else 1):  # cold, then warm
        for k, (flags, filters) in enumerate(FILTERS):
            if not cached and k not in (0, 3):
                continue
            for sort in SortKey if k in (0, 3) else [SortKey.POSITION]:
                args = ["list", *given, *flags, "--sort", sort.value]
                records = expected_list(ledgers, filters, sort)
                assert stdout_of([*args, "--json"]) == to_json(records), args
            columns: tuple[str, ...] = ("id", "status", "rating", "kind", "section", "quote")
            if len(paths) > 1:
                columns = ("ledger", *columns)
            assert stdout_of(["list", *given, *flags, "--format", "plain"]) == to_plain(
                expected_list(ledgers, filters, SortKey.POSITION), columns
            )
            for query in QUERIES if k in (0, 3) else QUERIES[:1]:
                for limit, min_score in ((10, 50.0), (None, 0.0), (3, 15.0), (None, 15.1)):
                    args = ["search", query, *given, *flags, "--json", "--min-score"]
                    args += [str(min_score), "--limit", str(limit or 100000)]
                    want = expected_search(ledgers, filters, query, limit or 100000, min_score)
                    assert stdout_of(args) == want, args
        assert stdout_of(["stats", *given, "--json"]) == to_json(stats_record(ledgers))


def test_shipped_ledger(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compare_all([ROOT / "claims.yaml"], ROOT, monkeypatch)


@pytest.mark.parametrize("n", [1, 120])
def test_generated_ledgers(
    tmp_path: Path, mode: str, n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = gen_module().write_ledger(tmp_path / "gen", n, seed=n)
    compare_all([path], tmp_path, monkeypatch)


def test_many_ledgers(tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    gen = gen_module()
    paths = [gen.write_ledger(tmp_path / f"l{k}", 30 + k, seed=k) for k in range(5)]
    paths.append(write_ledger(tmp_path / "small"))
    compare_all(paths, tmp_path, monkeypatch)


def test_findings_and_hostile_text(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "format: 1\narticle: article\nclaims:\n"
        "  - id: a\n    quote: Talks may resume next year.\n    kind: fact\n    colour: red\n"
        '    note: "bidi \\u202e and bell \\x07 and del \\x7f and \\x85"\n'
        "  - id: a\n    quote: Not there at all.\n    kind: opinion\n    tags: [economy]\n"
        '  - id: b\n    quote: "\\u2066Talks\\u2069 may resume"\n    kind: fact\n'
        "    section: Markets\n"
    )
    compare_all([write_ledger(tmp_path, claims_text=text)], tmp_path, monkeypatch)


def test_an_edited_article_changes_the_anchors(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ledger(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = stdout_of(["list", "--json"])
    article = tmp_path / "sources" / "article.txt"
    article.write_text("A new first line.\n" + article.read_text(encoding="utf-8"), "utf-8")
    after = stdout_of(["list", "--json"])
    assert after != before
    assert after == to_json(expected_list([load_ledger(path)], Filters(), SortKey.POSITION))
