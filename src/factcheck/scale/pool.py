"""Many ledgers in one run: load or check them on every core.

``load_ledgers`` and ``check_ledgers`` run one ledger per task (the paths come from
``ledger.discover.resolve_paths``): in this process for a few ledgers, in a process pool for
many, so a newsroom's tree of ledgers uses every core. A ledger that cannot be read does not stop
the others: it comes back as a ``Failure``. ``progress(done, total)``, when given, is told of each
ledger done (the command draws a bar with it; this module never prints).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.checks.gate import CheckResult
    from factcheck.ledger.models import Ledger
    from factcheck.scale.views import Views

JOBS_ENV = "FACTCHECK_JOBS"
# below this many ledgers a pool costs more than it saves
POOL_THRESHOLD = 4

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Failure:
    """A ledger that could not be read: the one line the CLI prints for it."""

    path: str
    message: str
    hint: str | None

    @classmethod
    def of(cls, path: Path, exc: FactcheckError) -> Failure:
        return cls(exc.location() or str(path), exc.message, exc.hint)


def jobs(count: int, threshold: int = POOL_THRESHOLD) -> int:
    """How many worker processes for ``count`` ledgers, or other tasks big enough that
    ``threshold`` of them pay for a pool (1: run in this process)."""
    raw = os.environ.get(JOBS_ENV)
    if raw:
        try:
            wanted = max(1, int(raw))
        except ValueError:
            raise FactcheckError(f"${JOBS_ENV} must be a number, not {raw!r}") from None
    elif count < threshold:
        return 1
    else:
        wanted = _cores()
    return max(1, min(wanted, count))


def spread(work: Callable[[T], R], tasks: Sequence[T], workers: int) -> Iterator[R]:
    """``work`` of each task, in order, as each is done: in this process when ``workers`` is 1,
    else in a pool of that many (forked where the platform forks, so what this process has
    loaded, a model say, is not loaded again). For tasks that are not ledgers: a batch of
    sentences to encode."""
    if workers <= 1 or len(tasks) <= 1:
        yield from map(work, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        yield from pool.map(work, tasks)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _run(
    task: Callable[[Path], T], paths: Sequence[Path], tick: Callable[[], None] | None = None
) -> list[T | Failure]:
    workers = jobs(len(paths))
    if workers == 1:
        done: list[T | Failure] = []
        for p in paths:
            done.append(_guard(task, p))
            if tick is not None:
                tick()
        return done
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    chunk = max(1, len(paths) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(partial(_guard, task), paths, chunksize=chunk)
        if tick is None:
            return list(results)
        gathered: list[T | Failure] = []
        for r in results:
            gathered.append(r)
            tick()
        return gathered


def _ticker(progress: Progress | None, total: int, done: int) -> Callable[[], None] | None:
    """``progress`` told of ``done`` ledgers of ``total``, and one more at each call."""
    if progress is None:
        return None
    count = [done]
    progress(done, total)

    def tick() -> None:
        count[0] += 1
        progress(count[0], total)

    return tick


def _guard(task: Callable[[Path], T], path: Path) -> T | Failure:
    try:
        return task(path)
    except FactcheckError as exc:
        return Failure.of(path, exc)


def _load_one(path: Path) -> Ledger:
    from factcheck.scale import cache

    return cache.loaded(path)


def _check_one(path: Path) -> CheckResult:
    from factcheck.scale import cache

    return cache.checked(path)


def load_ledgers(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[list[Ledger], list[Failure]]:
    """Every ledger that could be read, in the order given, and the failures."""
    from factcheck.ledger.models import Ledger
    from factcheck.scale import cache

    results: list[Ledger | Failure | None] = [None] * len(paths)
    if jobs(len(paths)) > 1:
        # a cached ledger is read faster here than a worker could send it back: parse misses only
        for i, path in enumerate(paths):
            results[i] = cache.lookup_ledger(path)
    misses = [i for i, r in enumerate(results) if r is None]
    tick = _ticker(progress, len(paths), len(paths) - len(misses))
    for i, r in zip(misses, _run(_load_one, [paths[i] for i in misses], tick), strict=True):
        results[i] = r
    return [r for r in results if isinstance(r, Ledger)], [
        r for r in results if isinstance(r, Failure)
    ]


def check_ledgers(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[CheckResult, list[Failure]]:
    """One CheckResult for all the ledgers that could be read, and the failures."""
    from factcheck.checks.gate import CheckResult

    results = _run(_check_one, paths, _ticker(progress, len(paths), 0))
    merged = merge_results([r for r in results if isinstance(r, CheckResult)])
    return merged, [r for r in results if isinstance(r, Failure)]


def merge_results(results: Sequence[CheckResult]) -> CheckResult:
    from factcheck.checks.gate import CheckResult

    findings = [f for r in results for f in r.findings]
    return CheckResult(
        findings,
        suppressed=sum(r.suppressed for r in results),
        claims=sum(r.claims for r in results),
        sources=sum(r.sources for r in results),
        ledgers=[name for r in results for name in r.ledgers],
    )


def _views_one(
    parts: tuple[str, ...], prepare: Callable[[Views], object] | None, path: Path
) -> Views:
    from factcheck.scale import cache

    built = cache.views(path, parts)  # a view just built has every part: send back the asked
    if prepare is not None:
        prepare(built)
    return {p: built[p] for p in parts}  # type: ignore[literal-required,return-value]


def load_views(
    paths: Sequence[Path],
    parts: tuple[str, ...],
    progress: Progress | None = None,
    prepare: Callable[[Views], object] | None = None,
) -> tuple[list[Views], list[Failure]]:
    """``load_ledgers`` for views (``views.py``): per ledger read, its ``parts``; and the failures.

    Cached views are read here; misses are computed on every core, and ``prepare`` (a module's
    function: it goes to the workers) is called on each of them where it was computed, e.g. to
    cache what the caller will make of the view.
    """
    from functools import partial

    from factcheck.scale import cache

    results: list[Views | Failure | None] = [None] * len(paths)
    if jobs(len(paths)) > 1:
        for i, path in enumerate(paths):
            results[i] = cache.lookup_views(path, parts)
    misses = [i for i, r in enumerate(results) if r is None]
    # (in this process, the caller makes what it makes of the views itself)
    task = partial(_views_one, parts, prepare if jobs(len(misses)) > 1 else None)
    tick = _ticker(progress, len(paths), len(paths) - len(misses))
    for i, r in zip(misses, _run(task, [paths[i] for i in misses], tick), strict=True):
        results[i] = r
    return [r for r in results if isinstance(r, dict)], [
        r for r in results if isinstance(r, Failure)
    ]
