"""What keeps a cold run's peak memory low gives the answers the straightforward path gives.

The line reader empties the lines of each top-level item once read (``yamllines``); the claims
of claims.yaml are built as their items are read (``claimstream``); a view built for a command
that keeps no cache drops each claim once its record is made (``scale/views.build``, consume).
Each is held equal here to the path that keeps everything: libyaml's document, the claims built
after the whole document, the views built from a ledger kept whole.
"""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.ledger.claimstream import ClaimStream
from factcheck.ledger.load import load_ledger
from factcheck.ledger.models import FieldPos, Pos
from factcheck.ledger.yamlfast import load_fast
from factcheck.ledger.yamlio import load_yaml, load_yaml_file
from factcheck.ledger.yamllines import EMPTY, lines_of
from factcheck.query.filters import Filters
from factcheck.scale import blobs, views
from factcheck.text.article import Article
from factcheck.text.quoteindex import scan
from tests.factory import ARTICLE, ROOT, gen_module, write_ledger
from tests.test_cache import same_ledger
from tests.test_yaml_events import outcome, shape
from tests.test_yaml_fast import blocks, scalars

PATH = Path("doc.yaml")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _libyaml(text: str, path: Path) -> Any:
    return load_yaml(text, path, fast=False)


# --- the line reader with its lines released ---------------------------------------------------


@st.composite
def top_lists(draw: st.DrawFn) -> tuple[str, int | None]:
    """A document with a top-level list of scalars and mappings among other keys; the index of
    the list's first line when it has two items or more (that line is read before the last)."""
    head = draw(blocks(0, 1)) + "\n" if draw(st.booleans()) else ""
    at = draw(st.integers(0, 2))
    items = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            items.append(f"{' ' * at}- {draw(scalars(at))}")
        else:
            inner = draw(blocks(at + 2, 1))
            items.append(" " * at + "- " + inner[at + 2 :])
        if draw(st.booleans()):
            items.append(draw(st.sampled_from(["", "# between", "  # c"])))
    tail = "\n" + draw(blocks(0, 1)) if draw(st.booleans()) else ""
    text = f"{head}claims:\n" + "\n".join(items) + tail + "\n"
    first = head.count("\n") + 1
    return text, first if len(items) > 1 else None


@SETTINGS
@given(top_lists())
def test_a_reader_that_lets_its_lines_go_reads_as_libyaml(case: tuple[str, int | None]) -> None:
    text, first = case
    expected = outcome(_libyaml, text)
    lines = lines_of(text)
    assert lines is not None  # nothing in the strategy sends a whole text to libyaml
    doc = load_fast(lines)
    if doc is None:  # left to libyaml, which loads the text, not these lines
        assert outcome(load_yaml, text) == expected
        return
    assert ("ok", shape(doc.data, set()), doc.duplicates) == expected
    if first is not None and len(doc.data["claims"]) > 1:
        assert lines[first] == EMPTY  # the first item's lines were let go once it was read


def test_a_file_read_again_for_libyaml_when_the_line_reader_gives_up() -> None:
    reads: list[int] = []
    text = "a: 1\nclaims:\n- x\n- &anchor y\n"  # an anchor: the line reader gives up mid-list

    def read() -> str:
        reads.append(1)
        return text

    doc = load_yaml_file(read, PATH)
    assert len(reads) == 2
    assert ("ok", shape(doc.data, set()), doc.duplicates) == outcome(_libyaml, text)


# --- claims built as they are read ---------------------------------------------------------------

_QUOTES = ["Sanctions were not lifted.", "nowhere in the text", "", "4.9%"]


@st.composite
def claim_items(draw: st.DrawFn) -> dict[str, Any]:
    """A claim entry, valid or not in many ways."""
    item: dict[str, Any] = {}
    item["id"] = draw(st.sampled_from(["a-1", "a-1", "b-2", "Bad Id", "c", 7]))
    if draw(st.integers(0, 5)):
        item["quote"] = draw(st.sampled_from(_QUOTES))
    if draw(st.integers(0, 5)):
        item["kind"] = draw(st.sampled_from(["fact", "opinion", "attribution", "fakt", 3]))
    for key, values in (
        ("rating", ["accurate", "mixed", "nope"]),
        ("section", ["Intro", "Economy"]),
        ("tags", [["x", "y"], "x", [1]]),
        ("note", ["a note", ["not", "text"]]),
        ("evidence", [[{"source": "s", "stance": "supports", "says": "so"}], [{"x": 1}], "e"]),
        ("colour", ["red"]),
    ):
        if draw(st.booleans()):
            item[key] = draw(st.sampled_from(values))
    return item


@st.composite
def claims_files(draw: st.DrawFn) -> str:
    import yaml

    claims = draw(st.lists(claim_items(), max_size=6))
    fmt = draw(st.sampled_from([1, 2, 3, "x"]))
    body = yaml.safe_dump({"claims": claims}, sort_keys=False, width=200)
    article = draw(st.sampled_from(["article", "article", "[a, b]", "7"]))
    extra = draw(st.sampled_from(["", "", "colour: red\n"]))  # a key claims.yaml does not have
    head = f"format: {fmt}\n{extra}article: {article}\n"
    order = draw(st.sampled_from(["format first", "format last", "duplicate key"]))
    if order == "format last":
        return f"article: article\n{body}format: {fmt}\n"
    if order == "duplicate key":
        return head + body + "article: again\n"
    return head + body


