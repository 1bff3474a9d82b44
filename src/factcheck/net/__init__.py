"""The network: whether the pages a ledger cites still answer (``links``). Nothing else in
factcheck opens a connection."""
