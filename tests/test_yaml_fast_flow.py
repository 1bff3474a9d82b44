"""One-line flow sequences (``appearance: [https://…]``) in the line reader (ledger/yamlfast.py).

``factcheck import claimreview`` writes lists of addresses and names as ``[a, b]``. The line
reader reads a one-line flow sequence of scalars itself and gives anything else to libyaml.
Differential, as tests/test_yaml_fast.py: values, types and every position equal to libyaml's on
hand-written texts inside and at the edge of what it reads, on random flow sequences of tricky
items, and on an imported ledger, whose command outputs are byte for byte those of libyaml's
reading; and the line reader really reads what import writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.ledger import yamlio
from factcheck.ledger.yamlfast import load_fast
from factcheck.ledger.yamlio import YList, YMap
from tests.cli_runner import run
from tests.test_yaml_fast import assert_same, blocks

INSIDE = {
    "words": "a: [x, y z, 1, yes, null, ~, 1:20, 2021-09-30]\n",
    "empty": "a: []\nb: [ ]\nc: [  ]  # none\n",
    "addresses": "appearance: [https://x.org/a, http://y.org/b?c=d&e=f, https://z.org/p#frag]\n",
    "quoted": "a: ['b, c', \"d, e\", 'it''s', \"x: y\", '#', \"[z]\", '', \"\"]\n",
    "spacing": "a: [ a ,b,  c  ]\nb: [a  b, c]   \n",
    "comment after": "a: [a, b] # tail\nb: ['x']  #\n",
    "punctuation inside": "a: [a-b, a.b, it's, a\"b, a:b, a#b, a?b, a ?b, a!b, a&b, a*b, a|b]\n",
    "unicode": "a: [Kim Jong Un’s sister, 北朝鮮, café\xa0au lait, 'é']\n",
    "in a block list": "a:\n  - [x, 'y']\n  - z\nb:\n- [c]\n- d: [e]\n",
    "in nested maps": "a:\n  b: [c, d]\n  e:\n    f: ['g']\nh: [i]\n",
    "list of maps": "claims:\n  - id: a\n    appearance: [https://x.org/1]\n    kind: fact\n"
    "  - id: b\n    appearance: ['https://x.org/a, b', https://x.org/2]\n",
    "long item": "a: [" + "x" * 1100 + ", '" + "y" * 1100 + "']\n",
    "duplicate key with a flow": "a: [x]\nb: 1\na: [y, z]\n",
}

EDGE = {
    "nested sequence": "a: [b, [c]]\n",
    "nested mapping": "a: [b, {c: d}]\n",
    "pair": "a: [b: c]\n",
    "quoted pair": "a: ['b': c]\n",
    "question pair": "a: [? b]\n",
    "question start": "a: [?b]\n",
    "colon end": "a: [b:]\n",
    "colon comma": "a: [b:, c]\n",
    "colon question": "a: [b:?c]\n",
    "colon space": "a: [b: c, d]\n",
    "trailing comma": "a: [b, c,]\n",
    "only a comma": "a: [,]\n",
    "two commas": "a: [b,, c]\n",
    "spanning lines": "a: [b,\n  c]\n",
    "unclosed": "a: [b, c\n",
    "more below": "a: [b]\n  c\n",
    "text after": "a: [b] c\n",
    "text after a quote": "a: ['b' c]\n",
    "comment glued": "a: [b]#c\n",
    "comment inside": "a: [b # c]\n",
    "hash start": "a: [#b]\n",
    "anchor": "a: [&x b, *x]\n",
    "alias": "a: &x [b]\nc: *x\n",
    "tag": "a: [!!str 1]\n",
    "tagged flow": "a: !!seq [b]\n",
    "dash": "a: [-b, - c]\n",
    "negative": "a: [-1]\n",
    "percent": "a: [%b]\n",
    "at": "a: [@b]\n",
    "backtick": "a: [`b]\n",
    "pipe": "a: [|]\n",
    "closing brace": "a: [b}]\n",
    "closing bracket": "a: [b]]\n",
    "flow key": "[a]: b\n",
    "root flow": "[a, b]\n",
    "unclosed quote": "a: ['b, c]\n",
    "doubled quote at end": "a: ['b'']\n",
    "merge": "a: [<<]\n",
    "value tag": "a: [=]\n",
}


@pytest.mark.parametrize("name", list(INSIDE))
def test_flow_inside_the_subset_read_identically(name: str) -> None:
    assert assert_same(INSIDE[name]), "the line reader gave up"


@pytest.mark.parametrize("name", list(EDGE))
def test_flow_at_the_edge_read_identically(name: str) -> None:
    assert_same(EDGE[name])


def test_flow_items_have_their_own_positions() -> None:
    doc = load_fast("id: x\nappearance: [ a, 'b, c' ,\"d\"]\n")
    assert assert_same("id: x\nappearance: [ a, 'b, c' ,\"d\"]\n")
    assert doc is not None
    data = doc.data
    assert isinstance(data, YMap)
    items = data["appearance"]
    assert isinstance(items, YList) and items == ["a", "b, c", "d"]
    assert (items.pos.line, items.pos.col) == (2, 13)
    assert data.value_pos["appearance"] == items.pos
    assert [(p.line, p.col) for p in items.item_pos] == [(2, 15), (2, 18), (2, 26)]


# --- random flow sequences ---------------------------------------------------------------------

_ITEMS = st.sampled_from(
    [
        "x",
        "a b",
        "a  b",
        "yes",
        "Off",
        "null",
        "~",
        "12",
        "-3",
        "0x1F",
        "1:20",
        ".inf",
        "2021-09-30",
        "https://x.org/a",
        "http://y.org/b?c=d&e=f",
        "https://z.org/p#frag",
        "https://x.org/a:b",
        "a, b",
        "a: b",
        "a:",
        "a:?b",
        "a #b",
        "a#b",
        "#a",
        "it's",
        'a"b',
        "'q'",
        '"q"',
        "[x]",
        "{x}",
        "x]",
        "&a",
        "*a",
        "!t",
        "?",
        "? a",
        "a?",
        "-",
        "- a",
        "-a",
        ":a",
        "%",
        "@",
        "`",
        "|",
        ">",
        "=",
        "<<",
        "é",
        "x\xa0y",
        "",
        " ",
    ]
)


@st.composite
def flow_items(draw: st.DrawFn) -> str:
    """One item as a writer might put it: plain, single- or double-quoted, spaced."""
    text = draw(_ITEMS)
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        text = "'" + text.replace("'", "''") + "'"
    elif style == "double":
        text = '"' + text.replace('"', "") + '"'
    return draw(st.sampled_from(["", "", " ", "  "])) + text + draw(st.sampled_from(["", "", " "]))


@st.composite
def flow_sequences(draw: st.DrawFn) -> str:
    """``[…]`` on one line, with now and then a trailing comma, a nested flow, a line break or
    a comment glued to it."""
    items = draw(st.lists(flow_items(), max_size=4))
    body = ",".join(items)
    if draw(st.integers(0, 9)) == 0:
        body += draw(st.sampled_from([",", ", [y]", ", {y: z}", ",\n  y", " #c"]))
    tail = draw(st.sampled_from(["", "", " # c", "  ", "#c", " x"]))
    return f"[{body}]{tail}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Block YAML with flow sequences as mapping values and list items."""
    out = []
    for n in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["value", "value", "item", "block"]))
        if where == "value":
            out.append(f"k{n}: {draw(flow_sequences())}")
        elif where == "item":
            out.append(f"k{n}:")
            for _ in range(draw(st.integers(1, 3))):
                out.append(f"  - {draw(flow_sequences())}")
        else:
            out.append(draw(blocks(0, 1)))
    return "\n".join(out) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_flow_sequences_are_read_identically(text: str) -> None:
    assert_same(text)


