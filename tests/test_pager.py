"""A table taller than an interactive terminal goes through a pager ($FACTCHECK_PAGER, $PAGER,
less -R); a pipe, --no-pager or an empty FACTCHECK_PAGER never does. The decision is tested as a
function; the command's use of it with a stand-in for the pager, never spawning one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from factcheck.commands import common
from factcheck.commands.options import Color
from factcheck.formats import pager
from factcheck.formats.pager import pager_for
from factcheck.formats.terminal.tables import claims_table
from tests.cli_runner import run
from tests.factory import ROOT, write_ledger


def decide(
    env: dict[str, str],
    *,
    stdout_tty: bool = True,
    stdin_tty: bool = True,
    lines: int = 200,
    height: int = 40,
    no_pager: bool = False,
) -> str | None:
    """``pager_for`` for a 200-line table on a 40-line interactive terminal, unless told."""
    return pager_for(
        stdout_tty=stdout_tty,
        stdin_tty=stdin_tty,
        lines=lines,
        height=height,
        env=env,
        no_pager=no_pager,
    )


def test_a_tall_table_on_a_terminal_goes_through_less_by_default() -> None:
    assert decide({}) == "less -R"


@pytest.mark.parametrize(
    ("env", "command"),
    [
        ({"PAGER": "most"}, "most"),
        ({"PAGER": "less", "FACTCHECK_PAGER": "bat --paging=always"}, "bat --paging=always"),
        ({"PAGER": " less -S "}, "less -S"),
    ],
)
def test_factcheck_pager_then_pager_choose_the_command(env: dict[str, str], command: str) -> None:
    assert decide(env) == command


@pytest.mark.parametrize(
    "env",
    [
        {"FACTCHECK_PAGER": ""},
        {"FACTCHECK_PAGER": "", "PAGER": "less"},
        {"PAGER": ""},
        {"PAGER": "cat"},
    ],
)
def test_an_empty_pager_or_cat_means_none(env: dict[str, str]) -> None:
    assert decide(env) is None


def test_never_with_no_pager_in_a_pipe_or_on_a_dumb_terminal() -> None:
    assert decide({}, no_pager=True) is None
    assert decide({}, stdout_tty=False) is None  # a pipe or a file
    assert decide({}, stdin_tty=False) is None  # a script feeding it
    assert decide({"TERM": "dumb"}) is None


def test_only_when_the_view_does_not_fit_above_the_prompt() -> None:
    assert decide({}, lines=39, height=40) is None
    assert decide({}, lines=40, height=40) == "less -R"
    assert decide({}, lines=5, height=0) is None  # height unknown


# --- the commands ------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


Paged = list[tuple[str, str]]


def on_terminal(monkeypatch: pytest.MonkeyPatch, *, lines: int = 20) -> tuple[Terminal, Paged]:
    """stdout and stdin a terminal ``lines`` tall (set in the test itself: pytest's capture
    resets sys.stdout after fixtures); the pager records what it was given."""
    calls: Paged = []

    def fake_page(text: str, command: str) -> bool:
        calls.append((command, text))
        return True

    monkeypatch.setattr(pager, "page", fake_page)
    out = Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stdin", Terminal())
    for name in ("FACTCHECK_PAGER", "PAGER", "TERM", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LINES", str(lines))
    monkeypatch.setenv("COLUMNS", "80")
    return out, calls


def records(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"claim-{i}",
            "status": "sourced",
            "rating": None,
            "kind": "fact",
            "section": "Intro",
            "quote": f"Quote number {i}.",
        }
        for i in range(n)
    ]


def test_a_tall_table_is_paged_with_its_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    out, paged = on_terminal(monkeypatch)
    common.show(claims_table(records(30)), Color.AUTO, no_pager=False)
    assert [command for command, _ in paged] == ["less -R"]
    text = paged[0][1]
    assert "claim-29" in text and "\x1b[" in text  # the table as a terminal shows it
    assert out.getvalue() == ""


def test_a_short_table_is_printed_straight(monkeypatch: pytest.MonkeyPatch) -> None:
    out, paged = on_terminal(monkeypatch)
    common.show(claims_table(records(5)), Color.AUTO, no_pager=False)
    assert paged == [] and "claim-4" in out.getvalue()


def test_no_pager_and_views_without_the_option_print_straight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, paged = on_terminal(monkeypatch)
    common.show(claims_table(records(30)), Color.AUTO, no_pager=True)
    common.show(claims_table(records(30)), Color.AUTO)  # e.g. annotate: no --no-pager
    monkeypatch.setenv("FACTCHECK_PAGER", "")
    common.show(claims_table(records(30)), Color.AUTO, no_pager=False)
    assert paged == [] and out.getvalue().count("claim-29") == 3


def test_a_pager_that_cannot_start_leaves_the_table_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("FACTCHECK_PAGER", "/nonexistent/pager --flag")
    common.show(claims_table(records(30)), Color.NEVER, no_pager=False)
    assert "claim-29" in out.getvalue()
    assert pager.page("x", "'unbalanced") is False


@pytest.mark.parametrize("command", ["list", "search", "stats", "sources", "show"])
def test_the_read_commands_take_no_pager(command: str) -> None:
    result = run(command, "--help")
    assert "--no-pager" in result.stdout


def test_in_a_pipe_the_table_is_printed_whatever_the_pager(tmp_path: Path) -> None:
    env = {"PAGER": "/nonexistent/pager", "LINES": "3"}
    result = run("list", "--format", "table", "--ledger", str(write_ledger(tmp_path)), env=env)
    assert result.code == 0 and "food-shortage" in result.stdout
    result = run("sources", "--format", "table", "--ledger", str(ROOT), env=env)
    assert result.code == 0 and result.stdout.count("\n") > 100
