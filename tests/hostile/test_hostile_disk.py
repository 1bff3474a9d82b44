"""A read-only ledger and a full disk: every writing command says so in one line, exits 2, and
leaves every file as it was, with no temporary file behind.

Tests run as root in CI, where permission bits stop nothing, so the failures are simulated by
making the writer's system calls fail as the kernel would (``EACCES``, ``EPERM``, ``ENOSPC``); the
cases that need real permission bits run only as another user. A file without any write bit is
refused by factcheck itself, so that case is real even as root.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from tests.cli_runner import run
from tests.hostile.hostile_helpers import ERROR_LINE, run_cli
from tests.hostile.process_helpers import build_ledger, sentence

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

COMMANDS: dict[str, list[str]] = {
    "rate": ["rate", "c5", "inaccurate", "--note", "Revised."],
    "add": ["add", "--quote", "Headline", "--kind", "opinion", "--id", "headline"],
    "cite": ["cite", "c5", "art", "--stance", "context", "--says", "The article itself."],
    "source-add": [
        "source",
        "add",
        "--id",
        "new-src",
        "--url",
        "https://example.org/n",
        "--title",
        "New",
        "--publisher",
        "P",
        "--issued",
        "2021",
    ],
    "check-fix": ["check", "--fix"],
    "set": ["set", "c5", "--speaker", "Someone"],
    "ignore": ["ignore", "c5", "--rule", "quote-ambiguous", "--reason", "Checked."],
    "remove": ["remove", "c5", "--yes"],
    "source-set": ["source", "set", "art", "--note", "Checked."],
}
LOST = sentence(3).replace("figure rose", "figure  rose up")  # `check --fix` puts it back


def make(root: Path) -> Path:
    path = build_ledger(root, 10)
    path.write_text(path.read_text("utf-8").replace(sentence(3), LOST), encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones included) with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def fail_with(code: int) -> OSError:
    return OSError(code, os.strerror(code))


# How each simulated failure is put in place: (what to patch, the replacement).
def _mkstemp_denied(*args: Any, **kwargs: Any) -> Any:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


def _rename_denied(*args: Any, **kwargs: Any) -> None:
    raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))


def _fsync_full(fd: int) -> None:
    raise fail_with(errno.ENOSPC)


class _FullFile:
    """A file on a disk that fills up half-way through the data."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise fail_with(errno.ENOSPC)

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


_real_fdopen = os.fdopen


def _fdopen_full(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    handle = _real_fdopen(fd, mode, *args, **kwargs)
    return _FullFile(handle) if mode == "wb" else handle


FAILURES: dict[str, tuple[tuple[object, str], Callable[..., Any], str]] = {
    # a read-only folder: the temporary file cannot be created
    "folder-read-only": ((tempfile, "mkstemp"), _mkstemp_denied, "Permission denied"),
    # an immutable file or a sticky folder: the rename is refused
    "rename-refused": ((os, "replace"), _rename_denied, "Operation not permitted"),
    # a full disk, found at the write or only at the fsync (delayed allocation)
    "disk-full-write": ((os, "fdopen"), _fdopen_full, "No space left on device"),
    "disk-full-fsync": ((os, "fsync"), _fsync_full, "No space left on device"),
}


def assert_one_line_exit_2(code: int, stdout: str, stderr: str, fragments: tuple[str, ...]) -> str:
    assert code == 2, stdout + stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    m = ERROR_LINE.match(lines[0])
    assert m, lines[0]
    for fragment in fragments:
        assert fragment in m["message"], lines[0]
    return lines[0]


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_write_that_fails_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, failure: str
) -> None:
    make(tmp_path)
    before = snapshot(tmp_path)
    (module, name), replacement, reason = FAILURES[failure]
    if command == "source-add" and name == "replace":
        name = "link"  # a new file is linked into place, never renamed over another
    monkeypatch.setattr(module, name, replacement)
    line = assert_one_line_exit_2(
        *run(*COMMANDS[command], ledger=tmp_path), (reason, "nothing was written")
    )
    assert any(name in line for name in ("claims.yaml", "new-src.yaml", "art.yaml"))
    assert snapshot(tmp_path) == before  # no file changed, none added (no temporary file)


def test_a_file_without_write_permission_is_not_replaced(tmp_path: Path) -> None:
    """chmod a-w claims.yaml: the folder would allow a rename over it (and root may write
    anything), but the user said read-only; the real CLI refuses."""
    path = make(tmp_path)
    path.chmod(0o444)
    before = snapshot(tmp_path)
    for command in ("rate", "add", "cite", "check-fix", "set", "ignore", "remove"):
        done = run_cli([*COMMANDS[command], "--ledger", str(tmp_path)], cwd=tmp_path)
        assert_one_line_exit_2(done.code, done.out, done.err, ("read-only", "nothing was written"))
        assert snapshot(tmp_path) == before
        assert path.stat().st_mode & 0o777 == 0o444
    path.chmod(0o644)
    done = run_cli([*COMMANDS["rate"], "--ledger", str(tmp_path)], cwd=tmp_path)
    assert done.code == 0, done.err


