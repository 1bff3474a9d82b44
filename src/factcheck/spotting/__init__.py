"""Claim spotting: cutting an article into sentences and atomic spans (``sentences``,
``atomic``), the spotter's model (``model`` with ``spotter-v2.npz``, run by ``encoder`` over
``wordpiece`` ids), the check-worthy sentences no claim covers yet (``candidates``) and the
claims ``extract`` proposes for them (``proposals``, with ``attribution``, ``furniture`` and
``sections``)."""
