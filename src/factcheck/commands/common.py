"""What every command shares: the options, the format choice, and the streams and exit codes.

Records go to stdout (``write``), talk to stderr (``note``). An expected failure
(``FactcheckError``) becomes one line on stderr and exit 2 (``expected_failures``); a bug keeps
its traceback. Only this package and ``cli.py`` import Typer.
"""

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from factcheck.errors import FactcheckError
from factcheck.ledger.vocab import Kind, Status

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from factcheck.ledger.models import Ledger
    from factcheck.query.filters import Filters
    from factcheck.scale.pool import Failure
    from factcheck.scale.views import Views


class ReadFormat(str, Enum):
    AUTO = "auto"
    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


class Color(str, Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


LedgerOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        "-l",
        help="claims.yaml or its folder [default: $FACTCHECK_LEDGER, "
        "else the nearest claims.yaml upward]",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    ReadFormat,
    typer.Option(
        "--format", "-f", help="auto: a table on a terminal, tab-separated lines in a pipe"
    ),
]
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        help="Ledgers: claims.yaml files or folders searched for them (with --ledger, or alone).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print a table taller than the terminal straight rather than through $PAGER "
        "(default less -R; FACTCHECK_PAGER= turns it off too).",
    ),
]
ColorOpt = Annotated[
    Color, typer.Option("--color", help="Colour on a terminal (NO_COLOR is honoured).")
]
StatusOpt = Annotated[list[Status] | None, typer.Option("--status", help="Keep these statuses.")]
KindOpt = Annotated[list[Kind] | None, typer.Option("--kind", help="Keep these kinds.")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="Keep claims with this tag.")]
SectionOpt = Annotated[list[str] | None, typer.Option("--section", help="Keep this section.")]
SourceOpt = Annotated[list[str] | None, typer.Option("--source", help="Keep claims citing it.")]
AllowInvalidOpt = Annotated[
    bool,
    typer.Option(
        "--allow-invalid",
        help="Write even when entries of claims: are invalid (each is warned of and left out); "
        "without it they stop the command with exit 2 and nothing is written.",
    ),
]


# Option groups -----------------------------------------------------------------------------------

Command = Callable[..., None]
# The default of a parameter an option group fills in (``chosen_by``, ``fmt``): never its value.
GIVEN: Any = None


def option_group(
    into: str, options: Sequence[tuple[str, Any, Any]], gather: Callable[..., Any]
) -> Callable[[Command], Command]:
    """A decorator: the command's parameter ``into`` stands on the command line as ``options``
    (name, annotated type, default), in its place; ``gather`` makes their values into the one
    value the command receives. Typer reads the rewritten signature."""

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command)
        names = [name for name, _, _ in options]
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        given = [inspect.Parameter(n, kind, default=d, annotation=t) for n, t, d in options]
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            params += given if param.name == into else [param]

        @functools.wraps(command)
        def run(**values: Any) -> None:
            gathered = gather(*(values.pop(n) for n in names))
            command(**values, **{into: gathered})

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        return run

    return decorate


def _filters(
    status: list[Status] | None,
    kind: list[Kind] | None,
    tag: list[str] | None,
    section: list[str] | None,
    source: list[str] | None,
) -> "Filters":
    from factcheck.query.filters import Filters

    return Filters(
        status=tuple(s.value for s in status or ()),
        kind=tuple(k.value for k in kind or ()),
        tag=tuple(tag or ()),
        section=tuple(section or ()),
        source=tuple(source or ()),
    )


filtered = option_group(
    "chosen_by",
    [
        ("status", StatusOpt, None),
        ("kind", KindOpt, None),
        ("tag", TagOpt, None),
        ("section", SectionOpt, None),
        ("source", SourceOpt, None),
    ],
    _filters,
)
"""--status --kind --tag --section --source, received as ``chosen_by: Filters``."""


def formatted(*allowed: ReadFormat) -> Callable[[Command], Command]:
    """--format and --json, received as ``fmt: ReadFormat`` (``resolve_format``)."""
    return option_group(
        "fmt",
        [("format_", FormatOpt, ReadFormat.AUTO), ("json_", JsonOpt, False)],
        lambda format_, json_: resolve_format(format_, json_, allowed=allowed),
    )


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


def usage(message: str) -> NoReturn:
    """A usage error: Typer prints it with the command's usage line and exits 2."""
    raise typer.BadParameter(message)


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


# Choosing and writing a format -------------------------------------------------------------------


def resolve_format(
    fmt: ReadFormat, json_flag: bool, *, allowed: Sequence[ReadFormat] = ()
) -> ReadFormat:
    """``--format`` with ``--json`` folded in; ``auto`` is a table on a terminal, else plain."""
    if json_flag:
        if fmt not in (ReadFormat.AUTO, ReadFormat.JSON):
            usage(f"--json contradicts --format {fmt.value}; give one of them")
        fmt = ReadFormat.JSON
    if allowed and fmt not in allowed and fmt is not ReadFormat.AUTO:
        usage(
            f"--format {fmt.value} is not available here; use one of "
            + ", ".join(f.value for f in allowed)
        )
    if fmt is ReadFormat.AUTO:
        return ReadFormat.TABLE if sys.stdout.isatty() else ReadFormat.PLAIN
    return fmt


def write(text: str) -> None:
    """Data for stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def write_utf8(data: bytes, utf8: bool) -> None:
    """``write(data.decode())``, without decoding and encoding again when stdout is UTF-8."""
    out = sys.stdout
    plain_utf8 = (out.encoding or "").lower().replace("-", "") == "utf8"
    buffer = getattr(out, "buffer", None)
    if utf8 and plain_utf8 and os.name == "posix" and buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        write(data.decode("utf-8", "surrogatepass"))


def write_output(text: str, path: Path | None) -> None:
    """``text`` to the file ``--output``/``--html`` names, or to stdout for none or ``-``."""
    if path is None or str(path) == "-":
        write(text)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FactcheckError(f"cannot write: {exc.strerror}", path=path) from None


def note(message: str) -> None:
    """Talk for the human: stderr, never mixed with the records."""
    sys.stderr.write(message + "\n")


def console(color: Color, *, stderr: bool = False) -> "Console":
    from factcheck.formats.terminal import make_console

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
    from factcheck.formats.terminal import rendered

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
    paths: list[Path] | None, ledger: Path | None
) -> tuple[list["Ledger"], list["Failure"]]:
    """The ledgers named on the command line (or discovered), loaded on every core.

    Ledgers that cannot be read are reported on stderr, one line each; the others are returned.
    When none can be read, the run stops here with exit 2.
    """
    from factcheck.ledger.discover import resolve_paths
    from factcheck.scale.pool import load_ledgers

    ledgers, failures = load_ledgers(resolve_paths(paths, ledger))
    report_failures(failures, any_loaded=bool(ledgers))
    return ledgers, failures


def views_many(
    paths: list[Path] | None, ledger: Path | None, parts: tuple[str, ...]
) -> tuple[list["Views"], list["Failure"]]:
    """``load_many`` for the views ``list``, ``search`` and ``stats`` read (scale/views.py)."""
    from factcheck.ledger.discover import resolve_paths
    from factcheck.scale.pool import load_views

    loaded, failures = load_views(resolve_paths(paths, ledger), parts)
    report_failures(failures, any_loaded=bool(loaded))
    return loaded, failures
