"""Start-up: ``main()`` hands Typer only the invoked command, and a cached ``list --json`` imports
neither the YAML loader, the validator, the checker, the domain model, OpenSSL nor rapidfuzz."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import app, app_for
from tests.cli_runner import run
from tests.factory import write_ledger

ARGVS = [
    ["list", "--help"],
    ["search", "--help"],
    ["check", "--help"],
    ["list", "--bogus"],
    ["stats", "--format", "xml"],
    ["search"],
    ["show", "no-such-claim"],
    ["list", "--json"],
    ["stats", "--json"],
    ["search", "talks", "--json"],
    ["check"],
    ["source", "--help"],
    ["lsit"],
    ["--help"],
    ["--version"],
    [],
]


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a) or "(none)")
def test_one_command_app_answers_as_the_whole_app(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ledger(tmp_path)
    monkeypatch.chdir(tmp_path)
    whole = run(*argv)
    assert run(*argv, app=app_for(argv)) == whole


def test_only_the_invoked_command_is_built() -> None:
    one = app_for(["list", "--json"])
    assert one is not app
    assert [c.name for c in one.registered_commands] == ["list"]
    assert app_for(["--help"]) is app
    assert app_for(["no-such-command"]) is app
    assert app_for(["source", "list"]) is app  # a sub-group keeps the whole app


def test_cached_list_json_imports_no_parser(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "l")
    argv = [sys.executable, "-X", "importtime", "-m", "factcheck", "list", "--json", str(path)]
    first = subprocess.run(argv, capture_output=True, text=True, check=True)
    again = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert again.stdout == first.stdout
    assert len(json.loads(again.stdout)) == 3
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "factcheck.scale.views" in imported
    heavy = {
        "yaml",
        "factcheck.ledger.yamlio",
        "factcheck.ledger.validate",
        "factcheck.checks.gate",
        "factcheck.editing.reanchor",
        "factcheck.formats.records",
        "rapidfuzz",
        "rich",
        "pickle",
        "factcheck.ledger.models",  # its dataclasses: the command line builds on ledger.vocab
        "factcheck.ledger.load",  # finding a ledger is factcheck.ledger.discover
        "hashlib",  # OpenSSL: the cache key is the built-in BLAKE2
    }
    assert not imported & heavy


def test_main_spares_shutdown_the_cycle_collection(tmp_path: Path) -> None:
    """After the command, every object is frozen: the interpreter's final collection skips them."""
    path = write_ledger(tmp_path / "l")
    code = (
        "import gc, sys\n"
        "from factcheck.cli import main\n"
        f"sys.argv = ['factcheck', 'list', '--json', {str(path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_freeze_count() > 1000, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "True"
    assert len(json.loads(out.stdout)) == 3
