"""A ledger file's text, and every way of failing to read it as a positioned FactcheckError.

``read_text`` refuses what is not a readable regular file or is too large, ``decode`` what is not
UTF-8 text, and ``yaml_errors`` turns PyYAML's errors into one-line errors with their position.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from factcheck.errors import FactcheckError

MAX_BYTES = 64 * 1024 * 1024  # a 100,000-claim ledger (~60 MiB) fits; 440× the shipped one


def decode(raw: bytes, path: Path) -> str:
    """Bytes to text: UTF-8 with or without a BOM; anything else is an error with its position."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FactcheckError(
            "file is UTF-16; factcheck reads UTF-8",
            path=path,
            line=1,
            col=1,
            hint="convert it, e.g. `iconv -f UTF-16 -t UTF-8`",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FactcheckError(
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=path,
            line=line,
            col=col,
            hint="save the file as UTF-8",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise FactcheckError(
            "NUL byte in file", path=path, line=line, col=col, hint="remove the NUL character"
        )
    return text


def _where(exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str]:
    """Where a syntax error is shown, and what it says.

    The scanner and the parser name the construct they were reading ("while scanning a quoted
    scalar", "while parsing a flow mapping") and mark where it starts. A token or a flow
    collection left open (an unclosed quote, a missing ``}``) is found out far later, often at
    the end of the file: its start is where the mistake is, so the error points there. In a
    block collection the problem mark is the mis-indented line itself, while the collection may
    have started a thousand lines up: the error points at the problem. The message names both.
    Other errors (a second document, a duplicate anchor) are shown where the problem is.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    start, found, context = exc.context_mark, exc.problem_mark, exc.context or ""
    if not context.startswith("while ") or start is None or found is None:
        return found or start, problem
    if (start.line, start.column) == (found.line, found.column):
        return found, problem
    if context.startswith(("while scanning", "while parsing a flow")):
        return start, f"{problem} at {_at(found)}, {context} that starts here"
    return found, f"{problem}, {context} that starts at {_at(start)}"


def _at(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def refuse_large(size: int, path: Path) -> None:
    """A file over ``MAX_BYTES`` is an error, before it is read."""
    if size > MAX_BYTES:
        raise FactcheckError(
            f"file is {size:,} bytes, over the {MAX_BYTES >> 20} MiB limit",
            path=path,
            line=1,
            col=1,
            hint="split the ledger into several",
        )


def read_text(path: Path) -> str:
    """Read a ledger file as text, refusing what is not a readable regular file."""
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "missing"
            raise FactcheckError(f"cannot read file: it is {what}", path=path)
        refuse_large(path.stat().st_size, path)
        raw = path.read_bytes()
    except OSError as exc:
        raise FactcheckError(f"cannot read file: {exc.strerror}", path=path) from None
    return decode(raw, path)


@contextmanager
def yaml_errors(text: str, path: Path) -> Iterator[None]:
    """PyYAML's errors while reading ``text`` as one-line FactcheckErrors with their position."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark, problem = _where(exc)
        raise FactcheckError(
            f"YAML syntax error: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
            hint="fix the YAML; `yamllint` shows more detail",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. ESC
        char = exc.character  # the pure-Python reader: a str and a character offset
        code = ord(char) if isinstance(char, str) else int(char)  # libyaml: UTF-8 bytes
        offset = exc.position
        if not isinstance(char, str):
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        raise FactcheckError(
            f"character U+{code:04X} is not allowed in YAML",
            path=path,
            line=text.count("\n", 0, offset) + 1,
            col=offset - (text.rfind("\n", 0, offset) + 1) + 1,
            hint='write control characters as escapes in a double-quoted string, e.g. "\\e"',
        ) from None
    except yaml.YAMLError as exc:
        raise FactcheckError(f"YAML error: {exc}", path=path, hint="fix the YAML") from None
