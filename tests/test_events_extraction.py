"""End-to-end event extraction on sentences we wrote, and on the user's seed article (from ../shared)."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from marsad.cli.main import main
from marsad.export import document_json
from marsad.model import Document, Event
from marsad.nlp import default_pipeline
from tests.conftest import assert_spans_consistent


def _events(text: str, published: date | None = date(2024, 3, 14)) -> list[Event]:
    doc = default_pipeline(on_error="raise")(Document(doc_id="t", text=text, raw_text=text, published=published))
    assert_spans_consistent(document_json(doc))
    return list(doc.events)


def test_events_airstrike_with_actor_place_date_and_toll() -> None:
    [event] = _events(
        "استهدفت طائرة مسيّرة مجهولة، فجر أمس الأربعاء، سيارة عسكرية في مدينة الميادين، ما أدى إلى مقتل ثلاثة عناصر."
    )
    assert event.type.plover == "ASSAULT" and event.status == "asserted"
    assert event.location is not None and event.location.admin2_pcode == "SY0903"
    assert event.time is not None and event.time.value == date(2024, 3, 13)
    assert event.fatalities == 3


def test_events_negated_and_hypothetical_are_not_asserted() -> None:
    events = _events("أمرت القيادة الروسية قاعدة حميميم بعدم تنفيذ أي غارة جوية على البلدة إلا في حال حدوث اشتباكات.")
    by_trigger = {e.type.plover + ":" + e.status for e in events}
    assert "ASSAULT:negated" in by_trigger
    assert "ASSAULT:hypothetical" in by_trigger
    assert "REJECT:asserted" in by_trigger
    assert not any(e.type.plover == "ASSAULT" and e.status == "asserted" for e in events)


def test_events_withdrawal_and_handover_are_one_transfer() -> None:
    events = _events("انسحبت الفرقة 11 التابعة لقوات النظام من مقرها في البوكمال، وسلّمته لميليشيا القاطرجي.")
    retreats = [e for e in events if e.type.plover == "RETREAT"]
    assert len(retreats) == 1
    assert retreats[0].type.acled_sub_event_type == "Non-violent transfer of territory"
    assert retreats[0].actor1 is not None and retreats[0].actor1.name_en is not None
    assert "11th Division" in retreats[0].actor1.name_en


def test_events_attribution_span() -> None:
    [event] = _events("وقال مراسلنا إن قوات النظام قصفت بلدة كفرنبل بالمدفعية الثقيلة صباح اليوم.")
    assert event.attribution is not None


def test_events_arrests_by_a_non_state_group_are_abductions() -> None:
    events = [e for e in _events("اعتقلت هيئة تحرير الشام ثلاثة شبان في مدينة سرمدا.") if e.type.plover == "COERCE"]
    assert events and events[0].type.acled_event_type == "Violence against civilians"


def _seed_events(seed_article: Path, *extra: str) -> list[dict[str, Any]]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["extract", str(seed_article), *extra, "--format", "json"]) == 0
    events: list[dict[str, Any]] = json.loads(buffer.getvalue())["events"]
    return events


def test_events_seed_article_key_events(seed_article: Path) -> None:
    events = _seed_events(seed_article)
    found = {(e["plover"]["type"], e["status"]) for e in events}
    for expected in [
        ("MOBILIZE", "asserted"),
        ("CONSULT", "asserted"),
        ("RETREAT", "asserted"),
        ("ACCUSE", "asserted"),
        ("ASSAULT", "alleged"),
        ("REJECT", "asserted"),
        ("ASSAULT", "negated"),
    ]:
        assert expected in found, expected
    assert not any(e["plover"]["type"] == "ASSAULT" and e["status"] == "asserted" for e in events)
    mobilize = [e for e in events if e["plover"]["type"] == "MOBILIZE"]
    assert len(mobilize) == 2  # readiness since Monday, convoys yesterday (the lead is merged)
    assert all(e["location"]["admin2_pcode"] == "SY0902" for e in mobilize)
    assert all(e["attribution"] is not None for e in mobilize)
    convoy_allies = {a["name_en"] for e in mobilize for a in e["assoc_actors"]}
    assert "Kata'ib Hezbollah" in convoy_allies  # the militias taking part in the convoys
    retreat = next(e for e in events if e["plover"]["type"] == "RETREAT")
    assert retreat["acled"]["sub_event_type"] == "Non-violent transfer of territory"
    assert retreat["actor2"] is not None and "Katerji" in retreat["actor2"]["name_en"]
    visit = next(e for e in events if e["plover"]["type"] == "CONSULT")
    assert visit["actor1"]["actor_id"] is not None


def test_events_seed_article_relative_dates(seed_article: Path) -> None:
    events = _seed_events(seed_article, "--published", "2021-03-04")
    dates = sorted(e["date"]["value"] for e in events if e["plover"]["type"] == "MOBILIZE")
    assert dates == ["2021-03-01", "2021-03-03"]  # «الاثنين الماضي» and «أمس الأربعاء» from Thursday 4 March


def test_events_clash_between_two_sides_and_its_later_mention() -> None:
    events = _events(
        "اندلعت اشتباكات عنيفة، مساء أمس الأربعاء، بين مقاتلين من العشائر العربية وعناصر من قوات سوريا"
        " الديمقراطية في بلدة الشدادي.\nواعتقلت قسد عدداً من أبناء البلدة عقب انتهاء الاشتباكات."
    )
    clashes = [e for e in events if e.type.plover == "ASSAULT"]
    assert len(clashes) == 1  # the second sentence refers back to the same clashes
    clash = clashes[0]
    assert clash.actor1 is not None and clash.actor2 is not None
    assert clash.actor1.actor_id != clash.actor2.actor_id
    assert clash.time is not None and clash.time.value == date(2024, 3, 13)


def test_events_a_date_belongs_to_the_event_whose_clause_holds_it() -> None:
    events = _events(
        "اغتال مسلحون مجهولون أمس قيادياً في مدينة طفس.\n"
        "وكان القيادي قد انضم إلى التسوية عام 2018، ولم تتبن أي جهة عملية الاغتيال."
    )
    killings = [e for e in events if e.type.plover == "ASSAULT"]
    assert len(killings) == 1 and killings[0].time is not None
    assert killings[0].time.value == date(2024, 3, 13)


def test_events_one_event_per_location_as_acled_codes_them() -> None:
    events = _events("قصف الطيران الحربي صباح اليوم بلدات البارة وكفرنبل وحيش في ريف إدلب الجنوبي.")
    strikes = [e for e in events if e.type.plover == "ASSAULT"]
    assert sorted(e.location.text for e in strikes if e.location is not None) == ["البارة", "حيش", "كفرنبل"]
    assert len({e.event_id for e in strikes}) == 3
