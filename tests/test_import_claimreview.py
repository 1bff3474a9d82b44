"""``factcheck import claimreview``: published fact-checks into a ledger, every input shape, the
rating mapped and kept, bad input refused with nothing written, an existing ledger extended with
its comments kept, and the ClaimReview export giving the records back."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.formats import claimreview_in
from factcheck.formats.claimreview_in import rating_of
from factcheck.ledger.load import load_ledger
from factcheck.ledger.vocab import Rating
from tests.cli_runner import run
from tests.factory import write_ledger


def review(n: int, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"fc-{n}",
        "url": f"https://checks.example.org/fc/{n}",
        "name": f"Did the minister say {n}?",
        "datePublished": "2021-03-02T09:00:00+00:00",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "claimReviewed": f"The minister doubled the budget {n} times.",
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 6,
            "worstRating": 1,
            "alternateName": "Pants on Fire!",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Roe"},
            "datePublished": "2021-03-01",
            "appearance": {"@type": "CreativeWork", "url": f"https://social.example.com/p/{n}"},
        },
        "reviewBody": "The budget rose by 4%.",
    }
    out.update(extra)
    return out


def write_input(tmp_path: Path, data: Any, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_import_writes_claims_and_review_sources(tmp_path: Path) -> None:
    src = write_input(tmp_path, [review(1), review(2, reviewRating={"alternateName": "True"})])
    code, out, err = run("import", "claimreview", str(src), "--dir", str(tmp_path / "arch"))
    assert code == 0, err
    assert out == "" and "2 claims, 2 review sources" in err
    ledger = load_ledger(tmp_path / "arch" / "claims.yaml")
    assert ledger.format == 2 and ledger.article_id is None and not ledger.findings
    first, second = ledger.claims
    assert first.id == "fc-1" and first.quote is None
    assert first.claim == "The minister doubled the budget 1 times."
    assert (first.speaker, first.appeared) == ("Jane Roe", "2021-03-01")
    assert first.appearance == ("https://social.example.com/p/1",)
    assert first.rating is Rating.INACCURATE and first.verdict == "Pants on Fire!"
    assert first.note == "The budget rose by 4%."
    assert first.status.value == "disputed"
    assert second.rating is Rating.ACCURATE and second.status.value == "sourced"
    source = ledger.sources[first.evidence[0].source]
    assert source.id == "review-fc-1"
    assert (source.url, source.publisher, source.issued) == (
        "https://checks.example.org/fc/1",
        "Example Checks",
        "2021-03-02",
    )
    assert source.title == "Did the minister say 1?"
    code, _, err = run("check", ledger=tmp_path / "arch")
    assert code == 0, err
    assert "All checks passed: 2 claims, 2 sources" in err


@pytest.mark.parametrize("shape", ["object", "list", "graph", "jsonl", "feed", "stdin"])
def test_every_input_shape(tmp_path: Path, shape: str) -> None:
    reviews = [review(1), review(2)]
    data: Any = {
        "object": reviews[0],
        "list": reviews,
        "graph": {
            "@context": "https://schema.org",
            "@graph": [{"@type": "Organization", "name": "Example Checks"}, *reviews],
        },
        "jsonl": "".join(json.dumps(r) + "\n" for r in reviews),
        "feed": {
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in reviews],
        },
        "stdin": "\n" + "".join(json.dumps(r) + "\n\n" for r in reviews),
    }[shape]
    folder = tmp_path / "arch"
    if shape == "stdin":
        code, _, err = run("import", "claimreview", "-", "--dir", str(folder), input=data)
    else:
        code, _, err = run(
            "import", "claimreview", str(write_input(tmp_path, data)), "--dir", str(folder)
        )
    assert code == 0, err
    ids = [c.id for c in load_ledger(folder / "claims.yaml").claims]
    assert ids == (["fc-1"] if shape == "object" else ["fc-1", "fc-2"])


def bad_inputs() -> list[tuple[str, Any, str]]:
    no_claim = review(2)
    del no_claim["claimReviewed"]
    return [
        ("not-json", "{not json", "not JSON"),
        ("not-json-line-3", json.dumps(review(1)) + "\n" + json.dumps(review(2)) + "\n{", ":3:"),
        ("not-claimreview", [review(1), {"@type": "NewsArticle", "headline": "x"}], "record 2"),
        ("a-string", ["just text"], "not a ClaimReview"),
        ("no-claimreviewed", [review(1), no_claim], "record 2 has no claimReviewed"),
        ("blank-claimreviewed", [review(1, claimReviewed="  ")], "no claimReviewed"),
        ("duplicate-identifier", [review(1), review(2, identifier="fc-1")], "identifier 'fc-1'"),
        ("empty-graph", {"@graph": [{"@type": "WebPage"}]}, "no ClaimReview"),
        ("not-utf8", b"\xff\xfe{}".decode("latin-1"), "not JSON"),
    ]


@pytest.mark.parametrize(
    ("data", "fragment"), [(d, f) for _, d, f in bad_inputs()], ids=[n for n, _, _ in bad_inputs()]
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, data: Any, fragment: str
) -> None:
    src = write_input(tmp_path, data)
    folder = tmp_path / "arch"
    code, out, err = run("import", "claimreview", str(src), "--dir", str(folder))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "error:" in err and fragment in err, err
    assert "nothing was written" in err
    assert not folder.exists()


def test_invalid_utf8_bytes_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_bytes(b'{"@type": "ClaimReview", "claimReviewed": "\xff"}')
    code, _, err = run("import", "claimreview", str(src), "--dir", str(tmp_path / "arch"))
    assert code == 2 and "not UTF-8" in err and not (tmp_path / "arch").exists()


def test_a_file_over_the_size_cap_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 100 MB file is over the cap: refused from its size, before it is read."""
    src = tmp_path / "huge.json"
    with open(src, "wb") as handle:  # sparse: 100 MB that take no disk
        handle.truncate(100 * 1024 * 1024)
    code, _, err = run("import", "claimreview", str(src), "--dir", str(tmp_path / "arch"))
    assert code == 2 and "larger than 64 MB" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "arch").exists()
    monkeypatch.setattr(claimreview_in, "MAX_BYTES", 100)
    code, _, err = run(
        "import", "claimreview", "-", "--dir", str(tmp_path / "arch"), input=" " * 200
    )
    assert code == 2 and "larger than" in err and not (tmp_path / "arch").exists()


