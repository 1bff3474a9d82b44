"""The match index's cache entries: a changed ledger encodes only its new and edited claims'
texts, the others' vectors taken from its last entry, and the part is the one a build from
nothing gives."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.matching import entries, vectors
from factcheck.matching.entries import VECTOR_LAYOUT
from factcheck.matching.index import parts_for
from tests.cli_runner import run
from tests.test_match import ARCHIVE, filler, write_archive


def fake_vectors(texts: Sequence[str]) -> np.ndarray:
    """A vector a text, a function of the text as the encoder reads it (as the real ones)."""
    rows = [
        np.random.default_rng(list(vectors.same_text(t).encode())).standard_normal(vectors.DIM)
        for t in texts
    ]
    return np.array(rows, dtype=np.float16).reshape(len(texts), vectors.DIM)


def blob(texts: Sequence[str], note: str = "") -> bytes:
    """A view's blob of claims with these restatements (and this note, which no vector reads)."""
    records = (json.dumps({"id": f"c{i}", "claim": t, "note": note}) for i, t in enumerate(texts))
    return ",\n".join(records).encode()


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts encoded, in order; encoding by ``fake_vectors``."""
    seen: list[str] = []

    def embed_many(texts: Sequence[str], advance: object = None) -> np.ndarray:
        seen.extend(texts)
        return fake_vectors(texts)

    monkeypatch.setattr(vectors, "embed_many", embed_many)
    return seen


TEXTS = st.lists(
    st.sampled_from(["a b", "A  b", "c", "d e", "f", "“g”", '"g"', ""]), min_size=1, max_size=6
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_a_changed_ledger_encodes_only_what_changed(
    cache_dir: Path, spy: list[str], versions: list[list[str]]
) -> None:
    """Versions of one ledger file built in turn: each part is exactly the vectors of its
    texts; a version seen before is a hit; a new one encodes only the texts (as the encoder
    reads them) that the last version built did not have."""
    name = f"/ledgers/{uuid.uuid4().hex}/claims.yaml"
    seen_blobs: set[bytes] = set()
    last: set[str] = set()
    for texts in versions:
        spy.clear()
        (part,) = parts_for([blob(texts, name)], vectors=True, names=[name])
        assert part.vectors is not None
        assert np.array_equal(part.vectors, fake_vectors(texts))
        encoded = {vectors.same_text(t) for t in spy}
        if blob(texts, name) in seen_blobs:
            assert not spy
        else:
            assert encoded == {vectors.same_text(t) for t in texts} - last
            last = {vectors.same_text(t) for t in texts}
        seen_blobs.add(blob(texts, name))


def test_two_files_never_share_a_last_entry(cache_dir: Path, spy: list[str]) -> None:
    parts_for([blob(["a", "b"])], vectors=True, names=["/one/claims.yaml"])
    spy.clear()
    parts_for([blob(["a", "c"])], vectors=True, names=["/two/claims.yaml"])
    assert spy == ["a", "c"]
    spy.clear()
    parts_for([blob(["a", "d"])], vectors=True, names=["/one/claims.yaml"])
    assert spy == ["d"]


def test_a_damaged_or_missing_last_entry_costs_only_time(cache_dir: Path, spy: list[str]) -> None:
    name = "/one/claims.yaml"
    parts_for([blob(["a", "b"])], vectors=True, names=[name])
    (pointer,) = cache_dir.glob(f"{entries.LAST_LAYOUT}/*/*.key")
    pointer.write_bytes(b"../" * 30)  # not a key: never followed
    spy.clear()
    (part,) = parts_for([blob(["a", "b", "c"])], vectors=True, names=[name])
    assert spy == ["a", "b", "c"]
    for entry in cache_dir.glob(f"{VECTOR_LAYOUT}/*/*.npz"):
        entry.unlink()  # evicted: the file names an entry no longer there
    spy.clear()
    (part,) = parts_for([blob(["a", "b", "c", "d"])], vectors=True, names=[name])
    assert spy == ["a", "b", "c", "d"]
    assert part.vectors is not None
    assert np.array_equal(part.vectors, fake_vectors(["a", "b", "c", "d"]))


def test_an_entry_whose_keys_do_not_fit_is_a_miss(cache_dir: Path, spy: list[str]) -> None:
    import io

    parts_for([blob(["a", "b"])], vectors=True, names=["/one/claims.yaml"])
    (entry,) = cache_dir.glob(f"{VECTOR_LAYOUT}/*/*.npz")
    buf = io.BytesIO()
    np.savez(buf, vectors=fake_vectors(["a", "b"]), keys=np.zeros(3, np.uint64))
    entry.write_bytes(buf.getvalue())
    spy.clear()
    parts_for([blob(["a", "b"])], vectors=True, names=["/other/claims.yaml"])
    assert spy == ["a", "b"]


def test_an_edited_archive_encodes_its_edits_alone(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the command line, with the real encoder: one claim reworded and one added in a
    ledger of 46, and the matches are those of an index built from nothing."""
    items = [*ARCHIVE, *filler(40)]
    path = write_archive(tmp_path / "archive", items)
    statement = "The pontiff backed the Republican candidate"
    assert run("match", statement, ledger=path).code == 0
    real = vectors.embed_many
    seen: list[str] = []

    def spy(texts: Sequence[str], advance: vectors.Advance | None = None) -> np.ndarray:
        seen.extend(texts)
        return real(texts, advance)

    monkeypatch.setattr(vectors, "embed_many", spy)
    edited = [*items, ("new-claim", "Pope Francis endorsed a presidential candidate.")]
    edited[7] = ("filler-1", "Filler number one now concerns another topic.")
    write_archive(tmp_path / "archive", edited)
    _, out, _ = run("match", statement, "--json", ledger=path)
    assert seen == [edited[7][1], edited[-1][1], statement]  # the two edits, then the statement
    fresh = tmp_path.parent / f"{tmp_path.name}-fresh"
    _, again, _ = run(
        "match", statement, "--json", ledger=path, env={"FACTCHECK_CACHE_DIR": str(fresh)}
    )
    mine, theirs = json.loads(out), json.loads(again)
    assert [r["id"] for r in mine] == [r["id"] for r in theirs]
    assert [r["score"] for r in mine] == pytest.approx([r["score"] for r in theirs], abs=0.1)


