"""Quality gate: event extraction on the gold dev set must not drop below its pinned floors.

Floors live in tests/quality_floors.json; raise them as extraction improves, never lower them
silently. Skips cleanly when ../shared (the gold set) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli.evaluate_events import predict_gold
from marsad.evaluation.gold_events import EventScores, load_gold, score_documents

FLOORS = Path(__file__).with_name("quality_floors.json")


@pytest.fixture(scope="module")
def gold_scores(shared_dir: Path) -> EventScores:
    gold_dir = shared_dir / "gold"
    if not (gold_dir / "events").is_dir():
        pytest.skip("gold set not present in ../shared")
    gold = load_gold(gold_dir)
    predicted = predict_gold(gold)
    return score_documents(gold, {doc_id: list(d[0]["events"]) for doc_id, d in predicted.items()})


def _floor(key: str) -> float:
    value = json.loads(FLOORS.read_text(encoding="utf-8"))[key]
    assert isinstance(value, float)
    return value


def test_events_quality_gate_core_f1(gold_scores: EventScores) -> None:
    assert gold_scores.core.f1 >= _floor("gold_dev_core_f1"), gold_scores.as_dict()


def test_events_quality_gate_all_f1(gold_scores: EventScores) -> None:
    assert gold_scores.all.f1 >= _floor("gold_dev_all_f1"), gold_scores.as_dict()


def test_events_quality_gate_fields(gold_scores: EventScores) -> None:
    assert gold_scores.fields["admin1"].accuracy >= _floor("gold_dev_admin1_accuracy")
    assert gold_scores.fields["fatalities"].accuracy >= _floor("gold_dev_fatalities_accuracy")
