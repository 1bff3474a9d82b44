"""Docs stay honest: every command is in the README and has help text, the README's example
outputs are what the commands print, and CONTRIBUTING.md's map is the source tree."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

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


# Tools some README examples pipe into; CI installs them (.ci/run), a developer may not have them.
EXAMPLE_TOOLS = ("jq", "sqlite3")


def _needs_missing_tool(cmd: str) -> bool:
    return any(re.search(rf"\b{tool}\b", cmd) and not shutil.which(tool) for tool in EXAMPLE_TOOLS)


def test_readme_transcripts_are_what_the_commands_print() -> None:
    """The README's ``<!-- run: -->`` blocks, run again, give the same text (those that need a
    tool this machine lacks are left as they are)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "transcripts", ROOT / "scripts/readme_transcripts.py"
    )
    assert spec is not None and spec.loader is not None
    transcripts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(transcripts)
    cwd = Path.cwd()
    try:
        os.chdir(ROOT)  # the commands run on the shipped ledger
        fresh = transcripts.refresh(README, keep=_needs_missing_tool)
    finally:
        os.chdir(cwd)
    assert fresh == README, "README transcripts are stale: python scripts/readme_transcripts.py"


def _map_of(text: str) -> set[str]:
    """The files and folders CONTRIBUTING.md's tree names, as paths below src/factcheck."""
    block = text.split("```\nsrc/factcheck/\n", 1)[1].split("```", 1)[0]
    named: set[str] = set()
    folders: list[str] = []  # the folder at each depth above the current line
    for line in block.splitlines():
        name = line.split()[0]
        depth = (len(line) - len(line.lstrip())) // 2
        path = "".join(folders[: depth - 1]) + name
        named.add(path)
        if name.endswith("/"):
            folders[depth - 1 :] = [name]
    return named


def test_contributing_map_is_the_source_tree() -> None:
    package = ROOT / "src/factcheck"
    modules = {
        str(p.relative_to(package)) for p in package.rglob("*.py") if p.name != "__init__.py"
    } | {
        str(p.relative_to(package)) + "/"
        for p in package.rglob("*")
        if p.is_dir() and p.name != "__pycache__"
    }
    modules.add("__init__.py")
    named = _map_of((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert named == modules
