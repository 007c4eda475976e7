"""The gold scorer implements shared/gold/README.md's matching rule; checked on hand-built events."""

from __future__ import annotations

from typing import Any

from marsad.evaluation.gold_events import GoldDocument, match_events, score_documents
from marsad.evaluation.matching import gold_normalize, sentence_overlap


def _pred(plover: str, sentence: str, **extra: Any) -> dict[str, Any]:
    return {"plover": {"type": plover}, "status": "asserted", "evidence": {"text": sentence}, **extra}


def _gold(plover: str, sentence: str, **extra: Any) -> dict[str, Any]:
    return {"plover": plover, "status": "asserted", "sentence": sentence, "core": True, **extra}


def test_gold_scorer_normalisation() -> None:
    assert gold_normalize("قَصَفَت الطائرةُ، مدينةَ إدلب!") == "قصفت الطائره مدينه ادلب"


def test_gold_scorer_sentence_overlap_rules() -> None:
    assert sentence_overlap("قصفت الطائرات مدينة إدلب", "قصفت الطائرات مدينة إدلب صباحا") == 1.0
    assert sentence_overlap("قصفت الطائرات البلدة", "اعتقلت القوات شابين في حمص") == 0.0
    # Jaccard over clitic-stripped word sets: والطائرات ~ الطائرات ~ طائرات
    assert sentence_overlap("وقصفت والطائرات مدينة إدلب اليوم", "قصفت الطائرات مدينة إدلب أمس") >= 0.5


def test_gold_scorer_greedy_matching_and_same_happening() -> None:
    gold = [
        _gold(
            "ASSAULT",
            "قصفت الطائرات مدينة إدلب صباحا",
            location={"admin2_pcode": "SY0700"},
            actor1={"text": "الطائرات الروسية", "canonical": "Russian air force"},
        ),
        _gold("COERCE", "اعتقلت القوات شابين في حمص"),
    ]
    predicted = [
        _pred("ASSAULT", "قصفت الطائرات مدينة إدلب صباحا"),
        _pred(
            "ASSAULT",
            "وأسفر القصف عن مقتل ثلاثة مدنيين",
            location={"admin2_pcode": "SY0700"},
            actor1={"text": "الطائرات", "name_en": "Russian air force"},
        ),
        _pred("PROTEST", "اعتقلت القوات شابين في حمص"),
    ]
    pairs, missed, spurious = match_events(predicted, gold)
    assert [(p["evidence"]["text"], how) for p, _, how in pairs] == [("قصفت الطائرات مدينة إدلب صباحا", "sentence")]
    assert len(missed) == 1 and len(spurious) == 2  # a second telling of one happening is a false positive


def test_gold_scorer_counts_only_asserted_and_fields() -> None:
    gold = [
        GoldDocument(
            "d",
            {},
            (
                _gold(
                    "ASSAULT",
                    "قصفت الطائرات مدينة إدلب",
                    fatalities=3,
                    date="2024-01-02",
                    location={"admin1_pcode": "SY07", "admin2_pcode": "SY0700"},
                ),
                {**_gold("ASSAULT", "لم تقصف الطائرات البلدة"), "status": "negated"},
            ),
        )
    ]
    predicted = {
        "d": [
            _pred(
                "ASSAULT",
                "قصفت الطائرات مدينة إدلب",
                fatalities=3,
                date={"value": "2024-01-03"},
                location={"admin1_pcode": "SY07", "admin2_pcode": "SY0701"},
            ),
            {**_pred("ASSAULT", "لم تقصف الطائرات البلدة"), "status": "negated"},
        ]
    }
    scores = score_documents(gold, predicted)
    assert (scores.core.predicted, scores.core.gold, scores.core.matched) == (1, 1, 1)
    assert scores.fields["fatalities"].accuracy == 1.0
    assert scores.fields["date"].accuracy == 0.0
    assert scores.fields["admin1"].accuracy == 1.0 and scores.fields["admin2"].accuracy == 0.0
