"""Process cases for the writing commands: a signal in the middle of a write, two writers at once.

Every case runs the real CLI (``rate``, ``add``) in a child process and asserts that claims.yaml
is afterwards byte for byte the old file or the new one (the new one as the same command writes
it undisturbed), never a mix; that no traceback is printed; and that a temporary file a killed
writer leaves behind is never read and is deleted by the next write.
"""

from __future__ import annotations

import contextlib
import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from factcheck.editing.writer import LedgerFile
from factcheck.errors import FactcheckError
from tests.cli_runner import run
from tests.hostile.hostile_helpers import ERROR_LINE, run_cli
from tests.hostile.process_child import STAGES
from tests.hostile.process_helpers import build_ledger, finish, spawn, temps, wait_for

RATE = ["rate", "c50", "misleading", "--note", "The series was revised in 2021."]
ADD = ["add", "--quote", "Headline", "--kind", "opinion", "--id", "headline"]
SIGNALS = {"SIGINT": signal.SIGINT, "SIGKILL": signal.SIGKILL}
RANDOM_TRIES = 15  # per signal: 30 interrupted writes in all


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """claims.yaml before, and after each command run undisturbed."""
    out = {"old": build_ledger(tmp_path_factory.mktemp("ref")).read_bytes()}
    for name, args in (("rate", RATE), ("add", ADD)):
        root = tmp_path_factory.mktemp(name)
        build_ledger(root)
        done = run_cli([*args, "--ledger", str(root)], cwd=root)
        assert done.code == 0, done.err
        out[name] = (root / "claims.yaml").read_bytes()
        assert out[name] != out["old"]
    return out


def assert_clean_failure(err: str) -> None:
    assert "Traceback" not in err, err
    assert len(err.splitlines()) <= 1, err


def assert_next_write_recovers(root: Path, reference: dict[str, bytes]) -> None:
    """Whatever a killed writer left, the ledger reads cleanly and the next write succeeds,
    removes the stale temporary file, and ends with the same bytes as an undisturbed run.
    (In process: the children above already ran the real CLI.)"""
    code, out, err = run("check", ledger=root)
    assert code == 0, out + err
    assert ".tmp" not in out + err
    (root / "claims.yaml").write_bytes(reference["old"])
    code, out, err = run(*RATE, ledger=root)
    assert code == 0, out + err
    assert (root / "claims.yaml").read_bytes() == reference["rate"]
    assert temps(root) == []


# --- a signal at each stage of the write -----------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("signame", SIGNALS)
def test_signal_at_each_stage_of_a_write(
    tmp_path: Path, reference: dict[str, bytes], signame: str, stage: str
) -> None:
    build_ledger(tmp_path)
    mark = tmp_path.parent / f"{tmp_path.name}.mark"
    hooks = {"HOSTILE_PAUSE": stage, "HOSTILE_MARK": str(mark), "HOSTILE_SLOW": "1024,0"}
    proc = spawn(RATE, tmp_path, **hooks)
    assert wait_for(mark.exists, proc), finish(proc).err
    proc.send_signal(SIGNALS[signame])
    done = finish(proc)
    replaced = stage == "after-replace"
    assert (tmp_path / "claims.yaml").read_bytes() == reference["rate" if replaced else "old"]
    assert_clean_failure(done.err)
    if signame == "SIGINT":
        assert done.code == 130 and done.err == "", done.err  # Typer's silent exit on Ctrl-C
        # The writer deletes its temporary file on the way out, except when the signal lands
        # inside mkstemp: the file exists but its name has not reached the writer yet (a window
        # of microseconds in real life). The next write deletes that one.
        assert len(temps(tmp_path)) == (1 if stage == "after-mkstemp" else 0)
    else:
        # SIGKILL leaves no chance to clean up: at most the one temporary file, never renamed
        assert len(temps(tmp_path)) == (0 if replaced else 1)
    assert_next_write_recovers(tmp_path, reference)


# --- signals at random moments during a slow write -------------------------------------------


def interrupt_at_random(root: Path, reference: dict[str, bytes], signame: str) -> dict[str, int]:
    """RANDOM_TRIES writes in ``root``, each hit by ``signame`` at a random moment of the write;
    returns how many left the old file and how many the new one."""
    build_ledger(root)
    rng = random.Random(f"hostile-{signame}")  # reproducible, still spread over the write
    outcomes = {"old": 0, "rate": 0}
    for _ in range(RANDOM_TRIES):
        (root / "claims.yaml").write_bytes(reference["old"])
        stale = len(temps(root))
        # 256-byte chunks with 1 ms pauses: the write itself lasts about 50 ms
        proc = spawn(RATE, root, HOSTILE_SLOW="256,0.001")
        wait_for(lambda n=stale: len(temps(root)) > n, proc)
        time.sleep(rng.uniform(0.0, 0.07))
        proc.send_signal(SIGNALS[signame])
        done = finish(proc)
        now = (root / "claims.yaml").read_bytes()
        assert now in (reference["old"], reference["rate"]), "claims.yaml is half written"
        outcome = "old" if now == reference["old"] else "rate"
        outcomes[outcome] += 1
        if done.code == 0:  # the signal came after the process ended
            assert outcome == "rate" and done.err.strip() == "'c50' rated misleading", done.err
        else:
            assert_clean_failure(done.err)
            assert done.code == (130 if signame == "SIGINT" else -signal.SIGKILL), done.err
        # at most one temporary file: a stale one is deleted by each new write
        assert len(temps(root)) <= 1
    return outcomes


