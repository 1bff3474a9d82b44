"""A claim's derived status (sourced, disputed, unsourced, opinion) from its kind and evidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.ledger.models import Evidence, Kind, Stance, Status, derive_status

STATUS_TABLE = [
    (Kind.OPINION, [], Status.OPINION),
    (Kind.PREDICTION, [Stance.CONTRADICTS], Status.OPINION),
    (Kind.FACT, [], Status.UNSOURCED),
    (Kind.FACT, [Stance.CONTEXT], Status.UNSOURCED),
    (Kind.FACT, [Stance.SUPPORTS], Status.SOURCED),
    (Kind.ATTRIBUTION, [Stance.SUPPORTS, Stance.CONTEXT], Status.SOURCED),
    (Kind.FACT, [Stance.SUPPORTS, Stance.CONTRADICTS], Status.DISPUTED),
    (Kind.ATTRIBUTION, [Stance.CONTRADICTS], Status.DISPUTED),
]


@pytest.mark.parametrize(("kind", "stances", "expected"), STATUS_TABLE)
def test_status_table(kind: Kind, stances: list[Stance], expected: Status) -> None:
    evidence = [Evidence("s", stance, "says") for stance in stances]
    assert derive_status(kind, evidence) is expected


@given(st.sampled_from(list(Kind)), st.lists(st.sampled_from(list(Stance)), max_size=6))
def test_status_invariants(kind: Kind, stances: list[Stance]) -> None:
    status = derive_status(kind, [Evidence("s", s, "x") for s in stances])
    if kind in (Kind.OPINION, Kind.PREDICTION):
        assert status is Status.OPINION
    elif Stance.CONTRADICTS in stances:
        assert status is Status.DISPUTED
    elif Stance.SUPPORTS in stances:
        assert status is Status.SOURCED
    else:
        assert status is Status.UNSOURCED