_SIMPLE = st.sampled_from(
    ["x", "a b", "yes", "12", "1:20", "https://x.org/a", "https://z.org/p#frag", "a-b.c", "é"]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_SIMPLE, st.sampled_from(["plain", "'", '"'])), max_size=5))
def test_simple_flow_sequences_are_read_by_the_line_reader(items: list[tuple[str, str]]) -> None:
    body = ", ".join(t if q == "plain" else q + t + q for t, q in items)
    assert assert_same(f"a: [{body}]\nb: c\n")


# --- an imported ledger --------------------------------------------------------------------------

# addresses as archives hold them: query strings, fragments, commas, quotes, a colon, spaces
APPEARANCES = [
    ["https://social.example.com/p/1"],
    ["https://www.youtube.com/watch?v=abc&t=1", "https://x.example.org/a#b"],
    ["https://x.example.org/a,b", "https://x.example.org/it's", "https://x.example.org/a: b"],
    ["https://x.example.org/[1]", 'https://x.example.org/"q"', "https://x.example.org/a #b"],
    [],
]


def review(n: int, urls: list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": f"Speaker {n}"},
        "datePublished": "2021-03-01",
    }
    if urls:
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in urls]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"fc-{n}",
        "url": f"https://checks.example.org/fc/{n}",
        "name": f"Did the minister say {n}?",
        "datePublished": "2021-03-02",
        "author": [
            {"@type": "Person", "name": "Ann Lee"},
            {"@type": "Person", "name": "Bo, Jr."},
        ],
        "claimReviewed": f"The minister doubled the budget {n} times.",
        "reviewRating": {"@type": "Rating", "alternateName": ["False", "True", "Half True"][n % 3]},
        "itemReviewed": item,
    }


