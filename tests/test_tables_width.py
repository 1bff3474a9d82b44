"""Tables read at 80 columns: one line a row, the text columns (quote, title) given room first,
ids cut with an ellipsis, dates never cut; at 100 and 160 columns the same, roomier."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from factcheck.formats.columns import NATURAL, Column, fit
from factcheck.formats.terminal.tables import claims_table, search_table, sources_table
from factcheck.formats.terminal.views import stats_view
from tests.cli_runner import run
from tests.factory import ROOT

WIDTHS = (80, 100, 160)
Records = list[dict[str, Any]]


def records_of(*args: str) -> Any:
    result = run(*args, "--json", "--ledger", str(ROOT))
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def claims() -> Records:
    found: Records = records_of("list")
    return found


@pytest.fixture(scope="module")
def sources() -> Records:
    found: Records = records_of("sources")
    return found


def render(renderable: RenderableType, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), no_color=True, highlight=False)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get().rstrip("\n").split("\n")


def column_at(header: str, name: str, after: str = "") -> int:
    """Where the heading ``name`` starts in a header line (after the heading ``after``)."""
    return header.index(f" {name}", header.index(after) if after else 0) + 1


def cut_or_whole(shown: str, whole: str) -> bool:
    shown = shown.rstrip()
    return shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1].rstrip()))


@pytest.mark.parametrize("width", WIDTHS)
def test_list_is_one_line_a_claim(claims: Records, width: int) -> None:
    lines = render(claims_table(claims), width)
    assert len(lines) == 2 + len(claims)  # header, rule, one line a claim
    assert all(cell_len(line) <= width for line in lines)
    header = lines[0]
    assert header.split()[:4] == ["id", "status", "rating", "kind"]
    status_at = column_at(header, "status")
    for line, record in zip(lines[2:], claims, strict=True):
        assert cut_or_whole(line[:status_at], record["id"]), line
        assert line[status_at:].split()[0] == record["status"]  # the status is never cut


def test_list_at_80_gives_the_quote_30_characters_and_the_id_at_most_24(claims: Records) -> None:
    lines = render(claims_table(claims), 80)
    header = lines[0]
    quote_at = column_at(header, "quote")
    assert 80 - quote_at >= 30
    assert column_at(header, "status") - 1 <= 24  # the id column, its gap left out
    for line, record in zip(lines[2:], claims, strict=True):
        assert cut_or_whole(line[quote_at:], record["quote"]), line


def test_list_grows_the_quote_and_then_the_ids_as_the_terminal_widens(claims: Records) -> None:
    quote_widths = []
    for width in WIDTHS:
        header = render(claims_table(claims), width)[0]
        quote_widths.append(width - column_at(header, "quote"))
    assert quote_widths == sorted(quote_widths) and quote_widths[-1] >= 50
    wide = render(claims_table(claims), 160)
    status_at = column_at(wide[0], "status")
    for line, record in zip(wide[2:], claims, strict=True):
        assert line[:status_at].strip() == record["id"]  # whole ids at 160 columns


@pytest.mark.parametrize("width", WIDTHS)
def test_list_of_many_ledgers_is_one_line_a_claim(claims: Records, width: int) -> None:
    many = [{**r, "ledger": f"newsroom/{i % 3}-long-ledger-name"} for i, r in enumerate(claims)]
    lines = render(claims_table(many, show_ledger=True), width)
    assert len(lines) == 2 + len(many) and lines[0].split()[:2] == ["ledger", "id"]
    assert all(cell_len(line) <= width for line in lines)


def test_wide_characters_and_hostile_text_stay_on_one_line(claims: Records) -> None:
    odd = [
        {**claims[0], "id": "kim-김정은-" * 3, "quote": "조선민주주의인민공화국 " * 10},
        {**claims[1], "quote": "line one\nline two\x1b[31m red \u202e", "section": "A\tB"},
    ]
    for width in WIDTHS:
        lines = render(claims_table(odd), width)
        assert len(lines) == 4 and all(cell_len(line) <= width for line in lines)
        assert "\x1b" not in "".join(lines) and "\\x1b" in lines[3]


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_keep_title_publisher_and_whole_dates(sources: Records, width: int) -> None:
    lines = render(sources_table(sources), width)
    assert len(lines) == 2 + len(sources)
    assert all(cell_len(line) <= width for line in lines)
    header = lines[0]
    assert header.split() == ["id", "claims", "stances", "publisher", "issued", "title"]
    issued_at, title_at = column_at(header, "issued"), column_at(header, "title")
    publisher_at = column_at(header, "publisher")
    assert width - title_at >= 24 and issued_at - publisher_at >= 10 + 1
    for line, record in zip(lines[2:], sources, strict=True):
        assert line[issued_at:title_at].strip() == (record["issued"] or "")  # never cut
        assert cut_or_whole(line[title_at:], record["title"] or ""), line
        assert cut_or_whole(line[publisher_at:issued_at], record["publisher"] or ""), line
        assert cut_or_whole(line[: column_at(header, "claims")].rstrip(), record["id"]), line


def test_sources_at_80_never_cut_a_full_date(sources: Records) -> None:
    lines = "\n".join(render(sources_table(sources), 80))
    full = [r["issued"] for r in sources if r["issued"] and len(r["issued"]) == 10]
    assert full and all(date in lines for date in full)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_is_one_line_a_match_with_the_match_in_view(claims: Records, width: int) -> None:
    found = [r for r in claims if "sanctions" in r["quote"]][:8]
    assert found
    spans = []
    for r in found:
        at = r["quote"].index("sanctions")
        spans.append([(at, at + len("sanctions"))])
    scored = [{**r, "score": 90.0} for r in found]
    lines = render(search_table(scored, spans), width)
    assert len(lines) == 2 + len(found)
    assert all(cell_len(line) <= width for line in lines)
    assert all("sanctions" in line for line in lines[2:])
    header = lines[0]
    assert width - column_at(header, "quote") >= 30


@pytest.mark.parametrize("width", WIDTHS)
def test_stats_rows_stay_on_one_line(width: int) -> None:
    record = records_of("stats")
    lines = render(stats_view(record), width)
    for section, n in record["by_section"].items():
        assert any(line.split()[-1:] == [str(n)] and section[:8] in line for line in lines)
    long = {**record, "by_section": {"A section heading far too long " * 5: 3}}
    lines = render(stats_view(long), width)
    assert any(line.rstrip().endswith(" 3") and "…" in line for line in lines) or width >= 160


# --- the arithmetic ------------------------------------------------------------------------------


def test_fit_gives_the_flexible_column_its_floor_and_then_the_rest() -> None:
    cols = [Column(35, 17), Column(9), Column(200, 30)]
    assert fit(60, cols, flex=2, floor=30, grow=[(0, 20)]) == [19, 9, 30]
    assert fit(80, cols, flex=2, floor=30, grow=[(0, 20)]) == [20, 9, 49]
    assert fit(300, cols, flex=2, floor=30, grow=[(0, 20), (0, NATURAL)]) == [35, 9, 200]


def test_fit_shrinks_the_flexible_column_first_when_the_room_is_short() -> None:
    cols = [Column(35, 17), Column(9), Column(200, 30)]
    widths = fit(50, cols, flex=2, floor=30, grow=[])
    assert widths == [17, 9, 22] and sum(widths) + 2 == 50
    tiny = fit(20, cols, flex=2, floor=30, grow=[])
    assert tiny[2] == 8 and sum(tiny) + 2 <= 20 + 10  # then the others, down to 3 each


def test_fit_never_widens_past_the_widest_cell() -> None:
    cols = [Column(5, 17), Column(9), Column(12, 30)]
    assert fit(200, cols, flex=2, floor=30, grow=[(0, NATURAL)]) == [5, 9, 12]


def test_sources_tell_contradicts_from_context_without_colour(sources: Records) -> None:
    both = [r for r in sources if r["stances"]["contradicts"] and r["stances"]["context"]]
    mixed = (
        both[0]
        if both
        else {**sources[0], "stances": {"supports": 0, "contradicts": 1, "context": 2}}
    )
    mixed = {**mixed, "is_article": False, "unused": False}
    line = render(sources_table([mixed]), 160)[2]
    assert f"con {mixed['stances']['contradicts']}" in line
    assert f"ctx {mixed['stances']['context']}" in line
