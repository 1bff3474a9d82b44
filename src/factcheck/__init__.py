"""factcheck: a claim ledger and fact-checking command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from factcheck.errors import FactcheckError
    from factcheck.ledger.discover import discover_ledger
    from factcheck.ledger.load import load_ledger
    from factcheck.ledger.models import Claim, Evidence, Finding, Ledger, Source
    from factcheck.ledger.vocab import Kind, Severity, Stance, Status

# The public names are imported on first use (PEP 562): `import factcheck.cli` for a cached
# `list --json` must not pay for the YAML loader and the validator behind `load_ledger`.
_LAZY = {
    "FactcheckError": "factcheck.errors",
    "discover_ledger": "factcheck.ledger.discover",
    "load_ledger": "factcheck.ledger.load",
    **dict.fromkeys(
        ("Claim", "Evidence", "Finding", "Ledger", "Source"), "factcheck.ledger.models"
    ),
    **dict.fromkeys(
        ("Kind", "Severity", "Stance", "Status"), "factcheck.ledger.vocab"
    ),  # no dataclasses
}

__all__ = [
    "Claim",
    "Evidence",
    "FactcheckError",
    "Finding",
    "Kind",
    "Ledger",
    "Severity",
    "Source",
    "Stance",
    "Status",
    "__version__",
    "discover_ledger",
    "load_ledger",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
