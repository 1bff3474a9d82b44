"""The options the commands share: formats and colours, the option types, and the option groups
(``@filtered``, ``@formatted``, ``@quietable``) that stand for several options at once.

An option group rewrites a command's signature, which Typer reads: the command declares one
parameter (``chosen_by``, ``fmt``) and receives the value the group's options make.
"""

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from factcheck.errors import FactcheckError
from factcheck.ledger.vocab import Kind, Status

if TYPE_CHECKING:
    from factcheck.query.filters import Filters


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


def complete_claim_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of a claim id: the ids of the ledger ``--ledger`` names (when given
    before the id) or discovery finds, read from the cached views; none without a ledger."""
    from factcheck.ledger.discover import discover_ledger
    from factcheck.scale import cache, views

    try:
        found = cache.views(discover_ledger(ctx.params.get("ledger")), ("meta", "listing"))
    except FactcheckError:
        return []
    return [row.id for row in views.rows(found["listing"]) if row.id.startswith(incomplete)]


ClaimIdArg = Annotated[
    str,
    typer.Argument(metavar="ID", help="The claim's id.", autocompletion=complete_claim_id),
]
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
FORMAT_OPTION = typer.Option(
    "--format", "-f", help="auto: a table on a terminal, tab-separated lines in a pipe"
)
FormatOpt = Annotated[ReadFormat, FORMAT_OPTION]
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

        return _signed(run, signature, params)

    return decorate


def _signed(run: Command, signature: inspect.Signature, params: list[inspect.Parameter]) -> Command:
    """``run`` with ``params`` as the signature and annotations Typer reads."""
    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    return run


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


def formatted(*allowed: ReadFormat, auto: str | None = None) -> Callable[[Command], Command]:
    """--format and --json, received as ``fmt: ReadFormat`` (``resolve_format``).

    With ``allowed``, ``--format`` offers (in its help, completion and checks) only ``auto`` and
    those formats: its choices are an enum of their own. ``auto`` says what ``auto`` prints when
    it is not a table or tab-separated lines."""
    given = FORMAT_OPTION
    if auto is not None:
        given = typer.Option("--format", "-f", help=f"auto: {auto}")
    if not allowed:
        option: Any = Annotated[ReadFormat, given]
    else:
        chosen = [ReadFormat.AUTO, *(f for f in ReadFormat if f in allowed)]
        choices = Enum("Format", {f.name: f.value for f in chosen}, type=str)  # type: ignore[misc]
        option = Annotated[choices, given]
    return option_group(
        "fmt",
        [("format_", option, ReadFormat.AUTO), ("json_", JsonOpt, False)],
        lambda format_, json_: resolve_format(ReadFormat(format_), json_, allowed=allowed),
    )


QUIET: "ContextVar[bool]" = ContextVar("quiet", default=False)
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No summary or notes on stderr; the data, warnings and errors still come.",
    ),
]


def quietable(command: Command) -> Command:
    """--quiet/-q: ``note`` says nothing while the command runs (``write``, warnings and errors
    are unaffected)."""
    signature = inspect.signature(command)
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    added = inspect.Parameter("quiet", kind, default=False, annotation=QuietOpt)

    @functools.wraps(command)
    def run(*, quiet: bool = False, **values: Any) -> None:
        token = QUIET.set(quiet)
        try:
            command(**values)
        finally:
            QUIET.reset(token)

    return _signed(run, signature, [*signature.parameters.values(), added])


def usage(message: str) -> NoReturn:
    """A usage error: Typer prints it with the command's usage line and exits 2."""
    raise typer.BadParameter(message)


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
