"""The benchmark of ``factcheck match``: the CheckThat! 2020 archive of 10,373 verified claims
written as a ledger (no import command needed: one claim per line of an article, the claim as the
quote, the fact-check's headline as its note), and a tree of 100 synthetic ledgers × 1,000
claims. Prints the figures and writes bench/MATCH.md.

    python bench/match.py [--data DIR] [--runs 3] [--lexical]

``match`` ranks by words and meaning (its default) unless ``--lexical`` is given; the lexical
figures go to bench/MATCH-lexical.md.

Times are wall-clock around the child process (start-up included), peak RSS from
``/usr/bin/time``. Comparisons run in the same process of measurement, taking turns:
``factcheck search`` (the fuzzy search) on the same ledger with the same statement, a bare
``python -c "import numpy"``, and the floor of ``match``'s memory: the interpreter with the
command line and numpy imported (``FLOOR``), which no ledger of any size goes below. Needs the
CheckThat! data (``scripts/eval_match.py``'s ``--data``);
the queries are its train and dev tweets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))

import gen_ledger  # noqa: E402
from eval_match import DEFAULT_DATA, read_claims, read_split  # noqa: E402
from run import Sample, disk_mb, factcheck_argv, interleaved, measure  # noqa: E402

FLOOR = "import factcheck.cli, factcheck.commands.match, numpy"
# Run in a child with one BLAS thread, as factcheck runs: the archive's word pieces, the
# floating-point work of encoding them (the dense layers' matrix products and attention), and
# this machine's float32 matrix product rate on one core, best of 20 (a 1,024 × 384 by
# 384 × 1,536 product, the widest of the encoder's), measured then and there.
ENCODING_WORK = """
import json, sys, time
import numpy as np
from factcheck.matching.index import meaning_text
from factcheck.matching.vectors import embedder
from factcheck.text.wordpiece import wordpiece
e = embedder()
enc = e.encoder
lens = [len(enc.framed(wordpiece(meaning_text(r), e.vocab))) for r in json.load(sys.stdin)]
weights = sum(a.size for layer in enc.layers for a in layer.buffers())
d = enc.pos.shape[1]
flop = 2 * weights * sum(lens) + len(enc.layers) * sum(4 * n * n * d for n in lens)
a = np.ones((1024, d), np.float32)
b = np.ones((d, 1536), np.float32)
best = 1e9
for _ in range(20):
    t = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - t)
