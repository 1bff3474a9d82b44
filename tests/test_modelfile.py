"""Model files read in place (``spotting/modelfile``) give exactly what ``np.load`` gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from factcheck.matching.vectors import MODEL_PATH as MATCHER
from factcheck.spotting.model import MODEL_PATH as SPOTTER
from factcheck.spotting.modelfile import read_npz


def same_as_np_load(path: Path) -> dict[str, np.ndarray]:
    got = read_npz(path)
    with np.load(path, allow_pickle=False) as z:
        assert sorted(got) == sorted(z.files)
        for name in z.files:
            want = z[name]
            assert got[name].dtype == want.dtype, name
            assert got[name].shape == want.shape, name
            assert got[name].flags.f_contiguous == want.flags.f_contiguous, name
            assert np.array_equal(got[name], want, equal_nan=True), name
    return got


@pytest.mark.parametrize("path", [MATCHER, SPOTTER], ids=["matcher", "spotter"])
def test_the_shipped_models_read_in_place_as_numpy_reads_them(path: Path) -> None:
    arrays = same_as_np_load(path)
    # in place: views of the file, not copies, so nothing can write to them
    assert not any(a.flags.writeable for a in arrays.values())
    assert all(a.base is not None for a in arrays.values())


arrays_st = st.dictionaries(
    st.text(alphabet="abcdefghij_", min_size=1, max_size=8),
    hnp.arrays(
        dtype=st.sampled_from([np.int8, np.uint8, np.int64, np.float16, np.float32, np.float64]),
        shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(arrays=arrays_st, transpose=st.booleans(), compressed=st.booleans())
def test_any_savez_archive_reads_as_numpy_reads_it(
    tmp_path_factory: pytest.TempPathFactory,
    arrays: dict[str, np.ndarray],
    transpose: bool,
    compressed: bool,
) -> None:
    path = tmp_path_factory.mktemp("npz") / "model.npz"
    if transpose:  # saved in Fortran order, as a transposed matrix is
        arrays = {k: v.T for k, v in arrays.items()}
    if compressed:
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
    else:
        np.savez(path, **arrays)  # type: ignore[arg-type]
    same_as_np_load(path)


def test_a_member_with_a_header_written_otherwise_falls_back_to_numpy(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "model.npz"
    np.savez(path, a=np.arange(6, dtype=np.float32).reshape(2, 3), b=np.ones(3, np.int8))
    # rewrite member b with a header whose keys come in another order (still a valid .npy)
    header = b"{'shape': (3,), 'fortran_order': False, 'descr': '|i1', }"
    header += b" " * (64 - 10 - len(header) - 1) + b"\n"
    member = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header + b"\x01" * 3
    with zipfile.ZipFile(path) as z:
        a = z.read("a.npy")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.npy", a)
        z.writestr("b.npy", member)
    got = same_as_np_load(path)
    assert got["b"].tolist() == [1, 1, 1]
