"""GSR sentence detection: loader over the split files, scorer arithmetic, and the classifier's quality gate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from marsad.evaluation.gsr import BinaryScores, GsrSentence, evaluate_gsr, load_gsr, score_binary

FLOORS = Path(__file__).resolve().parent / "quality_floors.json"


def _gsr(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "arabic_event_gsr"
    if not (path / "assault_gsr.csv").is_file():
        pytest.skip("arabic_event_gsr is not present in ../shared")
    return path


def test_gsr_eval_scorer_counts() -> None:
    sentences = [GsrSentence(id=str(i), text=t, label=g, event_type="assault")
                 for i, (t, g) in enumerate([("أ", True), ("ب", True), ("ج", False), ("د", False), ("ه", True)])]

    def predict(texts: Sequence[str]) -> list[bool]:
        return [t in ("أ", "ج", "ه") for t in texts]

    scores = evaluate_gsr(sentences, predict)
    assert (scores.tp, scores.fp, scores.fn, scores.tn) == (2, 1, 1, 1)
    assert scores.precision == pytest.approx(2 / 3) and scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 / 3)
    assert "F1 0.667" in scores.format("ASSAULT")


def test_gsr_eval_scorer_empty_and_mismatch() -> None:
    empty = BinaryScores(tp=0, fp=0, fn=0, tn=3)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        score_binary([True, False], [True])


def test_gsr_eval_loader_missing_dir_is_clear(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"assault_gsr\.csv"):
        load_gsr(tmp_path, event_type="assault", split="test")
    with pytest.raises(ValueError, match="unknown GSR split"):
        load_gsr(tmp_path, event_type="assault", split="train")


def test_gsr_eval_loader_on_own_files(tmp_path: Path) -> None:
    (tmp_path / "protest_gsr.csv").write_text(
        ",accept,event_type,id,label,reject,text,total\n"
        "0,3,PROTEST,a,yes,0,تظاهر الطلاب أمام الجامعة,3\n"
        "1,0,PROTEST,b,easy no,3,زار الوزير المدينة,3\n"
        "2,1,PROTEST,c,ambiguous,1,قيل إن الناس احتجوا,2\n"
        "3,1,PROTEST,d,difficult no,2,دعا الحزب إلى التظاهر,3\n",
        encoding="utf-8",
    )
    (tmp_path / "split_protest_dev.txt").write_text("d\nc\na\n", encoding="utf-8")
    sentences = load_gsr(tmp_path, event_type="protest", split="dev")
    assert [(s.id, s.label) for s in sentences] == [("d", False), ("a", True)]
    # the annotator votes come along: a split "difficult no" is a third of an agreement
    assert [(s.accept, s.total) for s in sentences] == [(1, 3), (3, 3)]
    assert [s.agreement for s in sentences] == [pytest.approx(1 / 3), 1.0]


def test_gsr_eval_agreement_without_counts() -> None:
    assert GsrSentence(id="x", text="ا", label=True, event_type="assault").agreement == 1.0
    assert GsrSentence(id="y", text="ب", label=False, event_type="assault").agreement == 0.0
    assert GsrSentence(id="z", text="ج", label=False, event_type="assault", accept=2, total=4).agreement == 0.5


def test_gsr_eval_loader_real_splits(shared_dir: Path) -> None:
    gsr = _gsr(shared_dir)
    dev = load_gsr(gsr, event_type="assault", split="dev")
    test = load_gsr(gsr, event_type="assault", split="test")
    assert dev and test and not {s.id for s in dev} & {s.id for s in test}
    assert any(s.label for s in test) and not all(s.label for s in test)


def test_gsr_eval_quality_gate_assault_classifier(shared_dir: Path) -> None:
    from marsad.events.classifier import get_classifier

    gsr = _gsr(shared_dir)
    floor = float(json.loads(FLOORS.read_text(encoding="utf-8"))["gsr_assault_test_f1_classifier"])
    classifier = get_classifier()
    scores = evaluate_gsr(load_gsr(gsr, event_type="assault", split="test"),
                          lambda texts: classifier.detect(texts, label="ASSAULT"))
    assert scores.f1 >= floor, scores.format(f"ASSAULT test below floor {floor}")
