"""Writing a ledger: planning an edit (``add``, ``edits``), emitting YAML (``emit``), patching
claims.yaml in place with its comments and layout kept (``writer``), the atomic write and lock
(``atomic``), a new ledger (``newledger``) and moving lost quotes back onto the article
(``reanchor``)."""
