"""annotate for reading: numbered marks with a legend (ids on demand), bold headings, a
boundary between touching claims, disputed verdicts inline with --notes, and a pager on a
terminal; the pipe output stays as it was."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from factcheck.cli import app
from factcheck.formats.layout import (
    BOUNDARY,
    disputed_notes,
    is_heading,
    layout,
    marked_text,
    touching,
    with_notes,
)
from factcheck.formats.terminal.views import annotated_article, make_console, rendered
from tests.cli_runner import run
from tests.demo_ledger import write_ledger
from tests.test_pager import on_terminal

SGR = re.compile(r"\x1b\[[0-9;]*m")


def rec(cid: str, start: int, end: int, status: str = "sourced", **more: Any) -> dict[str, Any]:
    return {"id": cid, "status": status, "kind": "fact", "anchor": {"start": start, "end": end}}


def coloured(tmp_path: Path, *args: str) -> str:
    write_ledger(tmp_path)
    result = run("annotate", "--color", "always", "-l", str(tmp_path), *args)
    assert result.code == 0, result.stderr
    return result.stdout


def test_marks_are_short_numbers_with_a_legend_by_default(tmp_path: Path) -> None:
    out = coloured(tmp_path)
    text = SGR.sub("", out)
    assert "[output-fell]" not in text.split("legend:")[0]
    assert "[1]" in text and "[2]" in text
    legend = text.split("legend:")[1]
    assert re.search(r"\b1 headline\b", legend)
    assert re.search(r"\b2 output-fell\b", legend)


def test_ids_on_demand(tmp_path: Path) -> None:
    text = SGR.sub("", coloured(tmp_path, "--ids"))
    assert "decades[worst-in-decades]" in text
    assert not re.search(r"\b1 headline\b", text)


def test_headings_are_bold(tmp_path: Path) -> None:
    out = coloured(tmp_path)
    bold = r"\x1b\[1(;[0-9]+)*m"
    assert re.search(bold + "A Demo Headline", out)  # a claim's span too: bold and coloured
    assert re.search(bold + "Second part", out)
    assert not re.search(bold + "Officials", out)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Peace with Conditions applied", True),
        ("Why is North Korea interested in Peace Talks?", True),
        ("Cherry Hitkari", True),
        ("It was a short sentence.", False),
        ("lower case start", False),
        ("", False),
        ("A " * 20, False),
    ],
)
def test_what_a_heading_is(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_touching_claims_of_one_status_get_a_boundary() -> None:
    text = "One fact here. Two fact here. Three."
    lay = layout(text, [rec("a", 0, 14), rec("b", 15, 29), rec("c", 30, 36, "disputed")])
    assert touching(lay.spans, text) == {1}
    console = make_console(color="never", width=200)
    out = rendered(console, annotated_article(lay))
    assert f"One fact here.[1] {BOUNDARY}Two fact here.[2] Three.[3]" in out


def test_notes_put_the_verdict_under_the_line(tmp_path: Path) -> None:
    text = SGR.sub("", coloured(tmp_path, "--notes"))
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "↳" in line)
    assert "decades" in lines[at - 1]  # the paragraph of the disputed claim ends above
    assert "disputed, rated inaccurate: It was 4.5%, not 4.9%" in lines[at]
    assert "\u202e" not in text and "\\u202e" in text


def test_notes_in_a_pipe(tmp_path: Path) -> None:
    write_ledger(tmp_path)
    plain = run("annotate", "-l", str(tmp_path)).stdout
    noted = run("annotate", "--notes", "-l", str(tmp_path)).stdout
    extra = [line for line in noted.splitlines() if line not in plain.splitlines()]
    assert extra == [
        "    ↳ [output-fell] disputed, rated inaccurate: It was 4.5%, not 4.9% \\u202e evil"
    ]


def test_the_pipe_output_is_unchanged_by_default(tmp_path: Path) -> None:
    """What scripts read: ⟦quote⟧[id] markers and the legend by status, no colour."""
    write_ledger(tmp_path)
    out = run("annotate", "-l", str(tmp_path)).stdout
    assert "⟦The agency said ⟦output fell by ⟦4.9%⟧[output-figure] last year," in out
    assert "\x1b" not in out and "↳" not in out and BOUNDARY not in out
    assert "disputed (1): output-fell" in out


def test_with_notes_keeps_every_line() -> None:
    text = "Line one is here.\nLine two.\n"
    lay = layout(text, [rec("x", 18, 27, "disputed")])
    notes = disputed_notes(lay, [{"id": "x", "rating": None, "note": "a\nb"}])
    out = with_notes(marked_text(lay), notes, lay)
    assert out.split("\n") == [
        "Line one is here.",
        "⟦Line two.⟧[x]",
        "    ↳ [x] disputed: a\\nb",
        "",
    ]


def test_a_tall_article_goes_through_the_pager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ledger(tmp_path)
    command = typer.main.get_command(app)
    out, paged = on_terminal(monkeypatch, lines=5)
    command.main(["annotate", "-l", str(tmp_path)], standalone_mode=False)
    assert len(paged) == 1 and "output-fell" in paged[0][1] and "\x1b[" in paged[0][1]
    assert out.getvalue() == ""
    command.main(["annotate", "--no-pager", "-l", str(tmp_path)], standalone_mode=False)
    assert len(paged) == 1 and "output-fell" in out.getvalue()
