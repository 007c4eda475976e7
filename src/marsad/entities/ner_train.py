"""Train the CRF named-entity model (``marsad train ner``).

Training is deterministic: L-BFGS in CRFsuite has no random component and the features are built
in input order, so the same inputs (data files, feature groups and lists, parameters) give the same
model *bytes*. ``seed`` is recorded in the metadata for the record; nothing random depends on it.

With ``dev_fraction`` > 0 the last part of the main training file (by document order) is first held
out: a model trained on the rest is scored on it, and those are the "dev" scores in the metadata;
then the shipped model is trained on all of the data.

With the ``clusters`` feature group, training hides the clusters of words seen once in the data being
fitted (``cluster_dropout="hapax"``), so the model learns how to treat words that are missing from the
cluster table (they fall back to their stem's cluster or ``k=U``), as new text has them at run time.

A CoNLL file has no document boundaries: its sentences are read as documents of ``CONLL_DOC_SENTENCES``
consecutive sentences, for training and for scoring alike (this matters to the ``doc`` feature group).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.entities.conll import ConllSentence, read_conll
from marsad.entities.crf_features import (
    ALL_GROUPS,
    CONLL_DOC_SENTENCES,
    FEATURES_VERSION,
    FeatureConfig,
    FeatureExtractor,
    available_groups,
    cue_fingerprint,
    doc_blocks,
    load_resources,
    word_key,
)
from marsad.entities.crf_tagger import METADATA_FORMAT, CrfTagger, fix_tags
from marsad.entities.ner_eval import ANER_TYPES, NerScores, score_tags, tag_conll

MODEL_NAME = "ner"
DEFAULT_C1 = 0.05
DEFAULT_C2 = 0.01
DEFAULT_MAX_ITERATIONS = 150
DEFAULT_SEED = 0
DEFAULT_CLUSTER_DROPOUT = "hapax"
"""In training, words seen once get no cluster (as words outside the cluster table at run time)."""


@dataclass(frozen=True, slots=True)
class TrainReport:
    model_path: Path
    metadata_path: Path
    groups: tuple[str, ...]
    sentences: int
    tokens: int
    model_bytes: int
    train_seconds: float
    dev: NerScores | None
    evaluations: tuple[tuple[str, NerScores], ...] = ()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_tags(sentences: Sequence[ConllSentence], source: Path) -> list[ConllSentence]:
    """ANERcorp tags only, made legal IOB2 (an I-X that starts a chunk becomes B-X)."""
    allowed = {"O"} | {f"{p}-{t}" for p in "BI" for t in ANER_TYPES}
    out: list[ConllSentence] = []
    for k, s in enumerate(sentences, start=1):
        bad = [t for t in s.tags if t not in allowed]
        if bad:
            raise ValueError(f"{source}: sentence {k} has tags outside the ANERcorp set: {sorted(set(bad))}")
        out.append(ConllSentence(s.tokens, tuple(fix_tags(s.tags))))
    return out


def hapax_words(sentences: Sequence[ConllSentence]) -> frozenset[str]:
    """Normalised forms seen exactly once in ``sentences`` (their clusters are hidden in training)."""
    counts = Counter(word_key(t) for s in sentences for t in s.tokens)
    return frozenset(k for k, c in counts.items() if c == 1)


def _fit(
    sentences: Sequence[ConllSentence],
    extractor: FeatureExtractor,
    model_path: Path,
    *,
    c1: float,
    c2: float,
    max_iterations: int,
    min_freq: int,
    cluster_dropout: str = DEFAULT_CLUSTER_DROPOUT,
) -> None:
    if cluster_dropout == "hapax" and extractor.config.has("clusters"):
        extractor = FeatureExtractor(extractor.config, extractor.resources, hidden_words=hapax_words(sentences))
    elif cluster_dropout not in ("hapax", "none"):
        raise ValueError(f"cluster_dropout must be 'hapax' or 'none', got {cluster_dropout!r}")
    trainer = pycrfsuite.Trainer(verbose=False)
    for block in doc_blocks(sentences):  # pseudo-documents, as evaluate_conll reads a CoNLL file
        for s, feats in zip(block, extractor.document([s.tokens for s in block]), strict=True):
            trainer.append(feats, list(s.tags))
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": min_freq,
    })
    trainer.train(str(model_path))


def _score(model_path: Path, sentences: Sequence[ConllSentence], anergazet_dir: Path | None) -> NerScores:
    tagger = CrfTagger(model_path, anergazet_dir=anergazet_dir)
    return score_tags([s.tags for s in sentences], tag_conll(tagger, [s.tokens for s in sentences]))


def train_ner(
    *,
    train_path: Path,
    out_dir: Path,
    extra_paths: Sequence[Path] = (),
    c1: float,
    c2: float,
    max_iterations: int,
    seed: int,
    groups: Sequence[str] | None = None,
    dev_fraction: float = 0.0,
    eval_paths: Sequence[Path] = (),
    anergazet_dir: Path | None = None,
    min_freq: int = 1,
    model_name: str = MODEL_NAME,
    cluster_dropout: str = DEFAULT_CLUSTER_DROPOUT,
) -> TrainReport:
    """Train ``<out_dir>/<model_name>.crfsuite`` and write its ``.json`` metadata beside it.

    ``groups`` defaults to every feature group that can be built here (:func:`available_groups`);
    ``eval_paths`` are gold CoNLL files scored with the final model and recorded in the metadata
    (for reporting only: nothing is tuned on them). ``cluster_dropout`` ``"hapax"`` hides the clusters of
    words seen once in the training data (``"none"`` keeps them).
    """
    if not 0.0 <= dev_fraction < 1.0:
        raise ValueError(f"dev_fraction must be in [0, 1), got {dev_fraction}")
    chosen = tuple(groups) if groups is not None else available_groups(anergazet_dir=anergazet_dir)
    chosen = tuple(g for g in ALL_GROUPS if g in chosen)
    config = FeatureConfig(chosen)
    resources = load_resources(config.groups, anergazet_dir=anergazet_dir)

    main = _check_tags(read_conll(train_path, require_tags=True), train_path)
    extras: list[ConllSentence] = []
    data_info: list[dict[str, Any]] = []
    for p in (train_path, *extra_paths):
        sents = main if p == train_path else _check_tags(read_conll(p, require_tags=True), p)
        if p != train_path:
            extras += sents
        data_info.append({"file": p.name, "sha256": _sha256(p), "sentences": len(sents),
                          "tokens": sum(len(s.tokens) for s in sents)})
    everything = main + extras

    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / f"{model_name}.crfsuite"
    meta_path = model_path.with_suffix(".json")
    fit_args: dict[str, Any] = {"c1": c1, "c2": c2, "max_iterations": max_iterations, "min_freq": min_freq,
                                "cluster_dropout": cluster_dropout}

    dev_scores: NerScores | None = None
    dev_info: dict[str, Any] | None = None
    started = time.perf_counter()
    if dev_fraction > 0.0:
        n_dev = max(1, round(len(main) * dev_fraction))
        head, dev = main[:-n_dev], main[-n_dev:]
        with tempfile.TemporaryDirectory() as tmp:
            dev_model = Path(tmp) / "dev.crfsuite"
            _fit(head + extras, FeatureExtractor(config, resources), dev_model, **fit_args)
            _write_metadata(dev_model.with_suffix(".json"), config, resources.fingerprints(), dev_model,
                            data_info, fit_args, seed, {}, None)
            dev_scores = _score(dev_model, dev, anergazet_dir)
        dev_info = {"held_out": f"last {n_dev} of {len(main)} sentences of {train_path.name}",
                    "scores": dev_scores.as_dict()}

    tmp_model = model_path.with_suffix(".crfsuite.tmp")
    _fit(everything, FeatureExtractor(config, resources), tmp_model, **fit_args)
    os.replace(tmp_model, model_path)
    train_seconds = time.perf_counter() - started

    _write_metadata(meta_path, config, resources.fingerprints(), model_path, data_info, fit_args, seed, {},
                    dev_info)
    evaluations: list[tuple[str, NerScores]] = []
    for p in eval_paths:
        gold = read_conll(p, require_tags=True)
        evaluations.append((p.name, _score(model_path, gold, anergazet_dir)))
    if evaluations:
        _write_metadata(meta_path, config, resources.fingerprints(), model_path, data_info, fit_args, seed,
                        {name: s.as_dict() for name, s in evaluations}, dev_info)
    return TrainReport(
        model_path=model_path,
        metadata_path=meta_path,
        groups=config.groups,
        sentences=len(everything),
        tokens=sum(len(s.tokens) for s in everything),
        model_bytes=model_path.stat().st_size,
        train_seconds=train_seconds,
        dev=dev_scores,
        evaluations=tuple(evaluations),
    )


def _write_metadata(
    path: Path,
    config: FeatureConfig,
    fingerprints: dict[str, str],
    model_path: Path,
    data_info: list[dict[str, Any]],
    fit_args: dict[str, Any],
    seed: int,
    evaluations: dict[str, Any],
    dev_info: dict[str, Any] | None,
) -> None:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    labels = sorted(tagger.labels())
    tagger.close()
    meta: dict[str, Any] = {
        "format": METADATA_FORMAT,
        "features": {
            "version": FEATURES_VERSION,
            "groups": list(config.groups),
            "cue_fingerprint": cue_fingerprint(),
            "lists": fingerprints,
        },
        "labels": labels,
        "model_sha256": _sha256(model_path),
        "training": {
            "data": data_info,
            "algorithm": "lbfgs",
            "params": {"c1": fit_args["c1"], "c2": fit_args["c2"], "max_iterations": fit_args["max_iterations"],
                       "feature.minfreq": fit_args["min_freq"], "feature.possible_transitions": True,
                       **({"cluster_dropout": fit_args["cluster_dropout"]} if config.has("clusters") else {})},
            "seed": seed,
            "deterministic": "same inputs give the same model bytes (L-BFGS has no random component)",
            "tags": "illegal I-X in training data made B-X (IOB2)",
            **({"documents": f"CoNLL files read as documents of {CONLL_DOC_SENTENCES} consecutive sentences"}
               if config.has("doc") else {}),
        },
        "scores": {"dev": dev_info, "evaluations": evaluations},
    }
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
