"""Claim spotting: cutting an article into sentences and atomic spans (``sentences``), the
spotter's features and model (``features``, ``wordpiece``, ``model`` with ``spotter-v1.npz``), and
the check-worthy sentences no claim covers yet (``candidates``)."""
