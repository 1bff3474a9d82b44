"""``factcheck diff``: what changed in the fact-check between two git revisions, run through the
CLI in a temporary git repository (the base on ``main``, the change on a branch or in the work
tree), including a renamed ledger folder, a shallow clone and an unknown revision."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from factcheck.ledger.files import Blobs
from factcheck.ledger.load import load_ledger
from tests.cli_runner import run
from tests.factory import BASE_CLAIMS, BASE_SOURCES, write_ledger

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits with a fixed author, and no user or system git configuration."""
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "Desk")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "desk@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def changed_claims() -> list[dict[str, Any]]:
    """The small ledger's claims after a review: a rating and a stance changed, a quote
    re-anchored, a prediction removed and a claim added."""
    claims = copy.deepcopy(BASE_CLAIMS)
    gdp, food, _ = claims
    gdp["rating"] = "misleading"
    gdp["evidence"].append(
        {"source": "yonhap-gdp", "stance": "contradicts", "says": "Yonhap gives 4.5%."}
    )
    food["quote"] = "Food shortage amounted to 860,000 tonnes. Sanctions were not lifted."
    food["evidence"][0]["stance"] = "context"
    added = {
        "id": "sanctions-kept",
        "quote": "Sanctions were not lifted.",
        "kind": "fact",
        "evidence": [{"source": "fao-food", "stance": "supports", "says": "They were not."}],
    }
    return [gdp, food, added]


def changed_sources() -> dict[str, dict[str, Any]]:
    sources = copy.deepcopy(BASE_SOURCES)
    sources["yonhap-gdp"] = {
        "type": "news",
        "title": "N. Korea's economy shrinks 4.5 pct",
        "publisher": "Yonhap",
        "issued": "2021-07-30",
        "url": "https://example.org/yonhap",
    }
    sources["fao-food"]["url"] = "https://example.org/fao-2021"
    return sources


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose ``main`` holds the small ledger in desk/story/, checked out on the
    branch ``review`` with the changed ledger in the work tree (not committed); cwd is the
    ledger's folder."""
    root = tmp_path / "repo"
    write_ledger(root / "desk" / "story")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "review")
    (root / "desk" / "story" / "sources" / "talks-resume.yaml").unlink(missing_ok=True)
    write_ledger(root / "desk" / "story", changed_claims(), changed_sources())
    monkeypatch.chdir(root / "desk" / "story")
    return root


EXPECTED_TEXT = """\
desk/story/claims.yaml
  + claim sanctions-kept: sourced fact: "Sanctions were not lifted."
  - claim talks-resume: opinion prediction: "Talks may resume next year."
  ~ claim gdp-contraction
    rating: inaccurate -> misleading
    + evidence yonhap-gdp (contradicts)
  ~ claim food-shortage
    status: sourced -> unsourced
    quote re-anchored: "Food shortage amounted to 860,000 tonnes." -> "Food shortage amounted \
to 860,000 tonnes. Sanctions were not lifted."
    + evidence fao-food (context)
    - evidence fao-food (supports)
  + source yonhap-gdp: "N. Korea's economy shrinks 4.5 pct"
  ~ source fao-food
    url: https://example.org/fao -> https://example.org/fao-2021
"""


def test_text_names_each_change_by_claim_and_source_id(repo: Path) -> None:
    code, out, err = run("diff")
    assert code == 0, err
    assert out == EXPECTED_TEXT
    base = git(repo, "rev-parse", "--short=7", "main").strip()
    assert err == (
        f"main (merge base {base}) -> work tree: 1 ledger changed; "
        "claims: 1 added, 1 removed, 2 changed; sources: 1 added, 1 changed\n"
    )


def test_two_revisions_compare_commits_not_the_work_tree(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "review")
    (repo / "desk" / "story" / "claims.yaml").write_text("not: [a ledger", encoding="utf-8")
    code, out, err = run("diff", "main", "review")
    assert code == 0, err
    assert out == EXPECTED_TEXT
    code, out, err = run("diff", "review", "HEAD")
    assert (code, out) == (0, "")
    assert err.endswith(": no changes to the fact-check\n")


