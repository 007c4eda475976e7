from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

from marsad.store import Store
from marsad.store.facts import EventFacts
from marsad.store.merge import RULE_ID, Candidate, choose, compare, extend, mode_contested, summarize
from tests.test_store_support import (
    ARREST_RAQQA,
    DRONE_GOVERNORATE,
    DRONE_MAYADIN,
    MARCH_12,
    MAY_2,
    SHELLING_A,
    SHELLING_B,
    SHELLING_DENIED,
    SHELLING_LATER,
    record,
    store,
)

__all__ = ["store"]

BASE = EventFacts(
    plover_type="ASSAULT", plover_mode=None, acled_event_type="Battles", acled_sub_event_type="Armed clash",
    cameo=None, status="asserted", actor1_id="sy-sdf", actor1_name_en="SDF", actor1_text="قسد", actor1_inter=2,
    actor1_affiliation=None, actor2_id=None, actor2_name_en=None, actor2_text=None, actor2_inter=None,
    actor2_affiliation=None, place_id="gn-1", place_name_en="Town", place_text="بلدة", lat=36.0, lon=40.0,
    admin1_pcode="SY09", admin2_pcode="SY0903", admin3_pcode="SY090300", geo_precision=1, date_text=None,
    date_start=date(2024, 3, 13), date_end=date(2024, 3, 13), date_precision="day", fatalities=2, confidence=0.5,
)  # fmt: skip


def test_store_merge_rule_accepts_same_event() -> None:
    other = dataclasses.replace(BASE, date_start=date(2024, 3, 14), date_end=date(2024, 3, 14), actor1_id=None)
    decision = compare(BASE, other)
    assert decision.compatible
    assert "same PLOVER ASSAULT" in decision.reason and "actor1 unresolved" in decision.reason


def test_store_merge_rule_rejects_unrelated() -> None:
    cases = [
        dataclasses.replace(BASE, plover_type="PROTEST"),
        dataclasses.replace(BASE, actor1_id="sy-sna"),
        dataclasses.replace(BASE, place_id="gn-2", admin3_pcode="SY090301"),
        dataclasses.replace(BASE, place_id="gn-2"),  # another town in the same sub-district
        dataclasses.replace(BASE, date_start=date(2024, 3, 20), date_end=date(2024, 3, 20)),
        dataclasses.replace(BASE, status="negated"),
        dataclasses.replace(BASE, place_id=None),
    ]
    for other in cases:
        assert not compare(BASE, other).compatible, other


def test_store_merge_rule_nested_places_and_undated() -> None:
    governorate = dataclasses.replace(
        BASE, place_id="adm-SY09", admin2_pcode=None, admin3_pcode=None, geo_precision=3, date_start=None, date_end=None
    )
    decision = compare(BASE, governorate)
    assert decision.compatible and "SY09 contains SY090300" in decision.reason and "undated" in decision.reason
    precise_without_area = dataclasses.replace(governorate, geo_precision=1)
    assert not compare(BASE, precise_without_area).compatible


def test_store_merge_choose_prefers_best_and_skips_same_document() -> None:
    weak = Candidate(
        1, dataclasses.replace(BASE, place_id="adm", admin2_pcode=None, admin3_pcode=None, geo_precision=3)
    )
    strong = Candidate(2, BASE)
    assert choose(BASE, [weak, strong]).event_id == 2
    assert choose(BASE, [weak, Candidate(2, BASE, has_same_document=True)]).event_id == 1
    negated = choose(dataclasses.replace(BASE, status="negated"), [strong])
    assert negated.event_id is None and negated.reason.startswith(RULE_ID)


def test_store_merge_summary_takes_best_place_date_and_toll() -> None:
    coarse = dataclasses.replace(BASE, place_id="adm", geo_precision=3, date_precision="month", fatalities=1)
    fine = dataclasses.replace(BASE, actor1_id=None, fatalities=4)
    merged = summarize([coarse, fine])
    assert merged.place_id == "gn-1" and merged.date_precision == "day" and merged.fatalities == 4
    assert merged.actor1_id == "sy-sdf"


