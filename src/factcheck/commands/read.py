"""The read commands: list, show, search, stats, sources and schema."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.commands.common import (
    emit_records,
    exit_for,
    expected_failures,
    left_out,
    load,
    load_many,
    note,
    show,
    views_many,
    warn_invalid,
    with_ledger,
    write,
    write_utf8,
)
from factcheck.commands.options import (
    GIVEN,
    ClaimIdArg,
    Color,
    ColorOpt,
    LedgerOpt,
    NoPagerOpt,
    PathsArg,
    ReadFormat,
    filtered,
    formatted,
    quietable,
    usage,
)
from factcheck.ledger.vocab import SortKey

if TYPE_CHECKING:
    from factcheck.query.filters import Filters

CLAIM_COLUMNS = ("id", "status", "rating", "kind", "section", "quote")
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


class SchemaName(str, Enum):
    CLAIMS = "claims"
    SOURCE = "source"


@quietable
@filtered
@formatted()
def list_(
    paths: PathsArg = None,
    chosen_by: "Filters" = GIVEN,
    sort: Annotated[
        SortKey, typer.Option("--sort", help="Order of the claims.")
    ] = SortKey.POSITION,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    no_pager: NoPagerOpt = False,
) -> None:
    """List claims with their derived status.

    Example: factcheck list --status disputed --json | jq -r '.[].id'
    """
    with expected_failures():
        from factcheck.scale import views

        parts = views.parts_for_list(chosen_by, sort)
        loaded, failures = views_many(paths, ledger, parts, color)
        invalid = views.invalid(loaded)
        warn_invalid(invalid)
        if fmt is ReadFormat.JSON:  # joined from each claim's stored JSON text
            chosen = views.json_chunks(loaded, chosen_by, sort)
            write_utf8(chosen, all(v["meta"]["utf8"] for v in loaded))
            exit_for(failures)
            return
        records = views.select(loaded, chosen_by, sort)
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal.tables import claims_table

            show(claims_table(records, show_ledger=len(loaded) > 1), color, no_pager=no_pager)
        else:
            emit_records(records, fmt, with_ledger(CLAIM_COLUMNS, loaded))
        if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN):
            total = sum(v["meta"]["claims"] for v in loaded) + len(invalid)
            where = f" in {len(loaded)} ledgers" if len(loaded) > 1 else ""
            note(f"{len(records)} of {total} claims{where}{left_out(invalid)}")
    exit_for(failures)


@formatted(ReadFormat.TABLE, ReadFormat.PLAIN, ReadFormat.JSON)
def show_(
    claim_id: ClaimIdArg,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    no_pager: NoPagerOpt = False,
) -> None:
    """Show one claim in full: its quote in the article, evidence, rating and note.

    Example: factcheck show econ-bok-gdp-minus-4-9
    """
    with expected_failures():
        from factcheck.formats.records import article_of, claim_context, claim_record
        from factcheck.ledger.lookup import claim

        loaded = load(ledger)
        article = article_of(loaded)
        record = claim_record(claim(loaded, claim_id), loaded, article)
        if fmt is ReadFormat.JSON:
            from factcheck.formats.text import to_json

            write(to_json(record))
        elif fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal.views import claim_detail

            show(claim_detail(record, claim_context(record, article)), color, no_pager=no_pager)
        else:
            from factcheck.formats.text import show_plain

            write(show_plain(record, claim_context(record, article)))


@quietable
@filtered
@formatted()
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
    chosen_by: "Filters" = GIVEN,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    no_pager: NoPagerOpt = False,
) -> None:
    """Fuzzy-search claims: id, quote, claim, speaker, tags, notes, evidence and source titles.

    Example: factcheck search "sanctons lifted" --limit 5
    """
    with expected_failures():
        from factcheck.scale import views

        loaded, failures = views_many(paths, ledger, ("meta", "listing", "blob", "search"), color)
        warn_invalid(views.invalid(loaded))
        found = views.search(
            loaded,
            chosen_by,
            query,
            limit=limit,
            min_score=min_score,
        )
        records = [r for r, _ in found]
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal.tables import search_table

            show(search_table(records, [spans for _, spans in found]), color, no_pager=no_pager)
        else:
            emit_records(records, fmt, with_ledger(SEARCH_COLUMNS, loaded))
        if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN) and not records:
            note(f"no claim matches {query!r} with a score of {min_score:g} or more")
    exit_for(failures)


@quietable
@formatted()
def stats(
    paths: PathsArg = None,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    no_pager: NoPagerOpt = False,
) -> None:
    """Counts by status, kind and section, and the share of factual claims with evidence."""
    with expected_failures():
        from factcheck.scale import views

        loaded, failures = views_many(paths, ledger, ("meta", "stats"), color)
        invalid = views.invalid(loaded)
        warn_invalid(invalid)
        record = views.stats([v["stats"] for v in loaded])
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal.views import stats_view

            show(stats_view(record), color, no_pager=no_pager)
        elif fmt is ReadFormat.JSON:
            from factcheck.formats.text import to_json

            write(to_json(record))
        else:
            from factcheck.formats.records import stats_rows

            emit_records(stats_rows(record), fmt, ("group", "key", "claims"))
        if invalid:
            total = record["claims"] + len(invalid)
            note(f"{record['claims']} of {total} claims counted{left_out(invalid, 'not counted')}")
    exit_for(failures)


@formatted()
def sources(
    paths: PathsArg = None,
    unused: Annotated[bool, typer.Option("--unused", help="Only sources no claim cites.")] = False,
    check_links: Annotated[
        bool,
        typer.Option(
            "--check-links",
            help="Ask every url: and archive: address whether it still answers; dead ones exit 1.",
        ),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=0.01, help="--check-links: seconds per request [10]."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="--check-links: requests at once [8]."),
    ] = None,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    no_pager: NoPagerOpt = False,
) -> None:
    """Sources with how many claims cite them, with which stance; unused sources flagged.

    With --check-links, whether each cited address still answers (HEAD, else GET; at most 2
    requests at once per host). Example: factcheck sources --check-links --format csv
    """
    if not check_links and (timeout is not None or jobs is not None):
        usage("--timeout and --jobs go with --check-links")
    with expected_failures():
        from factcheck.formats.records import source_records

        ledgers, failures = load_many(paths, ledger, color)
        records = source_records(ledgers, unused_only=unused)
        if check_links:
            from factcheck.commands.links import check_and_report

            chosen = {(r["ledger"], r["id"]) for r in records}
            dead = check_and_report(ledgers, chosen, fmt, color, timeout or 10.0, jobs or 8)
            exit_for(failures)
            if dead:
                raise typer.Exit(1)
            return
        if fmt is ReadFormat.TABLE:
            from factcheck.formats.terminal.tables import sources_table

            show(sources_table(records), color, no_pager=no_pager)
        elif fmt in (ReadFormat.PLAIN, ReadFormat.CSV):
            flat = [{**r, **r["stances"]} for r in records]
            emit_records(flat, fmt, SOURCE_COLUMNS)
        else:
            emit_records(records, fmt, SOURCE_COLUMNS)
    exit_for(failures)


def schema(
    name: Annotated[SchemaName, typer.Argument(help="claims or source")] = SchemaName.CLAIMS,
) -> None:
    """Print the JSON Schema of claims.yaml or of a source file (for editors' YAML support).

    Example: factcheck schema claims > claims.schema.json
    """
    from importlib.resources import files

    write(files("factcheck.schema").joinpath(f"{name.value}.schema.json").read_text("utf-8"))
