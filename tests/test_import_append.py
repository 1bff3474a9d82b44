"""Appending an import to a large existing ledger costs one reading of it, not one per claim:
claims.yaml is parsed once to edit and once to read back, never composed whole, and written
once, however many claims it holds; and the positions read from the reader's values give the
very file that composing it gave, on every layout tried."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.editing import writer
from factcheck.editing.listend import list_end
from factcheck.editing.writer import LedgerFile
from factcheck.errors import FactcheckError
from factcheck.ledger import yamlio
from tests.cli_runner import run


def review(n: int) -> dict[str, Any]:
    return {
        "@type": "ClaimReview",
        "identifier": f"fc-{n}",
        "url": f"https://checks.example.org/fc/{n}",
        "name": f"Did the minister say {n}?",
        "datePublished": "2021-03-02",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "claimReviewed": f"The minister doubled the budget {n} times.",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"name": "Jane Roe"}},
    }


def archive(path: Path, numbers: range) -> Path:
    path.write_text("".join(json.dumps(review(n)) + "\n" for n in numbers), encoding="utf-8")
    return path


class Counts:
    """How often claims.yaml is parsed (whole, or composed) and written during a run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, claims_path: Path) -> None:
        self.parsed: Counter[str] = Counter()
        self.composed: list[int] = []
        self.writes = 0
        load, compose = yamlio.load_yaml, yaml.compose
        write = getattr(writer, "write_atomic")  # noqa: B009 - patched below

        def counting_load(text: str, path: Path, **kw: Any) -> Any:
            if "claims:" in text:
                self.parsed["claims.yaml"] += 1
            return load(text, path, **kw)

        def counting_compose(text: str, *a: Any, **kw: Any) -> Any:
            self.composed.append(len(text))
            return compose(text, *a, **kw)

        def counting_write(path: Path, *a: Any, **kw: Any) -> None:
            self.writes += Path(path) == claims_path.resolve()
            write(path, *a, **kw)

        monkeypatch.setattr(yamlio, "load_yaml", counting_load)
        monkeypatch.setattr(writer, "load_yaml", counting_load)
        monkeypatch.setattr(yaml, "compose", counting_compose)
        monkeypatch.setattr(writer, "write_atomic", counting_write)


@pytest.mark.parametrize("existing", [3, 120])
def test_appending_reads_the_ledger_once_whatever_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: int
) -> None:
    folder = tmp_path / "arch"
    first = archive(tmp_path / "a.jsonl", range(existing))
    assert run("import", "claimreview", str(first), "--dir", str(folder)).code == 0
    claims_path = folder / "claims.yaml"
    size = len(claims_path.read_text(encoding="utf-8"))
    counts = Counts(monkeypatch, claims_path)
    more = archive(tmp_path / "b.jsonl", range(1000, 1025))
    code, _, err = run("import", "claimreview", str(more), "--dir", str(folder))
    assert code == 0, err
    # one reading to edit, one reading back of the result: not one per claim, nor per item
    assert counts.parsed["claims.yaml"] == 2
    assert counts.writes == 1
    # only the last existing claim is composed (to find where its text ends), never the file
    assert len(counts.composed) == 1 and counts.composed[0] < 1000 < size
    assert claims_path.read_text(encoding="utf-8").count("\n  - id: ") == existing + 25


LAYOUTS = {
    "indented": "format: 2\nclaims:\n  - id: a\n    claim: A.\n  - id: b\n    claim: B.\n",
    "indentless": "format: 2\nclaims:\n- id: a\n  claim: A.\n- id: b\n  claim: B.\n",
    "spaced, comments": (
        "# the desk's archive\nformat: 2  # keep\nclaims:\n\n  - id: a\n    claim: A.\n\n"
        "  # b is next\n  - id: b\n    claim: B.  # trailing\n  # the end of the list\n"
        "# the end of the file\n"
    ),
    "a key after it": (
        "format: 2\nclaims:\n    -   id: a\n        claim: A.\n    -   id: b\n"
        "        claim: B.\n        evidence:\n          - source: s\n            says: x\n"
        "\n# next\nreview:\n  status: draft\n"
    ),
    "crlf": "format: 2\r\nclaims:\r\n  - id: a\r\n    claim: A.\r\n  - id: b\r\n    claim: B.\r\n",
    "block scalar last": (
        "format: 2\nclaims:\n  - id: a\n    claim: A.\n    note: |\n      one\n      # not a"
        " comment\n\n  # a comment\n"
    ),
    "flow values, quoted dates": (
        "format: 2\nclaims:\n  - id: a\n    claim: A.\n    appeared: '2020-01-02'\n"
        "    appearance: [https://x.example/1]\n    meta: {a: 1}\n"
    ),
    "mapping offsets": (
        "format: 2\nclaims:\n   - id: a\n     claim: A.\n     review:\n         status: x\n"
    ),
    "one item, no final newline": "format: 2\nclaims:\n  - id: a\n    claim: A.",
    "no file end newline after comment": "format: 2\nclaims:\n  - id: a\n    claim: A. # c",
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_positions_give_the_composed_answer(tmp_path: Path, name: str) -> None:
    text = LAYOUTS[name]
    path = tmp_path / "claims.yaml"
    path.write_bytes(text.encode("utf-8"))
    composed = LedgerFile.read(path)
    seq = composed.node(["claims"])
    assert isinstance(seq, yaml.SequenceNode)
    found = list_end(
        yamlio.load_yaml(composed.text, path), composed.text, "claims", composed.newline
    )
    assert found is not None
    assert found.dash == seq.value[0].start_mark.column - 2
    assert found.end == composed._content_end(seq)
    assert found.spaced == composed._spaced(seq)
    assert found.style == composed.style()


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_appending_writes_what_composing_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    items = [{"id": "c", "claim": "C.", "appeared": "2021-01-01"}, {"id": "d", "claim": "D."}]
    out = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(writer, "list_end", lambda *_: None)
        path = tmp_path / f"{fast}.yaml"
        path.write_bytes(LAYOUTS[name].encode("utf-8"))
        edit = LedgerFile.read(path)
        edit.extend(["claims"], items)
        try:
            out.append(edit.save())
        except FactcheckError as exc:  # a layout neither can extend: refused alike
            out.append(exc.message)
    assert out[0] == out[1]


def test_a_file_the_positions_cannot_answer_for_is_composed(tmp_path: Path) -> None:
    """Duplicate keys, a flow list, a dash alone on its line: composed as before."""
    for text in (
        "format: 2\nclaims:\n  - id: a\nformat: 2\n",
        "format: 2\nclaims:\n  -\n    id: a\n",
    ):
        path = tmp_path / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        assert list_end(yamlio.load_yaml(text, path), text, "claims", "\n") is None
    path.write_text("format: 2\nclaims: [a]\n", encoding="utf-8")
    with pytest.raises(FactcheckError, match="not a block list"):
        LedgerFile.read(path).extend(["claims"], ["b"])
