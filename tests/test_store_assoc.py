"""Associated actors in the store: kept per mention, merged per event, in ACLED's assoc_actor_1/assoc_actor_2."""

from __future__ import annotations

import dataclasses
import io
import json
import random
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from marsad.cli.main import main
from marsad.store import Store
from marsad.store.exports import acled_row, export_text, geojson
from marsad.store.facts import AssocActor, EventFacts
from marsad.store.merge import extend, mode_contested, summarize, union_assoc
from marsad.store.query import EventFilter, EventRow
from tests.test_store_merge import BASE
from tests.test_store_support import CLASH_FATEMIYOUN, CLASH_HEZBOLLAH, MARCH_12, SHELLING_A, record, store

__all__ = ["store"]

HEZBOLLAH = "Hezbollah (Lebanese)"
FATEMIYOUN = "Fatemiyoun Brigade"


def _clash(store: Store) -> EventRow:
    (event,) = [e for e in store.events() if e.facts.plover_type == "ASSAULT"]
    return event


def _csv(store: Store) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(export_text("acled-csv", store.events(), {})), keep_default_na=False)


def test_store_assoc_actors_stored_per_mention_and_exported(store: Store) -> None:
    store.ingest([record("h", CLASH_HEZBOLLAH, MARCH_12)])
    event = _clash(store)
    assert event.facts.actor1_id == "sy-gov-forces-assad" and event.facts.actor2_id == "sy-hts"
    (assoc,) = event.facts.assoc_actors
    assert (assoc.actor_id, assoc.name_en, assoc.inter) == ("lb-hezbollah", HEZBOLLAH, 3)
    assert assoc.affiliation == "iran_axis"
    assert assoc.start is None  # a merged event's associated actors carry no span
    (mention,) = store.mentions([event.id])[event.id]
    (named,) = mention.facts.assoc_actors
    assert named.start is not None and named.end is not None
    assert CLASH_HEZBOLLAH[named.start : named.end] == named.text  # the span into the document
    row = _csv(store).iloc[0]
    assert row["assoc_actor_1"] == HEZBOLLAH and row["assoc_actor_2"] == ""
    (feature,) = geojson(store.events())["features"]
    assert feature["properties"]["assoc_actor_1"] == HEZBOLLAH
    (line,) = export_text("jsonl", store.events(), store.mentions([event.id])).splitlines()
    record_json = json.loads(line)
    assert [a["actor_id"] for a in record_json["assoc_actors"]] == ["lb-hezbollah"]
    (mention_json,) = record_json["mentions"]
    assert mention_json["assoc_actors"][0]["start"] == named.start


def test_store_assoc_actors_union_on_merge(store: Store) -> None:
    store.ingest(
        [record("h", CLASH_HEZBOLLAH, MARCH_12), record("f", CLASH_FATEMIYOUN, MARCH_12, source="other.example")]
    )
    event = _clash(store)
    assert event.source_count == 2
    assert [a.actor_id for a in event.facts.assoc_actors] == ["lb-hezbollah", "ir-fatemiyoun"]
    assert _csv(store).iloc[0]["assoc_actor_1"] == f"{HEZBOLLAH}; {FATEMIYOUN}"
    # the first report changes and no longer names an associated actor: the event is recomputed
    store.ingest([record("h", SHELLING_A, MARCH_12)])
    after = [e for e in store.events() if e.id == event.id]
    assert [a.actor_id for a in after[0].facts.assoc_actors] == ["ir-fatemiyoun"]


def test_store_assoc_actors_in_events_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        json.dumps({"id": "h", "text": CLASH_HEZBOLLAH, "published": "2024-03-12"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(inputs), "--db", db, "--quiet"]) == 0
    assert main(["events", "--db", db, "--format", "json", "--type", "ASSAULT"]) == 0
    (event,) = json.loads(capsys.readouterr().out)
    assert [a["name_en"] for a in event["assoc_actors"]] == [HEZBOLLAH]
    assert event["mentions"][0]["assoc_actors"][0]["actor_id"] == "lb-hezbollah"
    assert main(["events", "--db", db, "--format", "csv", "--type", "ASSAULT"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert frame.iloc[0]["assoc_actors"] == HEZBOLLAH


def _event_row(facts: EventFacts) -> EventRow:
    now = datetime(2024, 3, 12)
    return EventRow(1, facts, 1, 1, ("x.example",), "store.merge.v1", now, now)


def _assoc(actor_id: str, bloc: str | None, name: str | None = None) -> AssocActor:
    return AssocActor(actor_id, name or actor_id, "نص", 3, bloc)


def test_store_assoc_actor_2_when_bloc_is_actor2s() -> None:
    facts = dataclasses.replace(
        BASE,
        actor1_affiliation="syrian_government_assad",
        actor2_id="sy-hts",
        actor2_affiliation="hts",
        assoc_actors=(
            _assoc("lb-hezbollah", "iran_axis", HEZBOLLAH),
            _assoc("x-hts-ally", "hts", "HTS ally"),
            _assoc("x-unknown", None, None),
        ),
    )
    row = acled_row(_event_row(facts))
    assert row.assoc_actor_1 == f"{HEZBOLLAH}; x-unknown" and row.assoc_actor_2 == "HTS ally"
    same_bloc = dataclasses.replace(facts, actor1_affiliation="hts")  # both sides' bloc: stays with actor1
    assert acled_row(_event_row(same_bloc)).assoc_actor_2 == ""


def test_store_assoc_union_leaves_out_actor1_and_actor2() -> None:
    a = dataclasses.replace(BASE, actor1_id=None, assoc_actors=(_assoc("sy-sdf", "sdf"), _assoc("x-1", None)))
    b = dataclasses.replace(BASE, assoc_actors=(_assoc("x-1", None), _assoc("x-2", None)))
    merged = summarize([a, b])
    assert merged.actor1_id == "sy-sdf"  # b resolves actor1: it is no longer an associated actor
    assert [x.actor_id for x in merged.assoc_actors] == ["x-1", "x-2"]
    assert extend(summarize([a]), b) == merged
    assert union_assoc([(AssocActor("z", None, "ن", 3, None, 4, 7),)], ()) == (AssocActor("z", None, "ن", 3, None),)


def test_store_assoc_extend_equals_summarize() -> None:
    rng = random.Random(4)
    pool = [_assoc(i, b) for i, b in (("sy-sdf", "sdf"), ("sy-civilians", None), ("x-1", "x"), ("x-2", None))]
    for _ in range(300):
        mentions = [
            dataclasses.replace(
                BASE,
                actor1_id=rng.choice([None, "sy-sdf", "x-1"]),
                actor2_id=rng.choice([None, "sy-civilians"]),
                assoc_actors=tuple(rng.sample(pool, rng.randrange(3))),
            )
            for _ in range(rng.randrange(1, 6))
        ]
        merged = summarize(mentions[:1])
        for k in range(1, len(mentions)):
            modes = [m.plover_mode for m in mentions[: k + 1]] if mode_contested(merged, mentions[k]) else []
            merged = extend(merged, mentions[k], mode_history=modes)
            assert merged == summarize(mentions[: k + 1])


def test_store_assoc_actor_filter_by_id(store: Store) -> None:
    store.ingest([record("h", CLASH_HEZBOLLAH, MARCH_12), record("a", SHELLING_A, MARCH_12)])
    found = store.events(EventFilter(actor="lb-hezbollah"))
    assert [e.facts.actor2_id for e in found] == ["sy-hts"]
    assert store.events(EventFilter(actor="lb-hezbol")) == []  # ids match whole
