"""annotate: the span layout (nested and crossing spans) and the terminal/pipe views."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from factcheck.formats.layout import (
    CLOSE_MARK,
    OPEN_MARK,
    Chunk,
    Close,
    Open,
    depths,
    layout,
    marked_text,
    nested_events,
    paragraphs,
    runs,
)
from tests.cli_runner import run
from tests.demo_ledger import SOURCES, write_ledger


def rec(cid: str, start: int, end: int, status: str = "sourced") -> dict[str, Any]:
    return {"id": cid, "status": status, "kind": "fact", "anchor": {"start": start, "end": end}}


def test_nested_spans_close_inner_first() -> None:
    text = "Outer says inner fact here."
    lay = layout(text, [rec("inner", 11, 21), rec("outer", 0, 27, "opinion")])
    assert marked_text(lay) == "⟦Outer says ⟦inner fact⟧[inner] here.⟧[outer]"


def test_crossing_spans_are_named_at_their_close() -> None:
    text = "aaa bbb ccc"
    lay = layout(text, [rec("left", 0, 7), rec("right", 4, 11)])
    assert marked_text(lay) == "⟦aaa ⟦bbb⟧[left] ccc⟧[right]"


def test_crossing_spans_nest_in_markup_with_one_head_each() -> None:
    text = "aaa bbb ccc"
    lay = layout(text, [rec("left", 0, 7), rec("right", 4, 11)])
    events = list(nested_events(lay.spans, 0, len(text), set()))
    names = {0: "L", 1: "R"}
    shown = "".join(
        f"<{names[e.span]}{'' if e.head else '+'}>"
        if isinstance(e, Open)
        else f"</{names[e.span]}>"
        if isinstance(e, Close)
        else text[e.start : e.end]
        for e in events
    )
    assert shown == "<L>aaa <R>bbb</R></L><R+> ccc</R>"


def test_unanchored_and_out_of_range_claims_are_unplaced() -> None:
    lay = layout("short", [rec("ok", 0, 5), {"id": "lost", "anchor": None}, rec("far", 3, 99)])
    assert [s.claim_id for s in lay.spans] == ["ok"]
    assert lay.unplaced == ("lost", "far")


def test_control_and_bidi_characters_are_made_inert() -> None:
    text = "evil \u202e text \x1b[31m red"
    lay = layout(text, [rec("x", 0, 4)])
    out = marked_text(lay)
    assert "\u202e" not in out and "\x1b" not in out
    assert "\\u202e" in out and "\\x1b" in out


spans_strategy = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15)), min_size=0, max_size=8)


@given(text=st.text(alphabet="ab \n", min_size=1, max_size=50), raw=spans_strategy)
def test_layout_invariants(text: str, raw: list[tuple[int, int]]) -> None:
    records = [
        rec(f"c{i}", s, min(s + n, len(text))) for i, (s, n) in enumerate(raw) if s < len(text)
    ]
    lay = layout(text, records)
    # Markers removed, the article is back (the alphabet has nothing to escape).
    out = marked_text(lay)
    assert re.sub(rf"{OPEN_MARK}|{CLOSE_MARK}\[c\d+\]", "", out) == text
    assert out.count(OPEN_MARK) == len(lay.spans)
    # Runs tile the text and each lists exactly the spans covering it.
    rs = runs(lay.spans, 0, len(text))
    assert "".join(text[r.start : r.end] for r in rs) == text
    for r in rs:
        for i, s in enumerate(lay.spans):
            assert (i in r.cover) == (s.start <= r.start and r.end <= s.end)
    # Depth: how many spans enclose a span (earlier in order, reaching at least as far).
    want = [
        sum(1 for t in lay.spans[:i] if t.start <= s.start and s.end <= t.end)
        for i, s in enumerate(lay.spans)
    ]
    assert depths(lay.spans) == want
    # Markup events nest, keep the text, give one head per span, and cover each span exactly.
    seen: set[int] = set()
    covered: dict[int, list[tuple[int, int]]] = {}
    blocks = paragraphs(text)
    for lo, hi in blocks:
        stack: list[int] = []
        for e in nested_events(lay.spans, lo, hi, seen):
            if isinstance(e, Open):
                stack.append(e.span)
            elif isinstance(e, Close):
                assert stack.pop() == e.span
            else:
                assert isinstance(e, Chunk)
                for i in stack:
                    covered.setdefault(i, []).append((e.start, e.end))
        assert stack == []
    in_blocks = {
        i for i, s in enumerate(lay.spans) if any(s.start < hi and lo < s.end for lo, hi in blocks)
    }
    assert seen == in_blocks
    for i, parts in covered.items():
        s = lay.spans[i]
        assert min(p[0] for p in parts) >= s.start and max(p[1] for p in parts) <= s.end


def test_annotate_in_a_pipe_prints_markers_and_legend(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    result = run("annotate", "-l", str(tmp_path))
    assert result.code == 0
    out = result.stdout
    assert "⟦The agency said ⟦output fell by ⟦4.9%⟧[output-figure] last year," in out
    assert "decades⟧[worst-in-decades].⟧[output-fell]" in out
    assert "\x1b[" not in out
    assert "disputed (1): output-fell" in out
    assert "not located once in the article (1): lost-quote" in out
    assert "6 of 7 claims shown" in result.stderr


def test_annotate_filters_by_status_and_kind(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    args = ["annotate", "-l", str(tmp_path), "--status", "sourced", "--kind", "fact"]
    out = run(*args).stdout.split("legend:")[0]
    assert set(re.findall(r"⟧\[([a-z0-9-]+)\]", out)) == {"output-figure", "worst-in-decades"}


def test_annotate_colour_tags_each_span(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    args = ["annotate", "-l", str(tmp_path), "--color", "always", "--ids"]
    out = run(*args).stdout
    assert "\x1b[" in out and OPEN_MARK not in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    for cid in ("output-fell", "output-figure", "worst-in-decades", "talks-resume", "headline"):
        assert f"[{cid}]" in plain
    assert "legend:" in plain and "disputed 1" in plain


def test_annotate_never_colours_when_told(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    args = ["annotate", "-l", str(tmp_path), "--color", "never"]
    out = run(*args).stdout
    assert "\x1b[" not in out and OPEN_MARK in out


def test_annotate_without_article_text_exits_2(tmp_path: Path) -> None:
    sources = {k: {f: v for f, v in d.items() if f != "text"} for k, d in SOURCES.items()}
    write_ledger(tmp_path, sources=sources)
    result = run("annotate", "-l", str(tmp_path))
    assert result.code == 2
    assert "no article text" in result.stderr
