"""The command line: parse options, call the core, choose a format, write to the right stream.

The only module that imports Typer. Records go to stdout; summaries, warnings and errors to
stderr. Exit codes: 0 clean, 1 ``check`` found problems, 2 usage error or unreadable ledger.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from factcheck import __version__
from factcheck.errors import FactcheckError
from factcheck.models import Kind, Ledger, Status
from factcheck.query import Filters, SortKey

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

app = typer.Typer(
    name="factcheck",
    help="A claim ledger and fact checker: list, search and gate the claims an article makes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ReadFormat(str, Enum):
    AUTO = "auto"
    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


class CheckFormat(str, Enum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


class Color(str, Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class SchemaName(str, Enum):
    CLAIMS = "claims"
    SOURCE = "source"


# Options shared by the read commands -------------------------------------------------------------

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
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
ColorOpt = Annotated[
    Color, typer.Option("--color", help="Colour on a terminal (NO_COLOR is honoured).")
]
StatusOpt = Annotated[list[Status] | None, typer.Option("--status", help="Keep these statuses.")]
KindOpt = Annotated[list[Kind] | None, typer.Option("--kind", help="Keep these kinds.")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="Keep claims with this tag.")]
SectionOpt = Annotated[list[str] | None, typer.Option("--section", help="Keep this section.")]
SourceOpt = Annotated[list[str] | None, typer.Option("--source", help="Keep claims citing it.")]

CLAIM_COLUMNS = ("id", "status", "kind", "section", "quote")
SEARCH_COLUMNS = ("score", "id", "status", "kind", "quote")
SOURCE_COLUMNS = (
    "id",
    "claims",
    "supports",
    "contradicts",
    "context",
    "type",
    "publisher",
    "issued",
    "title",
    "url",
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


# Plumbing ----------------------------------------------------------------------------------------


@contextmanager
def _expected_failures() -> Iterator[None]:
    """Turn a FactcheckError into one line on stderr and exit 2; bugs keep their traceback."""
    try:
        yield
    except FactcheckError as exc:
        from factcheck.textsafe import one_line

        where = one_line(exc.location() or "factcheck")
        line = f"{where}: error: {one_line(exc.message)}"
        if exc.hint:
            line += f" (hint: {one_line(exc.hint)})"
        sys.stderr.write(line + "\n")
        raise typer.Exit(2) from None


def _usage(message: str) -> NoReturn:
    raise typer.BadParameter(message)


def _resolve_format(
    fmt: ReadFormat, json_flag: bool, *, allowed: Sequence[ReadFormat] = ()
) -> ReadFormat:
    if json_flag:
        if fmt not in (ReadFormat.AUTO, ReadFormat.JSON):
            _usage(f"--json contradicts --format {fmt.value}; give one of them")
        fmt = ReadFormat.JSON
    if allowed and fmt not in allowed and fmt is not ReadFormat.AUTO:
        _usage(
            f"--format {fmt.value} is not available here; use one of "
            + ", ".join(f.value for f in allowed)
        )
    if fmt is ReadFormat.AUTO:
        return ReadFormat.TABLE if sys.stdout.isatty() else ReadFormat.PLAIN
    return fmt


def _load(ledger: Path | None) -> Ledger:
    from factcheck.ledger import discover_ledger, load_ledger

    return load_ledger(discover_ledger(ledger))


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _console(color: Color, *, stderr: bool = False) -> Console:
    from factcheck.render import make_console

    return make_console(stderr=stderr, color=color.value)


def _print(renderable: RenderableType, color: Color) -> None:
    _console(color).print(renderable)


def _note(message: str) -> None:
    """Talk for the human: stderr, never mixed with the records."""
    sys.stderr.write(message + "\n")


def _filters(
    status: list[Status] | None,
    kind: list[Kind] | None,
    tag: list[str] | None,
    section: list[str] | None,
    source: list[str] | None,
) -> Filters:
    return Filters(
        status=tuple(s.value for s in status or ()),
        kind=tuple(k.value for k in kind or ()),
        tag=tuple(tag or ()),
        section=tuple(section or ()),
        source=tuple(source or ()),
    )


def _emit_records(records: list[dict[str, Any]], fmt: ReadFormat, columns: Sequence[str]) -> None:
    from factcheck import output

    if fmt is ReadFormat.JSON:
        _write(output.to_json(records))
    elif fmt is ReadFormat.JSONL:
        _write(output.to_jsonl(records))
    elif fmt is ReadFormat.CSV:
        _write(output.to_csv(records, columns))
    elif fmt is ReadFormat.PLAIN:
        _write(output.to_plain(records, columns))
    else:  # pragma: no cover - TABLE is rendered by the caller
        raise AssertionError(fmt)


# Commands ----------------------------------------------------------------------------------------


@app.command("list")
def list_(
    status: StatusOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    source: SourceOpt = None,
    sort: Annotated[
        SortKey, typer.Option("--sort", help="Order of the claims.")
    ] = SortKey.POSITION,
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """List claims with their derived status.

    Example: factcheck list --status disputed --json | jq -r '.[].id'
    """
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.query import select
        from factcheck.records import article_of, claim_record

        loaded = _load(ledger)
        article = article_of(loaded)
        chosen = select(loaded.claims, _filters(status, kind, tag, section, source), sort)
        records = [claim_record(c, loaded, article) for c in chosen]
        if fmt is ReadFormat.TABLE:
            from factcheck.render import claims_table

            _print(claims_table(records), color)
        else:
            _emit_records(records, fmt, CLAIM_COLUMNS)
        if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN):
            _note(f"{len(records)} of {len(loaded.claims)} claims")


@app.command()
def show(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Show one claim in full: its quote in the article, evidence, rating and note.

    Example: factcheck show gdp-contraction-2020
    """
    with _expected_failures():
        fmt = _resolve_format(
            format_, json_, allowed=(ReadFormat.TABLE, ReadFormat.PLAIN, ReadFormat.JSON)
        )
        from factcheck.records import article_of, claim_record

        loaded = _load(ledger)
        claim = loaded.claim(claim_id)
        if claim is None:
            from rapidfuzz import process

            near = process.extract(
                claim_id, [c.id for c in loaded.claims], limit=3, score_cutoff=60
            )
            hint = (
                ("did you mean " + ", ".join(repr(n[0]) for n in near) + "?")
                if near
                else "`factcheck list` shows the ids"
            )
            raise FactcheckError(f"no claim with id '{claim_id}'", hint=hint)
        article = article_of(loaded)
        record = claim_record(claim, loaded, article)
        context = None
        if article is not None and record["anchor"]:
            a = record["anchor"]
            left, right = article.sentence_around(a["start"], a["end"])
            context = (article.text[left:right], a["start"] - left, a["end"] - left)
        if fmt is ReadFormat.JSON:
            from factcheck.output import to_json

            _write(to_json(record))
        elif fmt is ReadFormat.TABLE:
            from factcheck.render import claim_detail

            _print(claim_detail(record, context), color)
        else:
            from factcheck.output import show_plain

            _write(show_plain(record, context))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for; typos are forgiven.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 10,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score", min=0, max=100, help="Drop matches scoring below this (0-100)."
        ),
    ] = 50.0,
    status: StatusOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    source: SourceOpt = None,
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Fuzzy-search claims: id, quote, claim, speaker, tags, notes, evidence and source titles.

    Example: factcheck search "sanctons lifted" --limit 5
    """
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.query import select
        from factcheck.records import article_of, match_record
        from factcheck.search import search as run_search

        loaded = _load(ledger)
        pool = select(loaded.claims, _filters(status, kind, tag, section, source))
        matches = run_search(pool, loaded.sources, query, limit=limit, min_score=min_score)
        article = article_of(loaded)
        records = [match_record(m, loaded, article) for m in matches]
        if fmt is ReadFormat.TABLE:
            from factcheck.render import search_table

            _print(search_table(records, [m.quote_spans for m in matches]), color)
        else:
            _emit_records(records, fmt, SEARCH_COLUMNS)
        if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN) and not records:
            _note(f"no claim matches {query!r} with a score of {min_score:g} or more")


@app.command()
def check(
    ledger: LedgerOpt = None,
    format_: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (default under GitHub Actions) or sarif.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the report here, not stdout."),
    ] = None,
    color: ColorOpt = Color.AUTO,
) -> None:
    """The CI gate: every claim sourced, every quote in the article, every source complete.

    Exit 0 when clean, 1 on errors (or warnings with --strict), 2 when the ledger cannot be read.
    """
    with _expected_failures():
        if format_ is None:
            in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
            format_ = CheckFormat.GITHUB if in_actions else CheckFormat.TEXT
        from factcheck import output
        from factcheck.check import check_ledger

        result = check_ledger(_load(ledger))
        renderers = {
            CheckFormat.TEXT: output.check_text,
            CheckFormat.JSON: lambda r: output.check_json(r, strict=strict),
            CheckFormat.GITHUB: output.check_github,
            CheckFormat.SARIF: output.check_sarif,
        }
        if output_file is not None:
            output_file.write_text(renderers[format_](result), encoding="utf-8")
        elif format_ is CheckFormat.TEXT and sys.stdout.isatty() and result.findings:
            from factcheck.render import findings_text

            _console(color).print(findings_text(result.findings), end="")
        else:
            _write(renderers[format_](result))
        _note(_check_summary(result))
        code = result.exit_code(strict=strict)
    if code:
        raise typer.Exit(code)


def _check_summary(result: Any) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    scope = f"{plural(result.claims, 'claim')}, {plural(result.sources, 'source')}"
    quiet = f", {result.suppressed} silenced by ignore" if result.suppressed else ""
    if not result.findings:
        return f"All checks passed: {scope}{quiet}."
    return (
        f"Found {plural(result.errors, 'error')} and {plural(result.warnings, 'warning')} "
        f"in {scope}{quiet}."
    )


@app.command()
def stats(
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Counts by status, kind and section, and the share of factual claims with evidence."""
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.records import stats_record

        record = stats_record([_load(ledger)])
        if fmt is ReadFormat.TABLE:
            from factcheck.render import stats_view

            _print(stats_view(record), color)
        elif fmt is ReadFormat.JSON:
            from factcheck.output import to_json

            _write(to_json(record))
        else:
            rows = [
                {"group": group, "key": key, "claims": n}
                for group in ("by_status", "by_kind", "by_section", "by_rating")
                for key, n in record[group].items()
            ]
            rows.insert(0, {"group": "total", "key": "claims", "claims": record["claims"]})
            rows.append(
                {"group": "total", "key": "sourced_share", "claims": record["sourced_share"]}
            )
            _emit_records(rows, fmt, ("group", "key", "claims"))


@app.command()
def sources(
    unused: Annotated[bool, typer.Option("--unused", help="Only sources no claim cites.")] = False,
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Sources with how many claims cite them, with which stance; unused sources flagged."""
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.records import source_record

        loaded = _load(ledger)
        records = [
            source_record(s, loaded) for s in sorted(loaded.sources.values(), key=lambda s: s.id)
        ]
        if unused:
            records = [r for r in records if r["unused"]]
        if fmt is ReadFormat.TABLE:
            from factcheck.render import sources_table

            _print(sources_table(records), color)
        elif fmt in (ReadFormat.PLAIN, ReadFormat.CSV):
            flat = [{**r, **r["stances"]} for r in records]
            _emit_records(flat, fmt, SOURCE_COLUMNS)
        else:
            _emit_records(records, fmt, SOURCE_COLUMNS)


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="claims or source")] = SchemaName.CLAIMS,
) -> None:
    """Print the JSON Schema of claims.yaml or of a source file (for editors' YAML support).

    Example: factcheck schema claims > claims.schema.json
    """
    from importlib.resources import files

    _write(files("factcheck.schema").joinpath(f"{name.value}.schema.json").read_text("utf-8"))


def main() -> None:
    """Console-script entry point."""
    app()
