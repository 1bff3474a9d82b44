"""Matching by meaning: the shipped sentence encoder, its vectors in the cached index, and the
fused score that finds a restatement sharing no word with the claim."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.matching import rank, vectors
from factcheck.matching.entries import VECTOR_LAYOUT
from factcheck.matching.index import Index, build_part
from tests.cli_runner import run
from tests.test_match import ARCHIVE, write_archive

# No word in common with "The UN lifted sanctions on North Korea in 2021." once stop words go
# and suffixes are stripped: only its meaning can find it.
RESTATED = "Pyongyang no longer faces penalties from the United Nations"


def test_a_restatement_sharing_no_word_is_found_by_meaning(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "archive")
    _, out, _ = run("match", RESTATED, "--json", "--lexical", ledger=path)
    assert "sanctions-lifted" not in [r["id"] for r in json.loads(out)]
    code, out, _ = run("match", RESTATED, "--json", ledger=path)
    assert code == 0
    found = json.loads(out)
    assert found[0]["id"] == "sanctions-lifted"
    assert found[0]["score"] > 1.3 * found[1]["score"]


def test_scores_are_the_documented_formula(tmp_path: Path) -> None:
    """score = 100 (WEIGHT max(cos, 0) + (1 - WEIGHT) bm25 / (bm25 + SATURATION)), rounded."""
    texts = [t for _, t in ARCHIVE]
    index = Index([build_part(texts, texts)])
    statement = "Covid vaccines with tracking chips"
    bm25 = index.bm25.scores(statement)
    cos = index.cosines(vectors.embed([statement]).astype(np.float32))[0]
    expected = 100 * (
        rank.WEIGHT * np.maximum(cos, 0) + (1 - rank.WEIGHT) * bm25 / (bm25 + rank.SATURATION)
    )
    found = rank.rank(index, [statement], 3)[0]
    assert found[0].place == 1
    for m in found:
        assert m.score == pytest.approx(expected[m.place], abs=0.051)


def test_vectors_are_cached_apart_and_lexical_makes_none(tmp_path: Path, cache_dir: Path) -> None:
    write_archive(tmp_path / "one")
    write_archive(tmp_path / "two", ARCHIVE[:3])
    run("match", "vaccine chips", str(tmp_path), "--lexical")
    assert not (cache_dir / VECTOR_LAYOUT).exists()
    run("match", "vaccine chips", str(tmp_path))
    # an entry is written by renaming a new file over it: a new inode (a hit only touches it)
    entries = {p: p.stat().st_ino for p in (cache_dir / VECTOR_LAYOUT).rglob("*.npz")}
    assert len(entries) == 2
    write_archive(tmp_path / "two", ARCHIVE[:4])
    _, out, _ = run("match", "The pontiff backed the Republican candidate", str(tmp_path), "--json")
    now = {p: p.stat().st_ino for p in (cache_dir / VECTOR_LAYOUT).rglob("*.npz")}
    assert len(now) == 3 and all(now[p] == t for p, t in entries.items())  # one new, none redone
    assert json.loads(out)[0]["id"] == "pope-trump"
    for p in now:  # a damaged entry is a miss
        p.write_bytes(b"junk")
    code, out, _ = run(
        "match", "The pontiff backed the Republican candidate", str(tmp_path), "-n", "1", "--json"
    )
    assert code == 0 and json.loads(out)[0]["id"] == "pope-trump"


def test_against_says_already_checked_by_meaning(tmp_path: Path) -> None:
    """In an archive of six claims BM25's word weights are low, so words alone miss the
    restatement; the cosine does not depend on the archive's size."""
    from tests.factory import write_ledger

    archive = write_archive(tmp_path / "archive")
    restated = "The United Nations ended its sanctions on North Korea in 2021"
    article = f"News\n\n{restated}. The sky is green today.\n"
    sources = {"article": {"type": "article", "title": "News", "text": "article.txt"}}
    mine = write_ledger(tmp_path / "mine", claims=[], sources=sources, article=article)
    args = ("add", "--quote", restated, "--kind", "fact", "--against", str(archive))
    code, _, err = run(*args, "--lexical", "--id", "a", ledger=mine)
    assert code == 0 and "a: not checked before" in err
    code, _, err = run(*args, "--id", "b", ledger=mine)
    assert code == 0 and "b: already checked by sanctions-lifted (unsourced, inaccurate)" in err


@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=4))
def test_a_text_has_one_vector_whatever_is_beside_it(texts: list[str]) -> None:
    together = vectors.embed([*texts, "The UN lifted sanctions on North Korea in 2021."])
    assert together.dtype == np.float16 and together.shape == (len(texts) + 1, vectors.DIM)
    norms = np.linalg.norm(together.astype(np.float32), axis=1)
    assert np.all((np.abs(norms - 1) < 2e-3) | (norms == 0))
    for text, row in zip(texts, together, strict=False):
        alone = vectors.embed([text])[0].astype(np.float32)
        assert np.abs(alone - row.astype(np.float32)).max() < 2e-3


def test_an_index_built_on_several_cores_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"{t} ({n})" for n in range(3) for _, t in ARCHIVE]  # distinct: none shared
    serial = vectors.embed(texts).astype(np.float32)
    monkeypatch.setattr(vectors, "POOL_CHUNK", 4)
    monkeypatch.setenv("FACTCHECK_JOBS", "2")
    pooled = vectors.embed_many(texts).astype(np.float32)
    assert pooled.shape == serial.shape
    assert np.abs(pooled - serial).max() < 2e-3


