"""A BERT-style transformer encoder's forward pass in numpy (the spotter's MiniLM).

The weights come from the spotter's model file: word-piece embeddings as int8 with a scale per
row, the layers' matrices as int8 with a scale per output column (turned into float32 in one
pass each, into buffers every layer shares, layer by layer on every run: that costs no
measurable time beside the products, where keeping every layer's float32 matrices held 36 MB
more for the matcher's six), biases and layer norms as float32. One encoder is for one thread at
a time: its runs share those buffers. The file is read in place (``modelfile``): the word-piece
table is only paged in where a sentence's pieces are. The activation is BERT's tanh-approximated
GELU, the one the model was fine-tuned with, so training and run time compute the same function.

Sentences are not padded: the dense layers run on all tokens of all sentences at once, and only
attention is computed sentence by sentence (sentences of equal length side by side). Each
token's result is a function of its own sentence alone, up to floating-point summation order in
the matrix products.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
CLS, SEP = 101, 102


def _dequant(q: Any, scale: Any, out: Any = None) -> F32:
    """``q`` (int8) times its scale per output column, as float32, in one pass (into ``out``)."""
    result: F32 = np.multiply(q, scale.astype(np.float32), out=out, dtype=np.float32)
    return result


def _layer_norm(x: F32, g: F32, b: F32, eps: float = 1e-12) -> F32:
    """Layer norm over the last axis, in place on ``x``."""
    x -= x.mean(-1, keepdims=True)
    var = (x * x).mean(-1, keepdims=True)
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= g
    x += b
    return x


def _gelu(x: F32) -> F32:
    """0.5 x (1 + tanh(c (x + 0.044715 x^3))), in place on ``x`` (few temporaries: it is hot)."""
    c = np.float32(math.sqrt(2.0 / math.pi))
    t = x * x
    t *= np.float32(0.044715) * c
    t += c
    t *= x
    np.tanh(t, out=t)
    t += np.float32(1.0)
    x *= np.float32(0.5)
    x *= t
    return x


Weights = tuple[F32, F32, F32, F32]  # a layer's qkv, o, f1 and f2 matrices as float32


class _Layer:
    """One layer: biases and norms as float32, its matrices int8 until ``weights`` writes them
    as float32 into buffers that every layer shares."""

    def __init__(self, z: Mapping[str, Any], i: int, n_heads: int) -> None:
        p = f"l{i}_"
        # Attention divides query-key products by sqrt(head width): done once, on the queries.
        self.inv = np.float32(1.0 / math.sqrt(z[p + "q"].shape[1] // n_heads))
        self.int8 = {m: (z[p + m], z[p + m + "_s"]) for m in ("q", "k", "v", "o", "f1", "f2")}
        q_b = z[p + "q_b"].astype(np.float32) * self.inv
        self.qkv_b = np.concatenate([q_b, z[p + "k_b"], z[p + "v_b"]]).astype(np.float32)
        self.o_b = z[p + "o_b"].astype(np.float32)
        self.ln1 = z[p + "ln1_g"].astype(np.float32), z[p + "ln1_b"].astype(np.float32)
        self.f1_b = z[p + "f1_b"].astype(np.float32)
        self.f2_b = z[p + "f2_b"].astype(np.float32)
        self.ln2 = z[p + "ln2_g"].astype(np.float32), z[p + "ln2_b"].astype(np.float32)

    def buffers(self) -> Weights:
        """Empty float32 matrices of the layer's shapes, laid out as its int8 ones (the qkv one
        row-major), so the products see the same layout whichever way the weights are made."""
        q = self.int8["q"][0]
        qkv = np.empty((q.shape[0], 3 * q.shape[1]), dtype=np.float32)
        o, f1, f2 = (np.empty_like(self.int8[m][0], dtype=np.float32) for m in ("o", "f1", "f2"))
        return qkv, o, f1, f2

    def weights(self, scratch: Weights) -> Weights:
        """The float32 matrices, written into ``scratch`` (``buffers``' shapes)."""
        qkv, o, f1, f2 = scratch
        d = self.int8["q"][0].shape[1]
        for at, m in enumerate("qkv"):
            _dequant(*self.int8[m], out=qkv[:, at * d : (at + 1) * d])
        qkv[:, :d] *= self.inv
        for m, into in (("o", o), ("f1", f1), ("f2", f2)):
            _dequant(*self.int8[m], out=into)
        return scratch


class Encoder:
    """MiniLM-style encoder: ``pooled(ids)`` gives one mean-pooled vector per sentence."""

    def __init__(self, z: Mapping[str, Any]) -> None:
        self.n_layers = int(z["n_layers"])
        self.n_heads = int(z["n_heads"])
        self.max_len = int(z["max_len"])
        self.word = z["word"]  # int8, dequantised per row on lookup
        self.word_s = z["word_s"].astype(np.float32)
        self.pos = z["pos"].astype(np.float32)  # position + token-type 0 embeddings
        self.ln = z["emb_ln_g"].astype(np.float32), z["emb_ln_b"].astype(np.float32)
        self.layers = [_Layer(z, i, self.n_heads) for i in range(self.n_layers)]
        self._scratch: Weights | None = None  # made on the first run

    def framed(self, ids: list[int]) -> list[int]:
        """[CLS] ids [SEP], cut to the encoder's maximum length."""
        return [CLS, *ids[: self.max_len - 2], SEP]

    def pooled(self, batch: Sequence[list[int]]) -> F32:
        """Mean of the last layer's token vectors for each framed id list."""
        lens = [len(r) for r in batch]
        flat = np.fromiter((t for r in batch for t in r), dtype=np.int64, count=sum(lens))
        pos = np.concatenate([np.arange(n) for n in lens]) if lens else np.zeros(0, np.int64)
        x = self.word[flat].astype(np.float32) * self.word_s[flat][:, None] + self.pos[pos]
        x = _layer_norm(x, *self.ln)
        bounds = np.cumsum([0, *lens])
        # Attention is per sentence; neighbours of equal length share one batched product.
        runs: list[tuple[int, int, int]] = []  # (first token, sentences, length)
        for i, n in enumerate(lens):
            if runs and runs[-1][2] == n:
                a, k, _ = runs[-1]
                runs[-1] = (a, k + 1, n)
            else:
                runs.append((int(bounds[i]), 1, n))
        d = x.shape[1]
        hd = d // self.n_heads
        if self._scratch is None:
            self._scratch = self.layers[0].buffers()
        scratch = self._scratch
        for layer in self.layers:
            w_qkv, w_o, w_f1, w_f2 = layer.weights(scratch)
            qkv = x @ w_qkv
            qkv += layer.qkv_b
            ctx = np.empty_like(x)
            for a, k, n in runs:
                b = a + k * n
                t = qkv[a:b].reshape(k, n, 3, self.n_heads, hd).transpose(2, 0, 3, 1, 4)
                s = t[0] @ t[1].transpose(0, 1, 3, 2)  # queries are pre-scaled (see _Layer)
                s -= s.max(-1, keepdims=True)
                np.exp(s, out=s)
                s /= s.sum(-1, keepdims=True)
                ctx[a:b] = (s @ t[2]).transpose(0, 2, 1, 3).reshape(k * n, d)
            y = ctx @ w_o
            y += layer.o_b
            y += x
            x = _layer_norm(y, *layer.ln1)
            h = x @ w_f1
            h += layer.f1_b
            y = _gelu(h) @ w_f2
            y += layer.f2_b
            y += x
            x = _layer_norm(y, *layer.ln2)
        out = np.add.reduceat(x, bounds[:-1], axis=0) / np.array(lens, dtype=np.float32)[:, None]
        return out.astype(np.float32)

    def pooled_chunked(self, batch: Sequence[list[int]], chunk_tokens: int = 4096) -> F32:
        """``pooled`` of many id lists, in order, run in chunks of about ``chunk_tokens`` tokens
        (similar lengths together), so memory stays bounded on long input."""
        order = sorted(range(len(batch)), key=lambda i: len(batch[i]))
        out = np.zeros((len(batch), self.pos.shape[1]), dtype=np.float32)
        start = 0
        while start < len(order):
            end, n = start, 0
            while end < len(order) and (n == 0 or n + len(batch[order[end]]) <= chunk_tokens):
                n += len(batch[order[end]])
                end += 1
            chunk = order[start:end]
            out[chunk] = self.pooled([batch[i] for i in chunk])
            start = end
        return out


def load(path: Path) -> tuple[Encoder, dict[str, int], dict[str, Any]]:
    """A model file's encoder, its word-piece vocabulary (piece → id) and all its arrays (a
    spotter's heads among them)."""
    from factcheck.spotting.modelfile import read_npz

    arrays = read_npz(path)
    vocab = bytes(arrays["wp_vocab"]).decode("utf-8").split("\n")
    return Encoder(arrays), {w: i for i, w in enumerate(vocab)}, arrays
