"""The command line: parse options, call the core, choose a format, write to the right stream.

The only module that imports Typer. Records go to stdout; summaries, warnings and errors to
stderr. Exit codes: 0 clean, 1 ``check`` found problems, 2 usage error or unreadable ledger.
"""

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
from factcheck.ledger.vocab import Kind, Rating, SortKey, Stance, Status

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from factcheck.ledger.models import Ledger
    from factcheck.query.filters import Filters

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
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        help="Ledgers: claims.yaml files or folders searched for them (with --ledger, or alone).",
        show_default=False,
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
        from factcheck.text.inert import one_line

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


def _load(ledger: Path | None) -> "Ledger":
    from factcheck.ledger.discover import discover_ledger
    from factcheck.ledger.load import load_ledger

    return load_ledger(discover_ledger(ledger))


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _console(color: Color, *, stderr: bool = False) -> "Console":
    from factcheck.formats.terminal import make_console

    return make_console(stderr=stderr, color=color.value)


def _print(renderable: "RenderableType", color: Color) -> None:
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
) -> "Filters":
    from factcheck.query.filters import Filters

    return Filters(
        status=tuple(s.value for s in status or ()),
        kind=tuple(k.value for k in kind or ()),
        tag=tuple(tag or ()),
        section=tuple(section or ()),
        source=tuple(source or ()),
    )


def _emit_records(records: list[dict[str, Any]], fmt: ReadFormat, columns: Sequence[str]) -> None:
    from factcheck.formats import text as output

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
    paths: PathsArg = None,
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
        from factcheck.scale import views

        filters = _filters(status, kind, tag, section, source)
        if fmt is ReadFormat.JSON:  # joined from each claim's stored JSON text
            names = ("meta", "blob") if views.plain(filters, sort) else ("meta", "blob", "listing")
            loaded, failures = _views_many(paths, ledger, names)
            chosen = views.select_json([tuple(v) for v in loaded], filters, sort)
            _write_utf8(chosen, all(v[0]["utf8"] for v in loaded))
            _exit_for(failures)
            return
        loaded, failures = _views_many(paths, ledger, ("records",))
        ledgers = [v[0] for v in loaded]
        records = views.select(ledgers, filters, sort)
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal import claims_table

            _print(claims_table(records, show_ledger=len(ledgers) > 1), color)
        else:
            _emit_records(records, fmt, _with_ledger(CLAIM_COLUMNS, ledgers))
        if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN):
            total = sum(x["claims"] for x in ledgers)
            _note(f"{len(records)} of {total} claims" + _in_ledgers(ledgers))
    _exit_for(failures)


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
        from factcheck.formats.records import article_of, claim_record

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
            from factcheck.formats.text import to_json

            _write(to_json(record))
        elif fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal import claim_detail

            _print(claim_detail(record, context), color)
        else:
            from factcheck.formats.text import show_plain

            _write(show_plain(record, context))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for; typos are forgiven.")],
    paths: PathsArg = None,
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
        from factcheck.scale import views

        loaded, failures = _views_many(paths, ledger, ("meta", "listing", "blob", "search"))
        ledgers = [v[0] for v in loaded]
        found = views.search(
            [(v[0], v[1], v[2], v[3]) for v in loaded],
            _filters(status, kind, tag, section, source),
            query,
            limit=limit,
            min_score=min_score,
        )
        records = [r for r, _ in found]
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal import search_table

            _print(search_table(records, [spans for _, spans in found]), color)
        else:
            _emit_records(records, fmt, _with_ledger(SEARCH_COLUMNS, ledgers))
        if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN) and not records:
            _note(f"no claim matches {query!r} with a score of {min_score:g} or more")
    _exit_for(failures)


