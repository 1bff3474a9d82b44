"""The matching evaluation (scripts/eval_match.py) runs end to end on a small archive in the
CheckThat! 2020 Task 2 layout, and its measures are the task's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_match.py"
CLAIMS = [
    ("v1", 'The UN lifted "all" sanctions on North Korea in 2021.', "Sanctions Lifted?"),
    ("v2", "COVID-19 vaccines contain microchips that track people.", "Vaccine Chips"),
    ("v3", "Pope Francis endorsed Donald Trump for president.", "Pope Endorses Trump?"),
    ("v4", "The UN lifted 'all' sanctions on North Korea in 2021.", "Sanctions Lifted?"),
    ("v5", "An army draft notice was sent by text message.", "Draft Texts"),
]
TWEETS = [
    ("t1", "The UN just lifted all sanctions on North Korea https://t.co/x — A (@a) May 1, 2021"),
    ("t2", "Covid vaccines have tracking chips in them?"),
    ("t3", "The pontiff backed the Republican candidate"),
    ("t4", "Got a text saying I am drafted into the army"),
    ("t5", "vaccines microchips track"),
]
GOLD = {"t1": "v1", "t2": "v2", "t3": "v3", "t4": "v5", "t5": "v2"}


def write_data(root: Path) -> Path:
    root.mkdir(parents=True)
    rows = ["vclaim_id\tvclaim\ttitle"] + ["\t".join(c) for c in CLAIMS]
    (root / "verified_claims.docs.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for split in ("train", "dev", "test"):
        (root / split).mkdir(parents=True)
        tweets = ["tweet_id\ttweet_content"] + [f"{t}\t{text}" for t, text in TWEETS]
        (root / split / "tweets.queries.tsv").write_text("\n".join(tweets) + "\n")
        (root / split / "tweet-vclaim-pairs.qrels").write_text(
            "".join(f"{t} 0 {v} 1\n" for t, v in GOLD.items())
        )
    return root


def evaluate(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_evaluation_prints_each_method_with_the_task_measures(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    out = evaluate("--data", str(data), "--split", "dev", "--cache", str(tmp_path / "cache"))
    rows = {
        line.split(" | ")[0].strip("| "): line.split(" | ")[1:]
        for line in out.splitlines()
        if line.startswith("| ") and not line.startswith("| method")
    }
    assert len(rows) == 3
    shipped = rows["match: BM25 and MiniLM sentence vectors"]
    # every tweet's claim ranked first: copy v4 ties with v1 and comes after it
    assert [float(x) for x in shipped[:5]] == [1.0, 1.0, 1.0, 1.0, 1.0]
    assert "--against at score" in out
    again = evaluate("--data", str(data), "--split", "dev", "--cache", str(tmp_path / "cache"))

    def measured(text: str) -> list[str]:  # the rows less their last column, the time
        return [line.rsplit(" | ", 1)[0] for line in text.splitlines() if line.startswith("| ")]

    assert measured(again) == measured(out)  # the second run reads its vectors from the cache


def test_the_task_measures() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        from eval_match import measures  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(SCRIPT.parent))
    m = measures([["a", "b", "c"], ["x", "y", "a"]], [{"b"}, {"a", "y"}])
    assert m["MAP@1"] == pytest.approx(0.0)
    assert m["MAP@5"] == pytest.approx((0.5 + (1 / 2 + 2 / 3) / 2) / 2)
    assert m["MRR"] == pytest.approx((0.5 + 0.5) / 2)
    assert m["R@5"] == pytest.approx(1.0)


def test_a_held_out_split_is_read_by_its_folder_name(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    assert "English, test: 5 tweets, 5 claims" in evaluate("--data", str(data), "--split", "test")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(data), "--split", "gold"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 2 and "no gold/tweets.queries.tsv in" in done.stderr


def test_tune_searches_on_train_only(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    out = evaluate("--data", str(data), "--tune")
    assert "best: WEIGHT" in out and "fused: SAME" in out and "now in rank.py" in out
