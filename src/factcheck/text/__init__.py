"""Text: the article and where quotes sit in it (``article``, ``quoteindex``), comparing two
versions of a text (``compare``), figures in a quote (``figures``), ids (``ids``), text made
safe for a terminal (``inert``) and "did you mean" (``suggest``)."""