@app.command()
def check(
    paths: PathsArg = None,
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
        from factcheck.formats import text as output
        from factcheck.scale.pool import check_ledgers, resolve_paths

        targets = resolve_paths(paths, ledger)
        failures: list[Any] = []
        if fix or baseline is not None or write_baseline is not None:
            if len(targets) != 1:
                _usage("--fix and baselines work on one ledger at a time")
            from factcheck.checks.gate import check_ledger
            from factcheck.ledger.load import load_ledger

            loaded = load_ledger(targets[0])
            if fix:
                loaded = _fix_quotes(loaded, fix_threshold)
            result = check_ledger(loaded)
            result = _baselines(result, baseline, write_baseline)
        else:
            result, failures = check_ledgers(targets)
            _report_failures(failures, any_loaded=bool(result.ledgers))
        renderers = {
            CheckFormat.TEXT: output.check_text,
            CheckFormat.JSON: lambda r: output.check_json(r, strict=strict),
            CheckFormat.GITHUB: output.check_github,
            CheckFormat.SARIF: output.check_sarif,
        }
        if output_file is not None:
            try:
                output_file.write_text(renderers[format_](result), encoding="utf-8")
            except OSError as exc:
                raise FactcheckError(f"cannot write: {exc.strerror}", path=output_file) from None
        elif format_ is CheckFormat.TEXT and sys.stdout.isatty() and result.findings:
            from factcheck.formats.terminal import findings_text

            _console(color).print(findings_text(result.findings), end="")
        else:
            _write(renderers[format_](result))
        _note(_check_summary(result))
        if failures:
            total = len(failures) + len(result.ledgers)
            _note(f"{len(failures)} of {total} ledgers could not be read.")
        code = 2 if failures else result.exit_code(strict=strict)
    if code:
        raise typer.Exit(code)


def _check_summary(result: Any) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    scope = f"{plural(result.claims, 'claim')}, {plural(result.sources, 'source')}"
    if len(result.ledgers) > 1:
        scope += f" in {plural(len(result.ledgers), 'ledger')}"
    quiet = f", {result.suppressed} silenced by ignore" if result.suppressed else ""
    if not result.findings:
        return f"All checks passed: {scope}{quiet}."
    return (
        f"Found {plural(result.errors, 'error')} and {plural(result.warnings, 'warning')} "
        f"in {scope}{quiet}."
    )


@app.command()
def stats(
    paths: PathsArg = None,
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Counts by status, kind and section, and the share of factual claims with evidence."""
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.scale import views

        loaded, failures = _views_many(paths, ledger, ("stats",))
        record = views.stats([v[0] for v in loaded])
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal import stats_view

            _print(stats_view(record), color)
        elif fmt is ReadFormat.JSON:
            from factcheck.formats.text import to_json

            _write(to_json(record))
        else:
            from factcheck.formats.records import stats_rows

            rows = stats_rows(record)
            _emit_records(rows, fmt, ("group", "key", "claims"))
    _exit_for(failures)


@app.command()
def sources(
    paths: PathsArg = None,
    unused: Annotated[bool, typer.Option("--unused", help="Only sources no claim cites.")] = False,
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Sources with how many claims cite them, with which stance; unused sources flagged."""
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.formats.records import source_record

        ledgers, failures = _load_many(paths, ledger)
        records = [
            source_record(s, x)
            for x in ledgers
            for s in sorted(x.sources.values(), key=lambda s: s.id)
        ]
        if unused:
            records = [r for r in records if r["unused"]]
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal import sources_table

            _print(sources_table(records), color)
        elif fmt in (ReadFormat.PLAIN, ReadFormat.CSV):
            flat = [{**r, **r["stances"]} for r in records]
            _emit_records(flat, fmt, SOURCE_COLUMNS)
        else:
            _emit_records(records, fmt, SOURCE_COLUMNS)
    _exit_for(failures)


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="claims or source")] = SchemaName.CLAIMS,
) -> None:
    """Print the JSON Schema of claims.yaml or of a source file (for editors' YAML support).

    Example: factcheck schema claims > claims.schema.json
    """
    from importlib.resources import files

    _write(files("factcheck.schema").joinpath(f"{name.value}.schema.json").read_text("utf-8"))


# --- claim spotting ---------------------------------------------------------------------------


