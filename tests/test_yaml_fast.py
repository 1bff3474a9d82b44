"""The line reader (ledger/yamlfast.py) against libyaml's event reader (yamlevents.py).

``load_yaml`` reads a text in the common shape of a ledger with the line reader and anything
else with libyaml. Differential, as tests/test_yaml_events.py: the same data (types included),
every position, the same duplicate keys, on the shipped ledger, generated ledgers, hand-written
texts at the edge of the subset and random block YAML; and the line reader really does read the
shipped and generated ledgers (it would pass every comparison by always giving up).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.ledger.yamlfast import load_fast
from factcheck.ledger.yamlio import YList, YMap, load_yaml
from tests.factory import ROOT, gen_module
from tests.test_yaml_events import outcome, shape

PATH = Path("doc.yaml")


def _libyaml(text: str, path: Path) -> Any:
    return load_yaml(text, path, fast=False)


def assert_same(text: str) -> bool:
    """Both readers agree on ``text``; whether the line reader read it itself."""
    fast = load_fast(text)
    expected = outcome(_libyaml, text)
    assert outcome(load_yaml, text) == expected
    if fast is not None:
        assert ("ok", shape(fast.data, set()), fast.duplicates) == expected
    return fast is not None


def shipped_files() -> list[Path]:
    return [ROOT / "claims.yaml", *sorted((ROOT / "sources").glob("*.yaml"))]


def test_shipped_ledger_is_read_by_the_line_reader_identically() -> None:
    for path in shipped_files():
        assert assert_same(path.read_text(encoding="utf-8")), path


def test_generated_ledgers_are_read_by_the_line_reader_identically(tmp_path: Path) -> None:
    gen = gen_module()
    gen.write_ledger(tmp_path / "one", 300)
    for path in [tmp_path / "one" / "claims.yaml", *(tmp_path / "one" / "sources").glob("*")]:
        if path.suffix == ".yaml":
            assert assert_same(path.read_text(encoding="utf-8")), path


# texts the line reader reads itself: each must come out exactly as libyaml's
INSIDE = {
    "plain": "a: b\nc: 1\nd: 1.5\ne: yes\nf: 2021-09-30\ng: 0x1F\nh: 1_000\ni: ~x\n",
    "folded plain": "a: one\n  two\n   three\nb: x\n",
    "folded in a list": "a:\n- one\n  two\n- three\n",
    "quotes": "a: 'it''s: fine'\nb: \"x: y\"\nc: ''\nd: '#'\n",
    "folded quotes": "a: 'one\n  two'\nb: \"x\n   y  \n  z\"\n",
    "comments": "# head\n\na: b # tail\n  # indented\nc:   d\n\n\n# end\n",
    "nesting": "a:\n  b:\n    c: d\n  e:\n  - f: g\n    h: i\n  - j\n",
    "indentless": "a:\n- x\n- y\nb:\n- c: d\n  e:\n  - f\n",
    "indented list": "a:\n    - x\n    - y\nb: c\n",
    "flow words": "a: [x, y z, 1, yes]\nb: []\nc: [ a , b ]  # c\n",
    "duplicates": "a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\n",
    "duplicate skips its value": "a:\n  x: 1\na:\n  x: 1\n  x: 2\n",
    "colons and hashes inside": "a: http://x.org/a#b\nb: 1:20\nc: a:b\nd: x#y\n",
    "unicode": "a: Kim Jong Un’s sister\nb: 北朝鮮\nc: café\xa0au lait\n",
    "dash values": "a: -5\nb: -x\nc: a - b\n",
}

# texts at the edge of the subset: libyaml's answer, errors included, whoever reads them
EDGE = {
    "tab": "a:\tb\n",
    "crlf": "a: b\r\nc: d\r\n",
    "bom": "\ufeffa: b\n",
    "backslash": 'a: "x\\ty"\n',
    "empty value": "a:\nb: c\n",
    "empty item": "a:\n-\n- b\n",
    "null key": "null: 1\n",
    "bool key": "yes: 1\n",
    "quoted key": "'a': 1\n",
    "anchor": "a: &x b\nc: *x\n",
    "tag": "a: !!str 1\n",
    "block scalar": "a: |\n  x\n",
    "flow map": "a: {b: c}\n",
    "nested flow": "a: [b, [c]]\n",
    "document marker": "---\na: b\n",
    "document end": "a: b\n...\n",
    "two documents": "a: b\n---\nc: d\n",
    "indented root": "  a: b\n",
    "root list": "- a\n- b\n",
    "root scalar": "hello\n",
    "empty": "",
    "only comments": "# x\n",
    "bad indent": "a: b\n c: d\n",
    "dedent into nowhere": "a:\n    b: c\n  d: e\n",
    "colon space in plain": "a: b: c\n",
    "trailing colon": "a: b:\n",
    "comment ends fold": "a: one # c\n  two\n",
    "blank line in fold": "a: one\n\n  two\n",
    "comment in fold": "a: one\n  # two\n",
    "dash in fold": "a: one\n  - two\n",
    "text after quote": "a: 'x' y\n",
    "unclosed quote": "a: 'x\n",
    "quote fold to margin": "a: 'x\ny'\n",
    "list in list": "a:\n- - b\n",
    "key after list at its column": "a:\n  - b\n  c: d\n",
    "long key": "k" * 1100 + ": 1\n",
    "merge key": "<<: 1\n",
    "percent": "a: %x\n",
    "at": "a: @x\n",
    "question": "a: ? x\n",
    "nbsp key": "a\xa0b: 1\n",
    "zero width": "a: b\u200bc\n",
    "line separator": "a: b\u2028c\n",
    "nel": "a: b\x85c\n",
    "control": "a: b\x07\n",
    "deep": "".join("  " * d + f"k{d}:\n" for d in range(20)) + "  " * 20 + "x: 1\n",
}


@pytest.mark.parametrize("name", list(INSIDE))
def test_inside_the_subset_read_identically(name: str) -> None:
    assert assert_same(INSIDE[name]), "the line reader gave up"


@pytest.mark.parametrize("name", list(EDGE))
def test_edge_of_the_subset_read_identically(name: str) -> None:
    assert_same(EDGE[name])


def test_positions_and_duplicates_are_kept() -> None:
    doc = load_fast("a: 1\nb:\n  - x\n  - c: d\na: 2\n")
    assert doc is not None
    data = doc.data
    assert isinstance(data, YMap)
    assert (data.pos.line, data.pos.col) == (1, 1)
    assert data.value_pos["b"].line == 3 and data.value_pos["b"].col == 3
    items = data["b"]
    assert isinstance(items, YList)
    assert [(p.line, p.col) for p in items.item_pos] == [(3, 5), (4, 5)]
    assert [(d.key, d.pos.line, d.first.line) for d in doc.duplicates] == [("a", 5, 1)]


# --- random block YAML -----------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "x",
        "id",
        "kind",
        "yes",
        "No",
        "null",
        "~",
        "12",
        "0x1F",
        "1_0",
        "1:20",
        "2021-09-30",
        "-3",
        ".5",
        "a b",
        "a: b",
        "a #b",
        "a#b",
        "'q'",
        '"q"',
        "it's",
        "[x]",
        "&a",
        "*a",
        "!t",
        "|",
        ">",
        "%",
        "@",
        "-",
        "?",
        ":",
        "é",
        "x\xa0y",
        "true",
        "Off",
        "1e3",
        ".inf",
        "=",
        "<<",
    ]
)


@st.composite
def scalars(draw: st.DrawFn, indent: int) -> str:
    words = draw(st.lists(_WORDS, min_size=1, max_size=3))
    style = draw(st.sampled_from(["plain", "single", "double", "folded"]))
    text = " ".join(words)
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace('"', "") + '"'
    if style == "folded" and len(words) > 1:
        pad = " " * (indent + draw(st.integers(1, 3)))
        return words[0] + "".join(f"\n{pad}{w}" for w in words[1:])
    return text


@st.composite
def blocks(draw: st.DrawFn, indent: int, depth: int) -> str:
    """A block mapping at ``indent`` (keys and values drawn near the subset's edges)."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(["a", "b", "id", "yes", "k-1", "_x", "a b"]))
        pad = " " * indent
        what = draw(st.sampled_from(["scalar", "scalar", "map", "list", "flow", "blank"]))
        if what == "blank":
            out.append(draw(st.sampled_from(["", "  # c", "#"])))
            continue
        if what == "map" and depth < 3:
            out.append(f"{pad}{key}:")
            out.append(draw(blocks(indent + draw(st.integers(1, 3)), depth + 1)))
        elif what == "list" and depth < 3:
            out.append(f"{pad}{key}:")
            at = indent + draw(st.integers(0, 2))
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    out.append(f"{' ' * at}- {draw(scalars(at))}")
                else:
                    inner = draw(blocks(at + 2, depth + 1))
                    out.append(" " * at + "- " + inner[at + 2 :])
        elif what == "flow":
            out.append(f"{pad}{key}: [{', '.join(draw(st.lists(_WORDS, max_size=3)))}]")
        else:
            tail = draw(st.sampled_from(["", "", " # c", "  "]))
            out.append(f"{pad}{key}: {draw(scalars(indent))}{tail}")
    return "\n".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks(0, 0))
def test_random_block_yaml_is_read_identically(text: str) -> None:
    assert_same(text + "\n")