def test_ids_from_identifiers_or_slugs(tmp_path: Path) -> None:
    reviews = [
        review(1, identifier="Not A Valid Id"),
        review(2, identifier=None, claimReviewed="Vaccines contain microchips."),
        review(3, identifier={"@type": "PropertyValue", "value": 1234}),
        review(4, identifier=None, claimReviewed="Vaccines contain microchips!"),
    ]
    src = write_input(tmp_path, reviews)
    code, _, err = run("import", "claimreview", str(src), "--dir", str(tmp_path / "a"))
    assert code == 0, err
    ids = [c.id for c in load_ledger(tmp_path / "a" / "claims.yaml").claims]
    assert ids == [
        "minister-doubled-budget-1-times",
        "vaccines-contain-microchips",
        "1234",
        "vaccines-contain-microchips-2",
    ]


def test_importing_the_same_archive_twice_is_refused(tmp_path: Path) -> None:
    src = write_input(tmp_path, [review(1)])
    folder = tmp_path / "arch"
    assert run("import", "claimreview", str(src), "--dir", str(folder)).code == 0
    before = tree(folder)
    code, _, err = run("import", "claimreview", str(src), "--dir", str(folder))
    assert code == 2 and "already in the ledger" in err
    assert tree(folder) == before


def test_into_an_existing_format_1_ledger_keeps_its_text(tmp_path: Path) -> None:
    claims_path = write_ledger(tmp_path / "led")
    original = claims_path.read_text(encoding="utf-8")
    commented = original.replace("claims:\n", "# the desk's ledger\nclaims:  # keep me\n", 1)
    claims_path.write_text(commented, encoding="utf-8")
    before = load_ledger(claims_path)
    src = write_input(tmp_path, [review(1)])
    code, _, err = run("import", "claimreview", str(src), "--dir", str(tmp_path / "led"))
    assert code == 0, err
    assert "now declares format 2" in err
    text = claims_path.read_text(encoding="utf-8")
    assert "# the desk's ledger\nclaims:  # keep me\n" in text
    assert text.startswith(commented.replace("format: 1", "format: 2", 1).rstrip("\n"))
    after = load_ledger(claims_path)
    assert after.format == 2 and after.article_id == before.article_id
    assert after.claims[: len(before.claims)] == before.claims
    assert after.claims[-1].id == "fc-1" and after.claims[-1].quote is None
    assert "review-fc-1" in after.sources and set(before.sources) < set(after.sources)