@pytest.mark.skipif(AS_ROOT, reason="root writes into a 0o555 folder; simulated above")
def test_a_read_only_folder_for_real(tmp_path: Path) -> None:  # pragma: no cover - not as root
    make(tmp_path)
    before = snapshot(tmp_path)
    tmp_path.chmod(0o555)
    (tmp_path / "sources").chmod(0o555)
    try:
        for command in COMMANDS:
            done = run_cli([*COMMANDS[command], "--ledger", str(tmp_path)], cwd=tmp_path)
            assert_one_line_exit_2(done.code, done.out, done.err, ("Permission denied",))
            assert snapshot(tmp_path) == before
    finally:
        (tmp_path / "sources").chmod(0o755)
        tmp_path.chmod(0o755)


@pytest.mark.parametrize("failure", ["folder-read-only", "disk-full-write"])
def test_the_real_cli_prints_one_line_for_a_failed_write(tmp_path: Path, failure: str) -> None:
    """The same failures in the real CLI, in a child process: the bytes on stderr are one line."""
    make(tmp_path)
    before = snapshot(tmp_path)
    patch = {
        "folder-read-only": "import tempfile; tempfile.mkstemp = "
        "lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, 'Permission denied'))",
        "disk-full-write": "import os; os.fsync = "
        "lambda fd: (_ for _ in ()).throw(OSError(28, 'No space left on device'))",
    }[failure]
    code = f"{patch}\nfrom factcheck.cli import main\nmain()"
    import subprocess
    import sys

    from tests.hostile.hostile_helpers import child_env

    proc = subprocess.run(
        [sys.executable, "-c", code, *COMMANDS["rate"], "--ledger", str(tmp_path)],
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        timeout=10,
        check=False,
    )
    reason = FAILURES[failure][2]
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert_one_line_exit_2(proc.returncode, out, err, (reason, "nothing was written"))
    assert snapshot(tmp_path) == before


def test_check_output_and_init_in_an_unwritable_place(tmp_path: Path) -> None:
    """`check --output` and `init` write plain files: a failure there is one line too."""
    make(tmp_path)
    missing = tmp_path / "no-such-folder" / "report.txt"
    result = run("check", "--output", str(missing), ledger=tmp_path)
    assert_one_line_exit_2(*result, ("No such file or directory",))
    article = tmp_path / "story.txt"
    article.write_text("A headline\n\nA sentence.\n", encoding="utf-8")
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the ledger folder should go")
    assert_one_line_exit_2(*run("init", str(article), "--dir", str(blocker)), ("cannot write",))


# --- init and extract --write -------------------------------------------------------------

STORY = (
    "Talks on the peninsula\n\n"
    "North Korea's GDP contracted by 4.5% in 2020, the Bank of Korea said on Friday.\n"
    "Pyongyang tested two ballistic missiles in September 2021.\n"
)
INIT_FILES = 4  # the article's text, its source record, the schema, claims.yaml (last)


def on_call(n: int, real: Callable[..., Any], replacement: Callable[..., Any]) -> Any:
    """``real``, except that its ``n``-th call goes to ``replacement``."""
    calls = [0]

    def patched(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return (replacement if calls[0] == n else real)(*args, **kwargs)

    return patched


def fail_at_file(monkeypatch: pytest.MonkeyPatch, failure: str, k: int) -> str:
    """Make a run's ``k``-th new file (from 1) fail as ``failure`` says; returns the reason."""
    (module, name), replacement, reason = FAILURES[failure]
    if name == "replace":
        name = "link"  # a new file is linked into place
    # each file is fsynced, then its folder: the file's own fsync is every other call
    n = 2 * k - 1 if name == "fsync" else k
    monkeypatch.setattr(module, name, on_call(n, getattr(module, name), replacement))
    return reason


@pytest.mark.parametrize("k", range(1, INIT_FILES + 1))
@pytest.mark.parametrize("failure", FAILURES)
def test_init_that_fails_at_any_file_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str, k: int
) -> None:
    """No half-made ledger: whichever file cannot be written, what init made is gone again."""
    article = tmp_path / "story.txt"
    article.write_text(STORY, encoding="utf-8")
    before = snapshot(tmp_path)
    reason = fail_at_file(monkeypatch, failure, k)
    result = run("init", str(article), "--issued", "2021-09-30")
    assert_one_line_exit_2(*result, (reason, "nothing was written"))
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]  # no sources/ either


def test_init_puts_back_a_schema_it_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "story.txt"
    article.write_text(STORY, encoding="utf-8")
    (tmp_path / "claims.schema.json").write_text("{}\n", encoding="utf-8")
    before = snapshot(tmp_path)
    fail_at_file(monkeypatch, "folder-read-only", INIT_FILES)  # claims.yaml, after the schema
    assert run("init", str(article)).code == 2
    assert snapshot(tmp_path) == before


def fresh_story_ledger(root: Path) -> Path:
    article = root / "story.txt"
    article.write_text(STORY, encoding="utf-8")
    code, _, err = run("init", str(article))
    assert code == 0, err
    return root / "claims.yaml"


@pytest.mark.parametrize("failure", FAILURES)
def test_extract_write_that_fails_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    claims = fresh_story_ledger(tmp_path)
    before = snapshot(tmp_path)
    (module, name), replacement, reason = FAILURES[failure]
    monkeypatch.setattr(module, name, replacement)
    line = assert_one_line_exit_2(
        *run("extract", "--write", ledger=claims), (reason, "nothing was written")
    )
    assert "claims.yaml" in line
    assert snapshot(tmp_path) == before
    monkeypatch.undo()
    code, _, err = run("extract", "--write", ledger=claims)
    assert code == 0 and "appended 2 claims" in err
