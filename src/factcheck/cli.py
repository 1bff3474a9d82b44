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
from factcheck.models import Kind, Ledger, Rating, Stance, Status
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
        where = exc.location() or "factcheck"
        from factcheck.textsafe import one_line

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
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite lost quotes to the article's new text.")
    ] = False,
    fix_threshold: Annotated[
        float,
        typer.Option("--fix-threshold", min=0, max=100, help="Least score --fix accepts (0-100)."),
    ] = 90.0,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", dir_okay=False, help="Fail only on findings not in this file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", dir_okay=False, help="Record today's findings here."),
    ] = None,
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

        loaded = _load(ledger)
        if fix:
            loaded = _fix_quotes(loaded, fix_threshold)
        result = check_ledger(loaded)
        result = _baselines(result, baseline, write_baseline)
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


# --- anchors and editing commands ---------------------------------------------------------------


def _fix_quotes(loaded: Ledger, threshold: float) -> Ledger:
    from factcheck.edit import fix_quotes
    from factcheck.textsafe import one_line

    report = fix_quotes(loaded, threshold)
    for f in report.fixes:
        a = f.match.anchor
        _note(
            f"fixed quote of '{f.claim_id}' (score {f.match.score:g}, article {a.line}:{a.col}): "
            f"{one_line(f.old)!r} -> {one_line(f.match.text)!r}"
        )
    if report.fixes:
        _note(f"{len(report.fixes)} quote(s) rewritten in {loaded.claims_path.name}")
        return _load(loaded.claims_path)
    if not report.orphans:
        _note("no lost quotes to fix")
    return loaded


def _baselines(result: Any, baseline: Path | None, write_to: Path | None) -> Any:
    from factcheck.baseline import apply_baseline, baseline_text, load_baseline

    if write_to is not None:
        from factcheck.writer import write_atomic

        data = baseline_text(result).encode("utf-8")
        if write_to.exists():
            from factcheck.writer import digest

            write_atomic(write_to, data, expected_digest=digest(write_to.read_bytes()))
        else:
            write_atomic(write_to, data, expected_digest=None)
        _note(f"baseline of {len(result.findings)} finding(s) written to {write_to}")
    if baseline is None:
        return result
    outcome = apply_baseline(result, load_baseline(baseline))
    _note(f"{outcome.known} known finding(s) accepted by {baseline}")
    if outcome.gone:
        _note(
            f"{len(outcome.gone)} baseline entr{'y is' if len(outcome.gone) == 1 else 'ies are'} "
            "fixed now; write the baseline again to tighten it"
        )
    return outcome.result


def _interactive() -> bool:
    return sys.stdin.isatty()


def _confirm(question: str) -> bool:
    return typer.confirm(question, default=False, err=True)


KindArg = Annotated[
    Kind, typer.Option("--kind", "-k", help="fact, attribution, opinion or prediction.")
]


