"""Untrusted text reaches the terminal inert: the raw bytes every read command writes hold no
escape sequence, C1 control or bidi override from the ledger, and Rich markup shows literally."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.hostile_helpers import (
    ARTICLE_SOURCE,
    BIDI,
    SGR,
    Run,
    make_ledger,
    q,
    run_cli,
    run_tty,
    write,
)

MARKUP = "[bold red]ALERT[/bold red] [link=https://evil.example]click[/link]"
# Clear screen, set the window title (OSC, BEL-terminated), a C1 CSI, backspace, a right-to-left
# override and an isolate, a hyperlink (OSC 8) with ST: everything a terminal would act on.
CONTROLS = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x08\u202eevil\u2066x\u2069\x1b]8;;https://e.x\x1b\\y"
PAYLOAD = MARKUP + " " + CONTROLS
QUOTE = f"Pyongyang said {PAYLOAD} and left."
ARTICLE = f"Intro sentence. {QUOTE} Outro sentence with 4.9% growth.\n"
EVIL_FILE = "ev\x1b[2Jil\u202e.yaml"


CLAIMS = f"""format: 1
article: art
claims:
  - id: evil
    quote: {q(QUOTE)}
    claim: {q(PAYLOAD)}
    kind: fact
    speaker: {q(PAYLOAD)}
    section: {q(PAYLOAD)}
    tags: [{q(PAYLOAD)}]
    note: {q(PAYLOAD)}
    evidence:
      - source: src
        stance: supports
        says: {q(PAYLOAD + " 12%")}
        locator: {q(PAYLOAD)}
  - id: lost
    quote: {q("Pyongyang said " + MARKUP + " and then left for good")}
    kind: fact
    evidence:
      - {{source: {q("no-" + CONTROLS)}, stance: contradicts, says: {q(PAYLOAD)}}}
  - id: {q("bad" + CONTROLS)}
    quote: x
    kind: opinion
"""
SOURCE = f"""id: src
type: news
title: {q(PAYLOAD)}
publisher: {q(PAYLOAD)}
issued: 2021-09-30
url: {q("https://example.org/" + CONTROLS)}
note: {q(PAYLOAD)}
"""


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    make_ledger(root, CLAIMS, {"src.yaml": SOURCE}, article=ARTICLE)
    write(root / "sources" / EVIL_FILE, f"id: evil\ntitle: {q(PAYLOAD)}\n")
    write(
        root / "sources" / "art.yaml",
        ARTICLE_SOURCE.replace("title: The article", "title: " + q(PAYLOAD)),
    )
    return root


TABLE = ["--format", "table", "--color", "always"]
COMMANDS: list[tuple[str, list[str], bool]] = [  # name, arguments, shows the markup
    ("list-plain", ["list"], True),
    ("list-table", ["list", *TABLE], True),
    ("list-csv", ["list", "--format", "csv"], True),
    ("list-json", ["list", "--json"], True),
    ("list-jsonl", ["list", "--format", "jsonl"], True),
    ("show-plain", ["show", "evil"], True),
    ("show-table", ["show", "evil", *TABLE], True),
    ("show-json", ["show", "evil", "--json"], True),
    ("show-lost-table", ["show", "lost", *TABLE], True),
    ("search-plain", ["search", "ALERT pyongyang"], True),
    ("search-table", ["search", "ALERT pyongyang", *TABLE], True),
    ("sources-plain", ["sources"], True),
    ("sources-table", ["sources", *TABLE], True),
    ("sources-json", ["sources", "--json"], True),
    ("stats-table", ["stats", *TABLE], True),
    ("stats-plain", ["stats"], True),
    ("check-text", ["check"], False),
    ("check-github", ["check", "--format", "github"], False),
    ("check-json", ["check", "--format", "json"], False),
    ("check-sarif", ["check", "--format", "sarif"], False),
]


def assert_inert(run: Run, *, markup: bool) -> None:
    raw = run.stdout + run.stderr
    assert b"Traceback" not in raw, run.err
    stripped = SGR.sub(b"", raw)  # Rich's own colours, asked for with --color always
    assert b"\x1b" not in stripped, stripped[max(0, stripped.find(b"\x1b") - 80) :][:200]
    text = stripped.decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text), repr(text[:500])
    assert not BIDI.search(text), repr(text[:500])
    if markup:
        assert MARKUP in text
        assert "\\x1b[2J" in text or "\\u001b[2J" in text  # shown escaped, not dropped


@pytest.mark.parametrize(
    ("args", "markup"), [(a, m) for _, a, m in COMMANDS], ids=[n for n, _, _ in COMMANDS]
)
def test_output_is_inert(ledger: Path, args: list[str], markup: bool) -> None:
    run = run_cli([*args, "--ledger", str(ledger)], cwd=ledger)
    assert run.code in (0, 1), run.err
    assert_inert(run, markup=markup)


@pytest.mark.parametrize("args", [["check"], ["check", "--color", "always"], ["list"]])
def test_output_on_a_terminal_is_inert(ledger: Path, args: list[str]) -> None:
    run = run_tty([*args, "--ledger", str(ledger)], cwd=ledger)
    assert run.code in (0, 1), run.err
    assert_inert(run, markup=args[0] == "list")


def test_error_line_is_inert(tmp_path: Path) -> None:
    """A FactcheckError about a hostile file name and content still prints one inert line."""
    root = tmp_path / "led\x1b]0;t\x07ger\u202e"
    make_ledger(root, "format: 1\nclaims: [\x1b]0;t\x07\n")
    run = run_cli(["check", "--ledger", str(root)], cwd=tmp_path)
    assert run.code == 2
    assert len(run.err.splitlines()) == 1
    assert_inert(run, markup=False)


def test_evil_file_name_is_reported(ledger: Path) -> None:
    run = run_cli(["check", "--ledger", str(ledger)], cwd=ledger)
    assert "is not a lowercase slug [schema]" in run.out
    assert "ev\\x1b[2Jil\\u202e.yaml" in run.out
