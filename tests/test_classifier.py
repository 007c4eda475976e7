"""The sentence event classifier: the packaged model loads and ranks clear cases; training is deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.errors import ResourceError
from marsad.events.classifier import NgramSpec, SentenceEventClassifier, get_classifier, ngram_features
from marsad.events.classifier_train import fit_logistic, fit_logistic_kernel, stratified_folds

SHELLING = "قصفت قوات النظام بالمدفعية الثقيلة بلدة كفرزيتا وقتلت أربعة مدنيين بينهم طفلان."
VISIT = "زار محافظ حماة معرضا للكتاب في المركز الثقافي وأثنى على جهود المنظمين."
DEMONSTRATION = "خرج مئات المتظاهرين في شوارع مدينة السويداء يهتفون ضد الغلاء ويطالبون بالإفراج عن المعتقلين."


def test_classifier_packaged_model_ranks_clear_sentences() -> None:
    classifier = get_classifier()
    shelling, visit, demo = classifier.predict([SHELLING, VISIT, DEMONSTRATION])
    assert set(shelling) == {"ASSAULT", "PROTEST"}
    assert shelling["ASSAULT"] > visit["ASSAULT"]
    assert demo["PROTEST"] > visit["PROTEST"]
    assert classifier.detect([SHELLING], label="ASSAULT") == [True]
    assert classifier.detect([VISIT], label="ASSAULT") == [False]
    assert all(0.0 <= p <= 1.0 for row in (shelling, visit, demo) for p in row.values())


def test_classifier_predict_empty_and_unknown_label() -> None:
    classifier = get_classifier()
    assert classifier.predict([]) == []
    with pytest.raises(ValueError, match="unknown label"):
        classifier.detect([VISIT], label="FIGHT")


def test_classifier_missing_model_is_resource_error(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    with pytest.raises(ResourceError, match="not found"):
        SentenceEventClassifier(tmp_path / "absent.json")


def test_classifier_ngram_features_normalised_and_stable() -> None:
    spec = NgramSpec(buckets=1024)
    idx, vals = ngram_features("قصفت الطائرات البلدة", spec)
    idx2, vals2 = ngram_features("قَصَفَت الطائرات البلدة", spec)  # diacritics do not change features
    assert np.array_equal(idx, idx2) and np.allclose(vals, vals2)
    assert abs(float(np.linalg.norm(vals)) - 1.0) < 1e-5
    assert idx.min() >= 0 and idx.max() < 1024
    assert ngram_features("", spec)[0].size <= 1  # only the padding bigram


def test_classifier_logistic_training_deterministic_and_separates() -> None:
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1.0, 0.5, size=(12, 4)), rng.normal(-1.0, 0.5, size=(12, 4))])
    y = [True] * 12 + [False] * 12
    w1, b1 = fit_logistic(x, y, l2=0.1)
    w2, b2 = fit_logistic(x, y, l2=0.1)
    assert np.array_equal(w1, w2) and b1 == b2
    probs = 1.0 / (1.0 + np.exp(-(x @ w1 + b1)))
    assert all(p > 0.5 for p in probs[:12]) and all(p < 0.5 for p in probs[12:])
    # stronger regularisation shrinks the weights
    w3, _ = fit_logistic(x, y, l2=10.0)
    assert np.linalg.norm(w3) < np.linalg.norm(w1)
    fit = fit_logistic_kernel(x @ x.T, y, l2=0.1)
    assert fit.iterations < 100


def test_classifier_folds_stratified_and_seeded() -> None:
    y = [True] * 10 + [False] * 30
    a = stratified_folds(y, k=5, seed=3)
    assert np.array_equal(a, stratified_folds(y, k=5, seed=3))
    for fold in range(5):
        members = [y[i] for i in np.flatnonzero(a == fold)]
        assert members.count(True) == 2 and members.count(False) == 6
