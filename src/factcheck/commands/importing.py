"""The ``import`` group: published fact-checks into a ledger (``import claimreview``)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from factcheck.commands.common import expected_failures, note
from factcheck.commands.options import quietable


@quietable
def claimreview(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-",
            help="ClaimReview JSON-LD: an object, a list, an @graph or JSON Lines; - reads stdin.",
        ),
    ],
    directory: Annotated[
        Path,
        typer.Option(
            "--dir",
            file_okay=False,
            help="The ledger folder: an existing ledger is added to, a new one is created.",
        ),
    ] = Path("."),
) -> None:
    """Import published fact-checks (schema.org ClaimReview) as claims: each review's claim,
    verdict and appearance, with the review cited as a source. All or nothing: a record that
    cannot be imported stops it (exit 2) before anything is written.

    Example: factcheck import claimreview reviews.jsonl --dir archive/
    """
    with expected_failures():
        from factcheck.editing.importer import import_reviews
        from factcheck.formats.claimreview_in import read_reviews

        shown, data = _read_input(file)
        reviews = read_reviews(data, shown)
        done = import_reviews(reviews, directory, shown)
        what = "created" if done.created else "added to"
        upgraded = "; it now declares format 2" if done.upgraded else ""
        note(
            f"{what} {done.claims_path}: {done.claims} claims, {done.sources} review sources"
            f"{upgraded}; next: `factcheck check --ledger {done.claims_path.parent}`"
        )


def _read_input(file: str) -> tuple[str, bytes]:
    """The input's name as errors show it, and its bytes (at most the size cap, plus one)."""
    from factcheck.errors import FactcheckError
    from factcheck.formats.claimreview_in import MAX_BYTES, too_big

    if file == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return "<stdin>", data
    path = Path(file)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise too_big(file)
        with open(path, "rb") as handle:
            return file, handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FactcheckError(f"cannot read file: {exc.strerror}", path=file) from None
