"""The command line run in-process, the one way tests call it (child processes aside)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import typer
from typer.testing import CliRunner

from factcheck.cli import app as whole_app


class Result(NamedTuple):
    """What a run gave: exit code, stdout and stderr (unpacks as ``code, out, err``)."""

    code: int
    stdout: str
    stderr: str


def run(
    *args: str,
    ledger: Path | str | None = None,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    app: typer.Typer | None = None,
) -> Result:
    """``factcheck ARGS [--ledger LEDGER]`` in-process, with ``input`` on stdin and ``env`` added
    to the environment. Exceptions propagate (a traceback fails the test, never hides as exit 1).
    ``app``: another app to run instead of factcheck's whole one (``cli.app_for``'s)."""
    argv = [*args] if ledger is None else [*args, "--ledger", str(ledger)]
    result = CliRunner().invoke(
        app or whole_app,
        argv,
        input=input,
        env=env,
        catch_exceptions=False,
        prog_name="factcheck",
    )
    return Result(result.exit_code, result.stdout, result.stderr)
