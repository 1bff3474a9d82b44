"""The article's sentences scored on every core give what one process gives, in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from factcheck.ledger.load import load_ledger
from factcheck.spotting.candidates import candidates
from tests.factory import ROOT


def recorder(told: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: told.append((done, total))


def test_sentences_scored_in_a_pool_are_scored_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger = load_ledger(ROOT / "claims.yaml")
    assert ledger.article_text is not None
    ledger.article_text = "\n\n".join([ledger.article_text] * 3)  # several batches of sentences
    runs: dict[str, list[Any]] = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("FACTCHECK_JOBS", jobs)
        told: list[tuple[int, int]] = []
        found = candidates(ledger, progress=recorder(told))
        runs[jobs] = [(c.sentence, c.score, c.line, c.col, c.covered_by) for c in found]
        total = len(found)
        assert total > 128  # three batches at least
        assert [t for _, t in told] == [total] * len(told) and told[-1] == (total, total)
        assert [d for d, _ in told] == sorted({d for d, _ in told})  # one tick a batch, growing
    assert runs["1"] == runs["2"]