@app.command()
def init(
    article: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="The article's text.")
    ],
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Where to create the ledger [default: next to the article]"),
    ] = None,
    title: Annotated[str | None, typer.Option(help="[default: the article's first line]")] = None,
    author: Annotated[list[str] | None, typer.Option(help="Repeat for several authors.")] = None,
    publisher: Annotated[str | None, typer.Option()] = None,
    url: Annotated[str | None, typer.Option()] = None,
    issued: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
) -> None:
    """Start a ledger for ARTICLE: claims.yaml, sources/ with the text and its source record.

    Example: factcheck init story.txt --title "…" --publisher "…" --issued 2024-05-01
    """
    with _expected_failures():
        from factcheck.spotting.candidates import init_ledger

        folder = directory if directory is not None else article.parent
        try:
            path = init_ledger(
                article,
                folder,
                title=title,
                author=author,
                publisher=publisher,
                url=url,
                issued=issued,
            )
        except OSError as exc:
            where = exc.filename or folder
            raise FactcheckError(f"cannot write: {exc.strerror}", path=where) from None
        _note(f"created {path}; next: `factcheck extract --ledger {path.parent}`")


@app.command()
def extract(
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=1, help="Check-worthiness needed (0-1).")
    ] = 0.5,
    write: Annotated[
        bool, typer.Option("--write", help="Append the entries to claims.yaml.")
    ] = False,
    all_: Annotated[
        bool, typer.Option("--all", help="Also sentences claims already cover.")
    ] = False,
    ledger: LedgerOpt = None,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Propose claims for the article: check-worthy sentences the ledger does not cover yet.

    Prints YAML entries to paste under `claims:` (exact quotes, guessed kind, no evidence),
    or appends them with --write.
    """
    with _expected_failures():
        from factcheck.spotting.candidates import append_entries, entries_yaml, proposals

        loaded = _load(ledger)
        cands = _scored(loaded, color)
        entries = proposals(loaded, cands, min_score=min_score, include_covered=all_)
        if write:
            if entries:
                append_entries(loaded.claims_path, entries)
            _note(f"appended {len(entries)} claims to {loaded.claims_path}")
        else:
            _write(entries_yaml(entries))
            _note(f"{len(entries)} candidate claims from {len(cands)} sentences")


def _scored(loaded: "Ledger", color: Color) -> list[Any]:
    from factcheck.spotting.candidates import candidates

    if not sys.stderr.isatty() or color is Color.NEVER:
        return candidates(loaded)
    from factcheck.formats.terminal import progress_bar

    with progress_bar("scoring sentences") as advance:
        return candidates(loaded, advance)


@app.command()
def coverage(
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage", min=0, max=100, help="Fail (exit 1) below this percentage: a CI gate."
        ),
    ] = None,
    ledger: LedgerOpt = None,
    format_: FormatOpt = ReadFormat.AUTO,
    json_: JsonOpt = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """The share of the article's check-worthy sentences that at least one claim covers."""
    with _expected_failures():
        fmt = _resolve_format(format_, json_)
        from factcheck.formats.records import SCHEMA_VERSION
        from factcheck.spotting.candidates import coverage as measure

        loaded = _load(ledger)
        result = measure(_scored(loaded, color))
        uncovered = [
            {
                "schema_version": SCHEMA_VERSION,
                "line": c.line,
                "col": c.col,
                "checkworthy": round(c.score.checkworthy, 3),
                "text": c.sentence.text,
            }
            for c in result.uncovered
        ]
        if fmt is ReadFormat.JSON:
            from factcheck.formats.text import to_json

            _write(
                to_json(
                    {
                        "schema_version": SCHEMA_VERSION,
                        "checkworthy": result.checkworthy,
                        "covered": result.covered,
                        "coverage": round(result.share, 4),
                        "uncovered": uncovered,
                    }
                )
            )
        elif fmt is ReadFormat.TABLE:
            _emit_records(uncovered, ReadFormat.PLAIN, ("line", "col", "checkworthy", "text"))
        else:
            _emit_records(uncovered, fmt, ("line", "col", "checkworthy", "text"))
        _note(
            f"coverage {result.share:.1%}: {result.covered} of {result.checkworthy} "
            "check-worthy sentences have a claim"
        )
        failed = min_coverage is not None and result.share * 100 < min_coverage
    if failed:
        _note(f"below --min-coverage {min_coverage:g}%")
        raise typer.Exit(1)


