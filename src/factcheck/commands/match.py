"""match: whether a claim in the ledgers already checks a statement."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from factcheck.commands.common import (
    emit_records,
    exit_for,
    expected_failures,
    note,
    progress,
    show,
    views_many,
    with_ledger,
    write,
)
from factcheck.commands.options import (
    GIVEN,
    Color,
    ColorOpt,
    LedgerOpt,
    NoPagerOpt,
    PathsArg,
    ReadFormat,
    formatted,
    quietable,
)
from factcheck.errors import FactcheckError

MATCH_COLUMNS = ("score", "id", "status", "rating", "quote")

LexicalOpt = Annotated[
    bool,
    typer.Option(
        "--lexical",
        help="Match by shared words alone (BM25): no sentence vectors to make, less found.",
    ),
]


@quietable
@formatted(ReadFormat.TABLE, ReadFormat.PLAIN, ReadFormat.JSON, ReadFormat.JSONL)
def match(
    statement: Annotated[
        str,
        typer.Argument(
            metavar="STATEMENT",
            help='The statement; "-" reads JSON Lines {"id": …, "text": …} from stdin.',
            show_default=False,
        ),
    ],
    paths: PathsArg = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many claims a statement.")
    ] = 5,
    lexical: LexicalOpt = False,
    ledger: LedgerOpt = None,
    fmt: ReadFormat = GIVEN,
    color: ColorOpt = Color.AUTO,
    no_pager: NoPagerOpt = False,
) -> None:
    """Has this been checked before? Rank the ledgers' claims by whether they check the statement.

    Scores run 0-100, from shared words (BM25) and meaning (sentence vectors); a claim from 38
    (83 with --lexical, in an archive of thousands) likely checks the same thing. A ledger's
    vectors are made once and cached: the first match on a large archive takes a while (a
    progress bar on a terminal), and a changed ledger encodes only its new and edited claims.
    With "-", one JSON line per statement: {"query": ID, "matches": [...]} (a JSON list with
    --format json).
    Example: factcheck match "Sanctions on North Korea were lifted" archive/ --limit 3
    """
    many = statement == "-"
    with expected_failures():
        from factcheck.matching.index import prepare
        from factcheck.matching.ledgers import PARTS, Matcher

        queries = _read_queries() if many else [("", statement)]
        loaded, failures = views_many(paths, ledger, PARTS, color, prepare)
        with progress("encoding claims", color) as advance:  # a new archive: minutes, once
            matcher = Matcher(loaded, lexical=lexical, advance=advance)
        texts = [text for _, text in queries]
        with progress("encoding statements", color) as advance:
            chosen = matcher.encode(texts, advance)
        found = matcher.each(texts, limit, chosen)
        if many:
            from factcheck.formats.records import SCHEMA_VERSION
            from factcheck.formats.text import to_json, to_jsonl

            out = (
                {"schema_version": SCHEMA_VERSION, "query": qid, "matches": m}
                for (qid, _), m in zip(queries, found, strict=True)
            )
            if fmt is ReadFormat.JSON:
                write(to_json(list(out)))
            else:  # a line a statement as it is ranked: the batch's records are never all held
                for line in out:
                    write(to_jsonl([line]))
        else:
            records = next(found)
            if fmt is ReadFormat.TABLE:
                from factcheck.formats.terminal.tables import search_table

                show(search_table(records, [() for _ in records]), color, no_pager=no_pager)
            else:
                emit_records(records, fmt, with_ledger(MATCH_COLUMNS, loaded))
            if fmt in (ReadFormat.TABLE, ReadFormat.PLAIN):
                total = sum(v["meta"]["claims"] for v in loaded)
                note(f"{len(records)} best of {total} claims")
    exit_for(failures)


def _read_queries() -> list[tuple[Any, str]]:
    """The statements on stdin: one JSON object a line with ``text`` (and an ``id``)."""
    import orjson

    queries: list[tuple[Any, str]] = []
    for n, line in enumerate(sys.stdin.buffer.read().splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FactcheckError(
                f"not JSON: {exc}", path="<stdin>", line=n, hint='one {"id": …, "text": …} a line'
            ) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise FactcheckError(
                'a line must be an object with a "text" string',
                path="<stdin>",
                line=n,
                hint='one {"id": …, "text": …} a line',
            )
        queries.append((item.get("id", n), item["text"]))
    return queries


AgainstOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--against",
        help="Say for each claim whether a claim in these ledgers (files or folders) already "
        "checks it, with its status and rating.",
        show_default=False,
    ),
]


def say_checked_before(
    against: list[Path] | None,
    claims: list[tuple[str, str]],
    *,
    lexical: bool = False,
    color: Color = Color.AUTO,
) -> None:
    """For ``--against``: one line on stderr per (id, text) claim, whether a claim of those
    ledgers already checks it (``matching.against``); ``lexical``: by words alone. Encoding
    their claims the first time shows a progress bar on a terminal."""
    if not against:
        return
    from factcheck.commands.common import report_failures
    from factcheck.matching.against import checked_before, verdict
    from factcheck.text.inert import one_line

    with progress("encoding claims", color) as advance:
        texts = [text for _, text in claims]
        found, failures, read = checked_before(against, texts, lexical=lexical, advance=advance)
    report_failures(failures, any_loaded=read > 0)
    for (cid, _), m in zip(claims, found, strict=True):
        note(f"{one_line(cid)}: {one_line(verdict(m))}")
