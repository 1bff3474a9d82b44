"""The ledger format: the data classes (``models``, ``vocab``), reading YAML with positions
(``yamlio`` and the modules it uses), validating and building claims and sources (``validate``,
``build``, ``keys``), loading a ledger (``load``), finding one on disk (``discover``) and looking
up a claim or source by id (``lookup``)."""
