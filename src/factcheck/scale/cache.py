"""A content-addressed cache of loaded ledgers and check results, so an unchanged ledger is not
parsed again.

The YAML is the slow part (PyYAML with libyaml composes a 10,000-claim ledger in seconds), and its
result depends only on bytes: so the cache stores what the straightforward path,
``ledger.load.load_ledger`` and ``checks.gate.check_ledger``, returned, under a key made of
everything that path reads. Nothing else changes; a miss runs that path and stores its answer.

Key (BLAKE2b, 256 bits): factcheck's version, the Python version, the ledger's resolved path
(``check`` inside the folder and ``check DIR`` from elsewhere share an entry: ``scale/spelling``
re-spells the paths a hit carries), the bytes of ``claims.yaml``, the name and bytes of every
``sources/*.yaml``. The views, whose JSON texts hold paths as the user sees them, add the path as
given and the current folder to it. Texts named by ``text:`` are checked after the look-up:
each entry records what it found for them (the article's bytes hashed, the other texts'
existence) and is used only if that still holds.

Where: ``$FACTCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/factcheck``, else ``~/.cache/factcheck``;
``FACTCHECK_NO_CACHE=1`` turns it off. Bounded: least recently used keys are evicted over a size
cap (``scale/cachedir``). Entries are pickles, so the folder is made private (0700)
and an entry is read only if it belongs to the current user and nobody else may write it.
Concurrency: an entry is written to a temporary file in the same folder and moved into place with
``os.replace``, so readers see a whole entry or none, and two writers of one key write the same
bytes. A damaged or unreadable entry is a miss.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from factcheck.scale import cachedir
from factcheck.scale.cachekey import Deps, blake2b
from factcheck.scale.cachekey import deps_hold as _deps_hold
from factcheck.scale.cachekey import ledger_key as ledger_key
from factcheck.scale.cachekey import text_deps as text_deps
from factcheck.scale.entryfile import (
    map_private,
    open_private,
    read_private,
    write_private,
    write_stream,
)

if TYPE_CHECKING:
    from factcheck.checks.gate import CheckResult
    from factcheck.ledger.models import Ledger
    from factcheck.scale.spelling import Spelling
    from factcheck.scale.views import Views

CACHE_ENV = "FACTCHECK_CACHE_DIR"
NO_CACHE_ENV = "FACTCHECK_NO_CACHE"
# v4: the views' listing holds each claim's query.filters.Row; v5: the Ledger keeps its invalid
# claims: entries, the views' meta and stats their records and count; v6: evidence records carry
# source_archive; v7: keyed on the resolved path, entries carry the spelling they were made under;
# v8: claim records carry short, appeared, appearance and verdict when the ledger sets them;
# v9: claims and sources are slotted, their field positions packed (models.FieldPos)
LAYOUT = "v9"
_PROTOCOL = 5

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck"


def _entry(folder: Path, key: str, kind: str) -> Path:
    return folder / LAYOUT / key[:2] / f"{key}.{kind}"


def _views_key(key: str, claims_path: Path) -> str:
    """The views' key: the ledger's, the path as given and the current folder (their JSON texts
    hold paths as the user sees them)."""
    h = blake2b(digest_size=32)
    h.update(f"{key}\0{claims_path}\0{Path.cwd()}".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _read(path: Path, load: Callable[[BinaryIO], Any] | None = None) -> Any:
    """An entry's value (``load`` reads it from the open file; by default one pickle), or None
    for a miss: absent, damaged, or writable by someone else."""
    import pickle

    fh = open_private(path)
    if fh is None:
        return None
    # unpickling only allocates, never leaves garbage: spare it the collector's passes
    enabled = gc.isenabled()
    gc.disable()
    try:
        with fh:
            value = (load or pickle.load)(fh)
        cachedir.touch(path)
        return value
    except Exception:  # a damaged entry is a miss, whatever unpickling raised
        return None
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, value: Any) -> None:
    import pickle

    write_stream(path, lambda fh: pickle.dump(value, fh, protocol=_PROTOCOL))


# A Ledger entry is several pickles: the ledger without its claims, then the claims in chunks.
# One pickle of 100,000 claims made the pickler's memo (an entry for every object written) and
# the whole byte string live at once: 280 MB over the ledger itself, the peak of a cold run.
_CHUNK = 4096


def _dump_ledger(fh: BinaryIO, deps: Deps, ledger: Ledger) -> None:
    import pickle
    from dataclasses import replace

    from factcheck.scale.spelling import spelling

    claims = ledger.claims
    head = (deps, replace(ledger, claims=[]), len(claims), spelling(ledger.claims_path))
    pickle.dump(head, fh, protocol=_PROTOCOL)
    for i in range(0, len(claims), _CHUNK):
        pickle.dump(claims[i : i + _CHUNK], fh, protocol=_PROTOCOL)


def _load_ledger(fh: BinaryIO) -> tuple[Deps, Ledger, Spelling] | None:
    import pickle

    from factcheck.ledger.models import Ledger

    head = pickle.load(fh)
    if not (isinstance(head, tuple) and len(head) == 4 and isinstance(head[1], Ledger)):
        return None
    deps, ledger, count, made = head
    claims: list[Any] = []
    while len(claims) < count:
        chunk = pickle.load(fh)
        if not isinstance(chunk, list) or not chunk:
            return None
        claims.extend(chunk)
    if len(claims) != count or fh.read(1):
        return None
    ledger.claims = claims
    return deps, ledger, made


Find = Callable[[Path, Path, str], T | None]  # (folder, claims path, key) → the entry's value


def _through(
    claims_path: Path,
    find: Find[T],
    parse: Callable[[Path], Ledger],
    make: Callable[[Ledger, str], T],
    store: Callable[[Path, str, Deps, T], None],
) -> T:
    """``make(parse(claims_path), key)`` through the cache: the entry ``find`` reads under the
    ``key`` of the ledger's inputs when there is one, else computed and ``store``d (unless the
    inputs changed while they were read)."""
    folder = cache_dir()
    if folder is None:
        return make(parse(claims_path), "")
    claims_path = claims_path.absolute()
    key = ledger_key(claims_path)
    hit = find(folder, claims_path, key)
    if hit is not None:
        return hit
    loaded = parse(claims_path)
    value = make(loaded, key)
    deps = text_deps(loaded)
    if ledger_key(claims_path) == key:  # nothing changed while it was read
        store(folder, key, deps, value)
    return value


def _look_up(claims_path: Path, find: Find[T]) -> T | None:
    """The cached value ``find`` reads for these inputs, or None (a miss, or the cache is off)."""
    folder = cache_dir()
    if folder is None:
        return None
    claims_path = claims_path.absolute()
    return find(folder, claims_path, ledger_key(claims_path))


def _find_pickled(kind: str) -> Find[Any]:
    """Finds the pickled entry of this kind whose ``text:`` dependencies still hold."""

    def find(folder: Path, claims_path: Path, key: str) -> Any:
        from factcheck.scale.spelling import respell, spelling

        hit = _read(_entry(folder, key, kind), _load_ledger if kind == "ledger" else None)
        if isinstance(hit, tuple) and len(hit) == 3 and _deps_hold(claims_path.parent, hit[0]):
            return respell(hit[1], hit[2], spelling(claims_path))
        return None

    return find


def lookup_ledger(claims_path: Path) -> Ledger | None:
    """The cached Ledger for these inputs, or None (a miss, or the cache is off)."""
    hit: Ledger | None = _look_up(claims_path, _find_pickled("ledger"))
    return hit


def loaded(claims_path: Path) -> Ledger:
    """``ledger.load.load_ledger`` through the cache: the same Ledger, faster when nothing
    changed."""
    from factcheck.ledger import load as plain

    def store(folder: Path, key: str, deps: Deps, loaded: Ledger) -> None:
        write_stream(_entry(folder, key, "ledger"), lambda fh: _dump_ledger(fh, deps, loaded))

    find: Find[Ledger] = _find_pickled("ledger")
    return _through(claims_path, find, plain.load_ledger, lambda loaded, _: loaded, store)


def checked(claims_path: Path) -> CheckResult:
    """Load and check one ledger through the cache: ``check_ledger(loaded(path))``, storing the
    check result only: a ledger entry another command stored is used, but a cold check (CI's)
    does not pay for pickling the ledger for commands that may never run."""
    from factcheck.checks.gate import check_ledger
    from factcheck.ledger import load as plain

    def parse(path: Path) -> Ledger:
        return lookup_ledger(path) or plain.load_ledger(path)

    def store(folder: Path, key: str, deps: Deps, result: CheckResult) -> None:
        from factcheck.scale.spelling import spelling

        _write(_entry(folder, key, "check"), (deps, result, spelling(claims_path)))

    find: Find[CheckResult] = _find_pickled("check")
    return _through(claims_path, find, parse, lambda loaded, _: check_ledger(loaded), store)


def views(claims_path: Path, parts: Sequence[str]) -> Views:
    """``views.build(loaded(path))`` through the cache: at least the named parts (the search
    index only when it is one of them).

    JSON entries rather than pickles (orjson reads the records of 10,000 claims several times
    faster than pickle rebuilds the Ledger they come from), and ``blob``, the claims' JSON text, as
    raw bytes. A view orjson cannot write (a lone surrogate in a name, say) is computed every time.
    A view built here writes its blob to the entry's file as it is made (``scale/spill``), and
    gives it back mapped from that file: the ledger, the blob and the JSON parts are never all in
    memory at once.
    """
    from factcheck.scale.spill import Spill
    from factcheck.scale.views import build

    folder = cache_dir()
    if folder is None:  # nothing is stored: only the parts asked for
        from factcheck.ledger import load as plain

        return build(plain.load_ledger(claims_path), parts=parts, consume=True)
    spills: list[Spill] = []

    def make(ledger: Ledger, key: str) -> Views:
        key = _views_key(key, claims_path.absolute())
        spills.append(Spill(_entry(folder, key, "view-blob").parent))
        built = build(ledger, search="search" in parts, consume=True, blob_to=spills[0].write)
        spills[0].finish()
        return built

    def store(folder: Path, key: str, deps: Deps, built: Views) -> None:
        key = _views_key(key, claims_path.absolute())
        # the blob first: a JSON part found means its blob is in place
        if not spills[0].keep(_entry(folder, key, "view-blob")):
            return
        for name, value in built.items():
            _write_json(_entry(folder, key, f"view-{name}"), [deps, value])

    try:
        found = _through(claims_path, _find_views(parts), loaded, make, store)
        if spills:  # built here: the blob is in its file
            found["blob"] = spills[0].value()
    finally:
        for spill in spills:
            spill.close()
    return found


def lookup_views(claims_path: Path, parts: Sequence[str]) -> Views | None:
    """The cached parts of a ledger's view, or None (a miss, or the cache is off)."""
    return _look_up(claims_path, _find_views(parts))


def _find_views(parts: Sequence[str]) -> Find[Views]:
    """Finds the named parts of a view, all of them or none."""

    def find(folder: Path, claims_path: Path, key: str) -> Views | None:
        key = _views_key(key, claims_path)
        found: dict[str, Any] = {}
        verified: list[Any] = []  # the parts of one view share their text dependencies
        for p in parts:
            hit = None
            if p != "blob":
                hit = _lookup_json(folder, claims_path, key, f"view-{p}", verified)
            elif "meta" in parts:  # the blob is vouched for by its meta: its length
                hit = map_private(_entry(folder, key, "view-blob"))
            if hit is None:
                return None
            found[p] = hit
        if "blob" in parts and len(found["blob"]) != found["meta"]["blob"]:
            return None
        cachedir.touch(_entry(folder, key, f"view-{parts[0]}"))
        return found  # type: ignore[return-value]

    return find


def _lookup_json(
    folder: Path, claims_path: Path, key: str, kind: str, verified: list[Any] | None = None
) -> Any:
    """A JSON entry's value if its ``text:`` dependencies still hold (``verified``: ones this
    look-up already found to hold, and where to add these)."""
    import orjson

    data = read_private(_entry(folder, key, kind))
    if data is None:
        return None
    try:
        hit = orjson.loads(data)
    except ValueError:  # a damaged entry is a miss
        return None
    if not (isinstance(hit, list) and len(hit) == 2):
        return None
    if verified is not None and hit[0] in verified:
        return hit[1]
    if not _deps_hold(claims_path.parent, hit[0]):
        return None
    if verified is not None:
        verified.append(hit[0])
    return hit[1]


def _write_json(path: Path, value: Any) -> None:
    import orjson

    try:
        data = orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        return  # not JSON: computed again next time
    write_private(path, data)
