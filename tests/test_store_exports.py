from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from marsad.store import Store
from marsad.store.exports import COLUMNS, export_text, geojson, write_parquet
from marsad.store.notes import event_note
from marsad.store.query import EventFilter
from tests.test_store_support import DRONE_MAYADIN, MARCH_12, MAY_2, SHELLING_A, SHELLING_B, record, store

__all__ = ["store"]

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


def _filled(store: Store) -> Store:
    store.ingest(
        [
            record("a", SHELLING_A, MARCH_12),
            record("b", SHELLING_B, MARCH_12, source="other.example"),
            record("d", DRONE_MAYADIN, MAY_2),
        ]
    )
    return store


def test_store_exports_acled_csv_opens_with_pandas(store: Store) -> None:
    events = _filled(store).events()
    frame = pd.read_csv(io.StringIO(export_text("acled-csv", events, {})))
    assert list(frame.columns) == [*ACLED_COLUMNS, "plover_type", "plover_mode", "admin1_pcode", "admin2_pcode",
                                   "admin3_pcode"]  # fmt: skip
    assert len(frame) == 2
    drone = frame[frame["admin1_pcode"] == "SY09"].iloc[0]
    assert drone["event_date"] == "2024-05-02" and drone["admin1"] == "Deir ez-Zor" and drone["fatalities"] == 2
    assert drone["country"] == "Syria" and drone["iso"] == 760 and drone["event_id_cnty"].startswith("SYR")
    shelling = frame[frame["admin1_pcode"] == "SY07"].iloc[0]
    assert shelling["source"] == "other.example; test.example"
    assert shelling["notes"].startswith("On 2024-03-11, Syrian government forces")
    assert "3 killed" in shelling["notes"] and shelling["civilian_targeting"] == "Civilian targeting"


def test_store_exports_geojson_structure(store: Store) -> None:
    collection = json.loads(json.dumps(geojson(_filled(store).events())))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(feature["properties"]) == set(COLUMNS)
        assert (lon, lat) == (feature["properties"]["longitude"], feature["properties"]["latitude"])


def test_store_exports_parquet_round_trip(store: Store, tmp_path: Path) -> None:
    events = _filled(store).events()
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    table = pq.read_table(path).to_pandas()
    csv_frame = pd.read_csv(io.StringIO(export_text("acled-csv", events, {})))
    assert list(table.columns) == list(COLUMNS)
    assert table["event_id_cnty"].tolist() == csv_frame["event_id_cnty"].tolist()
    assert table["fatalities"].tolist() == csv_frame["fatalities"].tolist()
    assert table["notes"].tolist() == csv_frame["notes"].tolist()


def test_store_exports_jsonl_keeps_every_mention(store: Store) -> None:
    s = _filled(store)
    events = s.events(EventFilter(place="SY07"))
    lines = export_text("jsonl", events, s.mentions(e.id for e in events)).splitlines()
    (row,) = [json.loads(line) for line in lines]
    assert [m["doc_id"] for m in row["mentions"]] == ["a", "b"]
    assert all(m["evidence"]["text"] for m in row["mentions"])


def test_store_exports_note_transliterates_unknown_names(store: Store) -> None:
    (event,) = _filled(store).events(EventFilter(place="SY09"))
    from dataclasses import replace

    facts = replace(event.facts, actor1_name_en=None, actor1_text="كتيبة الفرات", date_start=date(2024, 5, 2))
    note = event_note(facts, sources=["x.example"])
    assert note == (
        "On 2024-05-02, Katiba al-Farat carried out an air/drone strike in Al Mayādīn, Deir ez-Zor; 2 killed. "
        "Source: Marsad extraction of x.example."
    )
