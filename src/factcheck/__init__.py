"""factcheck: a claim ledger and fact-checking command line."""

from __future__ import annotations

__version__ = "0.1.0"

from factcheck.errors import FactcheckError
from factcheck.ledger import discover_ledger, load_ledger
from factcheck.models import (
    Claim,
    Evidence,
    Finding,
    Kind,
    Ledger,
    Severity,
    Source,
    Stance,
    Status,
)

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