print(json.dumps([sum(lens), flop, 2 * 1024 * d * 1536 / best]))
"""
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
GROWN = 10  # claims added to the archive for the run that indexes it again
STATEMENT = "Obama released 122 Guantanamo detainees who went back to the battlefield"


def write_archive(root: Path, data: Path, leave_out: int = 0) -> Path:
    """The verified claims as one ledger in the format: claims.yaml, sources/, the article
    (without the last ``leave_out``)."""
    ids, claims, titles = (rows[: len(rows) - leave_out] for rows in read_claims(data))
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    lines, entries = [], []
    for vid, claim, title in zip(ids, claims, titles, strict=True):
        text = " ".join(claim.split())
        lines.append(text)
        entry: dict[str, Any] = {"id": f"vclaim-{vid}", "quote": text, "kind": "fact"}
        if title.strip():
            entry["note"] = " ".join(title.split())
        entries.append(entry)
    (root / "sources" / "article.txt").write_text("Archive\n\n" + "\n".join(lines) + "\n")
    source = {"id": "article", "type": "article", "title": "Archive", "text": "article.txt"}
    (root / "sources" / "article.yaml").write_text(yaml.safe_dump(source, sort_keys=False))
    doc = {"format": 1, "article": "article", "claims": entries}
    path = root / "claims.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000))
    return path


def queries(data: Path, n: int) -> str:
    texts = [t for split in ("train", "dev") for t in read_split(data, split)[1]]
    texts = (texts * (n // len(texts) + 1))[:n]
    return "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))


def timed(argv: list[str], env: dict[str, str], stdin: Path | None = None) -> Sample:
    if stdin is None:
        return measure(argv, 1, env, ROOT)
    return measure(["sh", "-c", '"$0" "$@" < ' + str(stdin), *argv], 1, env, ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "data")
    parser.add_argument("--lexical", action="store_true", help="measure match --lexical")
    args = parser.parse_args()
    mode = ["--lexical"] if args.lexical else []
    from factcheck.matching.entries import LAST_LAYOUT, LAYOUT, VECTOR_LAYOUT

    # dropped to build the index again from nothing (the last entries too: nothing is reused)
    index_folders = [LAYOUT] if args.lexical else [LAYOUT, VECTOR_LAYOUT, LAST_LAYOUT]
    fc = factcheck_argv()
    # factcheck's bytecode, written once, as an installed package has it (see bench/run.py)
    import compileall

    import factcheck

    compileall.compile_dir(Path(factcheck.__file__).parent, quiet=1)
    archive = args.work / "clef-archive"
    if not (archive / "claims.yaml").is_file():
        write_archive(archive, args.data)
    tree = args.work / "tree-100x1000"
    if not (tree / "ledger-0099" / "claims.yaml").is_file():
        gen_ledger.write_tree(tree, 100, 1000)
    stdin = args.work / "queries-1000.jsonl"
    stdin.write_text(queries(args.data, 1000))
    cache = Path(tempfile.mkdtemp(prefix="match-bench-"))
    env = {**os.environ, "FACTCHECK_CACHE_DIR": str(cache)}
    env.pop("FACTCHECK_NO_CACHE", None)
    one = [*fc, "match", *mode, STATEMENT, "--ledger", str(archive), "--json"]
    batch = [*fc, "match", *mode, "-", "--ledger", str(archive)]

    def drop_index() -> None:
        for folder in index_folders:
            shutil.rmtree(cache / folder, ignore_errors=True)

    rows: dict[str, Any] = {}
    try:
        rows["archive cold (parse, views, index)"] = timed(one, env)
        builds = []
        for _ in range(args.runs):
            drop_index()
            builds.append(timed(one, env))
        rows["archive: views warm, index built"] = min(builds, key=lambda s: s.wall)
        warm = interleaved(
            {
                "match one statement, warm index": one,
                "search one statement, warm": [*fc, "search", STATEMENT, "--ledger", str(archive)],
                "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
                "floor: " + FLOOR: [sys.executable, "-c", FLOOR],
            },
            args.runs,
            env,
            ROOT,
        )
        rows.update(warm)
        # an import of 10 reviews into the archive: the grown ledger read and indexed again
        grown = Path(tempfile.mkdtemp(prefix="match-bench-grown-")) / "archive"
        write_archive(grown, args.data, leave_out=GROWN)
        built_before = [*fc, "match", *mode, STATEMENT, str(grown)]
        subprocess.run(built_before, env=env, check=True, capture_output=True)
        write_archive(grown, args.data)
        rows[f"archive grown by {GROWN} claims: parse, views, index"] = timed(
            [*fc, "match", *mode, STATEMENT, str(grown), "--json"], env
        )
        shutil.rmtree(grown.parent, ignore_errors=True)
        rows["match 1,000 statements, warm index"] = timed(batch, env, stdin)
        tree_batch = [*fc, "match", *mode, "-", str(tree)]
        rows["tree 100×1,000: 1,000 statements, cold"] = timed(tree_batch, env, stdin)
        drop_index()
        rows["tree: views warm, index built, 1,000 statements"] = timed(tree_batch, env, stdin)
        rows["tree: 1,000 statements, warm index"] = timed(tree_batch, env, stdin)
        work = None if args.lexical else encoding_work(fc, archive, env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    report = render(rows, disk_mb(archive / "claims.yaml"), disk_mb(tree), args.lexical, work)
    print(report)
    (HERE / ("MATCH-lexical.md" if args.lexical else "MATCH.md")).write_text(report)
    return 0


def encoding_work(fc: list[str], archive: Path, env: dict[str, str]) -> tuple[int, float, float]:
    """The archive's word pieces, the floating-point operations encoding them takes and this
    machine's float32 matrix product rate on one core (``ENCODING_WORK``)."""
    records = subprocess.run(
        [*fc, "list", "--json", "--ledger", str(archive)],
        env=env,
        capture_output=True,
        check=True,
    ).stdout
    one_thread = {**env, **dict.fromkeys(BLAS_THREADS, "1")}
    out = subprocess.run(
        [sys.executable, "-c", ENCODING_WORK],
        input=records,
        env=one_thread,
        capture_output=True,
        check=True,
    ).stdout
    pieces, flop, rate = json.loads(out)
    return int(pieces), float(flop), float(rate)


