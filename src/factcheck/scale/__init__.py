"""Large ledgers and many of them: the on-disk cache of parsed ledgers and check results
(``cache``), the precomputed views ``list``/``search``/``stats`` read (``views``), and loading
several ledgers on every core (``pool``)."""
