"""The publishing commands: annotate, report and export."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.commands.common import (
    colour_on,
    expected_failures,
    left_out,
    load,
    note,
    publishable,
    show,
    warn_invalid,
    write,
    write_output,
)
from factcheck.commands.options import (
    GIVEN,
    AllowInvalidOpt,
    Color,
    ColorOpt,
    LedgerOpt,
    NoPagerOpt,
    filtered,
    quietable,
    usage,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from factcheck.ledger.models import Claim, Ledger, Review
    from factcheck.query.filters import Filters

# Who published the fact-check, for report and export -f claimreview: each overrides the same key
# of the ledger's review: mapping (README, "The ledger format"); nothing is ever defaulted.
ReviewerOpt = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        help="Who did the fact-check (ClaimReview author) [default: review: reviewer in "
        "claims.yaml]",
        show_default=False,
    ),
]
ReviewerUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--reviewer-url",
        help="The reviewer's own address (ClaimReview author.url) [default: review: reviewer_url]",
        show_default=False,
    ),
]
ReviewUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--review-url",
        help="Where the review is published. With {id} in it, one page per claim (the claim's "
        "id replaces {id}); without, each review is this page + #claim-<id> [default: review: "
        "url]",
        show_default=False,
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Review date, YYYY-MM-DD [default: review: published, else today]",
        show_default=False,
    ),
]
ReportDateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Review date, YYYY-MM-DD [default: review: published; else the page says it "
        "is missing]",
        show_default=False,
    ),
]


def review_setup(
    ledger: "Ledger",
    reviewer: str | None,
    reviewer_url: str | None,
    review_url: str | None,
    date: str | None,
) -> "Review":
    """The ledger's review: metadata with the command's options laid over it (checked)."""
    from dataclasses import replace

    from factcheck.formats.claimreview import review_date
    from factcheck.text.inert import safe_url

    for flag, value in (("--reviewer-url", reviewer_url), ("--review-url", review_url)):
        if value is not None and safe_url(value) is None:
            usage(f"{flag} must be an http(s) address, not {value!r}")
    if reviewer is not None and not reviewer.strip():
        usage("--reviewer must name who did the fact-check")
    review = ledger.review
    try:
        published = review_date(date) if date is not None else review.published
    except ValueError as exc:
        usage(str(exc))
    return replace(
        review,
        reviewer=reviewer or review.reviewer,
        reviewer_url=reviewer_url or review.reviewer_url,
        url=review_url or review.url,
        published=published,
    )


class ExportFormat(str, Enum):
    CLAIMREVIEW = "claimreview"
    CSL = "csl"
    JSONL = "jsonl"
    CSV = "csv"
    SQLITE = "sqlite"


@quietable
@filtered
def annotate(
    chosen_by: "Filters" = GIVEN,
    ledger: LedgerOpt = None,
    color: ColorOpt = Color.AUTO,
    ids: Annotated[
        bool,
        typer.Option("--ids", help="Tag each claim with its id, not a short number."),
    ] = False,
    notes: Annotated[
        bool,
        typer.Option(
            "--notes", help="Print each disputed claim's verdict and note under its line."
        ),
    ] = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The article with every claimed span coloured by status and numbered, headings in bold,
    and a legend of the numbers; through a pager when taller than the terminal.

    In a pipe (or with --color never or NO_COLOR) spans are marked ⟦quote⟧[id] instead.
    Example: factcheck annotate --status disputed --notes
    """
    with expected_failures():
        from factcheck.formats.layout import disputed_notes, layout
        from factcheck.formats.records import article_records, invalid_records

        loaded = load(ledger)
        invalid = invalid_records(loaded)
        warn_invalid(invalid)
        text, records = article_records(loaded, chosen_by)
        lay = layout(text, records)
        inline = disputed_notes(lay, records) if notes else None
        if colour_on(color):
            from factcheck.formats.terminal.views import annotated_article

            view = annotated_article(lay, ids=ids, notes=inline)
            show(view, Color.ALWAYS if color is Color.AUTO else color, no_pager=no_pager)
        else:
            from factcheck.formats.layout import marked_text, plain_legend, with_notes

            marked = marked_text(lay)
            if inline:
                marked = with_notes(marked, inline, lay)
            write(marked.rstrip("\n") + "\n\n" + plain_legend(lay))
        total = len(loaded.claims) + len(invalid)
        note(f"{len(lay.spans)} of {total} claims shown in the article{left_out(invalid)}")


@quietable
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
    reviewer: ReviewerOpt = None,
    reviewer_url: ReviewerUrlOpt = None,
    review_url: ReviewUrlOpt = None,
    date: ReportDateOpt = None,
    allow_invalid: AllowInvalidOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """Write a self-contained HTML report that leads with what was found: the claims needing a
    reader's attention with their verdicts, the article with them highlighted, who reviewed it
    and how, every claim, the sources, and ClaimReview markup. No network requests.

    Reviewer, dates, methodology and corrections contact come from review: in claims.yaml (or
    the options); what is missing is said on the page, never made up.
    An invalid entry of claims: stops it (exit 2, nothing written) unless --allow-invalid.
    Example: factcheck report --html report.html
    """
    with expected_failures():
        from factcheck.formats.html import build_report
        from factcheck.formats.records import article_records
        from factcheck.query.filters import Filters

        if date is not None:
            _check_date(date)
        loaded = load(ledger)
        review = review_setup(loaded, reviewer, reviewer_url, review_url, date)
        invalid = publishable(loaded, allow_invalid=allow_invalid)
        _, records = article_records(loaded, Filters())
        page = build_report(loaded, records, review=review)
        write_output(page.html, html)
        placed = sum(1 for r in records if r["anchor"])
        summary = (
            f"{len(records)} claims, {page.attention} needing attention, "
            f"{placed} placed in the article"
        )
        note(f"{html}: {summary}{left_out(invalid, 'left out')}")
        if page.missing:
            note(
                "note: the page says it lacks "
                + "; ".join(page.missing)
                + " (set them under review: in claims.yaml, or give --reviewer, "
                "--reviewer-url, --date)"
            )


