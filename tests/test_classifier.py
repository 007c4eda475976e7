"""The sentence event classifier: the packaged model loads and ranks clear cases; training is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from marsad.errors import ResourceError
from marsad.events.classifier import (
    METHOD_ID,
    PACKAGED_MODEL,
    NgramSpec,
    SentenceEventClassifier,
    get_classifier,
    ngram_features,
)
from marsad.events.classifier_train import fit_logistic, fit_logistic_kernel, stratified_folds, train_classifier

SHELLING = "قصفت قوات النظام بالمدفعية الثقيلة بلدة كفرزيتا وقتلت أربعة مدنيين بينهم طفلان."
VISIT = "زار محافظ حماة معرضا للكتاب في المركز الثقافي وأثنى على جهود المنظمين."
PACKAGED = PACKAGED_MODEL
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


def test_classifier_soft_targets_fit_between_hard_ones() -> None:
    rng = np.random.default_rng(1)
    x = np.vstack([rng.normal(1.0, 0.5, size=(10, 3)), rng.normal(-1.0, 0.5, size=(10, 3))])
    hard = [1.0] * 10 + [0.0] * 10
    soft = [1.0] * 5 + [0.5] * 5 + [0.0] * 10  # half of the positives only half-agreed
    w_hard, b_hard = fit_logistic(x, hard, l2=0.1)
    w_soft, b_soft = fit_logistic(x, soft, l2=0.1)
    p_hard = 1.0 / (1.0 + np.exp(-(x @ w_hard + b_hard)))
    p_soft = 1.0 / (1.0 + np.exp(-(x @ w_soft + b_soft)))
    assert p_soft[5:10].mean() < p_hard[5:10].mean()
    assert all(p > 0.5 for p in p_soft[:5]) and all(p < 0.5 for p in p_soft[10:])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fit_logistic_kernel(x @ x.T, [2.0] * 20, l2=0.1)


def _write_gsr(root: Path) -> None:
    attacks = [
        "هاجم مسلحون حاجزا للشرطة وقتلوا {} عناصر",
        "خطف مجهولون {} عمال من سيارتهم على الطريق",
        "فجر انتحاري نفسه وسط السوق فقتل {} أشخاص",
    ]
    others = [
        "زار الوزير {} مدارس في المدينة",
        "ناقش البرلمان {} مشاريع قوانين للموازنة",
        "افتتح المحافظ {} حدائق عامة جديدة",
        "أعلنت الوزارة عن {} منح دراسية للطلاب",
    ]
    protests = ["تظاهر {} آلاف في الساحة احتجاجا على الغلاء", "اعتصم {} موظفين أمام الوزارة"]
    for event_type, positives in (("assault", attacks), ("protest", protests)):
        lines = [",accept,event_type,id,label,reject,text,total"]
        ids: list[str] = []
        k = 0
        for n in range(2, 10):
            for template in positives:
                lines.append(f"{k},3,{event_type.upper()},{event_type}{k},yes,0,{template.format(n)},3")
                ids.append(f"{event_type}{k}")
                k += 1
            for j, template in enumerate(others):
                label, accept, reject = ("difficult no", 1, 2) if j == 0 else ("easy no", 0, 3)
                lines.append(
                    f"{k},{accept},{event_type.upper()},{event_type}{k},{label},{reject},{template.format(n)},3"
                )
                ids.append(f"{event_type}{k}")
                k += 1
        (root / f"{event_type}_gsr.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (root / f"split_{event_type}_dev.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
    (root / "own.csv").write_text(
        "text,assault,protest\nقصفت المدفعية البلدة وقتلت مدنيين,1,0\nزار الوفد المعرض,0,0\n", encoding="utf-8"
    )


def test_classifier_training_end_to_end_small_and_deterministic(tmp_path: Path) -> None:
    _write_gsr(tmp_path)
    spec = NgramSpec(buckets=2048)
    outputs = []
    for name in ("a.json", "b.json"):
        report = train_classifier(
            gsr_dir=tmp_path,
            own_path=tmp_path / "own.csv",
            out_path=tmp_path / name,
            folds=2,
            l2_grid=(0.1,),
            spec=spec,
        )
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    assert {rep.targets for rep in report.labels} <= {"agreement", "binary"}
    assert "targets" in report.format()
    data = json.loads(outputs[0])
    assert data["method"] == METHOD_ID and data["training"]["targets"] == "auto"
    assert {c["targets"] for c in data["models"]["ASSAULT"]["dev_cv"]["grid"]} == {"agreement", "binary"}
    classifier = SentenceEventClassifier(tmp_path / "a.json")
    attack, visit = classifier.predict(["هاجم مسلحون حاجزا للشرطة وقتلوا 12 عناصر", "زار الوزير 12 مدارس في المدينة"])
    assert attack["ASSAULT"] > visit["ASSAULT"]
    assert {c["gate"] for c in data["models"]["ASSAULT"]["dev_cv"]["grid"]} == {None, "rules"}
    assert data["models"]["ASSAULT"]["gate"] in (None, "rules")
    with pytest.raises(ValueError, match="unknown gate"):
        train_classifier(gsr_dir=tmp_path, own_path=tmp_path / "own.csv", out_path=tmp_path / "c.json", gate="x")
    with pytest.raises(ValueError, match="unknown targets"):
        train_classifier(gsr_dir=tmp_path, own_path=tmp_path / "own.csv", out_path=tmp_path / "c.json", targets="votes")


def test_classifier_gate_applies_after_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.events.classifier_gate as gate_module

    data = json.loads(PACKAGED.read_text(encoding="utf-8"))
    data["models"]["ASSAULT"]["gate"] = "rules"
    data["models"]["ASSAULT"]["threshold"] = 0.0  # every sentence passes the threshold
    path = tmp_path / "gated.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    seen: list[list[str]] = []

    def fake_flags(sentences: list[str], plover: str) -> list[bool]:
        seen.append(list(sentences))
        assert plover == "ASSAULT"
        return [s == SHELLING for s in sentences]

    monkeypatch.setattr(gate_module, "rule_flags", fake_flags)
    classifier = SentenceEventClassifier(path)
    assert classifier.gates()["ASSAULT"] == "rules"
    assert classifier.detect([SHELLING, VISIT], label="ASSAULT") == [True, False]
    assert seen == [[SHELLING, VISIT]]
    data["models"]["ASSAULT"]["gate"] = "oracle"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResourceError, match="unknown classifier gate"):
        SentenceEventClassifier(path)


def test_classifier_rule_gate_on_clear_sentences() -> None:
    from marsad.events.classifier_gate import rule_flags

    assert rule_flags([], "ASSAULT") == []
    assert rule_flags([SHELLING, VISIT], "ASSAULT") == [True, False]


def test_classifier_reads_v1_files_without_gate(tmp_path: Path) -> None:
    data = json.loads(PACKAGED.read_text(encoding="utf-8"))
    data["format"] = "marsad.event_classifier.v1"
    for block in data["models"].values():
        block.pop("gate", None)
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert set(SentenceEventClassifier(path).gates().values()) == {None}
    data["format"] = "marsad.event_classifier.v0"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResourceError, match="is not a"):
        SentenceEventClassifier(path)
