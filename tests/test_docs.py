"""Docs stay honest: every command is in the README and has help text."""

from __future__ import annotations

import pytest
import typer

from factcheck.cli import app
from tests.cli_runner import run
from tests.factory import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or "" for c in typer.main.get_command(app).commands.values())  # type: ignore[attr-defined]


def test_commands_found() -> None:
    assert {"list", "show", "search", "check", "stats", "sources"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_and_has_help(name: str) -> None:
    assert f"factcheck {name}" in README
    result = run(name, "--help")
    assert result.code == 0
    assert len(result.stdout.strip().splitlines()) > 3


def test_readme_starts_with_the_two_setup_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert block[0].endswith("factcheck check") and "pip install -e ." in block[0]
    assert block[1].endswith("pytest -q") and "'.[test]'" in block[1]