@app.command()
def add(
    quote: Annotated[str, typer.Option("--quote", "-q", help="The article's exact words.")],
    kind: KindArg,
    claim: Annotated[
        str | None,
        typer.Option("--claim", help="The claim restated in full; the id comes from it."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Who is said to say it.")] = None,
    section: Annotated[
        str | None, typer.Option("--section", help="[default: the heading above the quote]")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Cite this source id.")] = None,
    stance: Annotated[Stance | None, typer.Option("--stance", help="With --source.")] = None,
    says: Annotated[
        str | None, typer.Option("--says", help="What the source says, in your words.")
    ] = None,
    locator: Annotated[str | None, typer.Option("--locator", help="Where in the source.")] = None,
    claim_id: Annotated[str | None, typer.Option("--id", help="Use this id, not a slug.")] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accept the closest span if the quote is inexact.")
    ] = False,
    ledger: LedgerOpt = None,
) -> None:
    """Append a claim to claims.yaml; prints its id. Comments and layout are kept.

    Example: factcheck add --quote "GDP contracted by 4.5%" --kind fact --tag economy
    """
    with _expected_failures():
        from factcheck.edit import plan_claim, write_claim
        from factcheck.textsafe import one_line

        loaded = _load(ledger)
        new = plan_claim(
            loaded,
            quote=quote,
            kind=kind,
            claim=claim,
            tags=tag or (),
            speaker=speaker,
            section=section,
            source=source,
            stance=stance,
            says=says,
            locator=locator,
            claim_id=claim_id,
        )
        if new.match is not None:
            m = new.match
            _note(
                f"the quote is not exact in the article; closest span at {m.anchor.line}:"
                f"{m.anchor.col} (score {m.score:g}): {one_line(m.text)!r}"
            )
            if not yes:
                if not _interactive():
                    raise FactcheckError(
                        "quote not in the article; nothing written",
                        hint="pass --yes to use the closest span, or fix the quote",
                    )
                if not _confirm("Use this span as the quote?"):
                    raise FactcheckError("nothing written")
        line = write_claim(loaded, new)
        for message in new.notes:
            _note(message)
        _note(f"added claim '{new.id}' at {loaded.claims_path.name}:{line}")
        _write(new.id + "\n")


@app.command()
def cite(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id.")],
    stance: Annotated[Stance, typer.Option("--stance", help="supports, contradicts or context.")],
    says: Annotated[str, typer.Option("--says", help="What the source says, in your words.")],
    locator: Annotated[str | None, typer.Option("--locator", help="Where in the source.")] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Add evidence to a claim.

    Example: factcheck cite gdp-contraction-2020 reuters-2021-07-30 --stance contradicts
    --says "BOK put the 2020 contraction at 4.5%"
    """
    with _expected_failures():
        from factcheck.edit import cite as run_cite

        loaded = _load(ledger)
        run_cite(loaded, claim_id, source, stance=stance, says=says, locator=locator)
        status = _load(loaded.claims_path).claim(claim_id)
        state = f"; status now {status.status.value}" if status else ""
        _note(f"'{claim_id}' cites '{source}' ({stance.value}){state}")


@app.command()
def rate(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    label: Annotated[
        Rating,
        typer.Argument(
            metavar="LABEL",
            help="accurate, mostly-accurate, mixed, misleading, inaccurate or unverified.",
        ),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Why; replaces the note.")] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Set a claim's rating (and note).

    Example: factcheck rate gdp-contraction-2020 inaccurate --note "The BOK figure is -4.5%."
    """
    with _expected_failures():
        from factcheck.edit import rate as run_rate

        run_rate(_load(ledger), claim_id, label, note=note)
        _note(f"'{claim_id}' rated {label.value}")


source_app = typer.Typer(help="Add sources to the ledger.", no_args_is_help=True)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    id_: Annotated[str, typer.Option("--id", help="The new source's id (its file name).")],
    url: Annotated[str, typer.Option("--url", help="An address you have seen.")],
    title: Annotated[str, typer.Option("--title")],
    publisher: Annotated[str, typer.Option("--publisher")],
    issued: Annotated[str, typer.Option("--issued", help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    type_: Annotated[
        str | None, typer.Option("--type", help="news, report, statement, ...")
    ] = None,
    author: Annotated[list[str] | None, typer.Option("--author", help="Repeatable.")] = None,
    accessed: Annotated[str | None, typer.Option("--accessed", help="YYYY-MM-DD.")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Write sources/<id>.yaml from flags; an existing file is never overwritten.

    Example: factcheck source add --id reuters-2021-07-30 --url https://... --title "..."
    --publisher Reuters --issued 2021-07-30 --type news
    """
    with _expected_failures():
        from factcheck.edit import add_source
        from factcheck.ledger import discover_ledger, display_path

        root = discover_ledger(ledger).parent
        fields: dict[str, Any] = {
            "id": id_,
            "type": type_,
            "title": title,
            "author": list(author or ()),
            "publisher": publisher,
            "issued": issued,
            "url": url,
            "accessed": accessed,
            "note": note,
        }
        path = add_source(root, fields)
        _note(f"wrote {display_path(path)}")
        _write(id_ + "\n")


def main() -> None:
    """Console-script entry point."""
    app()
