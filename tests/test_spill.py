"""A view built for the cache writes its blob to the entry's file as it is made and reads it back
mapped (``scale/spill``): the bytes are those an in-memory build makes, whatever the disk does
(no folder, a write that fails halfway), no temporary file is left, and the mapped blob goes to
stdout, to other processes and to the matcher as the bytes would."""

from __future__ import annotations

import io
import mmap
import os
import pickle
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.commands.common import write_utf8
from factcheck.ledger.load import load_ledger
from factcheck.query.filters import Filters, SortKey
from factcheck.scale import blobs, cache, spill, views
from factcheck.scale.entryfile import map_private
from factcheck.scale.spill import Mapped, Spill
from tests.factory import ROOT, gen_module, write_ledger

pieces = st.lists(st.binary(max_size=300), max_size=40)


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of a few pages are mapped here (a chunk is a megabyte in use), and every test
    starts with the process's whole budget of maps."""
    monkeypatch.setattr(spill, "CHUNK", 4096)
    monkeypatch.setattr(spill, "_mapped", 0)


def _temporaries(folder: Path) -> list[Path]:
    return list(folder.rglob(".tmp-*")) if folder.exists() else []


def _spilled(folder: Path, data: list[bytes], kept: Path | None) -> bytes:
    s = Spill(folder)
    try:
        for piece in data:
            s.write(piece)
        s.finish()
        if kept is not None:
            s.keep(kept)
        return bytes(s.value())
    finally:
        s.close()


@settings(max_examples=60, deadline=None)
@given(data=pieces, chunk=st.sampled_from([1, 7, 64, 1 << 20]), keep=st.booleans())
def test_the_bytes_come_back_whole(
    tmp_path_factory: pytest.TempPathFactory, data: list[bytes], chunk: int, keep: bool
) -> None:
    folder = tmp_path_factory.mktemp("spill")
    kept = folder / "entry.view-blob" if keep else None
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spill, "CHUNK", chunk)
        assert _spilled(folder, data, kept) == b"".join(data)
    assert _temporaries(folder) == []
    if kept is not None:
        assert kept.read_bytes() == b"".join(data)
        assert kept.stat().st_mode & 0o077 == 0  # an entry only its owner reads