@app.command()
def classify(
    file: Annotated[str, typer.Argument(help="One sentence per line; - reads stdin.")],
) -> None:
    """Score sentences: JSON Lines with check-worthiness and subjectivity (0-1) and labels.

    Example: printf 'GDP fell 4.5%% in 2020.\n' | factcheck classify -
    """
    with _expected_failures():
        import json

        from factcheck.spotting.model import score
        from factcheck.text.inert import json_safe

        if file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            from factcheck.ledger.yamlio import read_text

            lines = read_text(Path(file)).splitlines()
        for text, sc in zip(lines, score(lines), strict=True):
            record = {
                "text": text,
                "checkworthy": round(sc.checkworthy, 4),
                "checkworthy_label": sc.checkworthy_label,
                "subjective": round(sc.subjective, 4),
                "subjective_label": sc.subjective_label,
            }
            sys.stdout.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")


# --- report: annotated article, HTML report, exports ---


def _article_records(loaded: "Ledger", filters: "Filters") -> tuple[str, list[dict[str, Any]]]:
    """The article text and the records of the claims ``filters`` keeps (anchors included)."""
    from factcheck.formats.records import article_of, claim_record
    from factcheck.query.filters import select

    article = article_of(loaded)
    if article is None:
        raise FactcheckError(
            "the ledger has no article text to annotate",
            path=loaded.claims_path,
            hint="point the article's source record at its full text with `text:`",
        )
    chosen = select(loaded.claims, filters)
    return article.text, [claim_record(c, loaded, article) for c in chosen]


def _colour_on(color: Color) -> bool:
    if color is not Color.AUTO:
        return color is Color.ALWAYS
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def annotate(
    status: StatusOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    source: SourceOpt = None,
    ledger: LedgerOpt = None,
    color: ColorOpt = Color.AUTO,
) -> None:
    """The article with every claimed span coloured by status and tagged [id], and a legend.

    In a pipe (or with --color never or NO_COLOR) spans are marked ⟦quote⟧[id] instead.
    Example: factcheck annotate --status disputed | less
    """
    with _expected_failures():
        from factcheck.formats.layout import layout

        loaded = _load(ledger)
        text, records = _article_records(loaded, _filters(status, kind, tag, section, source))
        lay = layout(text, records)
        if _colour_on(color):
            from factcheck.formats.terminal import annotated_article

            _print(annotated_article(lay), Color.ALWAYS if color is Color.AUTO else color)
        else:
            from factcheck.formats.layout import marked_text, plain_legend

            _write(marked_text(lay).rstrip("\n") + "\n\n" + plain_legend(lay))
        _note(f"{len(lay.spans)} of {len(loaded.claims)} claims shown in the article")


@app.command()
def report(
    html: Annotated[
        Path,
        typer.Option(
            "--html",
            dir_okay=False,
            help="Write the report here ('-' for stdout).",
            show_default=False,
        ),
    ],
    ledger: LedgerOpt = None,
) -> None:
    """Write a self-contained HTML report: the article with claims highlighted, a summary bar,
    and a table of all claims filterable by status and kind. No network requests.

    Example: factcheck report --html report.html
    """
    with _expected_failures():
        from factcheck.formats.html import build_report

        loaded = _load(ledger)
        from factcheck.query.filters import Filters

        _, records = _article_records(loaded, Filters())
        page = build_report(loaded, records)
        placed = sum(1 for r in records if r["anchor"])
        if str(html) == "-":
            _write(page)
        else:
            try:
                html.write_text(page, encoding="utf-8")
            except OSError as exc:
                raise FactcheckError(f"cannot write {html}: {exc.strerror}", path=html) from None
        _note(f"{html}: {len(records)} claims, {placed} highlighted in the article")


