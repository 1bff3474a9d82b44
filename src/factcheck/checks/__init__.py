"""The gate: the rules ``check`` applies (``rules``), running them over a loaded ledger
(``gate``), and the baseline of accepted findings (``baseline``). Findings are data
(``ledger.models.Finding``); nothing here prints."""
