from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from marsad.actors.stage import ActorStage
from marsad.entities.stage import EntityStage, Tagger
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.text.stages import CleanStage, SegmentStage


def _doc(text: str, published: date | None = None, tagger: Tagger | bool = False) -> Document:
    pipeline = Pipeline([CleanStage(), SegmentStage(), EntityStage(tagger=tagger), ActorStage()], on_error="raise")
    return pipeline(Document(doc_id="t", text=text, raw_text=text, published=published))


def test_entities_dictionary_actors_and_places() -> None:
    doc = _doc("انسحبت الفرقة 11 التابعة لقوات النظام من مقرها في البوكمال وسلمته لميليشيا “القاطرجي”.")
    found = [(m.text, m.type) for m in doc.mentions]
    assert ("الفرقة 11", "ORG") in found
    assert ("قوات النظام", "ORG") in found
    assert ("البوكمال", "GPE") in found
    assert any(t == "ORG" and "القاطرجي" in text for text, t in found)
    for m in doc.mentions:
        assert doc.text[m.span.start : m.span.end] == m.text


def test_entities_actor_resolution_depends_on_the_date() -> None:
    before = _doc("قصفت قوات النظام بلدة كفرنبل.", published=date(2023, 5, 1))
    after = _doc("قصفت قوات النظام بلدة كفرنبل.", published=date(2025, 3, 1))
    assert before.actors[0].actor_id != after.actors[0].actor_id
    assert before.actors[0].inter == 1 and after.actors[0].inter == 1


def test_entities_tagger_adds_names_the_dictionaries_lack() -> None:
    def fake_tagger(tokens: Sequence[str]) -> list[str]:
        return ["B-PERS" if w == "سليم" else ("I-PERS" if w == "الخطيب" else "O") for w in tokens]

    doc = _doc("التقى سليم الخطيب وفدا في إدلب.", tagger=fake_tagger)
    persons = [m for m in doc.mentions if m.type == "PER"]
    assert [m.text for m in persons] == ["سليم الخطيب"]
    assert persons[0].evidence.method == "entities.crf.v1"
    # an unresolved person is an actor reference with no dictionary id
    assert [a.actor_id for a in doc.actors if a.text == "سليم الخطيب"] == [None]
