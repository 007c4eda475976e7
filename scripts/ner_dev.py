"""Dev-protocol driver for NER feature ablations (the "unseen text" protocol of NER_MODEL_CARD.md).

Trains on the first 90 % of the ANERcorp train split and scores the last 10 % (399 sentences), with every
word and stem that occurs only in dev removed from the cluster table (and from the ``vec`` table, whose
PCA and n-gram model are then fitted without them). The test split is never read.

    python scripts/ner_dev.py --groups lex,...,doc,vec [--vec-scale 1.0] [--vec-neighbours] [--dims 32]

``--cache`` is the npz of USE vectors of the cluster table's keys (``keys``, ``x``); when it does not exist
they are embedded and saved there (needs the ``nertrain`` extra). ``--fold K`` holds out the K-th tenth
(0-9) instead of the last one. Prints one JSON line of dev scores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from marsad.entities import crf_features
from marsad.entities.conll import read_conll
from marsad.entities.crf_features import (
    CLUSTERS_RESOURCE,
    CORE_GROUPS,
    FeatureConfig,
    FeatureExtractor,
    load_resources,
    strip_proclitics,
    word_key,
)
from marsad.entities.crf_tagger import CrfTagger
from marsad.entities.ner_eval import score_tags, tag_conll
from marsad.entities.ner_train import _check_tags, _fit, _write_metadata

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "anercorp" / "ANERcorp_CamelLabStyle_reconstructed_train.txt"


def _keys(tokens: list[str]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        k = word_key(t)
        out.add(k)
        out.add(strip_proclitics(k).stem)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", default=",".join(CORE_GROUPS))
    parser.add_argument("--iterations", type=int, default=120)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--vec-scale", type=float, default=1.0)
    parser.add_argument("--vec-neighbours", action="store_true")
    parser.add_argument("--vec-predict-only", action="store_true")
    parser.add_argument("--dims", type=int, default=32)
    parser.add_argument("--buckets", type=int, default=16384)
    parser.add_argument("--lam", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/nv/emb.npz"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/nv"))
    parser.add_argument("--label", default="")
    parser.add_argument("--save-tags", type=Path, default=None,
                        help="write the dev predictions as token<TAB>gold<TAB>predicted lines (for comparing taggers)")
    parser.add_argument("--extra", type=Path, action="append", default=[],
                        help="further (e.g. machine-labelled) CoNLL training files added to the train part")
    parser.add_argument("--keep-model", type=Path, default=None, help="copy the dev model (and its metadata) here")
    parser.add_argument("--fold", type=int, default=9,
                        help="which tenth of the train split is dev (default 9: the last, as in the card)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    groups = tuple(g for g in crf_features.ALL_GROUPS if g in args.groups.split(","))
    crf_features.VEC_SCALE = args.vec_scale
    crf_features.VEC_NEIGHBOURS = args.vec_neighbours
    crf_features.VEC_PREDICT_ONLY = args.vec_predict_only

    main_s = _check_tags(read_conll(TRAIN, require_tags=True), TRAIN)
    n_dev = round(len(main_s) * 0.1)
    lo = args.fold * n_dev
    hi = len(main_s) if args.fold == 9 else lo + n_dev
    head, dev = main_s[:lo] + main_s[hi:], main_s[lo:hi]
    from build_ner_clusters import _marsad_vocabulary  # type: ignore[import-not-found]  # a sibling script, imported from scripts/ at run time

    known = _keys([t for s in head for t in s.tokens]) | _keys(_marsad_vocabulary())
    dev_only = _keys([t for s in dev for t in s.tokens]) - known

    args.work.mkdir(parents=True, exist_ok=True)
    tag = "" if args.fold == 9 else f"_f{args.fold}"
    clusters_dev = args.work / f"clusters_dev{tag}.json.gz"
    if not clusters_dev.is_file():
        with gzip.open(CLUSTERS_RESOURCE, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        data["words"] = {k: v for k, v in data["words"].items() if k not in dev_only}
        with gzip.open(clusters_dev, "wt", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        print(f"cluster table without dev-only keys: {len(data['words'])}", file=sys.stderr)
    vectors_dev = None
    if "vec" in groups:
        vectors_dev = args.work / f"vectors_dev_{args.dims}_{args.buckets}_{args.lam}{tag}.json.gz"
        if not vectors_dev.is_file():
            from ner_vectors import build_table, write_table  # type: ignore[import-not-found]  # a sibling script, imported from scripts/ at run time

            if not args.cache.is_file():  # embed the cluster table's vocabulary once (about 1-2 min)
                from build_ner_clusters import DEFAULT_DATA, embed, vocabulary

                vocab = vocabulary(DEFAULT_DATA)
                args.cache.parent.mkdir(parents=True, exist_ok=True)
                np.savez(args.cache, keys=np.array(list(vocab)),
                         x=embed(list(vocab.values())).astype(np.float32))
            z = np.load(args.cache)
            keys = [str(k) for k in z["keys"]]
            keep = [i for i, k in enumerate(keys) if k not in dev_only]
            table = build_table([keys[i] for i in keep], z["x"][keep], dims=args.dims, buckets=args.buckets,
                                lam=args.lam)
            write_table(table, vectors_dev)
            print(f"vector table without dev-only keys: {len(keep)} ({time.perf_counter() - t0:.0f} s)",
                  file=sys.stderr)

    config = FeatureConfig(groups)
    resources = load_resources(groups, clusters_path=clusters_dev, vectors_path=vectors_dev)
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "dev.crfsuite"
        fit_args = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "min_freq": 1,
                    "cluster_dropout": "hapax"}
        extra = [x for path in args.extra for x in _check_tags(read_conll(path, require_tags=True), path)]
        _fit(head + extra, FeatureExtractor(config, resources), model, **fit_args)
        _write_metadata(model.with_suffix(".json"), config, resources.fingerprints(), model, [], fit_args, 0,
                        {}, None)
        size = model.stat().st_size
        if args.keep_model is not None:
            shutil.copy(model, args.keep_model)
            shutil.copy(model.with_suffix(".json"), args.keep_model.with_suffix(".json"))
        tagger = CrfTagger(model, clusters_path=clusters_dev, vectors_path=vectors_dev)
        predicted = tag_conll(tagger, [s.tokens for s in dev])
        scores = score_tags([s.tags for s in dev], predicted)
    if args.save_tags is not None:
        rows = ["\n".join(f"{t}\t{g}\t{p}" for t, g, p in zip(s.tokens, s.tags, tags, strict=True))
                for s, tags in zip(dev, predicted, strict=True)]
        args.save_tags.write_text("\n\n".join(rows) + "\n", encoding="utf-8")
    d = scores.as_dict()
    print(json.dumps({"label": args.label, "fold": args.fold, "dev_sentences": len(dev), "groups": groups,
                      "vec_scale": args.vec_scale,
                      "vec_neighbours": args.vec_neighbours,
                      "vec_predict_only": args.vec_predict_only, "dims": args.dims, "model_bytes": size,
                      "seconds": round(time.perf_counter() - t0), "scores": d}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
