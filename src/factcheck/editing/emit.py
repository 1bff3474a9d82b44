"""Rendering new YAML: scalars, block mappings and lists, whole documents.

Every YAML text factcheck writes is rendered here: the keys and items ``add`` and ``cite`` insert
into claims.yaml, the entries ``extract`` prints or appends, a new source record, a new
claims.yaml. Each scalar goes on one line, in the first style (plain, single-quoted,
double-quoted) that the ledger's own reader reads back as exactly the value; keys keep the order
they are given in; nesting follows a ``Style`` learnt from the file being edited or chosen for a
new one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError
from factcheck.ledger.yamlio import load_yaml
from factcheck.ledger.yamltags import TIMESTAMP as _TIMESTAMP_TAG
from factcheck.ledger.yamltags import resolve_plain

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Style:
    """How nested blocks are laid out: learnt from a file, or chosen for a new one."""

    seq_offset: int = 2  # columns from a key to the dashes of its block sequence
    map_offset: int = 2  # columns from a key to the keys of its block mapping
    newline: str = "\n"
    flow_lists: bool = False  # lists of plain strings as [a, b]
    # quote what another YAML reader takes for a date (``'2021-09-30'``); factcheck's own reader
    # keeps such plain scalars as text, so only files meant for other tools too need it
    quote_dates: bool = False


# A new file as ``source add`` writes it: lists of names as [a, b], as the shipped sources are.
NEW_FILE = Style(flow_lists=True)
# A new file as ``init`` writes it: lists as block items at the key's column, dates quoted, for
# readers that follow YAML 1.1 (the layout PyYAML's own dumper gives these files).
PORTABLE_FILE = Style(seq_offset=0, quote_dates=True)


def render_scalar(value: str, prefer: str | None = None, *, quote_dates: bool = False) -> str:
    """A YAML scalar for ``value`` on one line that reads back as exactly ``value``.

    ``prefer`` is the style to keep (``""`` plain, ``"'"`` single, ``'"'`` double) when it can
    hold the value; otherwise plain, then single-quoted, then double-quoted.
    """
    quick = _quick_style(value, prefer, quote_dates)
    if quick is not None:
        return quick
    styles = ["", "'", '"']
    if prefer in styles:
        styles.remove(prefer)
        styles.insert(0, prefer)
    for style in styles:
        if style == "":
            if quote_dates and _plain_tag(value) != _STR_TAG:
                continue
            text = value
        elif style == "'":
            text = "'" + value.replace("'", "''") + "'"
        else:
            text = double_quoted(value)
        if style != '"' and any(c in text for c in "\n\r\x85\u2028\u2029"):
            continue  # one line only: a folded scalar would need the context's indentation
        if _reads_back(text, value):
            return text
    raise AssertionError(f"no YAML rendering for {value!r}")  # pragma: no cover


# Characters that may stand in a one-line single-quoted (and, with more rules, plain) scalar: the
# YAML reader's printable set, less line breaks (NEL, LS, PS), tab and the byte-order mark.
_ONE_LINE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]+"
)
_PLAIN_FIRST = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`.\s]")  # starts no indicator
_NOT_PLAIN_FIRST = re.compile(r"[,\[\]{}#&*!|>'\"%@` ]")  # can never start a plain scalar


def _quick_style(value: str, prefer: str | None, quote_dates: bool) -> str | None:
    """What ``render_scalar`` returns, where that is certain without reading the text back
    (plain text of words and punctuation; text that plain cannot hold but single quotes can):
    the common cases, so that writing thousands of values does not parse each one. None when
    only reading back can tell."""
    if prefer not in (None, "", "'") or not _ONE_LINE.fullmatch(value):
        return None
    tag = resolve_plain(value)
    plain_tag_ok = tag == _STR_TAG or (tag == _TIMESTAMP_TAG and not quote_dates)
    if (
        prefer != "'"
        and plain_tag_ok
        and _PLAIN_FIRST.match(value)
        and not value[-1].isspace()
        and not value.endswith(":")
        and ": " not in value
        and " #" not in value
    ):
        return value  # a plain scalar that reads back as itself
    if (
        prefer == "'"
        or not plain_tag_ok
        or _NOT_PLAIN_FIRST.match(value)
        or value.endswith((" ", ":"))
        or ": " in value
        or " #" in value
    ):
        return "'" + value.replace("'", "''") + "'"  # plain cannot hold it; single quotes can
    return None


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar on one line: line breaks and unprintables escaped."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= code <= 0x7E or (
            0xA0 <= code <= 0xFFFD
            and not 0xD800 <= code <= 0xDFFF
            and ch not in "\u2028\u2029\ufeff"
        ):
            out.append(ch)
        elif code >= 0x10000:
            out.append(f"\\U{code:08x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


@lru_cache(maxsize=1)
def _resolver() -> Any:  # (the stubs leave ``Resolver.resolve`` untyped)
    return yaml.resolver.Resolver()


def _plain_tag(value: str) -> str:
    """The tag a YAML 1.1 reader (PyYAML's safe loader) gives ``value`` written plain."""
    return str(_resolver().resolve(yaml.ScalarNode, value, (True, False)))


def quoted_date(value: str) -> bool:
    """Whether a YAML 1.1 reader takes ``value``, written plain, for a date."""
    return _plain_tag(value).endswith(":timestamp")


def _reads_back(text: str, value: str | None, items: list[str] | None = None) -> bool:
    try:
        data = load_yaml(f"k: {text}\n", Path("<render>")).data
    except FactcheckError:
        return False
    want = items if items is not None else value
    return isinstance(data, dict) and data.get("k") == want and list(data) == ["k"]


def _scalar(value: Any, style: Style) -> str:
    """A scalar value's YAML: text (quoted as ``render_scalar`` decides) or a whole number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"only text and whole numbers are written as scalars, not {value!r}")
    return render_scalar(value, quote_dates=style.quote_dates)


def render_block(value: dict[str, Any], indent: int, style: Style) -> list[str]:
    """A mapping as block YAML lines (no line ends) with its keys at column ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(render_block(item, indent + style.map_offset, style))
        elif isinstance(item, list):
            if not item:
                lines.append(f"{pad}{key}: []")
            elif style.flow_lists and all(isinstance(x, str) for x in item):
                lines.append(f"{pad}{key}: {render_flow_list(item, style)}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(render_items(item, indent + style.seq_offset, style))
        else:
            lines.append(f"{pad}{key}: {_scalar(item, style)}")
    return lines


def render_flow_list(items: Sequence[str], style: Style) -> str:
    """``[a, b]``, with items quoted where a flow context needs it."""
    parts = []
    for item in items:
        plain = render_scalar(item, quote_dates=style.quote_dates)
        probe = f"[{plain}]"
        ok = _reads_back(probe, None, [item])
        parts.append(plain if ok else double_quoted(item))
    return "[" + ", ".join(parts) + "]"


def render_items(items: Sequence[Any], dash: int, style: Style) -> list[str]:
    """Block sequence items with their dashes at column ``dash``."""
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            sub = render_block(item, dash + 2, style)
            sub[0] = " " * dash + "- " + sub[0][dash + 2 :]
            lines.extend(sub)
        else:
            lines.append(" " * dash + "- " + _scalar(item, style))
    return lines


def render_document(data: dict[str, Any], style: Style, *, header: str | None = None) -> str:
    """A whole new YAML file: ``header`` as comment lines, then ``data`` as a block mapping."""
    lines = [f"# {line}" for line in (header or "").splitlines()]
    lines += render_block(data, 0, style)
    return "".join(line + style.newline for line in lines)