def outputs(ledger: Path) -> dict[str, str]:
    """What check and list print for ``ledger``, read from nothing."""
    env = {"FACTCHECK_NO_CACHE": "1"}
    got = {}
    for args in (("check", "--format", "json"), ("list", "--json")):
        code, out, err = run(*args, ledger=ledger, env=env)
        got[" ".join(args)] = f"{code}\n{out}\n{err}"
    return got


def counting(monkeypatch: pytest.MonkeyPatch, *, force_libyaml: bool) -> list[bool]:
    """Patch the line reader into load_yaml: each call notes whether it read the text."""
    calls: list[bool] = []
    real: Callable[[str], Any] = load_fast

    def fake(text: str) -> Any:
        doc = None if force_libyaml else real(text)
        calls.append(doc is not None)
        return doc

    monkeypatch.setattr(yamlio, "load_fast", fake)
    return calls


def test_imported_ledger_is_read_by_the_line_reader_identically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "in.json"
    reviews = [review(n, urls) for n, urls in enumerate(APPEARANCES)]
    archive.write_text(json.dumps(reviews), encoding="utf-8")
    folder = tmp_path / "arch"
    code, _, err = run("import", "claimreview", str(archive), "--dir", str(folder))
    assert code == 0, err
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    assert text.count("appearance: [") == 4 and "author: [" in "".join(
        p.read_text(encoding="utf-8") for p in (folder / "sources").glob("*.yaml")
    )
    assert assert_same(text)

    calls = counting(monkeypatch, force_libyaml=False)
    fast = outputs(claims)
    assert calls and all(calls), "a file of the imported ledger went to libyaml"
    calls = counting(monkeypatch, force_libyaml=True)
    slow = outputs(claims)
    assert calls and not any(calls)
    assert fast == slow
    listed = json.loads(fast["list --json"].split("\n", 1)[1])
    assert json.dumps(listed).count("youtube.com/watch?v=abc") == 1


_URL_ITEMS = st.sampled_from(
    [
        "https://x.org/a",
        "'https://x.org/a, b'",
        '"https://x.org/q?a=1"',
        "http://y.org/b?c=d",
        "https://z.org/p#f",
        "ftp://x.org/a",
        "not an address",
        "12",
        "yes",
        "'yes'",
        "",
        "[x]",
        "https://x.org/a:",
        "'https://x.org/'' a'",
    ]
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flow-import")
    archive = folder / "in.json"
    archive.write_text(json.dumps([review(1, ["https://x.org/1"]), review(2, [])]))
    code, _, err = run("import", "claimreview", str(archive), "--dir", str(folder / "arch"))
    assert code == 0, err
    return folder / "arch" / "claims.yaml"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_URL_ITEMS, max_size=3),
    st.sampled_from([", ", ",", " , "]),
    st.sampled_from(["", " # c"]),
)
def test_commands_give_the_same_bytes_on_random_appearances(
    imported: Path, items: list[str], sep: str, tail: str
) -> None:
    """check and list on an imported ledger whose ``appearance:`` lists vary (addresses that
    are not http(s), numbers, booleans, empty items, nested lists: findings with positions)."""
    original = imported.read_text(encoding="utf-8")
    line = "    appearance: [https://x.org/1]\n"
    assert line in original
    imported.write_text(
        original.replace(line, f"    appearance: [{sep.join(items)}]{tail}\n"), encoding="utf-8"
    )
    try:
        fast = outputs(imported)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(yamlio, "load_fast", lambda _: None)
            slow = outputs(imported)
    finally:
        imported.write_text(original, encoding="utf-8")
    assert fast == slow


def test_question_mark_goes_to_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML without libyaml reads ``a?b`` in a flow as a key: that reader's answer, not ours."""
    from factcheck.ledger import yamlflow

    assert load_fast("a: [x?y]\n") is not None or not yamlflow._QUERY_IN_PLAIN
    monkeypatch.setattr(yamlflow, "_QUERY_IN_PLAIN", False)
    assert load_fast("a: [x?y]\n") is None
    assert load_fast("a: ['x?y', z]\n") is not None
