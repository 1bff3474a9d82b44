"""What every command shares at run time: the streams, the exit codes and loading the ledgers
(the options they share are ``options``'s).

Records go to stdout (``write``), talk to stderr (``note``). An expected failure
(``FactcheckError``) becomes one line on stderr and exit 2 (``expected_failures``); a bug keeps
its traceback. Only this package and ``cli.py`` import Typer.
"""

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from factcheck.commands.options import QUIET, Color, ReadFormat
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from factcheck.ledger.models import Ledger
    from factcheck.scale.pool import Failure
    from factcheck.scale.views import Views


# Failures and exit codes -------------------------------------------------------------------------


@contextmanager
def expected_failures() -> Iterator[None]:
    """Turn a FactcheckError into one line on stderr and exit 2; bugs keep their traceback."""
    try:
        yield
    except FactcheckError as exc:
        from factcheck.text.inert import one_line

        where = one_line(exc.location() or "factcheck")
        line = f"{where}: error: {one_line(exc.message)}"
        if exc.hint:
            line += f" (hint: {one_line(exc.hint)})"
        sys.stderr.write(line + "\n")
        raise typer.Exit(2) from None


def report_failures(failures: Sequence["Failure"], *, any_loaded: bool) -> None:
    """One line on stderr for each ledger that could not be read; exit 2 when none could."""
    from factcheck.text.inert import one_line

    for f in failures:
        line = f"{one_line(f.path)}: error: {one_line(f.message)}"
        if f.hint:
            line += f" (hint: {one_line(f.hint)})"
        sys.stderr.write(line + "\n")
    if failures and not any_loaded:
        raise typer.Exit(2)


def warn_invalid(entries: Sequence[dict[str, Any]]) -> None:
    """One warning line on stderr for each entry of claims: left out (``invalid_records``)."""
    if not entries:
        return
    from factcheck.ledger.lookup import CHECK_HINT
    from factcheck.text.inert import one_line

    for e in entries:
        who = "claim" if e["id"] is None else f"claim '{one_line(e['id'])}'"
        sys.stderr.write(
            f"{one_line(e['ledger'])}:{e['line']}:{e['col']}: warning: {who} "
            f"(entry {e['index'] + 1}) is invalid and not shown: {one_line(e['reason'])} "
            f"(hint: {CHECK_HINT})\n"
        )


def left_out(entries: Sequence[Any], what: str = "not shown") -> str:
    """What a summary adds for the invalid entries: `` (1 invalid, not shown)``, or nothing."""
    return f" ({len(entries)} invalid, {what})" if entries else ""


def publishable(ledger: "Ledger", *, allow_invalid: bool) -> list[dict[str, Any]]:
    """Before report or export writes: warn of the ledger's invalid entries and, unless
    ``allow_invalid``, stop with exit 2. Returns the entries (for the summary)."""
    from factcheck.formats.records import invalid_records
    from factcheck.ledger.lookup import require_valid

    entries = invalid_records(ledger)
    warn_invalid(entries)
    require_valid(ledger, allow_invalid=allow_invalid)
    return entries


def exit_for(failures: Sequence["Failure"]) -> None:
    """One exit code for the run: 2 when any ledger could not be read."""
    if failures:
        raise typer.Exit(2)


# Writing a format -------------------------------------------------------------------


