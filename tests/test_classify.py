"""classify: each input line scored as check-worthy and subjective, as JSON Lines in order."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run


def test_classify_jsonl_in_order(tmp_path: Path) -> None:
    lines = [
        "North Korea's GDP shrank 4.5% in 2020, the Bank of Korea said.",
        "I think this is a wonderful, beautiful idea.",
        "",
    ]
    code, out, _ = run("classify", "-", input="\n".join(lines) + "\n")
    records = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [r["text"] for r in records] == lines
    assert set(records[0]) == {
        "text",
        "checkworthy",
        "checkworthy_label",
        "subjective",
        "subjective_label",
    }
    assert records[0]["checkworthy_label"] is True and records[1]["checkworthy_label"] is False
    assert records[1]["subjective"] > records[0]["subjective"]
    path = tmp_path / "s.txt"
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    code, out2, _ = run("classify", str(path))
    assert out2.splitlines() == out.splitlines()[:2]