@settings(max_examples=60, deadline=None)
@given(data=pieces, fail_at=st.integers(0, 6))
def test_a_disk_that_fills_up_loses_nothing(
    tmp_path_factory: pytest.TempPathFactory, data: list[bytes], fail_at: int
) -> None:
    folder = tmp_path_factory.mktemp("full")
    calls = [0]
    real = os.write

    def write(fd: int, b: bytes) -> int:
        calls[0] += 1
        if calls[0] > fail_at:
            raise OSError(28, "No space left on device")
        return real(fd, bytes(b)[: max(1, len(b) // 2)])  # and writes come back short

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spill, "CHUNK", 16)
        mp.setattr(os, "write", write)
        s = Spill(folder)
        for piece in data:
            s.write(piece)
        s.finish()
        stored = s.keep(folder / "entry.view-blob")
        got = bytes(s.value())
        s.close()
    assert got == b"".join(data)
    assert _temporaries(folder) == []
    if stored:  # only when every write went through
        assert (folder / "entry.view-blob").read_bytes() == got


def test_no_folder_keeps_the_bytes_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    s = Spill(blocker / "sub")
    s.write(b"abc")
    s.finish()
    assert s.keep(tmp_path / "entry") is False
    assert s.value() == b"abc"
    s.close()
    assert not (tmp_path / "entry").exists()


def _mapped(tmp_path: Path, data: bytes) -> Mapped:
    """``data`` mapped from a file that is gone (the map still reads it)."""
    s = Spill(tmp_path)
    s.write(data)
    s.finish()
    assert s.fd is not None
    value = Mapped(s.fd, 0, access=mmap.ACCESS_READ)
    s.close()
    return value


def test_a_map_reads_slices_chunks_and_pickles_as_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytes(range(256)) * 40  # past a page, so a chunk's pages are really let go
    monkeypatch.setattr(spill, "CHUNK", 4096)
    m = _mapped(tmp_path, data)
    assert len(m) == len(data) and m[5:300] == data[5:300] and m.find(b"\xff\x00", 3) == 255
    assert b"".join(m.chunks()) == data
    assert b"".join(m.chunks()) == data  # read again after its pages were let go
    assert pickle.loads(pickle.dumps(m)) == data
    assert _temporaries(tmp_path) == []


def test_a_view_built_for_the_cache_is_mapped_and_equal(tmp_path: Path) -> None:
    gen = gen_module()
    ledger = gen.write_ledger(tmp_path / "big", 300, seed=5)
    for path in (ROOT / "claims.yaml", ledger):
        expected = views.build(load_ledger(path), search=False)
        cold = cache.views(path, ("meta", "blob"))
        assert isinstance(cold["blob"], Mapped)  # not held: read from its file
        warm = cache.views(path, ("meta", "blob"))
        assert isinstance(warm["blob"], Mapped)  # and mapped again from the entry
        assert cold["blob"][:] == warm["blob"][:] == expected["blob"]
        assert cold["meta"] == warm["meta"] == expected["meta"]
        got = b"".join(views.json_chunks([cold], Filters(), SortKey.POSITION))
        assert got == views.select_json([warm], Filters(), SortKey.POSITION)
    assert _temporaries(Path(os.environ["FACTCHECK_CACHE_DIR"])) == []


def test_an_empty_ledger_has_an_empty_blob(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "empty", [])
    cold = cache.views(path, ("meta", "blob"))
    assert cold["blob"] == b"" and cache.views(path, ("meta", "blob"))["blob"] == b""


def test_a_character_split_between_pieces_is_written_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "quote \u201cé\u201d, a lone \udc80 surrogate"
    data = text.encode("utf-8", "surrogatepass")
    pieces = [data[i : i + 1] for i in range(len(data))]  # every multi-byte character split
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-16", errors="surrogatepass")
    monkeypatch.setattr(sys, "stdout", out)
    write_utf8(pieces, utf8=False)
    out.flush()
    assert out.buffer.getvalue().decode("utf-16", "surrogatepass") == text


def test_small_files_are_read_and_a_process_maps_only_so_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spill, "MAPS", 2)
    path = tmp_path / "entry"
    path.write_bytes(b"x" * 4095)
    path.chmod(0o600)
    assert type(map_private(path)) is bytes  # under a chunk: read
    path.write_bytes(b"y" * 8192)
    found = [map_private(path) for _ in range(3)]
    assert [type(f) for f in found] == [Mapped, Mapped, bytes]  # no third descriptor held
    assert all(f is not None and f[:] == b"y" * 8192 for f in found)


def test_a_file_that_cannot_be_mapped_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(19, "No such device")  # what mmap says on a file system without it

    monkeypatch.setattr(spill, "Mapped", refuse)
    s = Spill(tmp_path)
    s.write(b"x" * 5000)
    s.finish()
    assert s.value() == b"x" * 5000
    s.close()


@pytest.mark.parametrize("chunk", [1, 64, 700, 5000, 1 << 20])
def test_records_read_a_window_at_a_time_are_the_whole_blob_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    from tests.factory import write_ledger

    gen = gen_module()
    paths = [
        ROOT / "claims.yaml",
        gen.write_ledger(tmp_path / "g", 120, seed=9),
        write_ledger(tmp_path / "one", [{"id": "a", "quote": "contracted by", "kind": "fact"}]),
        write_ledger(tmp_path / "none", []),
    ]
    monkeypatch.setattr(spill, "CHUNK", chunk)
    for path in paths:
        blob = views.build(load_ledger(path), search=False)["blob"]
        whole = blobs.parse_json(b"[" + blob + b"]")
        assert list(blobs.records_of(blob)) == whole, (path, chunk)
        mapped = _mapped(tmp_path, bytes(blob)) if blob else None
        if mapped is not None:
            assert list(blobs.records_of(mapped)) == whole
            assert mapped[:] == blob  # its pages let go, still readable
