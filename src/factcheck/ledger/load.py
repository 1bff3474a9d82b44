"""Loading a ledger: claims.yaml, sources/*.yaml and the article's text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError
from factcheck.ledger.discover import SOURCES_DIR, display_path
from factcheck.ledger.files import DISK, Disk
from factcheck.ledger.models import FORMAT_VERSION, FORMAT_VERSIONS, Finding, Ledger, Pos, Severity

if TYPE_CHECKING:
    from factcheck.ledger.yamlio import YMap


def load_ledger(claims_path: Path, files: Disk = DISK) -> Ledger:
    """Read and validate a ledger. Unreadable input raises FactcheckError; the rest are findings.

    ``files`` is where its files are read from: the disk, or ``files.Blobs`` (bytes in memory,
    e.g. a git revision's), whose paths are taken as they are given.
    """
    # here, not at the top: a cached run (cache.py) never parses YAML, and skips these imports
    from factcheck.ledger.build import build_claims, build_review
    from factcheck.ledger.claimstream import ClaimStream
    from factcheck.ledger.validate import Validator, type_name
    from factcheck.ledger.yamlio import YMap, load_yaml_file

    claims_path = claims_path.absolute()
    root = claims_path.parent
    display = display_path(claims_path)
    stream = ClaimStream(claims_path, display)  # the claims, built as they are read
    doc = load_yaml_file(lambda: files.read_text(claims_path), Path(display), stream.start)
    v = Validator(claims_path, display)
    v.duplicate_keys(doc.duplicates)
    data = doc.data
    if not isinstance(data, YMap):
        kind = "empty" if data is None else type_name(data)
        raise FactcheckError(
            f"claims.yaml must be a mapping with 'format', 'article' and 'claims'; it is {kind}",
            path=display,
            line=1,
            col=1,
            hint="start the file with 'format: 1'",
        )
    version = _check_format(data, display)
    article_id, claims, _, invalid = build_claims(data, v, version, stream)
    ledger = Ledger(
        root=root,
        claims_path=claims_path,
        article_id=article_id,
        claims=claims,
        sources={},
        findings=v.findings,
        invalid=tuple(invalid),
        format=version,
    )
    ledger.review = build_review(data, v)
    _load_sources(ledger, files)
    _load_article(ledger, data, display, files)
    return ledger


def _check_format(data: YMap, display: str) -> int:
    """The ledger's format version; one this factcheck does not read raises."""
    version = data.get("format")
    if version in FORMAT_VERSIONS and not isinstance(version, bool):
        return int(version)
    pos = data.value_pos.get("format", data.pos)
    if "format" not in data:
        message = "claims.yaml has no 'format' key"
    else:
        message = (
            f"unsupported ledger format {version!r}; this factcheck reads formats "
            f"{', '.join(map(str, FORMAT_VERSIONS))}"
        )
    raise FactcheckError(
        message,
        path=display,
        line=pos.line,
        col=pos.col,
        hint=f"add 'format: {FORMAT_VERSIONS[0]}' (or {FORMAT_VERSION}) or upgrade factcheck",
    )


def _load_sources(ledger: Ledger, files: Disk) -> None:
    from factcheck.ledger.build import build_source
    from factcheck.ledger.validate import Owner, Validator
    from factcheck.ledger.yamlio import load_yaml

    folder = ledger.root / SOURCES_DIR
    if not files.is_dir(folder):
        return
    if not files.inside(folder, ledger.root):
        ledger.findings.append(
            Finding(
                display_path(folder),
                1,
                1,
                Severity.ERROR,
                "bad-path",
                f"{SOURCES_DIR}/ leaves the ledger folder (a link to elsewhere)",
                f"make {SOURCES_DIR}/ a real folder inside the ledger",
            )
        )
        return
    plain = files.plain_files(folder)  # inside the ledger, as the folder is: nothing to resolve
    for path in files.yaml_files(folder):
        display = display_path(path)
        problem = None
        if path.name in plain:
            pass
        elif not files.inside(path, ledger.root):
            problem = f"{path.name} leaves the ledger folder (a link to elsewhere)"
        elif not files.is_file(path):
            problem = f"{path.name} is not a regular file"
        if problem:
            ledger.findings.append(
                Finding(
                    display,
                    1,
                    1,
                    Severity.ERROR,
                    "bad-path",
                    problem,
                    "a source is one YAML file in sources/",
                    source_id=path.stem,
                )
            )
            continue
        doc = load_yaml(files.read_text(path), Path(display))
        v = Validator(path, display)
        v.duplicate_keys(doc.duplicates, Owner(source_id=path.stem))
        source = build_source(doc.data, path, v)
        ledger.findings.extend(v.findings)
        if source.id in ledger.sources:
            first = ledger.sources[source.id].path.name
            ledger.findings.append(
                Finding(
                    display,
                    1,
                    1,
                    Severity.ERROR,
                    "duplicate-id",
                    f"source id '{source.id}' is also {first}",
                    "keep one file per source",
                    source_id=source.id,
                )
            )
            continue
        ledger.sources[source.id] = source


def _load_article(ledger: Ledger, data: YMap, display: str, files: Disk) -> None:
    for source in ledger.sources.values():
        target, problem = files.text_path(ledger.root, source.text)
        if problem:
            pos = source.at("text")
            ledger.findings.append(
                Finding(
                    display_path(source.path),
                    pos.line,
                    pos.col,
                    Severity.ERROR,
                    "bad-path",
                    problem,
                    "keep texts inside sources/ and give a relative path",
                    source_id=source.id,
                )
            )
            continue
        if target is not None and source.id == ledger.article_id:
            ledger.article_text = files.read_text(target)
    if ledger.article_id is None:
        return
    pos = data.value_pos.get("article", Pos(1, 1))
    article = ledger.sources.get(ledger.article_id)
    if article is None:
        ledger.findings.append(
            Finding(
                display,
                pos.line,
                pos.col,
                Severity.ERROR,
                "unknown-source",
                f"article '{ledger.article_id}' has no file in sources/",
                f"add sources/{ledger.article_id}.yaml with a text: path",
            )
        )
    elif article.text is None:
        spos = article.pos
        ledger.findings.append(
            Finding(
                display_path(article.path),
                spos.line,
                spos.col,
                Severity.ERROR,
                "bad-path",
                f"the article's source '{article.id}' has no text: path",
                "add 'text: <file>.txt' with the article's verbatim text",
                source_id=article.id,
            )
        )
