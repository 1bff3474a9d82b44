"""The cache (scale/cache.py) gives exactly what the straightforward path gives: the Ledger and
the check result, cold and warm; every input invalidates; damaged entries are misses."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest

from factcheck.checks.gate import CheckResult, check_ledger
from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import Ledger
from factcheck.scale import cache
from factcheck.scale.spelling import spelling
from tests.factory import ROOT, gen_module, write_ledger


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
    cold = cache.loaded(path)  # a miss: computes and stores
    warm = cache.loaded(path)  # a hit
    same_ledger(plain, cold)
    same_ledger(plain, warm)
    expected = check_ledger(plain)
    same_result(expected, cache.checked(path))
    same_result(expected, cache.checked(path))


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
    first = cache.checked(path)
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
        same_result(check_ledger(load_ledger(path)), cache.checked(path))
        same_ledger(load_ledger(path), cache.loaded(path))
        file.write_text(before, encoding="utf-8")
    (tmp_path / "sources" / "article.txt").unlink()
    assert any(f.rule == "bad-path" for f in cache.checked(path).findings)


def test_cache_entries_others_could_write_or_damaged_are_misses(
    tmp_path: Path, cache_dir: Path
) -> None:
    path = write_ledger(tmp_path / "l")
    cache.loaded(path)
    entries = list(cache_dir.rglob("*.ledger"))
    assert len(entries) == 1
    assert (entries[0].parent.stat().st_mode & 0o777) == 0o700
    entries[0].write_bytes(b"not a pickle")
    same_ledger(load_ledger(path), cache.loaded(path))  # damaged: recomputed, rewritten
    assert cache.lookup_ledger(path) is not None
    entries[0].chmod(0o666)
    assert cache.lookup_ledger(path) is None  # writable by others: never unpickled


def test_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    monkeypatch.setenv("FACTCHECK_NO_CACHE", "1")
    path = write_ledger(tmp_path / "l")
    cache.checked(path)
    assert not cache_dir.exists()


def test_two_processes_share_one_cache(tmp_path: Path, cache_dir: Path) -> None:
    path = gen_module().write_ledger(tmp_path / "gen", 200, seed=3)
    code = (
        "import sys\nfrom pathlib import Path\nfrom factcheck.scale import cache\n"
        "r = cache.checked(Path(sys.argv[1]))\nprint(r.claims, len(r.findings))\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    outs = [p.communicate()[0].decode().strip() for p in procs]
    assert outs == ["200 0"] * 3
    assert not list(cache_dir.rglob(".tmp-*"))  # no temporary file left behind


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
        pickle.dump((deps, replace(ledger, claims=[]), 57, spelling(path)), buf)
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
    same_ledger(load_ledger(path), cache.loaded(path))
