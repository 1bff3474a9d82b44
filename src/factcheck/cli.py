"""The command line: the Typer app, ``--version`` and ``main()``.

Each command lives in the module of its group under ``factcheck.commands`` (read, check, spot,
publish, edit); this module only registers them, in the order ``--help`` lists them, and a run
of one command imports only its group's module. Records go
to stdout; summaries, warnings and errors to stderr. Exit codes: 0 clean, 1 ``check`` found
problems, 2 usage error or unreadable ledger.
"""

import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck import __version__

if TYPE_CHECKING:
    from factcheck.commands.check import CheckFormat as CheckFormat
    from factcheck.commands.options import (
        ReadFormat as ReadFormat,
    )

    app: typer.Typer  # built on first use: see __getattr__

SETTINGS: dict[str, Any] = {
    "name": "factcheck",
    "help": "A claim ledger and fact checker: list, search and gate the claims an article makes.",
    "no_args_is_help": True,
    "add_completion": True,  # --install-completion, --show-completion: ~0.2 ms a run
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

# Each command: the module under factcheck.commands that holds it, and its function. In the order
# `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("read", "list_"),
    "show": ("read", "show_"),
    "search": ("read", "search"),
    "match": ("match", "match"),
    "check": ("check", "check"),
    "diff": ("review", "diff"),
    "stats": ("read", "stats"),
    "sources": ("read", "sources"),
    "schema": ("read", "schema"),
    "init": ("spot", "init"),
    "extract": ("spot", "extract"),
    "coverage": ("spot", "coverage"),
    "classify": ("spot", "classify"),
    "annotate": ("publish", "annotate"),
    "report": ("publish", "report"),
    "export": ("publish", "export"),
    "add": ("edit", "add"),
    "set": ("edit", "set_"),
    "cite": ("edit", "cite"),
    "rate": ("edit", "rate"),
    "ignore": ("edit", "ignore"),
    "remove": ("edit", "remove"),
    "cache": ("cache", "cache"),
}
SOURCE_COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("edit", "source_add"),
    "set": ("edit", "source_set"),
}
IMPORT_COMMANDS: dict[str, tuple[str, str]] = {
    "claimreview": ("importing", "claimreview"),
}


def _version(value: bool) -> None:
    if value:
        from factcheck.ledger.vocab import FORMAT_VERSION

        typer.echo(f"factcheck {__version__} (ledger format {FORMAT_VERSION})")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version (and the ledger format it reads) and exit.",
        ),
    ] = False,
) -> None:
    """A claim ledger and fact checker: list, search and gate the claims an article makes."""


def _command(where: tuple[str, str]) -> Callable[..., None]:
    module, name = where
    command: Callable[..., None] = getattr(import_module(f"factcheck.commands.{module}"), name)
    return command


def _app(names: Sequence[str], *, groups: bool) -> typer.Typer:
    """The app with the commands ``names`` (and the ``source`` and ``import`` groups with
    ``groups``)."""
    built = typer.Typer(**SETTINGS)
    built.callback()(_main)
    for name in names:
        built.command(name)(_command(COMMANDS[name]))
    if groups:
        source = typer.Typer(
            help="Add sources to the ledger, or change them.", no_args_is_help=True
        )
        for name, where in SOURCE_COMMANDS.items():
            source.command(name)(_command(where))
        built.add_typer(source, name="source")
        importing = typer.Typer(
            help="Import published fact-checks into a ledger.", no_args_is_help=True
        )
        for name, where in IMPORT_COMMANDS.items():
            importing.command(name)(_command(where))
        built.add_typer(importing, name="import")
    return built


def _whole() -> typer.Typer:
    built: typer.Typer | None = globals().get("app")
    if built is None:
        built = globals()["app"] = _app(list(COMMANDS), groups=True)
    return built


def __getattr__(name: str) -> Any:
    """``app``, the whole command line, is built (and its command modules imported) on first use;
    ``CheckFormat`` and ``ReadFormat`` are the commands' format enums."""
    if name == "app":
        return _whole()
    if name == "CheckFormat":
        return _command(("check", "CheckFormat"))
    if name == "ReadFormat":
        return _command(("options", "ReadFormat"))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: Sequence[str]) -> typer.Typer:
    """``app``, or for ``factcheck <command> ...`` an app holding that one command.

    Typer builds the Click parameters of every command on each run (tens of milliseconds for
    twenty commands) although a run invokes one, and each command group is a module to import.
    The one-command app has the same callback (``--version``) and settings, so the command
    parses, helps and fails exactly as under ``app``. ``--version`` first needs no command at
    all; anything else (no command, another option first, a sub-group, an unknown name) gets
    the whole app.
    """
    if args and args[0] == "--version":  # answered before any command is looked at
        return _app([], groups=False)
    if not args or args[0] not in COMMANDS:
        return _whole()
    return _app([args[0]], groups=False)


def main() -> None:
    """Console-script entry point."""
    import gc
    import signal

    # A short run that builds a large, acyclic object graph (a 10,000-claim ledger is a few hundred
    # thousand objects): collect young objects 70 times less often; a quarter off warm runs.
    gc.set_threshold(50_000, 20, 20)
    # One BLAS thread a process (unless the user says otherwise): factcheck's parallel work runs
    # in worker processes, and BLAS threads on top of them fight over the same cores. Sentence
    # vectors for 2,000 claims on two idle cores: 6.1 s in two one-thread workers, 10.7 s in
    # two two-thread ones, 10.9 s in one process with two threads. The spotter scores its
    # batches of sentences in worker processes too (``spotting/candidates``). Read by numpy when
    # it loads, which is later.
    for blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(blas, "1")
    try:
        app_for(sys.argv[1:])()
    finally:
        # The command is over (its writes done): a Ctrl-C now could only interrupt the
        # interpreter's shutdown and print a traceback from it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Shutdown still runs (atexit, flushing), but its cycle collection need not walk every
        # object the run made only to free them anyway: ~10 ms of a 0.1 s start-up.
        gc.freeze()
