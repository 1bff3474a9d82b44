"""The hostile-input corpus: each case builds a ledger and says what factcheck must answer.

``code`` 2 means: exactly one line on stderr, ``<where>: error: <message>``, where ``where`` matches
the case's ``where`` pattern and the message holds every ``fragment``. ``code`` 1 means: ``check``
reports a finding of ``rule`` whose line holds every fragment. ``code`` 0: a clean load.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.hostile_helpers import (
    ARTICLE_ID,
    ARTICLE_SOURCE,
    CLAIM,
    CLAIMS,
    TIME_BOUND,
    make_ledger,
    write,
)

HEAD = f"format: 1\narticle: {ARTICLE_ID}\nclaims:\n"
# 100,000 claims are 700,000 YAML nodes: PyYAML composes and factcheck converts them at about
# 100,000 nodes a second of CPU, so these two throughput cases get a longer (still finite) bound.
BULK_SECONDS = 30.0
AT = r"(?:.*/)?claims\.yaml:\d+:\d+"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], object]
    code: int
    rule: str | None = None
    fragments: tuple[str, ...] = ()
    where: str = AT
    args: tuple[str, ...] = ("check",)
    absent: tuple[str, ...] = ()  # must appear in no output (e.g. the content of /etc/passwd)
    seconds: float = TIME_BOUND  # wall-clock bound for the child process


def claims(text: str | bytes) -> Callable[[Path], object]:
    return lambda root: make_ledger(root, text)


def claim(body: str) -> Callable[[Path], object]:
    """A ledger with one claim whose mapping is ``body`` (indented for the list item)."""
    return claims(HEAD + "  - " + body.strip("\n").replace("\n", "\n    ") + "\n")


def source(fields: str, name: str = "src.yaml") -> Callable[[Path], object]:
    """A ledger whose claim cites ``src`` and whose ``sources/<name>`` holds ``fields``."""
    body = (
        HEAD + CLAIM + "    evidence:\n      - {source: src, stance: context, says: background}\n"
    )
    return lambda root: make_ledger(root, body, {name: fields})


def article_text(
    text_field: str, setup: Callable[[Path], object] | None = None
) -> Callable[[Path], object]:
    """A ledger whose article source has ``text: <text_field>``; ``setup`` makes the target."""

    def build(root: Path) -> None:
        make_ledger(root, article=None)
        write(
            root / "sources" / f"{ARTICLE_ID}.yaml",
            ARTICLE_SOURCE.replace(f"text: {ARTICLE_ID}.txt", f"text: {text_field!r}"),
        )
        if setup is not None:
            setup(root)

    return build


def symlink(link: str, target: str) -> Callable[[Path], object]:
    def make(root: Path) -> None:
        path = root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    return make


def fifo(name: str) -> Callable[[Path], object]:
    return lambda root: os.mkfifo(root / name)


def then(*steps: Callable[[Path], object]) -> Callable[[Path], object]:
    def build(root: Path) -> None:
        for step in steps:
            step(root)

    return build


# Nine anchors, each a list of nine aliases of the one before: *i stands for 9**9 strings.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(c)}: &{chr(c)} [{', '.join(['*' + chr(c - 1)] * 9)}]\n"
    for c in range(ord("b"), ord("j"))
)
BILLION_LAUGHS = LAUGHS + "format: 1\nclaims: *i\n"
WRONG_TYPES_CLAIM = """
id: 5
quote: [a, list]
kind: {a: mapping}
claim: 3
speaker: true
section: null
tags: "one string"
evidence: "not a list"
rating: 1.5
note: []
prefix: {}
suffix: 7
ignore: "no reason"
"""
WRONG_TYPES_SOURCE = """
id: 1
type: [news]
title: {a: 1}
author: {name: x}
publisher: 12
issued: [2021]
url: 5
accessed: true
text: []
note: 1.5
ignore: {rule: schema}
"""
LONG_ARTICLE = "".join(f"Paragraph {i} says the talks went on. " for i in range(6000))
MARKUP = "[bold red]ALERT[/bold red] [link=https://evil.example]click[/link]"

CASES: list[Case] = [
    # --- YAML: syntax, encodings, sizes, tags, aliases, nesting ---------------------------------
    Case(
        "syntax-unclosed-quote",
        claims(HEAD + '  - id: "gdp\n    kind: fact\n'),
        2,
        fragments=("YAML syntax error",),
    ),
    Case(
        "syntax-bad-indent",
        claims("format: 1\n  article: x\n claims: []\n"),
        2,
        fragments=("YAML syntax error",),
    ),
    Case(
        "syntax-unclosed-flow",
        claims(HEAD + "  - {id: gdp, quote: x\n"),
        2,
        fragments=("YAML syntax error",),
    ),
    Case("tab-indentation", claims(HEAD + "\t- id: gdp\n"), 2, fragments=("YAML syntax error",)),
    Case(
        "two-documents",
        claims(CLAIMS + "---\nformat: 1\n"),
        2,
        fragments=("YAML syntax error", "another document"),
    ),
    Case(
        "duplicate-top-key",
        claims("format: 1\n" + CLAIMS),
        1,
        "schema",
        ("duplicate key 'format'", "first at line 1"),
    ),
    Case(
        "duplicate-claim-key",
        claim("id: gdp\nid: other\nquote: x\nkind: opinion"),
        1,
        "schema",
        ("duplicate key 'id'",),
    ),
    Case(
        "tag-python-object",
        claims(HEAD + '  - !!python/object/apply:os.system ["touch PWNED"]\n'),
        2,
        fragments=("tag", "python/object/apply:os.system", "not allowed"),
        absent=("PWNED",),
    ),
    Case(
        "tag-python-name",
        claims("format: !!python/name:os.system ''\n"),
        2,
        fragments=("python/name:os.system", "not allowed"),
    ),
    Case(
        "tag-local",
        claims("format: 1\narticle: !shell rm -rf /\nclaims: []\n"),
        2,
        fragments=("'!shell'", "not allowed"),
    ),
    Case(
        "tag-binary",
        claims("format: 1\narticle: !!binary aGVsbG8=\nclaims: []\n"),
        2,
        fragments=("binary", "not allowed"),
    ),
    Case(
        "tag-set",
        claims("format: 1\narticle: art\nclaims: !!set {a, b}\n"),
        2,
        fragments=("set", "not allowed"),
    ),
    Case(
        "merge-key",
        claims("base: &b {kind: opinion}\nformat: 1\nclaims:\n  - <<: *b\n"),
        2,
        fragments=("merge", "not allowed"),
    ),
    Case(
        "complex-key",
        claims("format: 1\n? [a, b]\n: value\n"),
        2,
        fragments=("mapping key must be a plain value",),
    ),
    Case("alias-bomb", claims(BILLION_LAUGHS), 2, fragments=("aliases expand too far",)),
    Case(
        "alias-bomb-mappings",
        claims(
            "a: &a {x: 1, y: 1, z: 1, w: 1}\n"
            + "".join(
                f"{k}: &{k} {{p: *{j}, q: *{j}, r: *{j}, s: *{j}, t: *{j}, u: *{j}}}\n"
                for j, k in zip("abcdefghi", "bcdefghij", strict=True)
            )
            + "format: 1\nclaims: []\n"
        ),
        2,
        fragments=("aliases expand too far",),
    ),
    Case(
        "deep-flow-nesting",
        claims("format: 1\nclaims: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        2,
        fragments=("nesting",),
    ),
    Case(
        "deep-block-nesting",
        claims("format: 1\nclaims:\n" + "- " * 10_000 + "x\n"),
        2,
        fragments=("nesting",),
    ),
    Case(
        "moderate-nesting",
        claims("format: 1\nclaims: " + "[" * 200 + "]" * 200 + "\n"),
        2,
        fragments=("nesting is too deep",),
    ),
    # 50 MB is under the 64 MiB limit (a 100,000-claim ledger must load): read in bounded time
    Case("file-50mb", claims(CLAIMS + "# " + "x" * (50 << 20) + "\n"), 0),
    Case(
        "file-over-limit",
        claims(CLAIMS + "#" * ((64 << 20) - len(CLAIMS) + 1)),
        2,
        fragments=("67,108,865 bytes, over the 64 MiB limit",),
    ),
    Case("file-at-limit", claims(CLAIMS + "#" * ((64 << 20) - len(CLAIMS))), 0),
    Case("line-1mb-comment", claims(CLAIMS + "# " + "x" * (1 << 20) + "\n"), 0),
    Case(
        "line-1mb-quote",
        claim(f"id: gdp\nquote: {'spam ' * (1 << 18)}\nkind: opinion"),
        1,
        "quote-not-found",
        ("quote of 'gdp' is not in the article",),
    ),
    Case("line-1mb-key", claims(CLAIMS + "k" * (1 << 20) + ": 1\n"), 2, fragments=("YAML",)),
    Case("empty-file", claims(b""), 2, fragments=("it is empty",)),
    Case("only-comments", claims("# nothing\n# here\n"), 2, fragments=("it is empty",)),
    Case("top-level-list", claims("- format: 1\n"), 2, fragments=("it is a list",)),
    Case("top-level-scalar", claims("hello\n"), 2, fragments=("it is a string",)),
    Case("utf8-bom", claims(b"\xef\xbb\xbf" + CLAIMS.encode()), 0),
    Case(
        "crlf",
        claims(
            CLAIMS.replace("\n", "\r\n") + "  - id: b\r\n    kind: opinion\r\n"
            "    quote: Talks resumed\r\n    qoute: x\r\n"
        ),
        1,
        "schema",
        ("claims.yaml:10:5:", "unknown key 'qoute'"),
    ),
    Case(
        "nul-byte",
        claims(CLAIMS.replace("kind", "ki\0nd")),
        2,
        fragments=("NUL byte",),
        where=r"(?:.*/)?claims\.yaml:6:7",
    ),
    Case(
        "invalid-utf8",
        claims(CLAIMS.encode() + b"  - id: \xff\xfe\n"),
        2,
        fragments=("invalid UTF-8", "0xff"),
        where=r"(?:.*/)?claims\.yaml:7:9",
    ),
    Case(
        "raw-escape-character",
        claims(CLAIMS.replace("kind: opinion", "kind: op\x1b[2Jinion")),
        2,
        fragments=("U+001B is not allowed in YAML",),
        where=AT.replace(r"\d+:\d+", "6:13"),
    ),
    Case("utf16", claims(CLAIMS.encode("utf-16")), 2, fragments=("UTF-16",)),
    Case("utf16-no-bom", claims(CLAIMS.encode("utf-16-le")), 2, fragments=("NUL byte",)),
    # --- the format: types, keys, ids ------------------------------------------------------------
    Case(
        "format-string",
        claims(CLAIMS.replace("format: 1", "format: '1'")),
        2,
        fragments=("unsupported ledger format '1'",),
    ),
    Case(
        "format-bool",
        claims(CLAIMS.replace("format: 1", "format: true")),
        2,
        fragments=("unsupported ledger format True",),
    ),
    Case(
        "format-missing",
        claims(CLAIMS.replace("format: 1\n", "")),
        2,
        fragments=("no 'format' key",),
    ),
    Case(
        "top-wrong-types",
        claims("format: 1\narticle: [x]\nclaims: {a: 1}\nextra: 1\n"),
        1,
        "schema",
        ("'claims' must be a list",),
    ),
    Case(
        "claim-wrong-types",
        claim(WRONG_TYPES_CLAIM),
        1,
        "schema",
        ("'quote' in claims[0] must be a string, not a list",),
    ),
    Case(
        "claim-not-a-mapping",
        claims(HEAD + "  - just a string\n  - 7\n  - null\n"),
        1,
        "schema",
        ("claims[1] must be a mapping, not a number",),
    ),
    Case(
        "evidence-wrong-types",
        claim(
            "id: gdp\nquote: x\nkind: fact\nevidence:\n  - {source: 1, stance: [], says: {}, "
            "locator: []}\n  - 5"
        ),
        1,
        "schema",
        ("'source' in claim 'gdp' evidence[0] must be",),
    ),
    Case(
        "source-wrong-types",
        source(WRONG_TYPES_SOURCE),
        1,
        "schema",
        ("'title' in source 'src' must be a string, not a mapping",),
    ),
    Case(
        "source-not-a-mapping",
        source("- a list\n"),
        1,
        "schema",
        ("source file must be a mapping, not a list",),
    ),
    Case("source-empty", source(""), 1, "schema", ("source file must be a mapping, not null",)),
    Case(
        "unknown-keys",
        claim("id: gdp\nqoute: x\nkind: opinion\nquote: y"),
        1,
        "schema",
        ("unknown key 'qoute'", "did you mean 'quote'"),
    ),
    Case(
        "id-with-spaces",
        claim("id: gdp contraction\nquote: x\nkind: opinion"),
        1,
        "schema",
        ("is not a lowercase slug", "gdp-contraction"),
    ),
    Case(
        "id-lookalike",
        claim("id: gdр\nquote: x\nkind: opinion"),
        1,
        "schema",
        ("'gdр' is not a lowercase slug",),
    ),
    Case(
        "id-path-separators",
        claim("id: ../../etc/passwd\nquote: x\nkind: opinion"),
        1,
        "schema",
        ("'../../etc/passwd' is not a lowercase slug",),
        absent=("root:x:0:0",),
    ),
    Case(
        "evidence-etc-passwd",
        claim(
            "id: gdp\nquote: x\nkind: fact\nevidence:\n"
            "  - {source: ../../etc/passwd, stance: supports, says: s}"
        ),
        1,
        "unknown-source",
        ("cites '../../etc/passwd', which has no file",),
        absent=("root:x:0:0",),
    ),
    Case(
        "evidence-absolute-source",
        claim(
            "id: gdp\nquote: x\nkind: fact\nevidence:\n"
            "  - {source: /etc/passwd, stance: supports, says: s}"
        ),
        1,
        "unknown-source",
        ("cites '/etc/passwd'",),
        absent=("root:x:0:0",),
    ),
    Case(
        "source-file-not-slug",
        source("id: x\n", "Bad Name.yaml"),
        1,
        "schema",
        ("'Bad Name.yaml' is not a lowercase slug",),
    ),
    Case(
        "duplicate-source-files",
        then(source("id: src\n"), lambda r: write(r / "sources" / "src.yml", "id: src\n")),
        1,
        "duplicate-id",
        ("source id 'src'",),
    ),
    Case(
        "claims-100k-same-id",
        claims(HEAD + "  - {id: same, quote: Talks resumed, kind: opinion}\n" * 100_000),
        1,
        "duplicate-id",
        ("claim id 'same' is already used",),
        seconds=BULK_SECONDS,
    ),
    Case(
        "claims-100k-not-mappings",
        claims(HEAD + "  - 1\n" * 100_000),
        1,
        "schema",
        ("must be a mapping, not a number",),
        seconds=BULK_SECONDS,
    ),
    Case(
        "claims-many-lost-quotes",
        lambda r: make_ledger(
            r,
            HEAD
            + "".join(
                f"  - {{id: c{i}, quote: '{'unrelated words here ' * 15}{i}', kind: opinion}}\n"
                for i in range(2000)
            ),
            article=LONG_ARTICLE,
        ),
        1,
        "quote-not-found",
        ("is not in the article",),
    ),
    Case(
        "quote-long-lost",
        claim(f"id: gdp\nquote: {'xyzzy plugh ' * 2000}\nkind: opinion"),
        1,
        "quote-not-found",
        ("not in the article",),
    ),
    # --- paths: text:, symlinks, special files ---------------------------------------------------
    Case(
        "text-dotdot-etc-passwd",
        article_text("../../../../../../etc/passwd"),
        1,
        "bad-path",
        ("leaves",),
        absent=("root:x:0:0",),
    ),
    Case(
        "text-dotdot-leaves-sources",
        then(article_text("../claims.yaml")),
        1,
        "bad-path",
        ("leaves",),
    ),
    Case(
        "text-absolute",
        article_text("/etc/passwd"),
        1,
        "bad-path",
        ("is absolute",),
        absent=("root:x:0:0",),
    ),
    Case(
        "text-symlink-out",
        article_text("art.txt", symlink("sources/art.txt", "/etc/passwd")),
        1,
        "bad-path",
        ("leaves",),
        absent=("root:x:0:0",),
    ),
    Case(
        "text-symlink-loop",
        article_text("loop.txt", symlink("sources/loop.txt", "loop.txt")),
        1,
        "bad-path",
        ("loop.txt",),
    ),
    Case(
        "text-dev-zero",
        article_text("zero", symlink("sources/zero", "/dev/zero")),
        1,
        "bad-path",
        ("leaves",),
    ),
    Case(
        "text-fifo", article_text("pipe", fifo("sources/pipe")), 1, "bad-path", ("is not a file",)
    ),
    Case(
        "text-directory",
        article_text("dir", lambda r: (r / "sources" / "dir").mkdir()),
        1,
        "bad-path",
        ("is not a file",),
    ),
    Case("text-missing", article_text("nowhere.txt"), 1, "bad-path", ("is missing",)),
    Case(
        "article-without-text",
        lambda r: (
            make_ledger(r),
            write(r / "sources" / "art.yaml", ARTICLE_SOURCE.replace("text: art.txt\n", "")),
        ),
        1,
        "bad-path",
        ("has no text: path",),
    ),
    Case(
        "article-unknown",
        claims(CLAIMS.replace("article: art", "article: nope")),
        1,
        "unknown-source",
        ("article 'nope' has no file",),
    ),
    Case(
        "article-text-invalid-utf8",
        lambda r: make_ledger(r, article=b"caf\xe9\n"),
        2,
        fragments=("invalid UTF-8",),
        where=r"(?:.*/)?sources/art\.txt:1:4",
    ),
    Case(
        "source-file-is-directory",
        then(make_ledger, lambda r: (r / "sources" / "dir.yaml").mkdir()),
        1,
        "bad-path",
        ("is not a regular file",),
    ),
    Case(
        "source-file-is-fifo",
        then(make_ledger, fifo("sources/pipe.yaml")),
        1,
        "bad-path",
        ("is not a regular file",),
    ),
    Case(
        "source-file-symlink-out",
        then(make_ledger, symlink("sources/passwd.yaml", "/etc/passwd")),
        1,
        "bad-path",
        ("leaves",),
        absent=("root:x:0:0",),
    ),
    Case(
        "sources-dir-symlink-out",
        then(
            make_ledger,
            lambda r: (r / "sources").rename(r / "real"),
            symlink("sources", "/etc"),
        ),
        1,
        "bad-path",
        ("leaves",),
        absent=("root:x:0:0",),
    ),
    Case(
        "claims-is-directory",
        lambda r: (r / "claims.yaml" / "x").mkdir(parents=True),
        2,
        fragments=("no ledger",),
        where="factcheck",
    ),
    Case(
        "claims-is-fifo",
        lambda r: os.mkfifo(r / "claims.yaml"),
        2,
        fragments=("no ledger",),
        where="factcheck",
    ),
]
