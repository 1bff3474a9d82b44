"""Fuzzing the loader, validator and checker: random bytes, random ledger-shaped documents with
random types, and random edits of a valid ledger. Whatever comes in, the answer is a clean load
with findings or one FactcheckError; never another exception."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factcheck.checks.gate import check_ledger
from factcheck.checks.rules import RULES
from factcheck.errors import FactcheckError
from factcheck.formats import findings
from factcheck.formats import text as output
from factcheck.formats.records import article_of, claim_record, source_record
from factcheck.ledger.keys import CLAIM_KEYS, EVIDENCE_KEYS, SOURCE_KEYS
from factcheck.ledger.load import load_ledger
from factcheck.ledger.yamlio import decode, load_yaml
from factcheck.scale import views
from tests.hostile.hostile_helpers import ARTICLE_SOURCE, ARTICLE_TEXT, CLAIMS, make_ledger

FUZZ = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="factcheck-fuzz-"))
    yield path
    shutil.rmtree(path)


def exercise(root: Path) -> None:
    """Load, check and render a ledger the way the CLI does; FactcheckError is an answer."""
    try:
        ledger = load_ledger(root / "claims.yaml")
    except FactcheckError as exc:
        assert str(exc)
        event("FactcheckError")
        return
    event(f"loaded with {len(ledger.claims)} claims")
    result = check_ledger(ledger)
    for f in result.findings:
        assert f.rule in RULES or f.rule == "unused-ignore", f
        assert f.line >= 1 and f.col >= 1, f
    findings.check_text(result)
    findings.check_json(result)
    findings.check_sarif(result)
    article = article_of(ledger)
    output.to_json([claim_record(c, ledger, article) for c in ledger.claims])
    output.to_json([source_record(s, ledger) for s in ledger.sources.values()])
    built = views.build(ledger)
    views.stats([built["stats"]])


# --- random bytes -------------------------------------------------------------------------------

FRAGMENTS = [
    b"format: 1\n", b"claims:\n", b"  - ", b"id: a\n", b"&a ", b"*a", b"!!python/object ", b"[",
    b"]", b"{", b"}", b"? ", b": ", b"\t", b"\r\n", b"\xef\xbb\xbf", b"\xff", b"\x00", b"'", b'"',
    b"\\", b"---\n", b"...\n", b"%YAML 1.1\n", b"<<: ", b"|\n", b">-\n", b"#", b"\x1b",
    b"\xe2\x80\xae",
]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=12), max_size=40).map(b"".join))
def test_random_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    path = Path("fuzz.yaml")
    try:
        doc = load_yaml(decode(raw, path), path)
    except FactcheckError as exc:
        assert exc.path == path
        return
    assert isinstance(doc.duplicates, list)


# --- random ledger-shaped documents ---------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "a", "art", "src", "fact", "opinion", "supports", "2021-09-30", "x y"])
    | st.sampled_from(["North Korea's GDP contracted by 4.9% in 2020.", "Talks resumed", "4.9%"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def mostly(common: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``common`` three times in four, else a value of any type."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda ok: common if ok else values)


def shaped(
    keys: tuple[str, ...], required: tuple[str, ...] = (), **special: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Mostly a mapping: the ``required`` keys, any of the others and an unknown one."""
    field = {k: special.get(k, values) for k in keys}
    return mostly(
        st.fixed_dictionaries(
            {k: field[k] for k in required},
            optional={**{k: v for k, v in field.items() if k not in required}, "qoute": values},
        )
    )


QUOTES = ["North Korea's GDP contracted by 4.9% in 2020.", "Talks resumed", "in", "4.9%", "nope"]
evidence = shaped(
    EVIDENCE_KEYS,
    ("source", "stance", "says"),
    source=mostly(st.sampled_from(["src", "art", "nope", "../x", "a"])),
    stance=mostly(st.sampled_from(["supports", "contradicts", "context"])),
    says=mostly(st.sampled_from(["4.9% it says", "5% it says", "no figure"])),
)
claim = shaped(
    CLAIM_KEYS,
    ("id", "quote", "kind"),
    id=mostly(st.sampled_from(["gdp", "talks", "a-1", "Bad Id"])),
    quote=mostly(st.sampled_from(QUOTES)),
    kind=mostly(st.sampled_from(["fact", "attribution", "opinion", "prediction"])),
    prefix=mostly(st.sampled_from(["North ", "Talks ", ""])),
    suffix=mostly(st.sampled_from([" in 2020", " resumed", ""])),
    evidence=mostly(st.lists(evidence, max_size=3)),
    ignore=mostly(
        st.lists(
            shaped(
                ("rule", "reason"),
                ("rule", "reason"),
                rule=mostly(st.sampled_from(sorted(RULES))),
            ),
            max_size=2,
        )
    ),
)
claims_doc = mostly(
    st.fixed_dictionaries(
        {
            "format": mostly(st.just(1)),
            "article": mostly(st.sampled_from(["art", "src", "nope"])),
            "claims": mostly(st.lists(claim, max_size=6)),
        },
        optional={"extra": values},
    )
)
source_doc = shaped(
    SOURCE_KEYS,
    ("id",),
    id=mostly(st.sampled_from(["src", "a", "art"])),
    text=mostly(st.sampled_from(["src.txt", "../x", "/etc/hostname", "missing.txt"])),
    issued=mostly(st.sampled_from(["2021", "2021-09", "2021-09-30", "2021-13-01"])),
    url=mostly(st.sampled_from(["https://example.org/x", "ftp://x", "no"])),
)


@FUZZ
@given(
    doc=claims_doc, src=source_doc, src_name=st.sampled_from(["src.yaml", "Src X.yml", "a.yaml"])
)
def test_random_documents_load_or_fail_cleanly(
    workdir: Path, doc: Any, src: Any, src_name: str
) -> None:
    root = workdir / "ledger"
    shutil.rmtree(root, ignore_errors=True)
    make_ledger(
        root,
        yaml.safe_dump(doc, allow_unicode=True),
        {src_name: yaml.safe_dump(src, allow_unicode=True), "src.txt": ARTICLE_TEXT},
    )
    exercise(root)


# --- random edits of a valid ledger --------------------------------------------------------------

VALID = (
    CLAIMS
    + "    evidence:\n      - source: art\n        stance: supports\n        says: It says 4.9%.\n"
    + "    ignore:\n      - {rule: quote-ambiguous, reason: fine}\n"
)
edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=len(VALID)),
        st.integers(min_value=0, max_value=3),
        st.sampled_from(
            ["", " ", "\n", ":", "-", "'", '"', "[", "{", "&x", "*x", "!!str", "\t", "#"]
        )
        | st.text(max_size=3),
    ),
    min_size=1,
    max_size=2,
)


@settings(FUZZ, max_examples=1000)
@given(edits=edits, source_edits=edits)
def test_random_edits_load_or_fail_cleanly(
    workdir: Path, edits: list[tuple[int, int, str]], source_edits: list[tuple[int, int, str]]
) -> None:
    def apply(text: str, changes: list[tuple[int, int, str]]) -> str:
        for at, cut, insert in changes:
            text = text[:at] + insert + text[at + cut :]
        return text

    root = workdir / "edited"
    shutil.rmtree(root, ignore_errors=True)
    make_ledger(root, apply(VALID, edits), {"art.yaml": apply(ARTICLE_SOURCE, source_edits)})
    exercise(root)
