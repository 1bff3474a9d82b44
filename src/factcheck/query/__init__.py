"""Choosing and ordering claims (``filters``: the typed row, the filters and sort keys) and fuzzy
search over them (``search``): the one engine ``list``, ``search`` and ``stats`` use."""