@quietable
@filtered
def export(
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="claimreview (schema.org JSON-LD), csl (CSL-JSON of the sources), jsonl, csv, "
            "or sqlite (a database; needs --output).",
            show_default=False,
        ),
    ],
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here, not stdout."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="sqlite: replace an existing database file (without it one is never touched).",
        ),
    ] = False,
    reviewer: ReviewerOpt = None,
    reviewer_url: ReviewerUrlOpt = None,
    review_url: ReviewUrlOpt = None,
    date: DateOpt = None,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom", help="csv: start with a UTF-8 byte-order mark, so Excel reads the accents."
        ),
    ] = False,
    allow_invalid: AllowInvalidOpt = False,
    chosen_by: "Filters" = GIVEN,
    ledger: LedgerOpt = None,
) -> None:
    """Export the ledger for other tools: ClaimReview JSON-LD, CSL-JSON, JSON Lines, CSV, or
    an SQLite database (-f sqlite -o FILE, for Datasette, sqlite-utils or the sqlite3 shell;
    an existing FILE is replaced only with --replace).

    An invalid entry of claims: stops it (exit 2, nothing written) unless --allow-invalid.
    ClaimReview needs who reviewed: --reviewer and --reviewer-url, or review: reviewer and
    reviewer_url in claims.yaml.
    Example: factcheck export -f claimreview --reviewer "Desk" --reviewer-url https://x.org
    --review-url 'https://x.org/fc/{id}'
    """
    with expected_failures():
        from factcheck.formats import interchange
        from factcheck.formats.claimreview import all_published, review_date, reviewer_of
        from factcheck.query.filters import select

        if format_ is ExportFormat.SQLITE:
            output_file = database_target(output_file, replace=replace)
        elif replace:
            usage("--replace is for --format sqlite; the other formats overwrite --output")
        if date is not None:
            _check_date(date)
        if bom and format_ is not ExportFormat.CSV:
            usage("--bom is for --format csv")
        loaded = load(ledger)
        review = review_setup(loaded, reviewer, reviewer_url, review_url, date)
        invalid = publishable(loaded, allow_invalid=allow_invalid)
        who = reviewer_of(review)
        chosen = select(loaded.claims, chosen_by)
        if (
            format_ is ExportFormat.CLAIMREVIEW
            and who is None
            and not all_published(loaded, chosen)
        ):
            usage(
                "ClaimReview needs who reviewed the claims: give --reviewer NAME and "
                "--reviewer-url URL, or set review: reviewer and reviewer_url in claims.yaml"
            )
        if format_ is ExportFormat.SQLITE and output_file is not None:
            summary = write_database(loaded, chosen, output_file, replace=replace)
            note(summary + left_out(invalid, "left out"))
            return
        text, summary = interchange.export(
            loaded,
            chosen,
            format_.value,
            reviewer=who,
            review_url=review.url,
            date=review.published or review_date(None),
            updated=review.updated,
            bom=bom,
        )
        write_output(text, output_file)
        note(summary + left_out(invalid, "left out"))


def _check_date(date: str) -> None:
    """--date is checked before the ledger is read (a usage error, whatever the ledger)."""
    from factcheck.formats.claimreview import review_date

    try:
        review_date(date)
    except ValueError as exc:
        usage(str(exc))


def database_target(output_file: Path | None, *, replace: bool) -> Path:
    """Where ``export --format sqlite`` writes: a file, never stdout; an existing one only with
    ``--replace`` (a database is often worked on after the export: views, Datasette metadata)."""
    if output_file is None or str(output_file) == "-":
        usage("--format sqlite writes a database file: give --output FILE (not stdout)")
    if output_file.exists() and not replace:
        from factcheck.errors import FactcheckError

        raise FactcheckError(
            "the file already exists; nothing was written",
            path=output_file,
            hint="give --replace to replace it, or another --output",
        )
    return output_file


def write_database(
    ledger: "Ledger", chosen: "Sequence[Claim]", output_file: Path, *, replace: bool
) -> str:
    """The database written atomically (a temp file renamed into place); the summary line."""
    from factcheck import __version__
    from factcheck.editing.atomic import file_digest, write_atomic
    from factcheck.formats.sqlite import database

    db = database([(ledger, chosen)], version=__version__)
    write_atomic(
        output_file, db.data, expected_digest=file_digest(output_file) if replace else None
    )
    if not db.fts:
        note(
            "note: this Python's SQLite has no FTS5, so the database has no full-text index "
            "(claims_fts); every table is complete"
        )
    return (
        f"{output_file}: {db.claims} claims, {db.evidence} evidence items, {db.sources} sources"
        + (", full-text index claims_fts" if db.fts else "")
    )
