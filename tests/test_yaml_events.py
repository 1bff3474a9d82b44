"""The event-stream YAML reader against the node-tree reader it replaced (tests/yaml_reference.py).

Differential: on every input both must give the same data (types included), every position
attribute, the same duplicate keys in the same order, or the same FactcheckError (message, path,
line, column, hint). Inputs: the shipped ledger, the hostile corpus, generated bench ledgers,
hand-written edge cases (under libyaml and under PyYAML's pure-Python parser), and random YAML
written from random events with random styles, anchors and aliases.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

import factcheck.ledger.yamlevents
import factcheck.ledger.yamlio
import tests.yaml_reference
from factcheck.errors import FactcheckError
from factcheck.ledger.yamlio import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    YamlDoc,
    YList,
    YMap,
    decode,
    load_yaml,
    read_text,
)
from tests.factory import ROOT, gen_module
from tests.hostile.hostile_cases import CASES, LAUGHS, Case
from tests.yaml_reference import load_yaml_reference

Loader = Callable[[str, Path], YamlDoc]
PATH = Path("doc.yaml")


def shape(value: Any, seen: set[int]) -> Any:
    """Everything a caller can see of a loaded value: data, types, positions, key order."""
    if isinstance(value, YMap):
        assert id(value) not in seen, "an alias must give an independent copy"
        seen.add(id(value))
        assert list(value) == list(value.key_pos) == list(value.value_pos)
        items = [
            (k, value.key_pos[k], value.value_pos[k], shape(v, seen)) for k, v in value.items()
        ]
        return ("map", value.pos, items)
    if isinstance(value, YList):
        assert id(value) not in seen, "an alias must give an independent copy"
        seen.add(id(value))
        assert len(value.item_pos) == len(value)
        return ("list", value.pos, list(value.item_pos), [shape(v, seen) for v in value])
    assert not isinstance(value, (dict, list)), type(value)
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(load: Loader, text: str, path: Path = PATH) -> tuple[Any, ...]:
    try:
        doc = load(text, path)
    except FactcheckError as exc:
        return ("error", exc.message, exc.path, exc.line, exc.col, exc.hint)
    return ("ok", shape(doc.data, set()), doc.duplicates)


def _falls_back(construct: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(constructor: Any, node: yaml.Node) -> Any:
        try:
            return construct(constructor, node)
        except (KeyError, IndexError) as exc:
            raise ValueError(node.value) from exc

    return wrapped


@contextmanager
def reference_without_crash() -> Iterator[None]:
    """The reference crashed (KeyError, IndexError) on ``!!bool maybe`` or ``!!int ''``; the new
    reader keeps the text, as the reference did for every other unconstructable scalar."""
    fixed = yaml.constructor.SafeConstructor()
    fixed.yaml_constructors = {  # type: ignore[misc]
        tag: _falls_back(f) for tag, f in yaml.constructor.SafeConstructor.yaml_constructors.items()
    }
    saved = tests.yaml_reference.constructor
    tests.yaml_reference.constructor = fixed
    try:
        yield
    finally:
        tests.yaml_reference.constructor = saved


def assert_same(text: str, path: Path = PATH) -> tuple[Any, ...]:
    """The new reader gives exactly what the reference gives; returns that outcome."""
    try:
        expected = outcome(load_yaml_reference, text, path)
    except (KeyError, IndexError):
        with reference_without_crash():
            expected = outcome(load_yaml_reference, text, path)
    got = outcome(load_yaml, text, path)
    assert got == expected
    return got


# --- the shipped ledger and generated ones ------------------------------------------------------


def shipped_files() -> list[Path]:
    return [ROOT / "claims.yaml", *sorted(p for p in (ROOT / "sources").rglob("*") if p.is_file())]


def test_shipped_ledger_is_read_identically() -> None:
    files = shipped_files()
    assert len(files) > 100
    loaded = 0
    for path in files:
        text = read_text(path)
        if assert_same(text, path)[0] == "ok":
            loaded += 1
    assert loaded == len(files)  # the article texts are plain scalars or mappings too


def test_generated_bench_ledgers_are_read_identically(tmp_path: Path) -> None:
    gen = gen_module()
    for seed in (0, 1):
        gen.write_ledger(tmp_path / str(seed), 100, seed)
    files = sorted(p for p in tmp_path.rglob("*.yaml"))
    assert len(files) == 2 * (1 + 10 + 1)  # claims.yaml, 10 sources and the article's record
    for path in files:
        assert assert_same(read_text(path), path)[0] == "ok"


# --- the hostile corpus ---------------------------------------------------------------------------


def regular_files(root: Path) -> Iterator[Path]:
    """Regular files under ``root``, not following symlinks (the corpus points some at /etc)."""
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            path = Path(folder) / name
            if not path.is_symlink() and path.is_file():
                yield path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case_is_read_identically(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    root.mkdir()
    case.build(root)
    for path in regular_files(root):  # some cases have none: claims.yaml is a folder, a link…
        try:
            text = decode(path.read_bytes(), path)
        except FactcheckError:
            continue  # not text: decode is shared by both readers and has its own tests
        assert_same(text, path)


# --- hand-written edge cases ----------------------------------------------------------------------

BILLION_LAUGHS = LAUGHS + "claims: *i\n"
MAPPING_BOMB = (
    "a: &a {x: 1, y: 1, z: 1, w: 1}\n"
    + "".join(
        f"{k}: &{k} {{p: *{j}, q: *{j}, r: *{j}, s: *{j}}}\n"
        for j, k in zip("abcdefghi", "bcdefghij", strict=True)
    )
    + "end: 1\n"
)
EDGE_CASES: dict[str, str] = {
    "empty": "",
    "only-comment": "# nothing\n",
    "document-marker-only": "---\n",
    "document-start-and-end": "--- {a: 1}\n...\n",
    "scalar-document": "--- hello\n...\n",
    "yaml-directive": "%YAML 1.1\n---\na: 1\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "document-end-then-document": "a: 1\n...\n---\nb: 2\n",
    "bom": "\ufeffa: 1\nb: [x]\n",
    "scalar-kinds": (
        "a: yes\nb: No\nc: on\nd: OFF\ne: ~\nf: null\ng:\nh: 0o17\ni: 017\nj: 0x1F\n"
        "k: 1_000\nl: .inf\nm: -.Inf\nn: .nan\no: 1e3\np: 1.5e-3\nq: 2021-09-30\n"
        "r: 2001-12-14t21:59:43.10-05:00\ns: 1:20\nt: 190:20:30.15\nu: 0b101\nv: +12\n"
        "w: 09\nx: 0o9\ny: True\nz: 12:30:00\n"
    ),
    "quoted-are-strings": "a: 'yes'\nb: \"1\"\nc: '~'\nd: \"2021-09-30\"\ne: ''\nf: \"\"\n",
    "explicit-tags": (
        "a: !!str 1\nb: !!int '3'\nc: !!float x\ne: ! 12\nf: !!null ''\ng: !!bool yes\n"
        "h: !!int 0x_1\ni: !!float '-'\nj: !!timestamp 2021-09-30\n"
    ),
    "bad-explicit-scalars": "a: !!bool maybe\nb: !!int ''\nc: !!float ''\nd: !!int '-'\n",
    "tag-python": "a: !!python/object/apply:os.system [x]\n",
    "tag-python-scalar": "a: !!python/name:os.system ''\n",
    "tag-local-scalar": "a: !shell rm\n",
    "tag-local-map": "a: !thing {b: 1}\n",
    "tag-binary": "a: !!binary aGVsbG8=\n",
    "tag-set": "a: !!set {x, y}\n",
    "tag-omap": "a: !!omap [x: 1]\n",
    "tag-explicit-map-seq": "a: !!map {b: !!seq [1]}\n",
    "tag-on-duplicate-value": "a: 1\na: !shell rm\n",
    "tag-on-duplicate-collection": "a: 1\na: !thing [1]\nb: !!seq [!bad x]\n",
    "tag-after-syntax-error": "a: !shell x\nb: [1\n",
    "syntax-error-after-tag": "a: [1\nb: !shell x\n",
    "merge-key": "base: &b {kind: opinion}\nitem:\n  <<: *b\n",
    "merge-key-plain": "<<: {a: 1}\n",
    "value-key": "=: 1\n",
    "complex-key-list": "? [a, b]\n: value\n",
    "complex-key-map": "? {a: 1}\n: value\n",
    "complex-key-scalar": "? a\n: 1\n? b\n",
    "alias-as-key-scalar": "- &k name\n- {*k : 1, other: *k}\n",
    "alias-as-key-list": "a: &k [1]\n? *k\n: 2\n",
    "anchor-as-key": "&k x: 1\n*k : 2\n",
    "aliases-on-scalars": "a: &x hello\nb: *x\nc: [*x, *x]\nd: &n 12\ne: *n\n",
    "aliases-on-lists": "a: &x [1, [2, 3]]\nb: *x\nc: *x\n",
    "aliases-on-maps": "a: &x {k: v, l: [1]}\nb: *x\nc: {d: *x}\n",
    "nested-aliases": "a: &a [1]\nb: &b [*a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c]\n",
    "alias-nested-anchor": "- &outer [&inner [1, 2], 3]\n- *inner\n- *outer\n- *inner\n",
    "alias-of-map-with-duplicates": "a: &A {x: 1, x: 2, y: [1], y: [2]}\nb: *A\nc: *A\n",
    "anchor-in-duplicate-value": "a: 1\na: &x [1, [2]]\nb: *x\nc: *x\n",
    "anchor-in-duplicate-bad-tag": "a: 1\na: &x [!bad 1]\nb: *x\n",
    "undefined-alias": "a: *nowhere\n",
    "duplicate-anchor": "- &a 1\n- &a 2\n",
    "recursive-list": "&a [*a]\n",
    "recursive-list-wide": "&a [1, *a, 2, 3, 4, 5]\n",
    "recursive-map": "&r {a: *r}\n",
    "recursive-key": "&r {*r : 1}\n",
    "recursive-deep": "x: &r [[[*r]]]\n",
    "recursive-in-duplicate": "&a {k: 1, k: *a}\n",
    "recursive-via-skipped": "&a {k: 1, k: &b [*a], x: *b}\n",
    "recursive-two": "&a [&b [*a, *b]]\n",
    "recursive-then-syntax-error": "a: &r [*r]\nb: [1\n",
    "alias-bomb": BILLION_LAUGHS,
    "alias-bomb-mappings": MAPPING_BOMB,
    "alias-budget-exact": "a: &a [" + ", ".join(["1"] * 4999) + "]\nb: *a\nc: *a\n",
    "alias-budget-over": "a: &a [" + ", ".join(["1"] * 5000) + "]\nb: *a\nc: *a\n",
    "flow-style": "{a: [1, 2, {b: c}], d: {e: f}, g: [], h: {}}\n",
    "flow-multiline": "a: [1,\n  2,\n    3]\nb: {x: 1,\n  y: 2}\n",
    "block-scalars": "a: |\n  x\n  y\nb: >-\n  folded\n  text\nc: |+\n  keep\n\nd: >\n  a\n\n  b\n",
    "multiline-plain": "a: one\n  two\n  three\nb: 'single\n  quoted'\n"
    + 'c: "double\\\n  escaped"\n',
    "empty-values": "a:\nb: ''\nc: []\nd: {}\ne: ~\nf:\n- \n-\n",
    "null-keys": "null: 1\n~: 2\n: 3\n",
    "duplicate-keys": 'a: 1\na: 2\n1: x\n"1": y\nnull: n\n~: t\ntrue: 1\nTrue: 2\n',
    "duplicate-number-keys": "1.0: a\n1: b\n0x1: c\n.inf: d\n+1: e\n",
    "duplicate-in-list-items": "- {a: 1, a: 2}\n- {b: 1, b: 2, b: 3}\n",
    "key-types": "1: a\n1.5: b\ntrue: c\nfalse: d\n2021-09-30: e\n0o17: f\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "tabs-in-flow": "a: [1,\t2]\n",
    "tab-indentation": "a:\n\t- x\n",
    "unclosed-quote": 'a: "open\nb: 1\n',
    "bad-indent": "a: 1\n  b: 2\n c: 3\n",
    "escape-character": "a: op\x1b[2Jinion\n",
    "bidi-and-unicode": "a: \u202eevil\u202c\nb: é 漢字 \U0001f600\n",
    "deep-64": "a: " + "[" * 64 + "]" * 64 + "\n",
    "deep-65": "a: " + "[" * 65 + "]" * 65 + "\n",
    "deep-block": "a:\n" + "".join("  " * i + "- \n" for i in range(1, 70)) + "  " * 70 + "x\n",
    "deep-map-in-key": "? " + "[" * 70 + "]" * 70 + "\n: 1\n",
    "deep-scalars-at-64": "a: " + "[" * 64 + "x" + "]" * 64 + "\n",
    "deep-999": "[" * 999 + "]" * 999 + "\n",
    "deep-1001": "[" * 1001 + "]" * 1001 + "\n",
    "long-key": "k" * 2000 + ": 1\n",
    "many-items": "".join(f"- {{id: c{i}, n: {i}, ok: yes}}\n" for i in range(300)),
}


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both readers on libyaml (as shipped) or both on PyYAML's pure-Python parser."""
    if request.param == "pure-python":
        monkeypatch.setattr(factcheck.ledger.yamlio, "Loader", yaml.SafeLoader)
        monkeypatch.setattr(tests.yaml_reference, "Loader", yaml.SafeLoader)
    return str(request.param)


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_case_is_read_identically(name: str, parser: str) -> None:
    if parser == "pure-python" and name in ("deep-999", "deep-1001"):  # the intended difference
        text = EDGE_CASES[name]
        assert outcome(load_yaml_reference, text)[1:5] == (
            "YAML nesting is too deep",
            PATH,
            None,
            None,
        )
        assert outcome(load_yaml, text)[1:5] == ("YAML nesting is too deep", PATH, 1, MAX_DEPTH + 2)
        return
    assert_same(EDGE_CASES[name])


