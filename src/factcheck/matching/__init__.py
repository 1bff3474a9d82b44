"""Claim matching: whether a claim in the ledgers already checks a statement (``factcheck match``,
``extract --against``, ``add --against``)."""
