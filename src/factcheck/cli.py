"""The command line: the Typer app, ``--version`` and ``main()``.

Each command lives in the module of its group under ``factcheck.commands`` (read, check, spot,
publish, edit); this module only registers them, in the order ``--help`` lists them. Records go
to stdout; summaries, warnings and errors to stderr. Exit codes: 0 clean, 1 ``check`` found
problems, 2 usage error or unreadable ledger.
"""

import sys
from collections.abc import Callable, Sequence
from typing import Annotated

import typer

from factcheck import __version__
from factcheck.commands import check, edit, publish, read, spot
from factcheck.commands.check import CheckFormat as CheckFormat
from factcheck.commands.common import ReadFormat as ReadFormat

app = typer.Typer(
    name="factcheck",
    help="A claim ledger and fact checker: list, search and gate the claims an article makes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A claim ledger and fact checker: list, search and gate the claims an article makes."""


COMMANDS: dict[str, Callable[..., None]] = {
    "list": read.list_,
    "show": read.show_,
    "search": read.search,
    "check": check.check,
    "stats": read.stats,
    "sources": read.sources,
    "schema": read.schema,
    "init": spot.init,
    "extract": spot.extract,
    "coverage": spot.coverage,
    "classify": spot.classify,
    "annotate": publish.annotate,
    "report": publish.report,
    "export": publish.export,
    "add": edit.add,
    "cite": edit.cite,
    "rate": edit.rate,
}
for _name, _callback in COMMANDS.items():
    app.command(_name)(_callback)

source_app = typer.Typer(help="Add sources to the ledger.", no_args_is_help=True)
source_app.command("add")(edit.source_add)
app.add_typer(source_app, name="source")


def app_for(args: Sequence[str]) -> typer.Typer:
    """``app``, or for ``factcheck <command> ...`` a copy of it holding that one command.

    Typer builds the Click parameters of every command on each run (tens of milliseconds for
    twenty commands) although a run invokes one. The copy keeps the callback (``--version``) and
    the settings, so the command parses, helps and fails exactly as under ``app``; anything else
    (no command, an option first, a sub-group, an unknown name) gets the whole app.
    """
    from copy import copy

    if not args or args[0] not in COMMANDS:
        return app
    one = copy(app)
    one.registered_commands = [c for c in app.registered_commands if c.name == args[0]]
    one.registered_groups = []
    return one


def main() -> None:
    """Console-script entry point."""
    import gc
    import signal

    # A short run that builds a large, acyclic object graph (a 10,000-claim ledger is a few hundred
    # thousand objects): collect young objects 70 times less often; a quarter off warm runs.
    gc.set_threshold(50_000, 20, 20)
    try:
        app_for(sys.argv[1:])()
    finally:
        # The command is over (its writes done): a Ctrl-C now could only interrupt the
        # interpreter's shutdown and print a traceback from it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Shutdown still runs (atexit, flushing), but its cycle collection need not walk every
        # object the run made only to free them anyway: ~10 ms of a 0.1 s start-up.
        gc.freeze()
