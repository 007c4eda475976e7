from __future__ import annotations

from marsad.actors.stage import ActorStage
from marsad.entities.stage import EntityStage
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.text.stages import CleanStage, SegmentStage


def _actors(text: str) -> list[tuple[str, str | None, str]]:
    pipeline = Pipeline([CleanStage(), SegmentStage(), EntityStage(tagger=False), ActorStage()], on_error="raise")
    doc = pipeline(Document(doc_id="t", text=text, raw_text=text))
    return [(a.text, a.actor_id, a.evidence.method) for a in doc.actors]


def test_actors_coref_short_reference_links_to_the_named_group() -> None:
    found = _actors("اعتقلت هيئة تحرير الشام شابين في إدلب. وقالت مصادر إن الهيئة نقلتهما إلى سجن.")
    full = next(a for a in found if a[0] == "هيئة تحرير الشام")
    short = next(a for a in found if a[0] == "الهيئة")
    assert short[1] == full[1] and short[2] == "actors.coref.v1"


def test_actors_coref_same_militia_and_prepositions() -> None:
    found = _actors("قتل عنصر من ميليشيا الدفاع الوطني. واتهمت مصادر قياديا في الميليشيا ذاتها بقتله.")
    ndf = next(a for a in found if "الدفاع الوطني" in a[0])
    short = [a for a in found if a[0].endswith("الميليشيا")]
    assert short and short[0][1] == ndf[1]


def test_actors_coref_never_invents_an_antecedent() -> None:
    found = _actors("قال مصدر إن التنظيم لم يعلن مسؤوليته.")
    assert not any(a[2] == "actors.coref.v1" for a in found)
