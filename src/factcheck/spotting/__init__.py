"""Claim spotting: cutting an article into sentences and atomic spans (``sentences``), the
spotter's model (``model`` with ``spotter-v2.npz``, run by ``encoder`` over ``wordpiece`` ids;
``features`` keeps the earlier n-gram and hand features), and the check-worthy sentences no
claim covers yet (``candidates``)."""
