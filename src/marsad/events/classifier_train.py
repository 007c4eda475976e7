"""Training the sentence event classifier (``marsad train events-classifier``).

Data: the GSR **dev** splits only (``split_assault_dev``, ``split_protest_dev``; ``ambiguous`` left out) plus
our own labelled sentences (``data/classifier/own_sentences.csv``: ``text,assault,protest``). The test splits
are never read here. Per label, an L2-regularised logistic regression is fitted by Newton's method in its
dual (kernel) form -- the weight vector is ``X^T a`` -- which is exact, deterministic and cheap while
there are fewer sentences than features.

Targets: ``agreement`` fits each GSR sentence to the share of annotators who accepted the label
(``accept / total``: a ``yes`` is 1.0, a split ``difficult no`` 1/3 or 2/4, an ``easy no`` 0.0) -- a GSR
positive needs every annotator, and the split sentences are the noisy ones; ``binary`` fits the 0/1
labels; ``auto`` (default) lets the cross-validation choose between the two, per label. Own sentences are
always 0/1. Either way the model is *scored* on the binary labels.

Gate (``gate``): ``rules`` makes ``detect`` also require that Marsad's rule pipeline find an asserted or
alleged event of the type in the sentence (:mod:`marsad.events.classifier_gate`); ``none`` leaves it out;
``auto`` (default) lets the cross-validation choose, per label. The rule pipeline is run once over the
dev sentences; a gated out-of-fold prediction is the probability times the 0/1 rule flag.

The targets, the L2 strength, the gate and the decision threshold are chosen by stratified k-fold
cross-validation on the GSR dev sentences (own sentences always stay in training): the threshold maximises
the out-of-fold F1, the (targets, L2, gate) triple the best out-of-fold F1 (ties: lower log-loss against
the binary labels, then no gate).
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marsad.evaluation.gsr import BinaryScores, data_path, load_gsr, score_binary, split_path
from marsad.events.classifier import (
    FORMAT,
    LABELS,
    METHOD_ID,
    USE_PACKAGE,
    NgramSpec,
    encode_use,
    ngram_features,
    pack_floats,
    use_version,
)
from marsad.events.classifier_gate import GATE_RULES, rule_flags

DEFAULT_SEED = 13
DEFAULT_FOLDS = 5
DEFAULT_L2_GRID: tuple[float, ...] = (0.003, 0.01, 0.03, 0.1, 0.3)
DEFAULT_USE_SCALE = 0.25
FEATURE_SETS: tuple[str, ...] = ("ngrams", "ngrams+use")
TARGETS: tuple[str, ...] = ("auto", "agreement", "binary")
DEFAULT_TARGETS = "auto"
GATE_CHOICES: tuple[str, ...] = ("auto", "rules", "none")
DEFAULT_GATE = "auto"
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
_LABEL_TO_TYPE = {"ASSAULT": "assault", "PROTEST": "protest"}

Float64Array = npt.NDArray[np.float64]
SparseRow = tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]


@dataclass(frozen=True, slots=True)
class KernelFit:
    """Dual coefficients ``a`` (one per training sentence) and the bias of a logistic regression."""

    dual: tuple[float, ...]
    bias: float
    iterations: int


@dataclass(frozen=True, slots=True)
class OwnSentence:
    text: str
    assault: bool
    protest: bool


@dataclass(frozen=True, slots=True)
class CvPoint:
    l2: float
    f1: float
    threshold: float
    log_loss: float
    targets: str = "binary"
    gate: str | None = None


@dataclass(frozen=True, slots=True)
class LabelReport:
    label: str
    targets: str
    gate: str | None
    l2: float
    threshold: float
    cv: BinaryScores
    grid: tuple[CvPoint, ...]
    gsr_positives: int
    gsr_negatives: int
    own_positives: int
    own_negatives: int


@dataclass(frozen=True, slots=True)
class TrainReport:
    out_path: Path
    features: str
    seed: int
    folds: int
    labels: tuple[LabelReport, ...]
    seconds: float
    targets: str = DEFAULT_TARGETS

    def format(self) -> str:
        lines = [
            f"model {self.out_path} (features {self.features}, targets {self.targets}, seed {self.seed}, "
            f"{self.seconds:.0f} s)"
        ]
        for rep in self.labels:
            lines.append(
                f"{rep.label}: targets {rep.targets}, gate {rep.gate or 'none'}, l2 {rep.l2:g}, "
                f"threshold {rep.threshold:.2f}; trained on GSR dev "
                f"{rep.gsr_positives}+/{rep.gsr_negatives}- and own {rep.own_positives}+/{rep.own_negatives}-"
            )
            lines.append("  " + rep.cv.format(f"dev {self.folds}-fold CV"))
        return "\n".join(lines)


def fit_logistic_kernel(gram: Float64Array, y: Sequence[float], *, l2: float, max_iter: int = 100) -> KernelFit:
    """Minimise ``sum log-loss(K a + b) + l2/2 a^T K a`` by Newton's method (deterministic, no randomness).

    ``gram`` is the n x n matrix ``X X^T`` of the training sentences; the primal weights are ``X^T a``.
    ``y`` holds targets in [0, 1]: 0/1 labels, or soft targets (cross-entropy against a probability).
    """
    k = np.asarray(gram, dtype=np.float64)
    target = np.asarray(y, dtype=np.float64)
    n = target.shape[0]
    if k.shape != (n, n):
        raise ValueError(f"gram matrix of shape {k.shape} for {n} labels")
    if l2 <= 0:
        raise ValueError("l2 must be positive")
    if n and (float(target.min()) < 0.0 or float(target.max()) > 1.0):
        raise ValueError("targets must lie in [0, 1]")
    a = np.zeros(n, dtype=np.float64)
    b = 0.0
    system = np.zeros((n + 1, n + 1), dtype=np.float64)
    rhs = np.zeros(n + 1, dtype=np.float64)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 -- the count is reported
        z = k @ a + b
        p = 1.0 / (1.0 + np.exp(-z))
        grad = p - target
        d = p * (1.0 - p)
        # Newton step in (a, b) after factoring K out of the gradient and Hessian
        system[:n, :n] = d[:, None] * k
        system[np.arange(n), np.arange(n)] += l2
        system[:n, n] = d
        system[n, :n] = d @ k
        system[n, n] = d.sum() + 1e-9
        rhs[:n] = grad + l2 * a
        rhs[n] = grad.sum()
        step = np.linalg.solve(system, rhs)
        a -= step[:n]
        b -= float(step[n])
        if float(np.max(np.abs(step))) < 1e-9:
            break
    return KernelFit(dual=tuple(float(v) for v in a), bias=b, iterations=iterations)


def fit_logistic(x: npt.NDArray[Any], y: Sequence[float], *, l2: float) -> tuple[Float64Array, float]:
    """Weights and bias of an L2 logistic regression on a dense feature matrix (kernel fit, then ``X^T a``)."""
    xs = np.asarray(x, dtype=np.float64)
    fit = fit_logistic_kernel(xs @ xs.T, y, l2=l2)
    return xs.T @ np.array(fit.dual), fit.bias


def sparse_gram(rows: Sequence[SparseRow], *, buckets: int, chunk: int = 256) -> Float64Array:
    n = len(rows)
    gram = np.zeros((n, n), dtype=np.float64)
    for start in range(0, n, chunk):
        block = rows[start : start + chunk]
        dense = np.zeros((len(block), buckets), dtype=np.float32)
        for r, (idx, vals) in enumerate(block):
            dense[r, idx] = vals
        for j, (idx, vals) in enumerate(rows):
            gram[start : start + len(block), j] = dense[:, idx] @ vals
    return gram


def sparse_weights(rows: Sequence[SparseRow], dual: Float64Array, *, buckets: int) -> Float64Array:
    if not rows:
        return np.zeros(buckets, dtype=np.float64)
    idx = np.concatenate([r[0] for r in rows])
    vals = np.concatenate([r[1].astype(np.float64) * dual[i] for i, r in enumerate(rows)])
    return np.bincount(idx, weights=vals, minlength=buckets).astype(np.float64)


def load_own_sentences(path: Path) -> list[OwnSentence]:
    if not path.is_file():
        raise FileNotFoundError(f"own sentences file not found: {path}")
    out: list[OwnSentence] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"text", "assault", "protest"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: expected columns text,assault,protest")
        for line, row in enumerate(reader, start=2):
            flags = []
            for key in ("assault", "protest"):
                value = row[key].strip()
                if value not in ("0", "1"):
                    raise ValueError(f"{path}:{line}: {key} must be 0 or 1, not {value!r}")
                flags.append(value == "1")
            text = row["text"].strip()
            if not text:
                raise ValueError(f"{path}:{line}: empty text")
            out.append(OwnSentence(text=text, assault=flags[0], protest=flags[1]))
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stratified_folds(y: Sequence[bool], *, k: int, seed: int) -> npt.NDArray[np.int64]:
    labels = np.asarray(y, dtype=bool)
    rng = np.random.default_rng(seed)
    folds = np.zeros(labels.shape[0], dtype=np.int64)
    for value in (False, True):
        members = rng.permutation(np.flatnonzero(labels == value))
        folds[members] = np.arange(members.shape[0]) % k
    return folds


def _best_threshold(y: Float64Array, probs: Float64Array) -> tuple[float, float]:
    best_f1, best_t = -1.0, 0.5
    gold = [bool(v) for v in y]
    for t in THRESHOLD_GRID:
        f1 = score_binary(gold, [bool(p >= t) for p in probs]).f1
        if f1 > best_f1:
            best_f1, best_t = f1, t
    return best_f1, best_t


def _log_loss(y: Float64Array, probs: Float64Array) -> float:
    p = np.clip(probs, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _train_label(
    label: str,
    gram_gsr: Float64Array,
    gram_cross: Float64Array,
    gram_own: Float64Array,
    y_gsr: Float64Array,
    y_own: Float64Array,
    *,
    folds: npt.NDArray[np.int64],
    k: int,
    l2_grid: Sequence[float],
    fit_targets: dict[str, Float64Array] | None = None,
    gate_flags: Float64Array | None = None,
    gate_only: bool = False,
) -> tuple[KernelFit, LabelReport]:
    """Cross-validate then fit on everything; gram blocks: GSR x GSR, GSR x own, own x own.

    ``y_gsr`` (0/1) is what the out-of-fold predictions are scored on; ``fit_targets`` maps a name to what
    the GSR sentences may be fitted to (targets in [0, 1]; default ``{"binary": y_gsr}``), and the
    cross-validation picks one of them together with the L2 strength. ``gate_flags`` (0/1 per GSR sentence:
    the rule pipeline found the event) adds gated grid points (``gate_only``: only those).
    """
    n_gsr, n_own = y_gsr.shape[0], y_own.shape[0]
    full = np.zeros((n_gsr + n_own, n_gsr + n_own))
    full[:n_gsr, :n_gsr] = gram_gsr
    full[:n_gsr, n_gsr:] = gram_cross
    full[n_gsr:, :n_gsr] = gram_cross.T
    full[n_gsr:, n_gsr:] = gram_own
    options = fit_targets if fit_targets else {"binary": y_gsr}
    grid: list[CvPoint] = []
    oof_by_point: dict[tuple[str, float, str | None], Float64Array] = {}
    for name, fit_gsr in options.items():
        y_all = np.concatenate([fit_gsr, y_own])
        for l2 in l2_grid:
            oof = np.zeros(n_gsr)
            for fold in range(k):
                train = np.concatenate([np.flatnonzero(folds != fold), n_gsr + np.arange(n_own)])
                held = np.flatnonzero(folds == fold)
                fit = fit_logistic_kernel(full[np.ix_(train, train)], [float(v) for v in y_all[train]], l2=l2)
                z = full[np.ix_(held, train)] @ np.array(fit.dual) + fit.bias
                oof[held] = 1.0 / (1.0 + np.exp(-z))
            variants: list[tuple[str | None, Float64Array]] = (
                [] if gate_only and gate_flags is not None else [(None, oof)]
            )
            if gate_flags is not None:
                variants.append((GATE_RULES, oof * gate_flags))
            for gate, probs in variants:
                f1, threshold = _best_threshold(y_gsr, probs)
                grid.append(
                    CvPoint(
                        l2=l2,
                        f1=f1,
                        threshold=threshold,
                        log_loss=_log_loss(y_gsr, probs),
                        targets=name,
                        gate=gate,
                    )
                )
                oof_by_point[(name, l2, gate)] = probs
    best = max(grid, key=lambda c: (round(c.f1, 9), -c.log_loss, c.gate is None))
    cv = score_binary(
        [bool(v) for v in y_gsr],
        [bool(p >= best.threshold) for p in oof_by_point[(best.targets, best.l2, best.gate)]],
    )
    y_best = np.concatenate([options[best.targets], y_own])
    fit = fit_logistic_kernel(full, [float(v) for v in y_best], l2=best.l2)
    report = LabelReport(
        label=label,
        targets=best.targets,
        gate=best.gate,
        l2=best.l2,
        threshold=best.threshold,
        cv=cv,
        grid=tuple(grid),
        gsr_positives=int(y_gsr.sum()),
        gsr_negatives=int(n_gsr - y_gsr.sum()),
        own_positives=int(y_own.sum()),
        own_negatives=int(n_own - y_own.sum()),
    )
    return fit, report


def train_classifier(
    *,
    gsr_dir: Path,
    own_path: Path,
    out_path: Path,
    seed: int = DEFAULT_SEED,
    features: str = "ngrams",
    folds: int = DEFAULT_FOLDS,
    l2_grid: Sequence[float] = DEFAULT_L2_GRID,
    use_scale: float = DEFAULT_USE_SCALE,
    spec: NgramSpec | None = None,
    targets: str = DEFAULT_TARGETS,
    gate: str = DEFAULT_GATE,
) -> TrainReport:
    """Train both labels on the GSR dev splits plus own sentences and write the JSON model to ``out_path``."""
    if features not in FEATURE_SETS:
        raise ValueError(f"unknown feature set {features!r}; expected one of {', '.join(FEATURE_SETS)}")
    if targets not in TARGETS:
        raise ValueError(f"unknown targets {targets!r}; expected one of {', '.join(TARGETS)}")
    if gate not in GATE_CHOICES:
        raise ValueError(f"unknown gate {gate!r}; expected one of {', '.join(GATE_CHOICES)}")
    started = time.perf_counter()
    spec = spec or NgramSpec()
    with_use = features == "ngrams+use"
    own = load_own_sentences(own_path)
    own_rows = [ngram_features(s.text, spec) for s in own]
    own_use = encode_use([s.text for s in own]) * np.float32(use_scale) if with_use else None
    hashes: dict[str, str] = {own_path.name: _sha256(own_path)}
    models: dict[str, Any] = {}
    reports: list[LabelReport] = []
    for label in LABELS:
        event_type = _LABEL_TO_TYPE[label]
        sentences = load_gsr(gsr_dir, event_type=event_type, split="dev")
        dev_ids = split_path(gsr_dir, event_type=event_type, split="dev")
        for path in (data_path(gsr_dir, event_type=event_type), dev_ids):
            hashes[path.name] = _sha256(path)
        rows = [ngram_features(s.text, spec) for s in sentences]
        everything = rows + own_rows
        gram_all = sparse_gram(everything, buckets=spec.buckets)
        use_vectors = None
        if with_use:
            assert own_use is not None
            use_vectors = np.vstack([encode_use([s.text for s in sentences]) * np.float32(use_scale), own_use])
            gram_all += use_vectors.astype(np.float64) @ use_vectors.T.astype(np.float64)
        n = len(rows)
        y_gsr = np.array([s.label for s in sentences], dtype=np.float64)
        options: dict[str, Float64Array] = {}
        if targets in ("auto", "agreement"):
            options["agreement"] = np.array([s.agreement for s in sentences], dtype=np.float64)
        if targets in ("auto", "binary"):
            options["binary"] = y_gsr
        gate_flags = None
        if gate != "none":
            flags = rule_flags([s.text for s in sentences], label)
            gate_flags = np.array(flags, dtype=np.float64)
        y_own = np.array([s.assault if label == "ASSAULT" else s.protest for s in own], dtype=np.float64)
        fold_ids = stratified_folds([s.label for s in sentences], k=folds, seed=seed)
        fit, report = _train_label(
            label,
            gram_all[:n, :n],
            gram_all[:n, n:],
            gram_all[n:, n:],
            y_gsr,
            y_own,
            folds=fold_ids,
            k=folds,
            l2_grid=l2_grid,
            fit_targets=options,
            gate_flags=gate_flags,
            gate_only=gate == "rules",
        )
        dual = np.array(fit.dual)
        block: dict[str, Any] = {
            "bias": round(fit.bias, 8),
            "threshold": report.threshold,
            "targets": report.targets,
            "gate": report.gate,
            "l2": report.l2,
            "ngram_weights": pack_floats(sparse_weights(everything, dual, buckets=spec.buckets)),
            "dev_cv": {
                "folds": folds,
                "tp": report.cv.tp,
                "fp": report.cv.fp,
                "fn": report.cv.fn,
                "tn": report.cv.tn,
                "precision": round(report.cv.precision, 4),
                "recall": round(report.cv.recall, 4),
                "f1": round(report.cv.f1, 4),
                "grid": [
                    {
                        "targets": c.targets,
                        "gate": c.gate,
                        "l2": c.l2,
                        "f1": round(c.f1, 4),
                        "threshold": c.threshold,
                        "log_loss": round(c.log_loss, 4),
                    }
                    for c in report.grid
                ],
            },
            "training_sentences": {
                "gsr_dev_positive": report.gsr_positives,
                "gsr_dev_negative": report.gsr_negatives,
                "own_positive": report.own_positives,
                "own_negative": report.own_negatives,
            },
        }
        if use_vectors is not None:
            block["use_weights"] = pack_floats(use_vectors.T.astype(np.float64) @ dual)
        models[label] = block
        reports.append(report)
    encoders: dict[str, Any] = {"ngrams": spec.to_json()}
    if with_use:
        encoders["use"] = {
            "name": USE_PACKAGE,
            "version": use_version(),
            "model": "USE multilingual v3",
            "dim": 512,
            "scale": use_scale,
        }
    payload = {
        "format": FORMAT,
        "method": METHOD_ID,
        "labels": list(LABELS),
        "features": features,
        "encoders": encoders,
        "models": models,
        "training": {
            "seed": seed,
            "folds": folds,
            "l2_grid": list(l2_grid),
            "targets": targets,
            "gate": gate,
            "data": "GSR dev splits (ambiguous excluded) + own sentences; test splits never read; GSR targets: "
            "binary labels or annotator agreement (accept/total), chosen per label by CV",
            "sha256": dict(sorted(hashes.items())),
            "command": "marsad train events-classifier"
            + (f" --features {features}" if features != "ngrams" else "")
            + (f" --seed {seed}" if seed != DEFAULT_SEED else "")
            + (f" (train_classifier targets={targets!r})" if targets != DEFAULT_TARGETS else "")
            + (f" (train_classifier gate={gate!r})" if gate != DEFAULT_GATE else ""),
        },
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return TrainReport(
        out_path=out_path,
        features=features,
        seed=seed,
        folds=folds,
        labels=tuple(reports),
        seconds=time.perf_counter() - started,
        targets=targets,
    )