def write(text: str) -> None:
    """Data for stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def write_utf8(data: Iterable[bytes | bytearray], utf8: bool) -> None:
    """``write(data.decode())`` for the pieces of ``data`` in turn (UTF-8 text, surrogates
    passed, a character possibly split between two pieces), without decoding and encoding again
    when stdout is UTF-8."""
    out = sys.stdout
    plain_utf8 = (out.encoding or "").lower().replace("-", "") == "utf8"
    buffer = getattr(out, "buffer", None)
    if utf8 and plain_utf8 and os.name == "posix" and buffer is not None:
        out.flush()
        for piece in data:
            buffer.write(piece)
        buffer.flush()
    else:
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        for piece in data:
            write(decoder.decode(piece))
        write(decoder.decode(b"", final=True))


def write_output(text: str, path: Path | None) -> None:
    """``text`` to the file ``--output``/``--html`` names, or to stdout for none or ``-``."""
    if path is None or str(path) == "-":
        write(text)
        return
    if path.is_symlink() or (path.exists() and not path.is_file()):  # /dev/stdout, a pipe
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FactcheckError(f"cannot write: {exc.strerror}", path=path) from None
        return
    from factcheck.editing.atomic import file_digest, write_atomic

    # a whole file or none: a reader (or a crash) never sees half a report
    write_atomic(path, text.encode("utf-8"), expected_digest=file_digest(path))


def note(message: str) -> None:
    """Talk for the human: stderr, never mixed with the records; nothing under --quiet."""
    if not QUIET.get():
        sys.stderr.write(message + "\n")


PROGRESS_AFTER = 1.0  # seconds of work before a progress bar appears


@contextmanager
def progress(label: str, color: Color) -> Iterator[Callable[[int, int], None] | None]:
    """``advance(done, total)`` for long work, drawing a transient bar on stderr once the work
    has taken ``PROGRESS_AFTER`` seconds; ``None`` (nothing drawn, ever) unless stderr is a
    terminal, and with --color never."""
    if not sys.stderr.isatty() or color is Color.NEVER:
        yield None
        return
    import time
    from contextlib import ExitStack

    start = time.monotonic()
    with ExitStack() as stack:
        bar: list[Callable[[int, int], None]] = []

        def advance(done: int, total: int) -> None:
            if not bar:
                if time.monotonic() - start < PROGRESS_AFTER:
                    return
                from factcheck.formats.terminal.views import progress_bar

                bar.append(stack.enter_context(progress_bar(label)))
            bar[0](done, total)

        yield advance


def console(color: Color, *, stderr: bool = False) -> "Console":
    from factcheck.formats.terminal.views import make_console

    return make_console(stderr=stderr, color=color.value)


def show(renderable: "RenderableType", color: Color, *, no_pager: bool | None = None) -> None:
    """A Rich view on stdout. Commands with ``--no-pager`` pass it: then a view taller than an
    interactive terminal goes through the pager (``formats/pager``)."""
    out = console(color)
    interactive = sys.stdout.isatty() and sys.stdin is not None and sys.stdin.isatty()
    if no_pager is not False or not interactive:
        out.print(renderable)
        return
    from factcheck.formats.pager import page, pager_for
    from factcheck.formats.terminal.views import rendered

    text = rendered(out, renderable)
    command = pager_for(
        stdout_tty=True, stdin_tty=True, lines=text.count("\n"), height=out.height, env=os.environ
    )
    if command is None or not page(text, command):
        write(text)


def colour_on(color: Color) -> bool:
    """Whether stdout gets colour: ``--color``, else a terminal without NO_COLOR."""
    if color is not Color.AUTO:
        return color is Color.ALWAYS
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit_records(records: list[dict[str, Any]], fmt: ReadFormat, columns: Sequence[str]) -> None:
    """Records in a serial format (the table is rendered by the command)."""
    from factcheck.formats import text

    if fmt is ReadFormat.JSON:
        write(text.to_json(records))
    elif fmt is ReadFormat.JSONL:
        write(text.to_jsonl(records))
    elif fmt is ReadFormat.CSV:
        write(text.to_csv(records, columns))
    elif fmt is ReadFormat.PLAIN:
        write(text.to_plain(records, columns))
    else:  # pragma: no cover - TABLE is rendered by the caller
        raise AssertionError(fmt)


def with_ledger(columns: Sequence[str], ledgers: Sequence[Any]) -> Sequence[str]:
    """Plain and CSV rows name their ledger when there is more than one."""
    return ("ledger", *columns) if len(ledgers) > 1 else columns


# Loading -----------------------------------------------------------------------------------------


def load(ledger: Path | None) -> "Ledger":
    """The one ledger ``--ledger`` names or discovery finds."""
    from factcheck.ledger.discover import discover_ledger
    from factcheck.ledger.load import load_ledger

    return load_ledger(discover_ledger(ledger))


def load_many(
    paths: list[Path] | None, ledger: Path | None, color: Color = Color.AUTO
) -> tuple[list["Ledger"], list["Failure"]]:
    """The ledgers named on the command line (or discovered), loaded on every core.

    Ledgers that cannot be read are reported on stderr, one line each; the others are returned.
    When none can be read, the run stops here with exit 2.
    """
    from factcheck.ledger.discover import resolve_paths
    from factcheck.scale.pool import load_ledgers

    with progress("reading ledgers", color) as advance:
        ledgers, failures = load_ledgers(resolve_paths(paths, ledger), advance)
    report_failures(failures, any_loaded=bool(ledgers))
    return ledgers, failures


def views_many(
    paths: list[Path] | None,
    ledger: Path | None,
    parts: tuple[str, ...],
    color: Color = Color.AUTO,
    prepare: Callable[["Views"], object] | None = None,
) -> tuple[list["Views"], list["Failure"]]:
    """``load_many`` for the views ``list``, ``search`` and ``stats`` read (scale/views.py);
    ``prepare``: ``load_views``'."""
    from factcheck.ledger.discover import resolve_paths
    from factcheck.scale.pool import load_views

    with progress("reading ledgers", color) as advance:
        loaded, failures = load_views(resolve_paths(paths, ledger), parts, advance, prepare)
    report_failures(failures, any_loaded=bool(loaded))
    return loaded, failures
