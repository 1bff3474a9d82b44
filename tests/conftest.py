"""Fixtures every test module shares: a private cache per test, the small ledger on disk, and a
ledger just made by `factcheck init`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import run
from tests.factory import SHIPPED_ARTICLE, write_ledger

# What the environment may say about the ledger, caching, parallelism and the CI the run is in
# (GitHub Actions changes check's default format); each test starts from none of it.
INHERITED = ("FACTCHECK_LEDGER", "FACTCHECK_NO_CACHE", "FACTCHECK_JOBS", "GITHUB_ACTIONS")


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module-scoped fixtures run before the per-test cache exists: they cache here, never in
    the user's cache folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        for name in INHERITED:
            mp.delenv(name, raising=False)
        yield


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (not created yet), beside ``tmp_path`` rather than in it,
    so that tests listing or snapshotting ``tmp_path`` see only the ledger. Child processes
    inherit it through the environment."""
    folder = tmp_path.parent / f"{tmp_path.name}-cache"
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(folder))
    for name in INHERITED:
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """The small ledger of tests/factory.py (three claims, three sources) in ``tmp_path``."""
    return write_ledger(tmp_path)


@pytest.fixture
def new_ledger(tmp_path: Path) -> Path:
    """claims.yaml of the ledger ``factcheck init`` makes in ``tmp_path`` for the shipped article
    (copied there as story.txt): no claims yet."""
    article = tmp_path / "story.txt"
    article.write_bytes(SHIPPED_ARTICLE.read_bytes())
    code, _, err = run(
        "init",
        str(article),
        "--publisher",
        "Modern Diplomacy",
        "--issued",
        "2021-09-30",
        "--author",
        "Cherry Hitkari",
    )
    assert code == 0, err
    return tmp_path / "claims.yaml"