def _load(path: Path, *, stream: bool) -> tuple[str, Any]:
    from factcheck.errors import FactcheckError

    with pytest.MonkeyPatch.context() as mp:
        if not stream:
            mp.setattr(ClaimStream, "start", lambda self, top: None)
        try:
            return "ok", load_ledger(path)
        except FactcheckError as exc:
            return "error", (exc.message, exc.line, exc.col)


@SETTINGS
@given(claims_files())
def test_claims_built_as_they_are_read_are_those_built_after(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_ledger(Path(folder) / "l", claims_text=text)
        streamed, after = _load(path, stream=True), _load(path, stream=False)
        assert streamed[0] == after[0]
        if streamed[0] == "ok":
            same_ledger(streamed[1], after[1])  # claims, invalid entries, findings in order
        else:
            assert streamed == after


def test_a_ledger_is_built_as_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated ledgers take the streamed way (the comparison above could pass without)."""
    gen = gen_module()
    gen.write_ledger(tmp_path / "g", 200)
    taken: list[int] = []
    real = ClaimStream.item

    def item(self: ClaimStream, value: Any, pos: Pos, index: int) -> Any:
        taken.append(index)
        return real(self, value, pos, index)

    monkeypatch.setattr(ClaimStream, "item", item)
    loaded = load_ledger(tmp_path / "g" / "claims.yaml")
    assert taken == list(range(200)) and len(loaded.claims) == 200
    monkeypatch.undo()
    same_ledger(loaded, _load(tmp_path / "g" / "claims.yaml", stream=False)[1])


# --- views built from a ledger let go claim by claim -------------------------------------------


def _ledgers(tmp_path: Path) -> list[Path]:
    gen = gen_module()
    gen.write_ledger(tmp_path / "g", 150)
    # quotes repeated by several claims stay in the article's index for the later ones
    twice = [
        {"id": f"c{i}", "quote": q, "kind": "fact"}
        for i, q in enumerate(["contracted by 4.9%", "contracted by 4.9%", "4.9%", "Talks"])
    ]
    return [
        ROOT / "claims.yaml",
        tmp_path / "g" / "claims.yaml",
        write_ledger(tmp_path / "twice", twice, article=ARTICLE),
    ]


@pytest.mark.parametrize(
    "parts",
    [("meta", "blob"), ("meta", "blob", "listing"), ("meta", "stats")],
)
def test_views_built_while_dropping_claims_are_the_full_views(
    tmp_path: Path, parts: tuple[str, ...]
) -> None:
    for path in _ledgers(tmp_path):
        full = views.build(load_ledger(path), search=False)
        ledger = load_ledger(path)
        part = views.build(ledger, parts=parts, consume=True)
        assert ledger.claims == []
        for name in parts:
            assert part[name] == full[name], (path, name)  # type: ignore[literal-required]


def test_list_json_pieces_are_the_joined_text(tmp_path: Path) -> None:
    from factcheck.ledger.vocab import SortKey

    built = [views.build(load_ledger(p), search=False) for p in _ledgers(tmp_path)]
    for chosen in (built, built[:1], [built[0], built[0]]):
        for filters, sort in ((Filters(), SortKey.POSITION), (Filters(kind=("fact",)), SortKey.ID)):
            joined = b"".join(views.json_chunks(chosen, filters, sort))
            assert joined == views.select_json(chosen, filters, sort)
        plain = b"[\n" + blobs.SEP.join(v["blob"] for v in chosen) + b"\n]\n"
        assert b"".join(views.json_chunks(chosen, Filters(), SortKey.POSITION)) == plain


def test_a_quote_forgotten_by_the_index_is_still_found() -> None:
    quotes = ["contracted by", "by 4.9%", "missing", "4.9", "Talks may resume"]
    article = Article(ARTICLE * 3, quotes)
    before = {q: article.occurrences(q) for q in quotes * 3}  # enough look-ups to index
    for q in quotes:
        article.forget(q)
        assert article.occurrences(q) == before[q] == scan(article.text, q)


# --- packed field positions ----------------------------------------------------------------------


def test_field_positions_read_as_a_dict_of_positions() -> None:
    from array import array

    packed = FieldPos(("id", "quote"), array("I", [3, 5, 3, 9, 4, 5, 4, 12]))
    plain = {"id": Pos(3, 9), "quote": Pos(4, 12)}
    assert packed == plain and dict(packed) == plain and list(packed) == ["id", "quote"]
    assert packed.get("kind") is None and packed.get("kind", Pos(1, 1)) == Pos(1, 1)
    assert "quote" in packed and "kind" not in packed and len(packed) == 2
    assert pickle.loads(pickle.dumps(packed, protocol=5)) == plain
    with pytest.raises(KeyError):
        packed["kind"]
    assert FieldPos() == {}
