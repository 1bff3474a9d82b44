"""source add: a new source file written once, with its fields in order; bad URLs refused."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import run
from tests.handwritten_ledger import make_ledger


def test_source_add_writes_a_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = make_ledger(tmp_path)
    args = (
        "source",
        "add",
        "--id",
        "wire-2021",
        "--url",
        "https://example.org/w",
        "--title",
        "Report: the economy",
        "--publisher",
        "Wire",
        "--issued",
        "2021-07",
        "--type",
        "news",
        "--author",
        "Ann Lee",
    )
    code, out, _ = run(*args, ledger=path)
    assert code == 0 and out == "wire-2021\n"
    written = (tmp_path / "sources" / "wire-2021.yaml").read_text("utf-8")
    assert written == (
        "id: wire-2021\ntype: news\ntitle: 'Report: the economy'\nauthor: [Ann Lee]\n"
        "publisher: Wire\nissued: 2021-07\nurl: https://example.org/w\n"
    )
    code, _, err = run(*args, ledger=path)
    assert code == 2 and "already exists" in err
    code, _, err = run("source", "add", *args[2:4], "--url", "ftp://x", *args[6:], ledger=path)
    assert code == 2
    code, _, _ = run(
        "cite", "experts-doubt", "wire-2021", "--stance", "context", "--says", "s", ledger=path
    )
    assert code == 0
