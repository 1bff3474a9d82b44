"""Importing published fact-checks: ClaimReviews become claims that quote no article (format 2),
each citing its review as a source, in a new ledger or appended to an existing one.

Everything is planned and rendered first (ids, YAML, all of it read back): a review that cannot
be imported stops the run before a byte is written. Then the review sources go into sources/
(each a new file, never over an existing one; synced) and claims.yaml is written last,
atomically (``editing.atomic``): a new file, or the existing one patched in place with its
comments and layout kept (``writer.LedgerFile``). If any write fails, the files this run created
are removed again."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.editing.atomic import fsync_dir
from factcheck.editing.emit import Style, render_document, render_items
from factcheck.editing.writer import LedgerFile, check_reads_back, new_yaml_file
from factcheck.errors import FactcheckError
from factcheck.formats.claimreview_in import Review
from factcheck.ledger.discover import CLAIMS_FILE, SOURCES_DIR, display_path
from factcheck.ledger.files import YAML_SUFFIXES
from factcheck.ledger.keys import ID_RE
from factcheck.ledger.vocab import FORMAT_VERSION, FORMAT_VERSIONS, Rating, Stance
from factcheck.text.ids import slugify, unique_id

_SUPPORTS = (Rating.ACCURATE, Rating.MOSTLY_ACCURATE)
_CONTRADICTS = (Rating.MIXED, Rating.MISLEADING, Rating.INACCURATE)
# new files: names as [a, b]; dates quoted, so that YAML 1.1 readers keep them as text too
IMPORTED = Style(flow_lists=True, quote_dates=True)
FSYNC_EACH_UP_TO = 32  # more new files than this are made durable by one sync, not one each


@dataclass
class Plan:
    """What one import writes: claims.yaml entries and source records, in input order."""

    claims: list[dict[str, Any]]
    sources: list[dict[str, Any]]


@dataclass(frozen=True)
class Imported:
    claims_path: Path
    claims: int
    sources: int
    created: bool  # a new ledger
    upgraded: bool  # an existing format-1 ledger now declares format 2


def plan_import(
    reviews: Sequence[Review], claim_ids: set[str], source_ids: set[str], path: Path | str
) -> Plan:
    """The claims and sources for ``reviews``, with ids unused by ``claim_ids``/``source_ids``.

    A review's ``identifier`` is its claim's id when it is a valid id; one the ledger already
    holds is refused (the archive was imported before). Otherwise the id is a slug of the claim.
    """
    taken_claims = set(claim_ids)
    taken_sources = set(source_ids)
    plan = Plan([], [])
    for review in reviews:
        cid = review.identifier
        if cid is not None and ID_RE.match(cid):
            if cid in taken_claims:
                raise FactcheckError(
                    f"{review.where}: claim '{cid}' is already in the ledger; nothing was written",
                    path=path,
                    line=review.line,
                    hint="this review was imported before; import into another --dir",
                )
        else:
            cid = unique_id(slugify(review.claim, max_words=8), taken_claims)
        taken_claims.add(cid)
        sid = unique_id(f"review-{cid}", taken_sources)
        taken_sources.add(sid)
        plan.claims.append(claim_entry(review, cid, sid))
        plan.sources.append(source_entry(review, sid))
    return plan


def claim_entry(review: Review, cid: str, sid: str) -> dict[str, Any]:
    """A format-2 claim (keys in the format's order) for one review."""
    org = review.publisher or "The review"
    owner = f"{review.publisher}'s published review" if review.publisher else "The published review"
    rating = review.rating
    if rating in _SUPPORTS:
        stance = Stance.SUPPORTS
    elif rating in _CONTRADICTS:
        stance = Stance.CONTRADICTS
    else:
        stance = Stance.CONTEXT
    if review.verdict is not None:
        says = f'{org} rates the claim "{review.verdict}".'
    elif rating is not None:
        says = f"{org} rates the claim {rating.value}."
    else:
        says = f"{org} reviews the claim without a rating."
    entry: dict[str, Any] = {"id": cid, "claim": review.claim, "kind": "fact"}
    if review.speaker:
        entry["speaker"] = review.speaker
    if review.appeared:
        entry["appeared"] = review.appeared
    if review.appearance:
        entry["appearance"] = list(review.appearance)
    entry["evidence"] = [{"source": sid, "stance": stance.value, "says": says}]
    if rating is not None:
        entry["rating"] = rating.value
    if review.verdict is not None:
        entry["verdict"] = review.verdict
    if review.body:
        entry["note"] = review.body
    elif stance is Stance.CONTRADICTS:  # a disputed claim says why: here, where the review is
        where = f": {review.url}" if review.url else ""
        entry["note"] = f"{says[:-1]}; the review says why{where}"
    if stance is Stance.CONTEXT:
        entry["ignore"] = [
            {
                "rule": "unsourced",
                "reason": f"{owner} reaches no verdict on the ledger's scale.",
            }
        ]
    return entry


def source_entry(review: Review, sid: str) -> dict[str, Any]:
    """The review as a source record (keys in the format's order)."""
    record: dict[str, Any] = {"id": sid, "type": "article"}
    for key, value in (
        ("title", review.title),
        ("author", list(review.authors)),
        ("publisher", review.publisher),
        ("issued", review.issued),
        ("url", review.url),
    ):
        if value:
            record[key] = value
    return record


def import_reviews(reviews: Sequence[Review], folder: Path, input_path: Path | str) -> Imported:
    """Write ``reviews`` into the ledger in ``folder`` (created, with the folder, if none)."""
    claims_path = folder / CLAIMS_FILE
    sources = folder / SOURCES_DIR
    exists = claims_path.is_file()
    ledger_file: LedgerFile | None = None
    upgraded = False
    if exists:
        # read for editing, once: a change after this read is refused when it is saved; the
        # ids in use come from the same reading (a ledger's sources are its files' names)
        ledger_file = LedgerFile.read(claims_path)
        claim_ids = _claim_ids(ledger_file.data, claims_path)
        source_ids: set[str] = set()
    elif claims_path.exists() or (folder.exists() and not folder.is_dir()):
        raise FactcheckError(
            f"{display_path(claims_path)} is not a file", path=folder, hint="choose another --dir"
        )
    else:
        claim_ids, source_ids = set(), set()
    if sources.is_dir():
        source_ids |= {p.stem for p in sources.iterdir() if p.suffix in YAML_SUFFIXES}
    plan = plan_import(reviews, claim_ids, source_ids, input_path)
    files = _source_files(plan.sources, sources)
    if ledger_file is not None:
        data = ledger_file.data
        if not isinstance(data, dict) or "claims" not in data:
            raise FactcheckError(
                "claims.yaml has no 'claims:' list to add to; nothing was written",
                path=claims_path,
                hint="run `factcheck check` and fix the file first",
            )
        if data.get("format") != FORMAT_VERSION:
            ledger_file.set_key([], "format", FORMAT_VERSION)
            upgraded = True
        ledger_file.extend(["claims"], plan.claims)  # a layout it cannot extend fails here
        # read back now, before any file is created (save reads it back again)
        ledger_file.verify("the import")
    made_folder = _make_folders(folder, sources)
    created: list[Path] = []
    try:
        created = _place(files, sources)
        if ledger_file is not None:
            ledger_file.save()
        else:
            new_yaml_file(
                claims_path, {"format": FORMAT_VERSION, "claims": plan.claims}, style=IMPORTED
            )
    except BaseException:
        _remove(created)
        for made in reversed(made_folder):
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    return Imported(claims_path, len(plan.claims), len(plan.sources), not exists, upgraded)


def _claim_ids(data: Any, claims_path: Path) -> set[str]:
    """The ids the ledger's claims hold, valid or not; a format this factcheck does not read, or
    a file that is not a ledger, is refused as ``load_ledger`` refuses it."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise FactcheckError(
            f"claims.yaml must be a mapping with 'format' and 'claims'; it is {kind}",
            path=claims_path,
            hint="run `factcheck check` and fix the file first",
        )
    version = data.get("format")
    if version not in FORMAT_VERSIONS or isinstance(version, bool):
        raise FactcheckError(
            "claims.yaml has no 'format' key"
            if "format" not in data
            else f"unsupported ledger format {version!r}; this factcheck reads formats "
            f"{', '.join(map(str, FORMAT_VERSIONS))}",
            path=claims_path,
            hint="upgrade factcheck, or import into another --dir",
        )
    claims = data.get("claims")
    items = claims if isinstance(claims, list) else []
    return {
        str(c["id"])
        for c in items
        if isinstance(c, dict) and isinstance(c.get("id"), (str, int)) and c["id"] != ""
    }


def _source_files(records: list[dict[str, Any]], sources: Path) -> list[tuple[Path, bytes]]:
    """Each source record's file and its text; all of them are read back first (as one list:
    the scalars are written alike at any depth) and must give the records."""
    if not records:
        return []
    check_reads_back(
        "".join(line + "\n" for line in render_items(records, 0, IMPORTED)),
        sources,
        records,
        "the review sources",
    )
    return [
        (sources / f"{r['id']}.yaml", render_document(r, IMPORTED).encode("utf-8")) for r in records
    ]


def _make_folders(folder: Path, sources: Path) -> list[Path]:
    made: list[Path] = []
    for path in (*reversed(folder.parents), folder, sources):
        if not path.exists():
            try:
                path.mkdir()
            except OSError as exc:
                raise FactcheckError(
                    f"cannot create the folder: {exc.strerror}; nothing was written", path=path
                ) from None
            made.append(path)
    return made


def _place(files: list[tuple[Path, bytes]], sources: Path) -> list[Path]:
    """Create ``files`` (new files in ``sources``) all or none, never replacing a file, and make
    them durable before claims.yaml (written next) can cite them."""
    made: list[Path] = []
    try:
        for path, data in files:
            with open(path, "xb") as handle:
                made.append(path)
                handle.write(data)
                if len(files) <= FSYNC_EACH_UP_TO:
                    handle.flush()
                    os.fsync(handle.fileno())
        if len(files) > FSYNC_EACH_UP_TO:
            os.sync()  # one flush for thousands of small files, not one each
        fsync_dir(sources)
    except FileExistsError as exc:  # made by another process meanwhile: not ours to remove
        _remove(made)
        raise FactcheckError(
            f"{display_path(Path(exc.filename or sources))} appeared while importing; "
            "nothing was written",
            path=sources,
            hint="run the import again",
        ) from None
    except OSError as exc:
        _remove(made)
        raise FactcheckError(
            f"cannot write the review sources: {exc.strerror or exc}; nothing was written",
            path=sources,
            hint="check the folder's permissions and the free disk space",
        ) from None
    except BaseException:
        _remove(made)
        raise
    return made


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
