"""Ledgers for the scale tests: a tree of small ledgers and generated big ones."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from tests.factory import write_ledger

ROOT = Path(__file__).resolve().parent.parent


def gen_module() -> ModuleType:
    """bench/gen_ledger.py, imported from its file (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_ledger", ROOT / "bench" / "gen_ledger.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_tree(root: Path) -> list[Path]:
    """Three ledgers under ``root`` (one nested deeper) and decoys in folders that are skipped."""
    paths = [
        write_ledger(root / "a"),
        write_ledger(root / "b"),
        write_ledger(root / "deep" / "er" / "c"),
    ]
    for skipped in (".git", ".venv", "node_modules"):
        write_ledger(root / skipped / "x")
    return paths