def test_edge_cases_cover_what_they_claim() -> None:
    """The differential test above would pass on two equally wrong readers: pin the answers."""

    def run(name: str) -> tuple[Any, ...]:
        return outcome(load_yaml, EDGE_CASES[name])

    doc = load_yaml(EDGE_CASES["scalar-kinds"], PATH).data
    assert doc["a"] is True and doc["d"] is False and doc["e"] is None and doc["g"] is None
    assert (doc["i"], doc["j"], doc["k"], doc["u"], doc["s"]) == (15, 31, 1000, 5, 80)
    assert doc["l"] == math.inf and math.isnan(doc["n"]) and doc["p"] == 0.0015
    # YAML 1.1 as PyYAML reads it: 0o17 is not octal, 1e3 (no dot) is no float, 09 no number
    assert (doc["h"], doc["o"], doc["w"], doc["q"]) == ("0o17", "1e3", "09", "2021-09-30")
    assert load_yaml(EDGE_CASES["bad-explicit-scalars"], PATH).data == {
        "a": "maybe",
        "b": "",
        "c": "",
        "d": "-",
    }
    dup = load_yaml(EDGE_CASES["duplicate-keys"], PATH)
    assert dict(dup.data) == {"a": 1, "1": "x", "null": "n", "true": 1}
    assert [(d.key, d.pos.line, d.first.line) for d in dup.duplicates] == [
        ("a", 2, 1),
        ("1", 4, 3),
        ("null", 6, 5),
        ("true", 8, 7),
    ]
    aliased = load_yaml(EDGE_CASES["aliases-on-maps"], PATH).data
    assert aliased["b"] == aliased["a"] and aliased["b"] is not aliased["a"]
    assert aliased["b"].pos == aliased["a"].pos  # an alias's value sits where its anchor is
    assert aliased["b"].value_pos == aliased["a"].value_pos
    assert len(load_yaml(EDGE_CASES["alias-of-map-with-duplicates"], PATH).duplicates) == 6
    assert run("alias-budget-exact")[0] == "ok"
    assert run("alias-budget-over")[1] == "YAML aliases expand too far"
    assert run("alias-bomb")[1:5] == ("YAML aliases expand too far", PATH, 2, 4)
    assert run("recursive-list")[1:5] == ("YAML nesting is too deep", PATH, 1, 1)
    assert run("recursive-then-syntax-error")[1].startswith("YAML syntax error")
    assert run("tag-after-syntax-error")[1].startswith("YAML syntax error")
    assert run("tag-on-duplicate-value")[0] == "ok"  # a repeated key's value is never read
    assert run("tag-on-duplicate-collection")[1:5] == (
        "YAML tag '!bad' is not allowed",
        PATH,
        3,
        11,
    )
    assert run("anchor-in-duplicate-bad-tag")[1:5] == ("YAML tag '!bad' is not allowed", PATH, 2, 8)
    assert run("merge-key")[1] == "YAML tag 'tag:yaml.org,2002:merge' is not allowed"
    assert run("alias-as-key-list")[1:5] == ("a mapping key must be a plain value", PATH, 1, 4)
    assert run("undefined-alias")[1] == "YAML syntax error: found undefined alias"
    assert run("duplicate-anchor")[1:5] == ("YAML syntax error: second occurrence", PATH, 2, 3)
    assert run("two-documents")[1:5] == (
        "YAML syntax error: but found another document",
        PATH,
        2,
        1,
    )
    assert run("escape-character")[1:5] == ("character U+001B is not allowed in YAML", PATH, 1, 6)
    assert run("empty") == run("only-comment") == ("ok", ("NoneType", None), [])
    assert run("deep-64")[0] == "ok"
    assert run("deep-65")[1:5] == ("YAML nesting is too deep", PATH, 1, 4 + MAX_DEPTH)
    assert run("deep-999")[1:5] == ("YAML nesting is too deep", PATH, 1, MAX_DEPTH + 2)
    assert run("deep-1001")[1] == "YAML syntax error: exceeded maximum nesting depth"


