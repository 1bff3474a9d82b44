"""The cache keyed on the ledger's resolved path (one entry however the ledger is named, with the
answer the plain path gives in each place), bounded by least-recently-used eviction, and
``factcheck cache info|clear``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factcheck.checks.gate import check_ledger
from factcheck.ledger.load import load_ledger
from factcheck.scale import cache, cachedir
from tests.cli_runner import run
from tests.factory import write_ledger
from tests.test_cache import same_ledger, same_result


def entries(folder: Path, kind: str) -> list[Path]:
    return sorted(folder.glob(f"v*/*/*.{kind}"))


def with_finding(root: Path) -> Path:
    """The small ledger plus an unknown key in claims.yaml and in a source: findings in both."""
    path = write_ledger(root)
    path.write_text(path.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    source = next((root / "sources").glob("*.yaml"))
    source.write_text(source.read_text(encoding="utf-8") + "stray: 1\n", encoding="utf-8")
    return path


def test_inside_and_outside_the_folder_share_one_entry(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = with_finding(tmp_path / "ledger")
    monkeypatch.chdir(path.parent)
    inside = cache.checked(path)
    same_result(inside, check_ledger(load_ledger(path)))
    assert any(f.path == "sources/" + f.path.split("/")[-1] for f in inside.findings)
    monkeypatch.chdir(tmp_path)
    outside = cache.checked(path)  # a hit, re-spelt for this folder
    same_result(outside, check_ledger(load_ledger(path)))
    assert {f.path.split("/")[0] for f in outside.findings} == {"ledger"}
    monkeypatch.chdir("/")
    same_result(cache.checked(path), check_ledger(load_ledger(path)))
    same_ledger(cache.loaded(path), load_ledger(path))
    assert len(entries(cache_dir, "check")) == 1
    assert len(entries(cache_dir, "ledger")) == 1


def test_a_link_to_the_folder_shares_the_entry(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = with_finding(tmp_path / "real")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    linked = tmp_path / "link" / "claims.yaml"
    monkeypatch.chdir(tmp_path)
    same_ledger(cache.loaded(path), load_ledger(path))
    hit = cache.loaded(linked)
    same_ledger(hit, load_ledger(linked))
    assert hit.root == linked.parent
    same_result(cache.checked(linked), check_ledger(load_ledger(linked)))
    assert len(entries(cache_dir, "ledger")) == 1


def test_a_folder_inside_the_ledger_gets_its_own_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = with_finding(tmp_path / "ledger")
    monkeypatch.chdir(tmp_path)
    cache.checked(path)
    monkeypatch.chdir(path.parent / "sources")  # claims.yaml shown absolute, sources relative
    same_result(cache.checked(path), check_ledger(load_ledger(path)))


def _fake_entry(folder: Path, key: str, size: int, used: float) -> Path:
    entry = folder / cache.LAYOUT / key[:2] / f"{key}.ledger"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(b"x" * size)
    os.utime(entry, (used, used))
    return entry


def test_least_recently_used_keys_go_first(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    old = _fake_entry(folder, "aa" + "0" * 62, 400_000, 1_000)
    mid = _fake_entry(folder, "bb" + "0" * 62, 400_000, 2_000)
    new = _fake_entry(folder, "cc" + "0" * 62, 400_000, 3_000)
    stale = folder / "v1" / "dd" / "dd.check"  # an older layout: nothing reads it any more
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x" * 400_000)
    os.utime(stale, (500, 500))
    assert cachedir.usage(folder).bytes == 1_600_000
    freed = cachedir.prune(folder, cap=1_000_000)  # down to 800,000 bytes
    assert freed == 800_000
    assert not stale.exists() and not old.exists()
    assert mid.exists() and new.exists()
    assert cachedir.prune(folder, cap=1_000_000) == 0


def test_a_hit_counts_as_use(tmp_path: Path, cache_dir: Path) -> None:
    path = write_ledger(tmp_path / "ledger")
    cache.loaded(path)
    (entry,) = entries(cache_dir, "ledger")
    os.utime(entry, (1_000, 1_000))
    cache.loaded(path)
    assert entry.stat().st_mtime > 1_000


def test_the_first_write_of_a_run_keeps_the_cap(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _fake_entry(cache_dir, "aa" + "0" * 62, 3 * 2**20, 1_000)
    monkeypatch.setenv(cachedir.MAX_ENV, "2")
    monkeypatch.setattr(cachedir, "_pruned", False)
    cache.loaded(write_ledger(tmp_path / "ledger"))
    assert not old.exists()
    assert entries(cache_dir, "ledger")  # the new entry, used just now, stays


def test_cap_setting() -> None:
    assert cachedir.cap_bytes() == cachedir.DEFAULT_MAX_MB * 2**20


def test_cap_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cachedir.MAX_ENV, "0")
    assert cachedir.cap_bytes() == 0
    monkeypatch.setenv(cachedir.MAX_ENV, "not a number")
    assert cachedir.cap_bytes() == cachedir.DEFAULT_MAX_MB * 2**20


def test_cache_info_and_clear(ledger: Path, cache_dir: Path) -> None:
    code, out, _ = run("cache", "info", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["schema_version"] == 1 and info["entries"] == 0
    assert info["folder"] == str(cache_dir)
    assert run("check", ledger=ledger).code == 0
    assert json.loads(run("cache", "--json").stdout)["entries"] == 1
    code, out, _ = run("cache", "info")
    assert f"folder: {cache_dir}\nentries: 1 (" in out
    code, out, err = run("cache", "clear")
    assert code == 0 and out == ""
    assert err.startswith("Removed 1 entry (")
    assert json.loads(run("cache", "--json").stdout)["entries"] == 0
    assert not entries(cache_dir, "check")


def test_cache_info_when_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_NO_CACHE", "1")
    code, out, err = run("cache", "info", "--json")
    assert code == 0 and json.loads(out) == {"schema_version": 1, "enabled": False}
    assert "off" in err


def test_tests_never_use_the_real_cache(cache_dir: Path) -> None:
    """Every test (and every child process it starts, through the environment) caches in a
    folder of its own."""
    real = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "factcheck"
    assert cache.cache_dir() == cache_dir != real
    assert os.environ["FACTCHECK_CACHE_DIR"] == str(cache_dir)


def test_the_match_index_is_part_of_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    """Its entries count in ``cache info``, a hit marks them used, the cap evicts them and
    ``cache clear`` removes them, as the parse cache's."""
    from factcheck.matching.entries import LAST_LAYOUT, LAYOUT, VECTOR_LAYOUT
    from tests.test_match import write_archive

    path = write_archive(tmp_path / "archive")
    assert run("match", "vaccine chips", ledger=path).code == 0
    made = sorted(cache_dir.glob("match-*/*/*.*"))
    assert {p.parts[-3] for p in made} == {LAYOUT, VECTOR_LAYOUT, LAST_LAYOUT}
    assert cachedir.usage(cache_dir).keys == 2 + len(made)  # the ledger's, its views', the index's
    for p in made:
        os.utime(p, (1_000, 1_000))
    assert run("match", "vaccine chips", ledger=path).code == 0
    assert all(p.stat().st_mtime > 1_000 for p in made if p.suffix == ".npz")
    for p in made:
        os.utime(p, (1_000, 1_000))
    others = cachedir.usage(cache_dir).bytes - sum(p.stat().st_size for p in made)
    cachedir.prune(cache_dir, cap=others)
    assert not any(p.exists() for p in made)  # the least recently used went first
    assert run("match", "vaccine chips", ledger=path).code == 0
    assert run("cache", "clear").code == 0
    assert not list(cache_dir.glob("match-*/*/*.*"))
    assert cachedir.usage(cache_dir).keys == 0
