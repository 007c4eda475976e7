"""Quality gate: the packaged NER model on the ANERcorp test split must not fall below the pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.entities.ner_eval import evaluate_conll

ROOT = Path(__file__).resolve().parent.parent
TEST_SPLIT = ROOT.parent / "shared" / "data" / "anercorp" / "ANERcorp_CamelLabStyle_reconstructed_test.txt"
FLOORS = Path(__file__).resolve().parent / "quality_floors.json"


@pytest.mark.skipif(not TEST_SPLIT.is_file(), reason="../shared/data/anercorp is not present")
def test_ner_quality_gate_anercorp_test_macro_f1() -> None:
    floor = float(json.loads(FLOORS.read_text(encoding="utf-8"))["ner_anercorp_test_macro_f1"])
    scores = evaluate_conll(TEST_SPLIT)
    assert scores.macro_f1 >= floor, f"macro-F1 {scores.macro_f1:.4f} < floor {floor}\n{scores.format_table()}"
