"""The editing commands: add, cite, rate and ``source add``. Each writes through the safe writer
(comments and layout kept, atomic, locked, validated before writing)."""

import sys
from typing import Annotated, Any

import typer

from factcheck.commands.common import LedgerOpt, expected_failures, load, note, write
from factcheck.errors import FactcheckError
from factcheck.ledger.vocab import Kind, Rating, Stance

KindArg = Annotated[
    Kind, typer.Option("--kind", "-k", help="fact, attribution, opinion or prediction.")
]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")]
SaysOpt = Annotated[str, typer.Option("--says", help="What the source says, in your words.")]
LocatorOpt = Annotated[str | None, typer.Option("--locator", help="Where in the source.")]


def interactive() -> bool:
    """Whether a person can answer a question on stdin."""
    return sys.stdin.isatty()


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
    locator: LocatorOpt = None,
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
    with expected_failures():
        from factcheck.editing.add import plan_claim, write_claim
        from factcheck.text.inert import one_line

        loaded = load(ledger)
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
            note(
                f"the quote is not exact in the article; closest span at {m.anchor.line}:"
                f"{m.anchor.col} (score {m.score:g}): {one_line(m.text)!r}"
            )
            if not yes:
                if not interactive():
                    raise FactcheckError(
                        "quote not in the article; nothing written",
                        hint="pass --yes to use the closest span, or fix the quote",
                    )
                if not typer.confirm("Use this span as the quote?", default=False, err=True):
                    raise FactcheckError("nothing written")
        line = write_claim(loaded, new)
        for message in new.notes:
            note(message)
        note(f"added claim '{new.id}' at {loaded.claims_path.name}:{line}")
        write(new.id + "\n")


def cite(
    claim_id: IdArg,
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id.")],
    stance: Annotated[Stance, typer.Option("--stance", help="supports, contradicts or context.")],
    says: SaysOpt,
    locator: LocatorOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Add evidence to a claim.

    Example: factcheck cite gdp-contraction-2020 reuters-2021-07-30 --stance contradicts
    --says "BOK put the 2020 contraction at 4.5%"
    """
    with expected_failures():
        from factcheck.editing.edits import cite as run_cite

        loaded = load(ledger)
        run_cite(loaded, claim_id, source, stance=stance, says=says, locator=locator)
        status = load(loaded.claims_path).claim(claim_id)
        state = f"; status now {status.status.value}" if status else ""
        note(f"'{claim_id}' cites '{source}' ({stance.value}){state}")


def rate(
    claim_id: IdArg,
    label: Annotated[
        Rating,
        typer.Argument(
            metavar="LABEL",
            help="accurate, mostly-accurate, mixed, misleading, inaccurate or unverified.",
        ),
    ],
    note_: Annotated[str | None, typer.Option("--note", help="Why; replaces the note.")] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Set a claim's rating (and note).

    Example: factcheck rate gdp-contraction-2020 inaccurate --note "The BOK figure is -4.5%."
    """
    with expected_failures():
        from factcheck.editing.edits import rate as run_rate

        run_rate(load(ledger), claim_id, label, note=note_)
        note(f"'{claim_id}' rated {label.value}")


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
    archive: Annotated[
        str | None, typer.Option("--archive", help="A web-archive copy of the page as cited.")
    ] = None,
    note_: Annotated[str | None, typer.Option("--note")] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Write sources/<id>.yaml from flags; an existing file is never overwritten.

    Example: factcheck source add --id reuters-2021-07-30 --url https://... --title "..."
    --publisher Reuters --issued 2021-07-30 --type news
    """
    with expected_failures():
        from factcheck.editing.edits import add_source
        from factcheck.ledger.discover import discover_ledger, display_path

        fields: dict[str, Any] = {
            "id": id_,
            "type": type_,
            "title": title,
            "author": list(author or ()),
            "publisher": publisher,
            "issued": issued,
            "url": url,
            "archive": archive,
            "accessed": accessed,
            "note": note_,
        }
        path = add_source(discover_ledger(ledger).parent, fields)
        note(f"wrote {display_path(path)}")
        write(id_ + "\n")
