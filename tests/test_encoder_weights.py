"""The encoder's float32 weights: written layer by layer into one set of buffers every layer
shares, fully each time, so a run gives the same vectors whatever ran before it."""

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


def test_a_run_gives_the_same_vectors_whatever_ran_before() -> None:
    enc, vocab, _ = load(MODEL_PATH)
    ids = [enc.framed(wordpiece(t, vocab)) for t in TEXTS]
    long = enc.framed(wordpiece(" ".join(TEXTS * 40), vocab))  # cut at the model's 128
    first = enc.pooled([ids[0]])
    big = enc.pooled([long] * 5)
    both = enc.pooled([ids[1], ids[2]])
    for expected, batch in ((first, [ids[0]]), (big, [long] * 5), (both, [ids[1], ids[2]])):
        fresh, _, _ = load(MODEL_PATH)
        assert np.array_equal(expected, fresh.pooled(batch))


def test_no_layer_keeps_float32_matrices() -> None:
    enc, vocab, _ = load(MODEL_PATH)
    enc.pooled([enc.framed(wordpiece(" ".join(TEXTS * 40), vocab))] * 5)
    for layer in enc.layers:
        for value in vars(layer).values():
            if isinstance(value, np.ndarray) and value.dtype == np.float32:
                assert value.ndim == 1  # biases and norms only
    last = enc.layers[-1]
    q, scale = last.int8["f1"]
    assert enc._scratch is not None
    assert np.array_equal(enc._scratch[2], q * scale.astype(np.float32))  # the last layer's
