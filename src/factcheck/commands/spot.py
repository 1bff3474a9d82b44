"""The claim-spotting commands: init, extract, coverage and classify."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.commands.common import (
    emit_records,
    expected_failures,
    load,
    note,
    progress,
    write,
)
from factcheck.commands.match import AgainstOpt, LexicalOpt, say_checked_before
from factcheck.commands.options import (
    GIVEN,
    Color,
    ColorOpt,
    LedgerOpt,
    ReadFormat,
    formatted,
)

if TYPE_CHECKING:
    from factcheck.ledger.models import Ledger
    from factcheck.spotting.candidates import Candidate
    from factcheck.spotting.proposals import Proposal

UNCOVERED_COLUMNS = ("line", "col", "checkworthy", "text")


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
    with expected_failures():
        from factcheck.editing.newledger import init_ledger

        folder = directory if directory is not None else article.parent
        made = init_ledger(
            article,
            folder,
            title=title,
            author=author,
            publisher=publisher,
            url=url,
            issued=issued,
        )
        for warning in made.warnings:
            sys.stderr.write(f"{article}: warning: {warning}\n")
        path = made.claims_path
        note(f"created {path}; next: `factcheck extract --ledger {path.parent}`")


@formatted(ReadFormat.JSON, ReadFormat.JSONL, auto="YAML entries to paste under claims:")
def extract(
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=1, help="Check-worthiness needed (0-1).")
    ] = 0.5,
    write_: Annotated[
        bool, typer.Option("--write", help="Append the entries to claims.yaml.")
    ] = False,
    all_: Annotated[
        bool, typer.Option("--all", help="Also sentences claims already cover.")
    ] = False,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    against: AgainstOpt = None,
    lexical: LexicalOpt = False,
) -> None:
    """Propose claims for the article: check-worthy sentences the ledger does not cover yet,
    cut into atomic claims, each with a guessed kind, speaker and section.

    Prints YAML entries to paste under `claims:` (exact quotes, no evidence), records with
    --json or --format jsonl, or appends the entries with --write.
    """
    with expected_failures():
        from factcheck.editing.atomic import file_digest
        from factcheck.spotting.proposals import proposals

        loaded = load(ledger)
        as_of = file_digest(loaded.claims_path) if write_ else None  # refused if it changes
        cands = _scored(loaded, color)
        found = proposals(loaded, cands, min_score=min_score, include_covered=all_)
        claims = [(p.id, p.quote) for p in found]
        say_checked_before(against, claims, lexical=lexical, color=color)
        if write_ and found:
            from factcheck.editing.add import append_claims

            append_claims(loaded.claims_path, [p.entry() for p in found], as_of=as_of)
        _emit_proposals(loaded, found, fmt, quiet_yaml=write_)
        if write_:
            note(f"appended {len(found)} claims to {loaded.claims_path}")
        else:
            note(f"{len(found)} candidate claims from {len(cands)} sentences")


def _emit_proposals(
    loaded: "Ledger", found: "list[Proposal]", fmt: ReadFormat, *, quiet_yaml: bool
) -> None:
    """The proposals as records (--json, --format jsonl) or as YAML entries (not after
    --write, which has put them in claims.yaml)."""
    if fmt in (ReadFormat.JSON, ReadFormat.JSONL):
        from factcheck.formats.records import proposal_record
        from factcheck.ledger.discover import display_path

        where = display_path(loaded.claims_path)
        emit_records([proposal_record(p, where) for p in found], fmt, ())
    elif not quiet_yaml:
        from factcheck.spotting.proposals import entries_yaml

        write(entries_yaml(found))


def _scored(loaded: "Ledger", color: Color) -> list["Candidate"]:
    """The article's sentences scored, with a progress bar on a terminal after a second."""
    from factcheck.spotting.candidates import candidates

    with progress("scoring sentences", color) as advance:
        return candidates(loaded, advance)


@formatted()
def coverage(
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage", min=0, max=100, help="Fail (exit 1) below this percentage: a CI gate."
        ),
    ] = None,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
) -> None:
    """The share of the article's check-worthy sentences that at least one claim covers."""
    with expected_failures():
        from factcheck.formats.records import coverage_record, uncovered_records
        from factcheck.spotting.candidates import coverage as measure

        result = measure(_scored(load(ledger), color))
        if fmt is ReadFormat.JSON:
            from factcheck.formats.text import to_json

            write(to_json(coverage_record(result)))
        else:  # the sentences are too long for a table: plain lines on a terminal too
            plain = ReadFormat.PLAIN if fmt is ReadFormat.TABLE else fmt
            emit_records(uncovered_records(result), plain, UNCOVERED_COLUMNS)
        share = result.share
        if share is None:
            note("coverage n/a: the article has no sentences, so there is nothing to measure")
        else:
            note(
                f"coverage {share:.1%}: {result.covered} of {result.checkworthy} "
                "check-worthy sentences have a claim"
            )
        failed = min_coverage is not None and (share is None or share * 100 < min_coverage)
    if failed:
        what = "no coverage to hold to" if share is None else "below"
        note(f"{what} --min-coverage {min_coverage:g}%")
        raise typer.Exit(1)


def classify(
    file: Annotated[str, typer.Argument(help="One sentence per line; - reads stdin.")],
) -> None:
    """Score sentences: JSON Lines with check-worthiness and subjectivity (0-1) and labels.

    Example: printf 'GDP fell 4.5%% in 2020.\\n' | factcheck classify -
    """
    with expected_failures():
        from factcheck.formats.records import classify_record
        from factcheck.formats.text import to_jsonl
        from factcheck.spotting.model import score

        if file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            from factcheck.ledger.yamlio import read_text

            lines = read_text(Path(file)).splitlines()
        records = [classify_record(t, sc) for t, sc in zip(lines, score(lines), strict=True)]
        write(to_jsonl(records))
