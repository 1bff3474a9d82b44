"""Indented JSON, fast: orjson when it is installed and can encode the data, else the json module.

``json.dumps(..., indent=2)`` runs the pure-Python encoder (the C one only writes compact output),
about a second for 10,000 claim records; orjson writes the same text in a few milliseconds.
The two agree byte for byte on what factcheck emits: UTF-8 text unescaped (``ensure_ascii=False``),
the same escapes for quotes, backslashes and control characters, two-space indentation, ``[]`` and
``{}`` for empty containers, and the same shortest round-trip floats for every value of 0.0001 and
above (the smallest non-zero value a record holds; orjson writes 1e-05 as 0.00001). Data orjson
refuses (integers beyond 64 bits, lone surrogates, non-string keys) falls back to the json module.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the fallback keeps working
    orjson = None  # type: ignore[assignment]


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, computed faster when possible."""
    if orjson is not None:
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(data, ensure_ascii=False, indent=2)
