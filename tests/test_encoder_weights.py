"""The encoder's float32 weights, kept or written into shared buffers, give the same vectors."""

from __future__ import annotations

import numpy as np

from factcheck.matching.vectors import MODEL_PATH
from factcheck.spotting.encoder import load
from factcheck.text.wordpiece import wordpiece

TEXTS = [
    "Sanctions have pushed North Korea's economy to its worst crisis ever",
    "The North has never been this poor",
    "Kim Jong Un met Donald Trump in Singapore in June 2018",
]


def test_a_first_short_run_keeps_no_weights_and_gives_the_kept_weights_vectors() -> None:
    enc, vocab, _ = load(MODEL_PATH)
    ids = [enc.framed(wordpiece(t, vocab)) for t in TEXTS]
    first = enc.pooled([ids[0]])  # a statement to match: the shared buffers
    assert all(layer.kept is None for layer in enc.layers)
    both = enc.pooled([ids[1], ids[2]])  # a second run: each layer keeps its weights
    assert all(layer.kept is not None for layer in enc.layers)
    kept, _, _ = load(MODEL_PATH)
    for layer in kept.layers:
        layer.weights()  # made and kept before any run
    assert np.array_equal(first, kept.pooled([ids[0]]))
    assert np.array_equal(both, kept.pooled([ids[1], ids[2]]))


def test_a_large_first_run_keeps_the_weights() -> None:
    enc, vocab, _ = load(MODEL_PATH)
    long = enc.framed(wordpiece(" ".join(TEXTS * 40), vocab))  # cut at the model's 128
    enc.pooled([long] * 5)  # over the short-run limit of word pieces
    assert all(layer.kept is not None for layer in enc.layers)