def test_a_failed_last_write_removes_the_new_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.editing.writer import LedgerFile
    from factcheck.errors import FactcheckError

    claims_path = write_ledger(tmp_path / "led")
    before = tree(tmp_path / "led")

    def refuse(*_: Any, **__: Any) -> str:
        raise FactcheckError("the file changed on disk since it was read; nothing was written")

    monkeypatch.setattr(LedgerFile, "save", refuse)
    src = write_input(tmp_path, [review(n) for n in range(40)])  # more than one fsync each
    code, _, err = run("import", "claimreview", str(src), "--dir", str(claims_path.parent))
    assert code == 2 and "changed on disk" in err
    assert tree(tmp_path / "led") == before


def test_export_gives_the_reviews_back(tmp_path: Path) -> None:
    """Round trip: import, export --format claimreview, and the records say the same; importing
    the export again gives the same ledger."""
    reviews = [
        review(1),
        review(2, reviewRating={"@type": "Rating", "alternateName": "Mostly true"}),
        review(
            3,
            reviewRating={
                "ratingValue": 3,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": "Half true",
            },
        ),
        review(4, reviewRating={"alternateName": "Unproven"}),
    ]
    src = write_input(tmp_path, reviews)
    assert run("import", "claimreview", str(src), "--dir", str(tmp_path / "one")).code == 0
    code, out, err = run("export", "-f", "claimreview", ledger=tmp_path / "one")
    assert code == 0, err
    exported = json.loads(out)
    assert len(exported) == len(reviews)
    for sent, back in zip(reviews, exported, strict=True):
        assert back["@type"] == "ClaimReview" and back["identifier"] == sent["identifier"]
        for key in ("claimReviewed", "url", "name", "reviewBody"):
            assert back[key] == sent[key], key
        assert back["author"]["name"] == sent["author"]["name"]
        assert back["datePublished"] == sent["datePublished"][:10]
        assert back["itemReviewed"]["author"]["name"] == "Jane Roe"
        assert back["itemReviewed"]["datePublished"] == "2021-03-01"
        assert (
            back["itemReviewed"]["appearance"]["url"] == sent["itemReviewed"]["appearance"]["url"]
        )
        sent_rating = sent["reviewRating"]
        if "alternateName" in sent_rating:
            assert back["reviewRating"]["alternateName"] == sent_rating["alternateName"]
        assert rating_of(back["reviewRating"])[0] is rating_of(sent_rating)[0]
    again = write_input(tmp_path, out, "again.json")
    assert run("import", "claimreview", str(again), "--dir", str(tmp_path / "two")).code == 0
    one = load_ledger(tmp_path / "one" / "claims.yaml")
    two = load_ledger(tmp_path / "two" / "claims.yaml")
    assert one.claims == two.claims
    assert (tmp_path / "one" / "claims.yaml").read_bytes() == (
        tmp_path / "two" / "claims.yaml"
    ).read_bytes()
    assert tree(tmp_path / "one" / "sources") == tree(tmp_path / "two" / "sources")


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ({"ratingValue": 5, "bestRating": 5, "worstRating": 1}, Rating.ACCURATE),
        ({"ratingValue": "4", "bestRating": "5", "worstRating": "1"}, Rating.MOSTLY_ACCURATE),
        ({"ratingValue": 1, "bestRating": 6, "worstRating": 1}, Rating.INACCURATE),
        (
            {"ratingValue": -1, "bestRating": 5, "worstRating": 1, "alternateName": "Fake"},
            Rating.INACCURATE,
        ),
        ({"alternateName": "Half True"}, Rating.MIXED),
        ({"alternateName": "Mostly accurate"}, Rating.MOSTLY_ACCURATE),
        ({"alternateName": "Missing context"}, Rating.MISLEADING),
        ({"alternateName": "Pants on Fire!"}, Rating.INACCURATE),
        ({"alternateName": "Satire"}, Rating.UNVERIFIED),
        ({}, Rating.UNVERIFIED),
    ],
)
def test_rating_mapping(rating: dict[str, Any], expected: Rating) -> None:
    assert rating_of(rating)[0] is expected