def test_deeper_than_the_recursion_limit_gets_a_position(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one intended difference. PyYAML's pure-Python composer recurses once per level, so a
    document nested past Python's recursion limit made the node reader fail without a position;
    the event reader recurses nowhere and names the first level past MAX_DEPTH. (libyaml, as
    shipped, refuses more than 1,000 levels itself, before either reader converts anything.)"""
    monkeypatch.setattr(factcheck.ledger.yamlio, "Loader", yaml.SafeLoader)
    monkeypatch.setattr(tests.yaml_reference, "Loader", yaml.SafeLoader)
    levels = sys.getrecursionlimit() + 100
    text = "a: " + "[" * levels + "]" * levels + "\n"
    old = outcome(load_yaml_reference, text)
    assert old[1:5] == ("YAML nesting is too deep", PATH, None, None)
    assert outcome(load_yaml, text)[1:5] == ("YAML nesting is too deep", PATH, 1, 4 + MAX_DEPTH)


# --- random YAML from random events -------------------------------------------------------------

WORDS = [
    "", "a", "id", "yes", "No", "on", "~", "null", "true", "1", "-1", "0o17", "017", "0x1F",
    "1_000", "1.5", ".inf", "-.Inf", ".nan", "1e3", "2021-09-30", "2001-12-14 21:59:43.10 -5",
    "<<", "=", "1:20", "x y", "a: b", "- x", "#c", "é", "line\nbreak", " lead", "trail ", "'q'",
    '"dq"', "0b101", "+12", "12:30:00", "[x]", "{y}", "&a", "*a", "!t", "%", "@", "`",
]  # fmt: skip
TAGS = [
    None, None, None, None, None, None, "tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "!local",
    "tag:yaml.org,2002:python/none",
]  # fmt: skip
COLLECTION_TAGS = [None] * 8 + ["tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!local"]
STYLES = [None, None, "'", '"', "|", ">"]
EDITS = [
    "\t",
    ":",
    "[",
    "]",
    "{",
    "&x ",
    "*x ",
    "*a0 ",
    "!!python/name:x ",
    "\x1b",
    "- ",
    "\n",
    "? ",
]


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """A random document written by PyYAML's emitter from random events, sometimes edited."""
    events: list[Event] = [StreamStartEvent(), DocumentStartEvent(explicit=draw(st.booleans()))]
    anchors: list[str] = []
    bad_tags = draw(st.integers(0, 3)) == 0  # else most documents stop at their first bad tag
    tags = TAGS if bad_tags else TAGS[:12]
    collection_tags = COLLECTION_TAGS if bad_tags else COLLECTION_TAGS[:-1]
    reuse = draw(st.integers(0, 4)) == 0

    def anchor() -> str | None:
        if draw(st.integers(0, 2)) != 0:
            return None
        if reuse and anchors and draw(st.integers(0, 9)) == 0:
            return draw(st.sampled_from(anchors))  # a duplicate anchor: an error
        return f"a{len(anchors)}"

    def scalar() -> None:
        name = anchor()
        tag = draw(st.sampled_from(tags))
        value = draw(st.sampled_from(WORDS) | st.text(max_size=6))
        implicit = (True, True) if tag is None else (False, False)
        style = draw(st.sampled_from(STYLES))
        events.append(ScalarEvent(name, tag, implicit, value, style=style))
        if name is not None:
            anchors.append(name)

    def node(depth: int, key: bool = False) -> None:
        roll = draw(st.integers(0, 9)) if depth else draw(st.integers(4, 9))
        if anchors and roll == 0:
            events.append(AliasEvent(draw(st.sampled_from(anchors))))
        elif depth >= 5 or roll < (8 if key else 4):
            scalar()
        else:
            name = anchor()
            tag = draw(st.sampled_from(collection_tags))
            flow = draw(st.booleans())
            is_map = roll >= 7
            start = MappingStartEvent if is_map else SequenceStartEvent
            events.append(start(name, tag, tag is None, flow_style=flow))
            if name is not None:
                anchors.append(name)  # before the items: an item may alias its own parent
            for _ in range(draw(st.integers(0, 4))):
                if is_map:
                    node(depth + 1, key=True)
                node(depth + 1)
            events.append(MappingEndEvent() if is_map else SequenceEndEvent())

    node(0)
    events += [DocumentEndEvent(explicit=draw(st.booleans())), StreamEndEvent()]
    text = yaml.emit(
        events,
        Dumper=yaml.SafeDumper,
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 80, 1000])),
        indent=draw(st.sampled_from([2, 4])),
    )
    assert isinstance(text, str)
    if draw(st.integers(0, 4)) == 0:  # a random edit: syntax errors among conversion errors
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(EDITS)) + text[at:]
    return text