def test_signals_at_random_moments_of_a_write(tmp_path: Path, reference: dict[str, bytes]) -> None:
    """SIGINT and SIGKILL, each RANDOM_TRIES times in its own ledger (the two run side by side
    to halve the time), at random moments of a slowed-down `rate`."""
    with ThreadPoolExecutor(max_workers=len(SIGNALS)) as pool:
        futures = {
            name: pool.submit(interrupt_at_random, tmp_path / name, reference, name)
            for name in SIGNALS
        }
        outcomes = {name: future.result(timeout=120) for name, future in futures.items()}
    for name, counts in outcomes.items():
        assert sum(counts.values()) == RANDOM_TRIES
        print(f"{name}: {counts}")  # how the tries fell (pytest -s shows it)
        assert_next_write_recovers(tmp_path / name, reference)


def test_a_stale_temporary_file_is_never_read(tmp_path: Path, reference: dict[str, bytes]) -> None:
    """A killed writer's temporary file holds a valid, different ledger: nothing reads it, and
    the next write deletes it (and only it: a look-alike of another shape is kept)."""
    build_ledger(tmp_path)
    stale = tmp_path / ".claims.yaml.abcd1234.tmp"
    stale.write_bytes(reference["add"])
    keep = tmp_path / ".claims.yaml.mine.tmp"
    keep.write_text("not a writer's file")
    listing = run_cli(["list", "--format", "csv", "--ledger", str(tmp_path)], cwd=tmp_path)
    assert listing.code == 0 and "headline" not in listing.out
    done = run_cli([*RATE, "--ledger", str(tmp_path)], cwd=tmp_path)
    assert done.code == 0, done.err
    assert (tmp_path / "claims.yaml").read_bytes() == reference["rate"]
    assert not stale.exists() and keep.exists()


# --- two writers at once ---------------------------------------------------------------------


def test_two_writers_in_threads_one_wins(
    tmp_path: Path, reference: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both writers read the same file, then both try to write. They meet at a barrier right
    after the digest check: without mutual exclusion both would pass it and the second rename
    would silently drop the first edit. With it, the second waits, sees the first one's file,
    and refuses."""
    import tempfile

    path = build_ledger(tmp_path)
    first, second = LedgerFile.read(path), LedgerFile.read(path)
    first.set_key(["claims", 10], "rating", "mixed")
    second.set_key(["claims", 20], "rating", "accurate")
    barrier = threading.Barrier(2, timeout=0.5)
    real_mkstemp = tempfile.mkstemp

    def meet(*args: object, **kwargs: object) -> object:
        made = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        # a broken barrier: the other writer is not in here with us, as it should be
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return made

    monkeypatch.setattr(tempfile, "mkstemp", meet)
    errors: dict[str, FactcheckError] = {}

    def save(name: str, f: LedgerFile) -> None:
        try:
            f.save()
        except FactcheckError as exc:
            errors[name] = exc

    threads = [threading.Thread(target=save, args=(n, f)) for n, f in (("a", first), ("b", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(errors) == 1, f"both writers wrote, one edit is lost: {errors}"
    (loser,) = errors.values()
    assert "changed on disk since it was read" in loser.message
    text = path.read_text("utf-8")
    assert ("rating: mixed" in text) != ("rating: accurate" in text)
    assert temps(tmp_path) == []


@pytest.mark.parametrize("pair", [("rate", "add"), ("add", "rate")])
def test_two_cli_writers_one_wins_one_fails_clearly(
    tmp_path: Path, reference: dict[str, bytes], pair: tuple[str, str]
) -> None:
    """Two real processes read the same ledger, wait at a gate, then write together (each holds
    still 0.3 s inside the write). One writes its edit; the other prints one line and exits 2;
    run again, it adds its edit on top of the winner's."""
    build_ledger(tmp_path)
    gate = tmp_path.parent / f"{tmp_path.name}.gate"
    commands = {"rate": RATE, "add": ADD}
    procs = {
        name: spawn(commands[name], tmp_path, HOSTILE_GATE=str(gate), HOSTILE_HOLD="0.3")
        for name in pair
    }
    time.sleep(0.6)  # both have loaded the ledger and planned their edit by now
    gate.touch()
    runs = {name: finish(proc) for name, proc in procs.items()}
    assert sorted(r.code for r in runs.values()) == [0, 2], {n: r.err for n, r in runs.items()}
    winner = next(n for n, r in runs.items() if r.code == 0)
    loser = next(n for n, r in runs.items() if r.code == 2)
    lines = runs[loser].err.splitlines()
    assert len(lines) == 1 and "Traceback" not in runs[loser].err, runs[loser].err
    m = ERROR_LINE.match(lines[0])
    assert m and m["where"].endswith("claims.yaml"), lines[0]
    assert "changed on disk since it was read; nothing was written" in m["message"], lines[0]
    assert runs[loser].stdout == b""
    assert (tmp_path / "claims.yaml").read_bytes() == reference[winner]
    assert temps(tmp_path) == []
    again = run_cli([*commands[loser], "--ledger", str(tmp_path)], cwd=tmp_path)
    assert again.code == 0, again.err
    text = (tmp_path / "claims.yaml").read_text("utf-8")
    assert "id: headline" in text and "rating: misleading" in text


def test_a_writer_waits_for_the_folder_lock_then_gives_up_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import os

    from factcheck.editing import atomic

    path = build_ledger(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(atomic, "LOCK_SECONDS", 0.2)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another writer, stuck
        result = run(*RATE, ledger=tmp_path)
    finally:
        os.close(fd)
    assert result.code == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1
    assert "another process is writing in this folder; nothing was written" in result.stderr
    assert path.read_bytes() == before