def test_json_is_versioned_and_keyed_by_id(repo: Path) -> None:
    code, out, err = run("diff", "main", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert data["base"] == {
        "rev": "main",
        "commit": git(repo, "rev-parse", "main").strip(),
        "merge_base": False,
    }
    assert data["head"] == {"rev": None, "commit": None, "merge_base": False}
    assert data["changed"] is True
    assert data["counts"] == {
        "ledgers": 1,
        "claims_added": 1,
        "claims_removed": 1,
        "claims_changed": 2,
        "sources_added": 1,
        "sources_removed": 0,
        "sources_changed": 1,
    }
    (ledger,) = data["ledgers"]
    assert ledger["ledger"] == "desk/story/claims.yaml"
    assert ledger["change"] == "changed"
    claims = ledger["claims"]
    assert [c["id"] for c in claims["added"]] == ["sanctions-kept"]
    assert claims["added"][0]["status"] == "sourced"
    assert [c["id"] for c in claims["removed"]] == ["talks-resume"]
    gdp, food = claims["changed"]
    assert gdp == {
        "id": "gdp-contraction",
        "fields": {"rating": {"old": "inaccurate", "new": "misleading"}},
        "evidence": {"added": [{"source": "yonhap-gdp", "stance": "contradicts"}], "removed": []},
    }
    assert food["fields"]["status"] == {"old": "sourced", "new": "unsourced"}
    assert food["fields"]["quote"]["new"].endswith("Sanctions were not lifted.")
    assert food["evidence"]["removed"] == [{"source": "fao-food", "stance": "supports"}]
    assert ledger["sources"]["added"][0]["id"] == "yonhap-gdp"
    assert ledger["sources"]["changed"] == [
        {
            "id": "fao-food",
            "fields": {
                "url": {"old": "https://example.org/fao", "new": "https://example.org/fao-2021"}
            },
        }
    ]


def test_markdown_is_a_table_per_ledger(repo: Path) -> None:
    code, out, err = run("diff", "--format", "markdown")
    assert code == 0, err
    assert out.startswith("### Fact-check changes\n\nmain (merge base ")
    assert "#### `desk/story/claims.yaml`\n" in out
    assert "| | claim | what changed |\n| --- | --- | --- |\n" in out
    assert '| added | `sanctions-kept` | sourced fact: "Sanctions were not lifted." |' in out
    assert (
        "| changed | `gdp-contraction` | rating: inaccurate → misleading<br>"
        "+ evidence yonhap-gdp (contradicts) |\n" in out
    )
    assert (
        "| changed | `fao-food` | url: https://example.org/fao → https://example.org/fao-2021 |"
        in out
    )


def test_markdown_escapes_ledger_text(repo: Path) -> None:
    claims = changed_claims()
    claims[2]["claim"] = "<script>x</script> | **bold** [link](http://evil)"
    claims[2]["quote"] = "Sanctions were not lifted."
    write_ledger(repo / "desk" / "story", claims, changed_sources())
    code, out, _ = run("diff", "--format", "markdown")
    assert code == 0
    assert "<script>" not in out
    assert "**bold**" not in out


def test_colour_on_request(repo: Path) -> None:
    code, out, _ = run("diff", "--color", "always")
    assert code == 0
    assert "\x1b[" in out
    assert "sanctions-kept" in out


def test_exit_code_on_request(repo: Path) -> None:
    assert run("diff", "--exit-code").code == 1
    assert run("diff", "main", "main", "--exit-code") == (
        0,
        "",
        run("diff", "main", "main")[2],
    )
    _, out, err = run("diff", "main", "main", "--format", "markdown")
    assert "no changes to the fact-check" in out
    assert err.endswith("no changes to the fact-check\n")


def test_renamed_ledger_folder_is_removed_and_added(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "checkout", "-q", "--", ".")
    git(repo, "clean", "-qfd")
    git(repo, "mv", "desk/story", "desk/renamed")
    monkeypatch.chdir(repo)
    code, out, err = run("diff", "main", ".", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    changes = {d["ledger"]: d["change"] for d in data["ledgers"]}
    assert changes == {"desk/renamed/claims.yaml": "added", "desk/story/claims.yaml": "removed"}
    added = next(d for d in data["ledgers"] if d["change"] == "added")
    assert [c["id"] for c in added["claims"]["added"]] == [c["id"] for c in BASE_CLAIMS]
    assert len(added["sources"]["added"]) == len(BASE_SOURCES)
    # the ledger found from inside the renamed folder: all of it new
    monkeypatch.chdir(repo / "desk" / "renamed")
    code, out, _ = run("diff", "main")
    assert out.splitlines()[0] == "desk/renamed/claims.yaml (new ledger)"


def test_many_ledgers_under_a_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_ledger(repo / "desk" / "other")
    monkeypatch.chdir(repo)
    code, out, err = run("diff", "main", "desk")
    assert code == 0, err
    heads = [line for line in out.splitlines() if not line.startswith(" ")]
    assert heads == ["desk/other/claims.yaml (new ledger)", "desk/story/claims.yaml"]
    assert "2 ledgers changed" in err


def test_unknown_revision_is_one_line_and_exit_2(repo: Path) -> None:
    code, out, err = run("diff", "no-such-branch")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "factcheck: error: unknown revision 'no-such-branch' (hint: give a commit, branch or "
        "tag git knows (`git log --oneline` lists commits))"
    ]


def test_shallow_clone_says_how_to_fetch_the_base(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "review")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "review", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone / "desk" / "story")
    code, out, err = run("diff", "HEAD~1")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("factcheck: error: revision 'HEAD~1' is not in this shallow clone")
    assert "git fetch --deepen" in err and "fetch-depth: 0" in err


def test_base_ledger_that_cannot_be_read_names_the_revision(repo: Path) -> None:
    (repo / "desk" / "story" / "claims.yaml").write_text("format: [1\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken")
    git(repo, "checkout", "-q", "main")
    code, _, err = run("diff", "review", "main")
    assert code == 2
    assert err.startswith("review:desk/story/claims.yaml:")
    assert "error: YAML syntax error" in err
    assert len(err.splitlines()) == 1


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_ledger(tmp_path / "plain")
    monkeypatch.chdir(tmp_path / "plain")
    code, _, err = run("diff")
    assert code == 2
    assert "is not inside a git repository" in err


def test_a_ledger_read_from_bytes_is_the_ledger_read_from_disk(tmp_path: Path) -> None:
    claims = write_ledger(tmp_path / "l")
    files = {p: p.read_bytes() for p in (tmp_path / "l").rglob("*") if p.is_file()}
    from_disk = load_ledger(claims)
    from_bytes = load_ledger(claims, Blobs(files))
    assert from_bytes.claims == from_disk.claims
    assert from_bytes.sources == from_disk.sources
    assert from_bytes.article_text == from_disk.article_text
    assert from_bytes.findings == from_disk.findings


def test_invalid_entries_are_warned_of_not_compared(repo: Path) -> None:
    claims = changed_claims()
    del claims[2]["kind"]
    write_ledger(repo / "desk" / "story", claims, changed_sources())
    code, out, err = run("diff")
    assert code == 0
    assert "sanctions-kept" not in out
    assert err.startswith(
        "desk/story/claims.yaml: warning: 1 invalid entry of claims: at work tree not compared"
    )
