from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from marsad.entities.crf_features import (
    FeatureConfig,
    FeatureExtractor,
    FeatureResources,
    read_vector_table,
)

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _build_module() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("ner_vectors", SCRIPTS / "ner_vectors.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def table_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mod = _build_module()
    keys = ["مدينه", "مدينتان", "كلينتون", "كلينتونه", "بوش", "باريس", "لندن", "قال", "اعلن", "وزير"]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(len(keys), 8))
    path = tmp_path_factory.mktemp("vec") / "vectors.json.gz"
    mod.write_table(mod.build_table(keys, x, dims=3, buckets=64, lam=1.0), path)
    return path


def test_ner_vectors_rows_stem_fallback_and_prediction(table_path: Path) -> None:
    table = read_vector_table(table_path)
    assert table.dims == 3
    row = table.row("كلينتون")
    assert row is not None and len(row) == 3
    assert table.vector("بكلينتون", "كلينتون") == row  # falls back to the stem's row
    guessed = table.vector("كلينتونا", "كلينتونا")
    assert len(guessed) == 3 and guessed != row
    assert table.vector("كلينتون", "كلينتون", frozenset({"كلينتون"})) == table.predict("كلينتون")


def test_ner_vectors_features_are_real_valued(table_path: Path) -> None:
    res = FeatureResources(vectors=read_vector_table(table_path))
    fx = FeatureExtractor(FeatureConfig(("lex", "vec")), res)
    feats = fx.sentence(["قال", "كلينتون"])
    assert isinstance(feats[1], dict)
    assert feats[1]["w=كلينتون"] == 1.0
    assert {"v0", "v1", "v2"} <= set(feats[1])
    assert "-1v0" not in feats[1]
    assert fx.document([["قال", "كلينتون"]])[0] == feats
    # without the group, plain lists as before
    plain = FeatureExtractor(FeatureConfig(("lex",)), res).sentence(["قال"])
    assert isinstance(plain[0], list)


def test_ner_vectors_build_is_deterministic(tmp_path: Path) -> None:
    mod = _build_module()
    keys = ["مدينه", "بوش", "باريس", "لندن", "قال"]
    x = np.random.default_rng(1).normal(size=(len(keys), 6))
    a, b = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    mod.write_table(mod.build_table(keys, x, dims=2, buckets=32, lam=1.0), a)
    mod.write_table(mod.build_table(keys, x, dims=2, buckets=32, lam=1.0), b)
    assert a.read_bytes() == b.read_bytes()