QUOTED = [
    ('He said "no" to Trump\'s plan.', "He said \u201cno\u201d to Trump\u2019s plan."),
    ("He said \u2018no\u2019 to  Trump's PLAN.", 'he said "no" to trump\'s plan. '),
]


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Z\"'\u201c\u201d\u2018\u2019."), max_size=30))
def test_quote_marks_case_and_spacing_do_not_change_a_vector(text: str) -> None:
    """What the encoder reads alike is encoded once: the same vector, bit for bit, so copies
    of a claim in two quote styles tie and keep ledger order."""
    variant = text.translate(str.maketrans("\"'\u201c\u2018", "\u2019\u201d'\"")).upper()
    variant = variant.replace(" ", "  ")
    assert vectors.same_text(text) == vectors.same_text(variant)
    both = vectors.embed_many(["Sanctions were lifted.", text, variant])
    assert np.array_equal(both[1], both[2])
    alone = vectors.embed([text])[0].astype(np.float32)
    assert np.abs(alone - both[1].astype(np.float32)).max() < 2e-3


def test_copies_of_a_claim_in_two_quote_styles_tie_in_ledger_order(tmp_path: Path) -> None:
    for first, second in QUOTED:
        items = [*ARCHIVE, ("first", first), ("copy", second)]
        path = write_archive(tmp_path / f"archive-{len(first)}-{second[0]}", items)
        for statement in ("Did he refuse Trump's plan?", "He said \u201cno\u201d to the plan"):
            code, out, _ = run("match", statement, "--json", "-n", "2", ledger=path)
            found = json.loads(out)
            assert code == 0 and [r["id"] for r in found] == ["first", "copy"]
            assert found[0]["score"] == found[1]["score"]


def test_a_batch_just_over_one_chunk_is_spread_over_the_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """997 distinct statements of 1,000 (the chunk being 500) once went to one core."""
    from factcheck.scale import pool

    seen: list[tuple[int, list[int]]] = []
    real = pool.spread

    def spy(work, tasks, workers):  # type: ignore[no-untyped-def]
        seen.append((workers, [len(t) for t in tasks]))
        return real(work, tasks, workers)

    monkeypatch.setattr(pool, "spread", spy)
    monkeypatch.setattr(vectors, "POOL_CHUNK", 4)
    monkeypatch.setenv("FACTCHECK_JOBS", "2")
    texts = [f"Claim number {n} about sanctions." for n in range(5)]
    out = vectors.embed_many(texts)
    assert seen == [(2, [3, 2])] and out.shape == (5, vectors.DIM)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=3),
    st.randoms(use_true_random=False),
)
def test_cosines_block_by_block_are_the_whole_product(
    sizes: list[int], block: int, statements: int, rnd: random.Random
) -> None:
    """The claims' float16 vectors, part by part and a block at a time, against every
    statement: the product of all of them made float32 at once."""
    from factcheck.matching import index as index_module
    from factcheck.matching.lexical import postings

    gen = np.random.default_rng(rnd.randrange(2**32))
    parts = []
    for n in sizes:
        rows = gen.standard_normal((n, vectors.DIM)).astype(np.float16)
        parts.append(index_module.Part(postings([f"claim {i}" for i in range(n)]), rows))
    queries = gen.standard_normal((statements, vectors.DIM)).astype(np.float32)
    whole = np.concatenate([p.vectors for p in parts if p.vectors is not None]).astype(np.float32)
    saved = index_module._BLOCK
    index_module._BLOCK = block
    try:
        got = index_module.Index(parts).cosines(queries)
    finally:
        index_module._BLOCK = saved
    assert got.shape == (statements, sum(sizes))
    assert np.allclose(got, queries @ whole.T, rtol=1e-5, atol=1e-4)


def test_empty_text_has_no_meaning() -> None:
    out = vectors.embed(["", "   ", "Sanctions were lifted."])
    assert not out[0].any() and not out[1].any() and out[2].any()


def test_a_vectors_entry_of_the_wrong_length_is_rebuilt(tmp_path: Path, cache_dir: Path) -> None:
    path = write_archive(tmp_path / "archive")
    run("match", "vaccine chips", str(path))
    (entry,) = (cache_dir / VECTOR_LAYOUT).rglob("*.npz")
    import io

    buf = io.BytesIO()
    np.savez(buf, vectors=np.zeros((2, vectors.DIM), dtype=np.float16), keys=np.zeros(2, np.uint64))
    entry.write_bytes(buf.getvalue())
    code, out, _ = run("match", RESTATED, str(path), "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "sanctions-lifted"
    with np.load(entry) as z:  # stored again, whole: the next run reads it
        assert z["vectors"].shape == (len(ARCHIVE), vectors.DIM)


def test_the_help_gives_the_thresholds_in_use() -> None:
    _, out, _ = run("match", "--help", env={"COLUMNS": "200"})
    assert f"a claim from {rank.SAME:g} ({rank.LEXICAL_SAME:g} with --lexical" in " ".join(
        out.split()
    )


def test_nothing_to_encode_loads_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> vectors.Embedder:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(vectors, "embedder", refuse)
    assert vectors.embed([]).shape == (0, vectors.DIM)
    assert vectors.embed_many([]).shape == (0, vectors.DIM)