def test_every_label_the_export_writes_maps_back() -> None:
    from factcheck.formats.claimreview import rating_json

    for rating in Rating:
        assert rating_of(rating_json(rating))[0] is rating


def test_unrated_and_unverified_reviews_pass_check(tmp_path: Path) -> None:
    reviews = [
        review(1, reviewRating=None),
        review(2, reviewRating={"alternateName": "Satire"}),
        review(3, reviewBody=None),  # disputed, and no reviewBody to say why
    ]
    src = write_input(tmp_path, reviews)
    assert run("import", "claimreview", str(src), "--dir", str(tmp_path / "a")).code == 0
    code, out, err = run("check", ledger=tmp_path / "a")
    assert code == 0, out + err
    ledger = load_ledger(tmp_path / "a" / "claims.yaml")
    assert [c.rating for c in ledger.claims] == [None, Rating.UNVERIFIED, Rating.INACCURATE]
    assert all(c.ignore and c.ignore[0].rule == "unsourced" for c in ledger.claims[:2])
    assert ledger.claims[2].note == (
        'Example Checks rates the claim "Pants on Fire!"; the review says why: '
        "https://checks.example.org/fc/3"
    )


text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\ufeff"), min_size=1
).filter(lambda s: s.strip() != "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(text, st.one_of(st.none(), text), st.one_of(st.none(), text)),
        min_size=1,
        max_size=4,
    )
)
def test_any_text_reads_back_as_imported(tmp_path: Path, rows: list[tuple[str, Any, Any]]) -> None:
    """Whatever the text (quotes, colons, control characters, line breaks, YAML words), the ledger
    holds it exactly (stripped of surrounding blanks, as the reader strips them)."""
    # a folder of its own per example: Hypothesis may run the same rows twice, and a second
    # import into the same folder would append to the first
    folder = tmp_path / f"a{uuid.uuid4().hex}"
    reviews = [
        review(n, identifier=None, claimReviewed=c, reviewBody=b, reviewRating={"alternateName": v})
        for n, (c, b, v) in enumerate(rows)
    ]
    src = write_input(tmp_path, reviews, f"{folder.name}.json")
    code, _, err = run("import", "claimreview", str(src), "--dir", str(folder))
    assert code == 0, err
    ledger = load_ledger(folder / "claims.yaml")
    assert not [f for f in ledger.findings if f.rule == "schema"], ledger.findings
    for (c, b, v), claim in zip(rows, ledger.claims, strict=True):
        assert claim.claim == c.strip()
        assert claim.note == (b.strip() if b and b.strip() else None)
        assert claim.verdict == (v.strip() if v and v.strip() else None)


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    src = write_input(tmp_path, [review(1)])
    old = os.umask(0o027)
    try:
        assert run("import", "claimreview", str(src), "--dir", str(tmp_path / "a")).code == 0
    finally:
        os.umask(old)
    mode = (tmp_path / "a" / "sources" / "review-fc-1.yaml").stat().st_mode & 0o777
    assert mode & 0o007 == 0
    assert yaml.safe_load((tmp_path / "a" / "claims.yaml").read_text())["format"] == 2


PIECES = [
    *"ab Z09-?:,[]{}#&*!|>'\"%@`. \t\n\u2028\x85\ufeff\x1b\xa0é—",
    *("yes", "No", "null", "~", "2020-01-01", "1e3", "0x1f", ".inf", "True", ": ", " #"),
]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
    st.sampled_from([None, "", "'", '"']),
    st.booleans(),
)
def test_the_emitters_quick_style_is_what_reading_back_chooses(
    value: str, prefer: str | None, quote_dates: bool
) -> None:
    """Thousands of imported values are quoted without each being parsed back: wherever the
    quick rule decides, it decides as the parse would."""
    from factcheck.editing import emit

    quick = emit._quick_style(value, prefer, quote_dates)
    if quick is None:
        return
    styles = ["", "'", '"']
    if prefer in styles:
        styles.remove(prefer)
        styles.insert(0, prefer)
    for style in styles:  # render_scalar's choice, by reading each candidate back
        text = {"": value, "'": "'" + value.replace("'", "''") + "'"}.get(style)
        if text is None:
            text = emit.double_quoted(value)
        if style == "" and quote_dates and emit.quoted_date(value):
            continue
        if style != '"' and any(c in text for c in "\n\r\x85\u2028\u2029"):
            continue
        if emit._reads_back(text, value):
            assert quick == text
            return
