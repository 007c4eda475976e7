from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marsad.actors.stage import ActorStage
from marsad.entities.stage import EntityStage
from marsad.geo.resolve import context_cue, geo_precision, rank_candidates
from marsad.geo.stage import PlaceStage
from marsad.model import Document, PlaceRef
from marsad.pipeline import Pipeline
from marsad.text.stages import CleanStage, SegmentStage


@dataclass(frozen=True)
class _Place:
    id: str
    kind: str
    name_en: str
    admin1_pcode: str | None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None
    population: int | None = None


GOV = _Place("gov", "adm1", "Deir ez-Zor", "SY09", population=1_000_000)
CITY = _Place("city", "town", "Deir ez-Zor", "SY09", "SY0901", "SY090100", population=270_000)
VILLAGE = _Place("v", "village", "Elsewhere", "SY02", "SY0201", None)


def test_geo_rank_cue_words_pick_the_unit() -> None:
    assert rank_candidates([GOV, CITY], cue="محافظه")[0].entry_id == "gov"
    assert rank_candidates([GOV, CITY], cue="مدينه")[0].entry_id == "city"
    assert rank_candidates([GOV, CITY], cue=None)[0].entry_id == "city"


def test_geo_rank_prefers_the_article_governorate() -> None:
    other = _Place("other", "town", "Same name", "SY02", "SY0201", "SY020100", population=20_000)
    here = _Place("here", "town", "Same name", "SY09", "SY0902", "SY090200", population=10_000)
    assert rank_candidates([other, here], cue=None, article_admin1=frozenset({"SY09"}))[0].entry_id == "here"


def test_geo_context_cue_reads_attached_prepositions() -> None:
    assert context_cue(["بريف"]) == "ريف"
    assert context_cue(["في", "محافظه"]) == "محافظه"
    assert context_cue(["قصفت"]) is None


def test_geo_precision_follows_acled() -> None:
    assert geo_precision(CITY, cue=None) == 1
    assert geo_precision(CITY, cue="ريف") == 2
    assert geo_precision(GOV, cue=None) == 3


def _places(text: str, published: date | None = None) -> list[PlaceRef]:
    pipeline = Pipeline(
        [CleanStage(), SegmentStage(), EntityStage(tagger=False), ActorStage(), PlaceStage()], on_error="raise"
    )
    doc = pipeline(Document(doc_id="t", text=text, raw_text=text, published=published))
    return list(doc.places)


def test_geo_stage_geocodes_with_pcodes() -> None:
    places = _places("قصفت الطائرات مدينة البوكمال في محافظة دير الزور.")
    assert [(p.text, p.admin1_pcode, p.admin2_pcode, p.admin3_pcode, p.geo_precision) for p in places] == [
        ("البوكمال", "SY09", "SY0902", "SY090200", 1),
        ("محافظة دير الزور", "SY09", None, None, 3),
    ]


def test_geo_stage_countryside_of_a_governorate_capital_is_the_governorate() -> None:
    [place] = _places("اشتباكات عنيفة في ريف دير الزور الشرقي.")
    assert place.admin1_pcode == "SY09" and place.admin2_pcode is None and place.geo_precision == 3


def test_geo_stage_common_words_need_place_context() -> None:
    # "صور" (pictures) and "الثورة" (the revolution) are also place names
    places = _places("رفعت الميليشيا صور قادتها منذ بداية الثورة، ثم انتشرت في صور.")
    assert [p.text for p in places] == ["صور"]
    assert places[0].admin1_pcode is not None


def test_geo_stage_hmeimim_base_near_jableh() -> None:
    [place] = _places("استهدفت طائرات مسيرة مطار حميميم العسكري.")
    assert place.admin1_pcode == "SY06"
    assert place.lat is not None and abs(place.lat - 35.40) < 0.1


def test_geo_stage_a_base_named_as_actor_is_also_a_place() -> None:
    pipeline = Pipeline(
        [CleanStage(), SegmentStage(), EntityStage(tagger=False), ActorStage(), PlaceStage()], on_error="raise"
    )
    text = "أمرت القيادة الروسية قاعدة حميميم بعدم تنفيذ غارات."
    doc = pipeline(Document(doc_id="t", text=text, raw_text=text))
    assert any(m.actor_id is not None and "حميميم" in m.text for m in doc.mentions)
    assert any(p.admin2_pcode == "SY0602" for p in doc.places)
