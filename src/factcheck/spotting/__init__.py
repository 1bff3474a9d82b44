"""Claim spotting: cutting an article into sentences and atomic spans (``sentences``,
``atomic``), the spotter's features and model (``features``, ``wordpiece``, ``model`` with
``spotter-v1.npz``), the check-worthy sentences no claim covers yet (``candidates``) and the
claims ``extract`` proposes for them (``proposals``, with ``attribution``, ``furniture`` and
``sections``)."""
