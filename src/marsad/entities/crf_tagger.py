"""The CRF named-entity tagger and the packaged model (``marsad/resources/ner.crfsuite``).

A model file ``X.crfsuite`` comes with ``X.json`` metadata: the feature groups and feature-code
version it was trained with, fingerprints of the cue and name lists and of the word-cluster table
(``resources/ner_clusters.json.gz``), the training data hash, the
training parameters and its scores. Loading checks that exactly those feature groups can be built
here (and that the feature code is the same version); otherwise it refuses with
:class:`ModelMismatchError` rather than tag with features the model never saw.
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.entities.crf_features import (
    FEATURES_VERSION,
    FeatureConfig,
    FeatureExtractor,
    cue_fingerprint,
    load_resources,
)

METHOD_ID = "entities.crf_tagger.v1"
METADATA_FORMAT = "marsad.ner.crf.v1"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
PACKAGED_MODEL = RESOURCES_DIR / "ner.crfsuite"
ANERGAZET_RESOURCE = RESOURCES_DIR / "ner_anergazet"


class ModelMismatchError(ValueError):
    """The model was trained with features this installation cannot rebuild exactly."""


def metadata_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def fix_tags(tags: Sequence[str]) -> list[str]:
    """Make a tag sequence legal IOB2: an ``I-X`` that does not continue an ``X`` chunk becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the metadata says about a model (the parts the tagger checks and reports)."""

    model_path: Path
    config: FeatureConfig
    labels: tuple[str, ...]
    list_fingerprints: tuple[tuple[str, str], ...]
    raw: str  # the metadata JSON text, for reports

    @property
    def metadata(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.raw)
        return data


def read_model_info(model_path: Path) -> ModelInfo:
    meta_file = metadata_path(model_path)
    try:
        raw = meta_file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"model metadata {meta_file} not found (it must sit next to the model)") from exc
    meta = json.loads(raw)
    if meta.get("format") != METADATA_FORMAT:
        raise ModelMismatchError(f"{meta_file}: format {meta.get('format')!r}, expected {METADATA_FORMAT!r}")
    feats = meta["features"]
    if feats["version"] != FEATURES_VERSION:
        raise ModelMismatchError(
            f"{model_path} was trained with feature code {feats['version']!r}; this is {FEATURES_VERSION!r}: "
            "retrain it (marsad train ner)"
        )
    if feats.get("cue_fingerprint") != cue_fingerprint():
        raise ModelMismatchError(f"{model_path}: the cue lists changed since training; retrain it")
    config = FeatureConfig(tuple(feats["groups"]))
    lists = tuple(sorted((str(k), str(v)) for k, v in feats.get("lists", {}).items()))
    return ModelInfo(model_path, config, tuple(meta.get("labels", ())), lists, raw)


class CrfTagger:
    """Tags token sequences with the ANERcorp tag set (``B-/I-`` PERS, LOC, ORG, MISC and ``O``)."""

    def __init__(self, model_path: Path, *, anergazet_dir: Path | None = None,
                 clusters_path: Path | None = None, vectors_path: Path | None = None) -> None:
        """``clusters_path`` / ``vectors_path`` replace the packaged cluster table
        (``resources/ner_clusters.json.gz``) / vector table (``resources/ner_vectors.json.gz``)."""
        model_path = Path(model_path)
        if not model_path.is_file():
            raise FileNotFoundError(f"NER model {model_path} not found")
        self.info = read_model_info(model_path)
        try:
            resources = load_resources(self.info.config.groups,
                                       anergazet_dir=anergazet_dir or ANERGAZET_RESOURCE,
                                       clusters_path=clusters_path, vectors_path=vectors_path)
        except (LookupError, OSError) as exc:
            raise ModelMismatchError(f"{model_path}: {exc}") from exc
        now = dict(resources.fingerprints())
        for label, fp in self.info.list_fingerprints:
            if now.get(label) != fp:
                warnings.warn(
                    f"{model_path}: name list {label!r} differs from the one used in training "
                    f"({now.get(label)} vs {fp}); retraining is advised",
                    stacklevel=2,
                )
        self.extractor = FeatureExtractor(self.info.config, resources)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))

    @property
    def groups(self) -> tuple[str, ...]:
        return self.info.config.groups

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """One tag per token (legal IOB2)."""
        if not tokens:
            return []
        raw: list[str] = self._tagger.tag(self.extractor.sentence(tokens))
        return fix_tags(raw)

    @property
    def uses_document(self) -> bool:
        """Whether the model has document features (then :meth:`tag_document` can do better than
        :meth:`tag`, which sees each sentence as a document of its own)."""
        return self.info.config.has("doc")

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags for every sentence of one document (legal IOB2); with the ``doc`` feature group, each word
        also sees what its other occurrences in the document show."""
        out: list[list[str]] = []
        for feats in self.extractor.document(sentences):
            raw: list[str] = self._tagger.tag(feats) if feats else []
            out.append(fix_tags(raw))
        return out


@functools.cache
def get_tagger() -> CrfTagger:
    """The packaged tagger, loaded once on first use."""
    return CrfTagger(PACKAGED_MODEL)