def _variant(rng: random.Random) -> EventFacts:
    day = date(2024, 3, 10) + timedelta(days=rng.randrange(4))
    return dataclasses.replace(
        BASE,
        plover_mode=rng.choice([None, "shelling", "airstrike"]),
        cameo=rng.choice([None, "195"]),
        actor1_id=rng.choice([None, "sy-sdf"]),
        actor1_text=rng.choice([None, "", "قسد"]),
        actor1_inter=rng.choice([None, 2]),
        actor2_id=rng.choice([None, "sy-civilians"]),
        actor2_text=rng.choice([None, "مدنيين"]),
        place_id=rng.choice(["gn-1", "adm-SY09", None]),
        geo_precision=rng.choice([None, 1, 2, 3]),
        lat=rng.random(),
        date_start=rng.choice([None, day]),
        date_end=day + timedelta(days=rng.randrange(3)),
        date_precision=rng.choice([None, "day", "week", "published", "month", "year", "other"]),
        fatalities=rng.choice([None, 0, 1, 5]),
        confidence=rng.choice([0.3, 0.5, 0.9]),
    )


def test_store_merge_extend_equals_summarize() -> None:
    rng = random.Random(6)
    for _ in range(400):
        mentions = [_variant(rng) for _ in range(rng.randrange(1, 8))]
        merged = summarize(mentions[:1])
        for k in range(1, len(mentions)):
            modes = [m.plover_mode for m in mentions[: k + 1]] if mode_contested(merged, mentions[k]) else []
            merged = extend(merged, mentions[k], mode_history=modes)
            assert merged == summarize(mentions[: k + 1])


def test_store_merge_two_reports_become_one_event(store: Store) -> None:
    store.ingest([record("a", SHELLING_A, MARCH_12), record("b", SHELLING_B, MARCH_12, source="other.example")])
    (event,) = store.events()
    assert event.source_count == 2 and event.mention_count == 2
    assert set(event.sources) == {"test.example", "other.example"}
    assert event.merge_rule == RULE_ID and event.facts.fatalities == 3
    mentions = store.mentions([event.id])[event.id]
    assert [m.doc_id for m in mentions] == ["a", "b"]
    assert "joined event" in mentions[1].merge_reason and "same place (sy-cur-al-bara)" in mentions[1].merge_reason


def test_store_merge_unrelated_events_stay_apart(store: Store) -> None:
    store.ingest(
        [
            record("a", SHELLING_A, MARCH_12),
            record("later", SHELLING_LATER, date(2024, 6, 10)),  # same place and actor, three months on
            record("c", ARREST_RAQQA, MARCH_12),
            record("d", DRONE_MAYADIN, MAY_2),
        ]
    )
    events = store.events()
    assert len(events) == 4 and all(e.source_count == 1 for e in events)


def test_store_merge_denied_report_is_kept_apart(store: Store) -> None:
    store.ingest([record("a", SHELLING_A, MARCH_12), record("f", SHELLING_DENIED, MARCH_12)])
    events = store.events()
    assert sorted(e.facts.status for e in events) == ["asserted", "negated"]
    assert all(e.source_count == 1 for e in events)


def test_store_merge_better_geocoded_report_improves_record(store: Store) -> None:
    store.ingest([record("g", DRONE_GOVERNORATE, MAY_2)])
    (before,) = store.events()
    assert before.facts.place_id == "sy-deir-ez-zor" and before.facts.geo_precision == 3
    store.ingest([record("m", DRONE_MAYADIN, MAY_2, source="other.example")])
    (after,) = store.events()
    assert after.id == before.id and after.source_count == 2
    assert after.facts.place_id == "gn-173480" and after.facts.geo_precision == 1
    assert after.facts.admin3_pcode == "SY090300"


def test_store_merge_changed_document_unlinks_mentions(store: Store) -> None:
    store.ingest([record("a", SHELLING_A, MARCH_12), record("b", SHELLING_B, MARCH_12, source="other.example")])
    (merged,) = store.events()
    store.ingest([record("b", ARREST_RAQQA, MARCH_12, source="other.example")])  # b now says something else
    events = {e.facts.plover_type: e for e in store.events()}
    assert events["ASSAULT"].id == merged.id and events["ASSAULT"].source_count == 1
    assert events["ASSAULT"].facts.fatalities == 3
    store.ingest(
        [record("a", ARREST_RAQQA + " ", MARCH_12)]
    )  # a changes too: the shelling event loses its last mention
    assert "ASSAULT" not in {e.facts.plover_type for e in store.events()}
    assert store.counts().events == len(store.events())
