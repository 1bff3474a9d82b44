"""Making untrusted ledger text inert on a terminal and in tab-separated output."""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline, handled by the caller), DEL, and the bidirectional
# overrides and isolates that can make text display in another order than it is read.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """``text`` with control and bidi-override characters escaped; tabs and newlines kept."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` made inert and flattened to one line (for table cells and TSV fields)."""
    return inert(text).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def json_safe(dumped: str) -> str:
    """Escape, inside already-dumped JSON, the characters JSON leaves raw but terminals act on."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) address, else None (no javascript:, data:, …)."""
    from urllib.parse import urlsplit

    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


# What Markdown (CommonMark and GitHub's extensions) would read as markup inside a line: escapes,
# code, emphasis, strike-through, links and images, raw HTML and autolinks, entities, table cells.
_MD_SPECIAL = re.compile(r"[\\`*_~\[\]()!<>&|#]")


def markdown_inline(text: str) -> str:
    """``text`` as inert inline Markdown (a table cell, a heading): every character Markdown acts
    on backslash-escaped, controls escaped as by ``inert``, line breaks shown as ``\\n``, and
    ``@`` kept from mentioning anyone. Nothing in ``text`` can become HTML, a link or a ping."""
    flat = one_line(text)
    return _MD_SPECIAL.sub(r"\\\g<0>", flat).replace("@", "@&#8203;")
