"""Imported ClaimReview text is untrusted like ledger text: markup and control characters in
every field stay inert in every output after ``import claimreview`` (and in its own messages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.hostile_helpers import run_cli
from tests.hostile.test_hostile_output import CONTROLS, MARKUP, PAYLOAD, TABLE, assert_inert

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "identifier": "evil",
    "url": "https://checks.example.org/" + CONTROLS,
    "name": PAYLOAD,
    "datePublished": "2021-03-02",
    "author": {"@type": "Organization", "name": PAYLOAD},
    "claimReviewed": f"Pyongyang said {PAYLOAD} and left.",
    "reviewRating": {"@type": "Rating", "alternateName": PAYLOAD},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": PAYLOAD},
        "appearance": {"url": "https://social.example.com/" + CONTROLS},
    },
    "reviewBody": PAYLOAD,
}
SECOND = {**REVIEW, "identifier": "Bad" + CONTROLS, "reviewRating": {"alternateName": "False"}}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil-import")
    src = root / "in.json"
    src.write_text(json.dumps([REVIEW, SECOND]), encoding="utf-8")
    run = run_cli(["import", "claimreview", str(src), "--dir", str(root / "led")], cwd=root)
    assert run.code == 0, run.err
    assert_inert(run, markup=False)
    return root / "led"


COMMANDS: list[tuple[str, list[str], bool]] = [  # name, arguments, shows the markup
    ("list-table", ["list", *TABLE], True),
    ("list-json", ["list", "--json"], True),
    ("list-plain", ["list"], False),
    ("show-plain", ["show", "evil"], True),
    ("show-table", ["show", "evil", *TABLE], True),
    ("search-table", ["search", "ALERT pyongyang", *TABLE], True),
    ("search-plain", ["search", "ALERT pyongyang"], False),
    ("sources-table", ["sources", *TABLE], True),
    ("sources-json", ["sources", "--json"], True),
    ("stats-table", ["stats", *TABLE], False),
    ("check-text", ["check"], False),
    ("check-github", ["check", "--format", "github"], False),
    ("export-claimreview", ["export", "-f", "claimreview"], True),
    ("export-csv", ["export", "-f", "csv"], True),
    ("export-csl", ["export", "-f", "csl"], True),
]


@pytest.mark.parametrize(
    ("args", "markup"), [(a, m) for _, a, m in COMMANDS], ids=[n for n, _, _ in COMMANDS]
)
def test_imported_text_is_inert(ledger: Path, args: list[str], markup: bool) -> None:
    run = run_cli([*args, "--ledger", str(ledger)], cwd=ledger)
    assert run.code in (0, 1), run.err
    assert_inert(run, markup=markup)


def test_hostile_input_errors_are_one_inert_line(tmp_path: Path) -> None:
    bad = {**REVIEW, "@type": "Claim" + CONTROLS}
    src = tmp_path / ("in" + CONTROLS.replace("/", "") + ".json")
    src.write_text(json.dumps([bad]), encoding="utf-8")
    run = run_cli(["import", "claimreview", str(src), "--dir", str(tmp_path / "led")], cwd=tmp_path)
    assert run.code == 2 and len(run.err.splitlines()) == 1
    assert_inert(run, markup=False)
    assert MARKUP not in run.err and not (tmp_path / "led").exists()
