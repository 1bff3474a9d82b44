"""A model file (an ``np.savez`` archive of the package's own) read in place, not copied.

``np.load`` reads every member of an archive into memory, checks its CRC and parses its header
with ``ast.literal_eval``: for the 141 arrays of the matcher's model that is about half of its
load time, and the 11 MB word-piece table is copied whole though a sentence uses a few rows of
it. Here each stored member becomes a read-only view of one memory map of the file; numpy's
reader takes over for anything else (a compressed member, a header written otherwise).
"""

from __future__ import annotations

import math
import re
import struct
from pathlib import Path
from typing import Any

import numpy as np

_MAGIC = b"\x93NUMPY"
# the header np.save writes: keys in this order, a shape of integers
_HEADER = re.compile(
    rb"\{'descr': '([<>|=][a-zA-Z]\d*)', 'fortran_order': (True|False), "
    rb"'shape': \(((?:\d+, ?)*(?:\d+)?)\), \} *\n"
)


def read_npz(path: Path) -> dict[str, Any]:
    """The arrays of the archive at ``path``, by name (without ``.npy``)."""
    import mmap
    import zipfile

    with path.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        infos = zf.infolist()
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    arrays: dict[str, Any] = {}
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            continue
        # the member's local header: 30 bytes, then its name and extra field
        name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + name_len + extra_len
        array = _in_place(data, start, info.file_size)
        if array is not None:
            arrays[info.filename.removesuffix(".npy")] = array
    if len(arrays) < len(infos):
        with np.load(path, allow_pickle=False) as z:
            arrays.update({k: z[k] for k in z.files if k not in arrays})
    return arrays


def _in_place(data: Any, start: int, size: int) -> Any:
    """The .npy array of ``size`` bytes at ``start`` in ``data`` as a view, or None when its
    header is not a version 1 header as np.save writes it."""
    if data[start : start + 8] != _MAGIC + b"\x01\x00":
        return None
    (head_len,) = struct.unpack_from("<H", data, start + 8)
    m = _HEADER.fullmatch(data[start + 10 : start + 10 + head_len])
    if m is None:
        return None
    dtype = np.dtype(m[1].decode("ascii"))
    shape = tuple(int(n) for n in m[3].split(b",") if n.strip())
    offset = start + 10 + head_len
    if offset + dtype.itemsize * math.prod(shape) > start + size:
        return None
    flat = np.frombuffer(data, dtype=dtype, count=math.prod(shape), offset=offset)
    # a transposed matrix is saved in Fortran order: its bytes are the transpose's, C-order
    return flat.reshape(shape[::-1]).T if m[2] == b"True" else flat.reshape(shape)
