"""The editing commands: add, set, cite, rate, ignore, remove, ``source add`` and ``source set``.
Each writes through the safe writer (comments and layout kept, atomic, locked, validated before
writing)."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.commands.common import (
    expected_failures,
    load,
    note,
    write,
)
from factcheck.commands.match import AgainstOpt, LexicalOpt, say_checked_before
from factcheck.commands.options import (
    ClaimIdArg,
    LedgerOpt,
)
from factcheck.errors import FactcheckError
from factcheck.ledger.vocab import Kind, Rating, Stance

if TYPE_CHECKING:
    from factcheck.editing.change import Change

KindArg = Annotated[
    Kind, typer.Option("--kind", "-k", help="fact, attribution, opinion or prediction.")
]
IdArg = ClaimIdArg  # completed from the ledger's ids
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
    against: AgainstOpt = None,
    lexical: LexicalOpt = False,
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
        say_checked_before(
            against, [(new.id, claim or quote)], lexical=lexical
        )  # before writing: may fail
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

    \b
    Example:
      factcheck cite econ-bok-gdp-minus-4-9 reuters-2021-07-30-n-korea-economy-shrank \\
        --stance contradicts --says "BOK put the 2020 contraction at 4.5%"
    """
    with expected_failures():
        from factcheck.editing.edits import cite as run_cite

        loaded = load(ledger)
        earlier = run_cite(loaded, claim_id, source, stance=stance, says=says, locator=locator)
        if earlier:
            note(
                f"warning: '{claim_id}' already cited '{source}' ({', '.join(earlier)}); "
                "added another entry for it"
            )
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

    Example: factcheck rate econ-bok-gdp-minus-4-9 inaccurate --note "The BOK figure is -4.5%."
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


def _changed(what: str, changes: list["Change"]) -> None:
    from factcheck.text.inert import one_line

    if changes:
        note(f"{what}: " + "; ".join(one_line(c.describe()) for c in changes))
    else:
        note(f"{what} already has these values; nothing written")


EMPTY = '; "" removes it.'


def set_(
    claim_id: IdArg,
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", help="fact, attribution, opinion or prediction."),
    ] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Who says it" + EMPTY)] = None,
    claim: Annotated[
        str | None, typer.Option("--claim", help="The claim restated in full" + EMPTY)
    ] = None,
    section: Annotated[str | None, typer.Option("--section", help="Its section" + EMPTY)] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help='A tag (repeatable); replaces the tags; --tag "" removes them.'),
    ] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Change a claim's kind, speaker, claim text, section or tags; says what changed.

    Example: factcheck set gdp-contraction-2020 --kind attribution --speaker "the BOK"
    """
    with expected_failures():
        from factcheck.editing.change import set_claim

        loaded = load(ledger)
        values = {"kind": kind, "speaker": speaker, "claim": claim, "section": section}
        changes = set_claim(loaded, claim_id, {**values, "tags": tag})
        _changed(f"'{claim_id}'", changes)
        if changes:
            after = load(loaded.claims_path).claim(claim_id)
            if after is not None:
                note(f"status now {after.status.value}")


def ignore(
    claim_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="The claim's id (or give --source).")
    ] = None,
    rule: Annotated[
        str, typer.Option("--rule", help="The rule to silence here.", show_default=False)
    ] = "",
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Why it does not apply (what was searched, say).",
            show_default=False,
        ),
    ] = "",
    source: Annotated[
        str | None, typer.Option("--source", help="Silence it on this source instead.")
    ] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Silence one check rule on a claim (or a source), with the reason, in its ignore: list.

    Example: factcheck ignore title-why-nk-peace-talks --rule unsourced --reason "The headline."
    """
    with expected_failures():
        from factcheck.editing.change import add_ignore, silences_nothing
        from factcheck.ledger.discover import display_path

        loaded = load(ledger)
        done = add_ignore(loaded, rule=rule, reason=reason, claim_id=claim_id, source_id=source)
        note(f"{done.owner} ignores '{rule}' ({display_path(done.path)}:{done.line})")
        if silences_nothing(loaded.claims_path, done, rule):
            note(
                f"warning: no '{rule}' finding on {done.owner} now; "
                "`check` warns of the entry (unused-ignore) until there is one"
            )


def remove(
    claim_id: IdArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove without asking (needed in a pipe).")
    ] = False,
    ledger: LedgerOpt = None,
) -> None:
    """Remove a claim from claims.yaml; shows it first and asks, or needs --yes in a pipe.

    Example: factcheck remove gdp-contraction-2020 --yes
    """
    with expected_failures():
        from factcheck.editing.change import plan_removal, remove_claim
        from factcheck.ledger.discover import display_path
        from factcheck.text.inert import one_line

        plan = plan_removal(load(ledger), claim_id)
        where = f"{display_path(plan.path)}:{plan.first_line}-{plan.last_line}"
        quote = f": {one_line(plan.quote)!r}" if plan.quote else ""
        if not yes:
            note(f"claim '{claim_id}' at {where}{quote}")
            if not interactive():
                raise FactcheckError(
                    "not removed without --yes when stdin is not a terminal; nothing written",
                    hint=f"factcheck remove {claim_id} --yes",
                )
            if not typer.confirm("Remove this claim?", default=False, err=True):
                raise FactcheckError("nothing written")
        remove_claim(plan)
        note(f"removed claim '{claim_id}' ({where}){quote if yes else ''}")
        for sid in plan.orphans:
            note(f"source '{sid}' is now cited by no claim (`check` warns: unused-source)")


def source_set(
    id_: Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id.")],
    url: Annotated[str | None, typer.Option("--url", help="An http(s) address.")] = None,
    archive: Annotated[
        str | None, typer.Option("--archive", help="A web-archive copy of the page as cited.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    issued: Annotated[
        str | None, typer.Option("--issued", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", help="Repeatable; replaces the authors.")
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="news, report, statement, ...")
    ] = None,
    accessed: Annotated[str | None, typer.Option("--accessed", help="YYYY-MM-DD.")] = None,
    note_: Annotated[str | None, typer.Option("--note")] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Fill in or change fields of sources/<id>.yaml; an empty value ("") removes one.

    Example: factcheck source set 2021-why-are-north-korea-peace-talks --url https://...
    --publisher "Modern Diplomacy" --issued 2021-09-30
    """
    with expected_failures():
        from factcheck.editing.change import set_source
        from factcheck.ledger.discover import display_path

        values = {
            "type": type_,
            "title": title,
            "author": author,
            "publisher": publisher,
            "issued": issued,
            "url": url,
            "archive": archive,
            "accessed": accessed,
            "note": note_,
        }
        path, changes = set_source(load(ledger), id_, values)
        _changed(display_path(path), changes)
