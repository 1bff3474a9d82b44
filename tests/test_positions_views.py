"""A parsed mapping's and list's positions read in one pass (``items()``, iteration) are the
positions read one at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factcheck.ledger.models import Pos
from factcheck.ledger.positioned import YList, YMap

positions = st.builds(Pos, st.integers(1, 10**6), st.integers(1, 10**4))


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.tuples(positions, positions)))
def test_mapping_positions_in_one_pass(entries: dict[str, tuple[Pos, Pos]]) -> None:
    ymap = YMap()
    for key, (kpos, vpos) in entries.items():
        ymap.put(key, None, kpos, vpos)
    assert dict(ymap.key_pos.items()) == {k: ymap.key_pos[k] for k in ymap}
    assert dict(ymap.value_pos.items()) == {k: ymap.value_pos[k] for k in ymap}
    assert dict(ymap.value_pos.items()) == {k: v for k, (_, v) in entries.items()}
    assert list(ymap.value_pos.items()) == [(k, v) for k, (_, v) in entries.items()]


@given(st.lists(positions))
def test_list_positions_in_one_pass(items: list[Pos]) -> None:
    ylist = YList()
    for pos in items:
        ylist.put(None, pos)
    assert list(ylist.item_pos) == [ylist.item_pos[i] for i in range(len(ylist))] == items
