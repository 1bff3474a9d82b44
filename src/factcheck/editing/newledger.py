"""Starting a ledger: claims.yaml, its schema, and sources/ with the article's text and record.

Every file is written atomically and never over an existing one (the schema excepted, which is
brought up to date), and the YAML ones are read back before they are written. claims.yaml comes
last: until it exists there is no ledger. When any step fails, what this run created is removed
again (and a schema it replaced put back), so a failed ``init`` leaves the folder as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from factcheck.editing.atomic import digest, write_atomic
from factcheck.editing.change import check_source_fields
from factcheck.editing.emit import PORTABLE_FILE
from factcheck.editing.writer import new_yaml_file
from factcheck.errors import FactcheckError
from factcheck.ledger.discover import CLAIMS_FILE, SOURCES_DIR
from factcheck.ledger.yamlio import read_text
from factcheck.text.ids import slugify

SCHEMA_FILE = "claims.schema.json"
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | {"\x7f", "\ufffd"}


@dataclass(frozen=True)
class NewLedger:
    """What ``init`` made: claims.yaml's path, and what is wrong with the article's text."""

    claims_path: Path
    warnings: tuple[str, ...] = ()


def article_warnings(text: str) -> list[str]:
    """What makes an article's text a poor start for a ledger: nothing in it, or characters no
    text holds (a binary file that happens to decode as UTF-8)."""
    if not text.strip():
        return [
            "the article is empty: extract will propose nothing and coverage has nothing to "
            "measure (give init the article's text)"
        ]
    odd = sum(1 for ch in text if ch in _CONTROL)
    if odd:
        return [
            f"the article holds {odd} control or replacement character{'s' if odd > 1 else ''}: "
            "is it the article's plain text? (copy the text out of the PDF or page)"
        ]
    return []


SCHEMA_HEADER = f"yaml-language-server: $schema=./{SCHEMA_FILE}"


class _Undo:
    """The folders and files one ``init`` made (or replaced), undone if it does not finish."""

    def __init__(self) -> None:
        self.steps: list[tuple[Path, bytes | None]] = []  # (path, the bytes it replaced)

    def mkdir(self, folder: Path) -> None:
        if not folder.is_dir():
            self.mkdir(folder.parent)
            folder.mkdir()
            self.steps.append((folder, None))

    def write(self, path: Path, data: bytes, *, update: bool = False) -> None:
        """``data`` to a new file ``path``, or with ``update`` over one whose bytes differ."""
        old = path.read_bytes() if update and path.exists() else None
        if old != data:
            write_atomic(path, data, expected_digest=None if old is None else digest(old))
            self.steps.append((path, old))

    def yaml(self, path: Path, data: dict[str, Any], **how: Any) -> None:
        new_yaml_file(path, data, **how)
        self.steps.append((path, None))

    def __enter__(self) -> _Undo:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            return
        for path, old in reversed(self.steps):
            try:
                if path.is_dir():
                    path.rmdir()
                elif old is None:
                    path.unlink()
                else:
                    write_atomic(path, old, expected_digest=digest(path.read_bytes()))
            except (OSError, FactcheckError):
                pass  # the first failure is the one to report


def init_ledger(
    article: Path,
    folder: Path,
    *,
    title: str | None = None,
    author: list[str] | None = None,
    publisher: str | None = None,
    url: str | None = None,
    issued: str | None = None,
) -> NewLedger:
    """Create claims.yaml and sources/ for ``article`` in ``folder``; never overwrite a ledger.

    An article that is not UTF-8 text (a binary file, a NUL byte) is refused: no ledger could
    read it. An empty one, or one with control characters, is made with warnings.
    """
    check_source_fields({"issued": issued, "url": url})  # refused now, not left for `check`
    claims_path = folder / CLAIMS_FILE
    if claims_path.exists():
        raise FactcheckError(
            "a ledger already exists here",
            path=claims_path,
            hint="use --dir to start one elsewhere",
        )
    try:
        text = read_text(article)
    except FactcheckError as exc:
        if exc.line is None:  # not a decoding problem: missing, unreadable, too large
            raise
        raise FactcheckError(
            f"the article is not a text file: {exc.message}",
            path=exc.path,
            line=exc.line,
            col=exc.col,
            hint="init needs the article's plain text in UTF-8: copy the text out of the PDF or "
            "page, or convert it (e.g. `iconv -t UTF-8`)",
        ) from None
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), article.stem)
    title = title or first_line
    year = (issued or "")[:4]
    article_id = slugify(f"{year} {title}", max_words=8)
    sources = folder / SOURCES_DIR
    text_name = f"{article_id}.txt"
    if (sources / text_name).exists() or (sources / f"{article_id}.yaml").exists():
        raise FactcheckError(
            f"sources/{article_id} already exists",
            path=sources,
            hint="remove it or choose another --dir",
        )
    record: dict[str, Any] = {"id": article_id, "type": "article", "title": title}
    if author:
        record["author"] = list(author)
    for key, value in (("publisher", publisher), ("issued", issued), ("url", url)):
        if value:
            record[key] = value
    record["text"] = text_name
    from importlib.resources import files

    schema = files("factcheck.schema").joinpath(SCHEMA_FILE).read_bytes()
    try:
        raw = article.read_bytes()
    except OSError as exc:
        raise FactcheckError(f"cannot read file: {exc.strerror}", path=article) from None
    try:
        with _Undo() as made:
            made.mkdir(sources)
            made.write(sources / text_name, raw)
            made.yaml(sources / f"{article_id}.yaml", record, style=PORTABLE_FILE)
            made.write(folder / SCHEMA_FILE, schema, update=True)
            ledger = {"format": 1, "article": article_id, "claims": []}
            made.yaml(claims_path, ledger, header=SCHEMA_HEADER)
    except OSError as exc:
        where = exc.filename or folder
        raise FactcheckError(f"cannot write: {exc.strerror}", path=where) from None
    return NewLedger(claims_path, tuple(article_warnings(text)))
