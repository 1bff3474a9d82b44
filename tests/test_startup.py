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


def imported_modules(importtime_stderr: str) -> set[str]:
    """The modules a ``python -X importtime`` run imported, from its stderr."""
    return {line.split("|")[-1].strip() for line in importtime_stderr.splitlines() if "|" in line}


def rich_modules(names: set[str]) -> set[str]:
    return {m for m in names if m == "rich" or m.startswith("rich.")}


HEAVY = {
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


def test_list_json_imports_no_rich_and_cached_no_parser(tmp_path: Path) -> None:
    """``list --json`` never imports Rich, cold or cached, through ``main()`` or through the whole
    ``app``; with the cache warm it imports nothing that parses, checks or builds the model."""
    path = write_ledger(tmp_path / "l")
    argv = [sys.executable, "-X", "importtime", "-m", "factcheck", "list", "--json", str(path)]
    first = subprocess.run(argv, capture_output=True, text=True, check=True)  # a cold cache
    again = subprocess.run(argv, capture_output=True, text=True, check=True)  # a warm one
    assert again.stdout == first.stdout
    assert len(json.loads(first.stdout)) == 3
    cold, warm = imported_modules(first.stderr), imported_modules(again.stderr)
    assert "factcheck.cli" in cold and "factcheck.cli" in warm
    assert not rich_modules(cold) and not rich_modules(warm)
    assert "factcheck.scale.views" in warm
    assert not warm & HEAVY

    # The whole app (every command registered), as a program embedding it would call it.
    other = write_ledger(tmp_path / "other")
    code = (
        "import sys\n"
        "from factcheck.cli import app\n"
        f"try:\n    app(['list', '--json', '--ledger', {str(other)!r}])\n"
        "except SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'rich']\n"
        "print('RICH' if loaded else 'NO', file=sys.stderr)\n"
    )
    for _ in ("cold", "warm"):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stderr.strip() == "NO"
        assert len(json.loads(out.stdout)) == 3


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


def test_a_command_imports_only_its_group() -> None:
    """`factcheck list` imports commands.read (and common, options), no other group's module."""
    code = (
        "import sys\n"
        "from factcheck.cli import app_for\n"
        "app_for(['list', '--json'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('factcheck.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == (
        "['factcheck.commands.common', 'factcheck.commands.options', 'factcheck.commands.read']"
    )