@contextmanager
def limits(depth: int, budget: int) -> Iterator[None]:
    """Smaller MAX_DEPTH and MAX_ALIAS_NODES in both readers: small random documents reach them,
    so the order of the two checks and their positions are compared too."""
    modules = (factcheck.ledger.yamlevents, tests.yaml_reference)
    saved = [(m, m.MAX_DEPTH, m.MAX_ALIAS_NODES) for m in modules]
    for module in modules:
        setattr(module, "MAX_DEPTH", depth)  # noqa: B010 - mypy: the reference re-exports it
        setattr(module, "MAX_ALIAS_NODES", budget)  # noqa: B010
    try:
        yield
    finally:
        for module, old_depth, old_budget in saved:
            setattr(module, "MAX_DEPTH", old_depth)  # noqa: B010
            setattr(module, "MAX_ALIAS_NODES", old_budget)  # noqa: B010


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    yaml_texts(),
    st.sampled_from([MAX_DEPTH, 4, 2]),
    st.sampled_from([MAX_ALIAS_NODES, 40, 8, 2]),
)
def test_random_yaml_is_read_identically(text: str, depth: int, budget: int) -> None:
    with limits(depth, budget):
        got = assert_same(text)
    event(got[0] if got[0] == "ok" else str(got[1]).split(":")[0])