def render(
    rows: dict[str, Sample],
    archive_mb: float,
    tree_mb: float,
    lexical: bool,
    work: tuple[int, float, float] | None = None,
) -> str:
    how = "`match --lexical` (BM25 alone)" if lexical else "`match` (BM25 and sentence vectors)"
    out = [
        f"# factcheck match: speed and memory of {how}",
        "",
        f"Machine load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}. "
        f"Archive ledger on disk: {archive_mb:.1f} MB; tree: {tree_mb:.1f} MB.",
        "",
        "| run | wall s | cpu s | peak RSS MB | exit |",
        "|---|---|---|---|---|",
    ]
    for name, s in rows.items():
        out.append(f"| {name} | {s.wall:.3f} | {s.cpu:.2f} | {s.rss_mb:.0f} | {s.code} |")
    warm = rows["match one statement, warm index"]
    build = rows["archive: views warm, index built"]
    batch = rows["match 1,000 statements, warm index"]
    tree = rows["tree: 1,000 statements, warm index"]
    tree_built = rows["tree: views warm, index built, 1,000 statements"]
    search = rows["search one statement, warm"]
    numpy = rows["python -c 'import numpy'"]
    floor = rows["floor: " + FLOOR]
    above = (batch.rss_mb - floor.rss_mb) / archive_mb
    per_query = (batch.wall - warm.wall) / 999
    built = build.wall - warm.wall
    fits, tree_fits = batch.rss_mb <= 10 * archive_mb, tree.rss_mb <= 10 * tree_mb
    out += [
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| index build of 10,373 claims ≤ 10 s | {built:.2f} s "
        f"(run with the build {build.wall:.2f} s − warm run) | {_yes(built <= 10)} |",
        f"| one statement, cold start, warm index ≤ 0.3 s | {warm.wall:.3f} s "
        f"(cpu {warm.cpu:.2f} s) "
        f"({warm.wall / search.wall:.2f}× `search`, {warm.wall / numpy.wall:.2f}× importing numpy) "
        f"| {_yes(warm.wall <= 0.3)} |",
        f"| per statement in a batch ≤ 20 ms | {per_query * 1000:.1f} ms "
        f"(1,000 in {batch.wall:.2f} s) | {_yes(per_query <= 0.02)} |",
        f"| memory ≤ 10× the ledger on disk | {batch.rss_mb / archive_mb:.1f}× "
        f"({batch.rss_mb:.0f} MB / {archive_mb:.1f} MB); the floor alone is "
        f"{floor.rss_mb:.0f} MB ({floor.rss_mb / archive_mb:.1f}×), the rest {above:.1f}× "
        f"| {_yes(fits)} |",
        f"| tree of 100,000 claims, 1,000 statements ≤ 30 s | {tree.wall:.1f} s warm index; "
        f"{tree_built.wall:.1f} s building it | {_yes(tree.wall <= 30)} |",
        f"| tree memory ≤ 10× on disk | {tree.rss_mb / tree_mb:.1f}× | {_yes(tree_fits)} |",
        "",
    ]
    grown = rows[f"archive grown by {GROWN} claims: parse, views, index"]
    cold = rows["archive cold (parse, views, index)"]
    out += [
        f"An import of {GROWN} reviews into the archive: the grown ledger read and indexed again "
        f"in {grown.wall:.2f} s (cpu {grown.cpu:.2f} s), against {cold.wall:.2f} s for the "
        f"archive from nothing ({cold.wall / grown.wall:.1f}× faster: only the new claims are "
        "encoded).",
        "",
    ]
    if work is not None:
        pieces, flop, rate = work
        cores = len(os.sched_getaffinity(0))
        out += [
            f"What bounds the index build: encoding the archive's {pieces:,} word pieces is "
            f"{flop / 1e12:.2f} TFLOP of float32 arithmetic; this machine's matrix product ran "
            f"at {rate / 1e9:.0f} GFLOP/s on one core (best of 20, measured in this run), so "
            f"the arithmetic alone takes {flop / rate / cores:.0f} s on its {cores} cores, "
            f"before any other work ({built:.0f} s measured).",
            "",
        ]
    return "\n".join(out)


def _yes(ok: bool) -> str:
    return "yes" if ok else "no"


if __name__ == "__main__":
    sys.exit(main())