class ExportFormat(str, Enum):
    CLAIMREVIEW = "claimreview"
    CSL = "csl"
    JSONL = "jsonl"
    CSV = "csv"


@app.command()
def export(
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="claimreview (schema.org JSON-LD), csl (CSL-JSON of the sources), jsonl or csv.",
            show_default=False,
        ),
    ],
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here, not stdout."),
    ] = None,
    reviewer: Annotated[
        str, typer.Option("--reviewer", help="ClaimReview author: who did the fact-check.")
    ] = "factcheck",
    review_url: Annotated[
        str | None,
        typer.Option(
            "--review-url",
            help="Where the review is published (e.g. the HTML report's address); each "
            "ClaimReview's url is this plus #claim-<id>.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="ClaimReview datePublished, YYYY-MM-DD [default: today]",
            show_default=False,
        ),
    ] = None,
    status: StatusOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    source: SourceOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Export the ledger for other tools: ClaimReview JSON-LD, CSL-JSON, JSON Lines or CSV.

    Example: factcheck export -f claimreview --reviewer "Desk" --review-url https://x.org/fc
    """
    with _expected_failures():
        import datetime

        from factcheck.formats import interchange as ex
        from factcheck.formats import text as output
        from factcheck.formats.records import article_of, claim_record
        from factcheck.query.filters import select

        if review_url is not None:
            from factcheck.formats.html import safe_url

            if safe_url(review_url) is None:
                _usage(f"--review-url must be an http(s) address, not {review_url!r}")
        if date is None:
            date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        else:
            try:
                date = datetime.date.fromisoformat(date).isoformat()
            except ValueError:
                _usage(f"--date must be YYYY-MM-DD, not {date!r}")
        loaded = _load(ledger)
        chosen = select(loaded.claims, _filters(status, kind, tag, section, source))
        if format_ is ExportFormat.CLAIMREVIEW:
            reviews = ex.claim_reviews(
                loaded, chosen, reviewer=reviewer, review_url=review_url, date=date
            )
            text = output.to_json(reviews)
            summary = f"{len(reviews)} ClaimReviews (of {len(chosen)} claims; unrated left out)"
            if review_url is None:
                summary += "; no --review-url, so no review has the url Google requires"
        elif format_ is ExportFormat.CSL:
            items = ex.csl_bibliography(loaded)
            text = output.to_json(items)
            summary = f"{len(items)} sources as CSL-JSON"
        else:
            article = article_of(loaded)
            records = [ex.export_record(claim_record(c, loaded, article)) for c in chosen]
            if format_ is ExportFormat.JSONL:
                text = output.to_jsonl(records)
            else:
                text = output.to_csv(records, ex.EXPORT_COLUMNS)
            summary = f"{len(records)} claims"
        if output_file is None:
            _write(text)
        else:
            try:
                output_file.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise FactcheckError(
                    f"cannot write {output_file}: {exc.strerror}", path=output_file
                ) from None
        _note(summary)


# --- anchors and editing commands ---------------------------------------------------------------


def _fix_quotes(loaded: "Ledger", threshold: float) -> "Ledger":
    from factcheck.editing.edits import fix_quotes
    from factcheck.text.inert import one_line

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
    from factcheck.checks.baseline import apply_baseline, baseline_text, load_baseline

    if write_to is not None:
        from factcheck.editing.writer import write_atomic

        data = baseline_text(result).encode("utf-8")
        if write_to.exists():
            from factcheck.editing.writer import digest

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
    prefix: Annotated[
        str | None,
        typer.Option("--prefix", help="The text just before the quote, when it occurs twice."),
    ] = None,
    suffix: Annotated[
        str | None,
        typer.Option("--suffix", help="The text just after the quote, when it occurs twice."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accept the closest span if the quote is inexact.")
    ] = False,
    ledger: LedgerOpt = None,
) -> None:
    """Append a claim to claims.yaml; prints its id. Comments and layout are kept.

    Example: factcheck add --quote "GDP contracted by 4.5%" --kind fact --tag economy
    """
    with _expected_failures():
        from factcheck.editing.edits import plan_claim, write_claim
        from factcheck.text.inert import one_line

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
            prefix=prefix,
            suffix=suffix,
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
        from factcheck.editing.edits import cite as run_cite

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
        from factcheck.editing.edits import rate as run_rate

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
        from factcheck.editing.edits import add_source
        from factcheck.ledger.discover import discover_ledger, display_path

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


# --- scale: many ledgers in one run ---------------------------------------------------------------


def _load_many(paths: list[Path] | None, ledger: Path | None) -> tuple[list["Ledger"], list[Any]]:
    """The ledgers named on the command line (or discovered), loaded on every core.

    Ledgers that cannot be read are reported on stderr, one line each; the others are returned.
    When none can be read, the run stops here with exit 2.
    """
    from factcheck.scale.pool import load_ledgers, resolve_paths

    ledgers, failures = load_ledgers(resolve_paths(paths, ledger))
    _report_failures(failures, any_loaded=bool(ledgers))
    return ledgers, failures


def _views_many(
    paths: list[Path] | None, ledger: Path | None, parts: tuple[str, ...]
) -> tuple[list[list[Any]], list[Any]]:
    """``_load_many`` for the views ``list``, ``search`` and ``stats`` read (views.py)."""
    from factcheck.scale.pool import load_views, resolve_paths

    loaded, failures = load_views(resolve_paths(paths, ledger), parts)
    _report_failures(failures, any_loaded=bool(loaded))
    return loaded, failures


def _report_failures(failures: Sequence[Any], *, any_loaded: bool) -> None:
    from factcheck.text.inert import one_line

    for f in failures:
        line = f"{one_line(f.path)}: error: {one_line(f.message)}"
        if f.hint:
            line += f" (hint: {one_line(f.hint)})"
        sys.stderr.write(line + "\n")
    if failures and not any_loaded:
        raise typer.Exit(2)


def _exit_for(failures: Sequence[Any]) -> None:
    """One exit code for the run: 2 when any ledger could not be read."""
    if failures:
        raise typer.Exit(2)


def _with_ledger(columns: Sequence[str], ledgers: Sequence[Any]) -> Sequence[str]:
    """Plain and CSV rows name their ledger when there is more than one."""
    return ("ledger", *columns) if len(ledgers) > 1 else columns


def _in_ledgers(ledgers: Sequence[Any]) -> str:
    return f" in {len(ledgers)} ledgers" if len(ledgers) > 1 else ""


# --- perf ---


def _write_utf8(data: bytes, utf8: bool) -> None:
    """``_write(data.decode())``, without decoding and encoding again when stdout is UTF-8."""
    out = sys.stdout
    plain_utf8 = (out.encoding or "").lower().replace("-", "") == "utf8"
    buffer = getattr(out, "buffer", None)
    if utf8 and plain_utf8 and os.name == "posix" and buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        _write(data.decode("utf-8", "surrogatepass"))


def _app_for(args: Sequence[str]) -> typer.Typer:
    """``app``, or for ``factcheck <command> ...`` a copy of it holding that one command.

    Typer builds the Click parameters of every command on each run (tens of milliseconds for
    twenty commands) although a run invokes one. The copy keeps the callback (``--version``) and
    the settings, so the command parses, helps and fails exactly as under ``app``; anything else
    (no command, an option first, a sub-group, an unknown name) gets the whole app.
    """
    from copy import copy

    if not args or args[0].startswith("-"):
        return app
    wanted = [
        c
        for c in app.registered_commands
        if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == args[0]
    ]
    if len(wanted) != 1:
        return app
    one = copy(app)
    one.registered_commands = wanted
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
        _app_for(sys.argv[1:])()
    finally:
        # The command is over (its writes done): a Ctrl-C now could only interrupt the
        # interpreter's shutdown and print a traceback from it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Shutdown still runs (atexit, flushing), but its cycle collection need not walk every
        # object the run made only to free them anyway: ~10 ms of a 0.1 s start-up.
        gc.freeze()