def told_into(told: list[tuple[int, int]]) -> vectors.Advance:
    return lambda done, total: told.append((done, total))


def test_encoding_tells_its_progress_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """``advance(done, total)`` after each chunk, in order, ending with every distinct text; the
    vectors are those made without it."""
    texts = [f"Claim number {n} about sanctions." for n in range(9)] + [
        "claim NUMBER 0 about sanctions."
    ]
    monkeypatch.setattr(vectors, "POOL_CHUNK", 4)
    for jobs in ("1", "2"):
        monkeypatch.setenv("FACTCHECK_JOBS", jobs)
        told: list[tuple[int, int]] = []
        got = vectors.embed_many(texts, told_into(told))
        assert told[-1] == (9, 9) and [d for d, _ in told] == sorted({d for d, _ in told})
        assert len(told) == 3  # 9 distinct texts, 4 a chunk
        assert (
            np.abs(got.astype(np.float32) - vectors.embed_many(texts).astype(np.float32)).max()
            < 2e-3
        )


def test_match_shows_its_encoding_on_a_terminal_only(tmp_path: Path) -> None:
    from tests.test_cli_niceties import run_on_stderr_pty

    path = write_archive(tmp_path / "archive")
    argv = ["match", "vaccine chips", str(path.parent), "--json"]
    code, out, terminal = run_on_stderr_pty(argv, tmp_path)
    assert code == 0 and "encoding claims" in terminal and json.loads(out)
    code, _, terminal = run_on_stderr_pty(["match", "-", str(path.parent), "--lexical"], tmp_path)
    assert code == 0 and "encoding" not in terminal  # nothing encoded, nothing shown
    assert "encoding" not in run("match", "vaccine chips", ledger=path).stderr  # not a terminal
