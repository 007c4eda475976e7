"""Exports of merged events: ACLED-style CSV, GeoJSON, JSON Lines (with every mention) and Parquet.

The ACLED columns keep ACLED's names; Marsad adds ``plover_type``, ``plover_mode`` and the three
admin p-codes. Admin names are the gazetteer's English names; ``notes`` is generated
(:func:`marsad.store.notes.event_note`). ``assoc_actor_1``/``assoc_actor_2`` are the event's associated
actors (:func:`split_assoc`), ``source_scale`` comes from the outlets (:mod:`marsad.knowledge.outlets`).
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any, Literal, TextIO

from marsad.knowledge.gazetteer import get_gazetteer
from marsad.store.facts import AssocActor, EventFacts
from marsad.store.notes import actor_name, admin_name, event_note, place_name
from marsad.store.query import EventRow, MentionRow

ExportFormat = Literal["acled-csv", "geojson", "jsonl", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("acled-csv", "geojson", "jsonl", "parquet")

# ISO 3166 numeric code, ISO3, ACLED region, by the gazetteer's two-letter country code.
_COUNTRIES: dict[str, tuple[int, str, str]] = {
    "SY": (760, "SYR", "Middle East"),
    "IQ": (368, "IRQ", "Middle East"),
    "TR": (792, "TUR", "Middle East"),
    "LB": (422, "LBN", "Middle East"),
    "JO": (400, "JOR", "Middle East"),
    "IL": (376, "ISR", "Middle East"),
    "PS": (275, "PSE", "Middle East"),
    "IR": (364, "IRN", "Middle East"),
    "SA": (682, "SAU", "Middle East"),
    "QA": (634, "QAT", "Middle East"),
    "AE": (784, "ARE", "Middle East"),
    "EG": (818, "EGY", "Northern Africa"),
    "RU": (643, "RUS", "Europe"),
    "FR": (250, "FRA", "Europe"),
    "GB": (826, "GBR", "Europe"),
    "US": (840, "USA", "North America"),
}
_COUNTRY_NAMES = {"SY": "Syria"}
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_TIME_PRECISION = {"day": 1, "week": 2, "published": 2, "month": 3, "year": 3}
CIVILIANS_INTER = 7


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One event in ACLED's columns, plus Marsad's PLOVER type and p-codes."""

    event_id_cnty: str
    event_date: str | None
    year: int | None
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int | None
    actor2: str
    assoc_actor_2: str
    inter2: int | None
    interaction: int | None
    civilian_targeting: str
    iso: int | None
    region: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    source: str
    source_scale: str
    notes: str
    fatalities: int
    tags: str
    timestamp: int
    plover_type: str
    plover_mode: str | None
    admin1_pcode: str | None
    admin2_pcode: str | None
    admin3_pcode: str | None


COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(AcledRow))
_INT_COLUMNS = frozenset({"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                          "fatalities", "timestamp"})  # fmt: skip
_FLOAT_COLUMNS = frozenset({"latitude", "longitude"})


def _country(place_id: str | None) -> str:
    if place_id:
        entry = get_gazetteer().by_id(place_id)
        if entry is not None and entry.country_code:
            return entry.country_code.upper()
    return "SY"  # Marsad monitors Syria: an event without a place is counted there


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


ASSOC_SEPARATOR = "; "  # ACLED's separator between several associated actors


def split_assoc(f: EventFacts) -> tuple[tuple[AssocActor, ...], tuple[AssocActor, ...]]:
    """The associated actors of actor1 and those of actor2.

    Marsad's associated actors take part beside actor1, so they go with actor1, unless their bloc
    (affiliation) is actor2's and not actor1's.
    """
    side1: list[AssocActor] = []
    side2: list[AssocActor] = []
    for actor in f.assoc_actors:
        bloc = actor.affiliation
        with_actor2 = bloc is not None and bloc == f.actor2_affiliation and bloc != f.actor1_affiliation
        (side2 if with_actor2 else side1).append(actor)
    return tuple(side1), tuple(side2)


def _assoc_names(actors: Sequence[AssocActor]) -> str:
    names = (actor_name(a.name_en, a.text) for a in actors)
    return ASSOC_SEPARATOR.join(dict.fromkeys(n for n in names if n))


def acled_row(event: EventRow) -> AcledRow:
    f = event.facts
    code = _country(f.place_id)
    iso, iso3, region = _COUNTRIES.get(code, (None, code, ""))
    country = _COUNTRY_NAMES.get(code)
    if country is None:
        entry = get_gazetteer().by_id(f"country-{code.lower()}")
        country = entry.name_en if entry is not None else code
    tags = [f"status={f.status}", f"sources={event.source_count}", f"merge={event.merge_rule}"]
    if f.date_precision == "published":
        tags.append("date=publication")
    assoc1, assoc2 = split_assoc(f)
    return AcledRow(
        event_id_cnty=f"{iso3}{event.id}",
        event_date=None if f.date_start is None else f.date_start.isoformat(),
        year=None if f.date_start is None else f.date_start.year,
        time_precision=_TIME_PRECISION.get(f.date_precision or "", 3),
        disorder_type=_DISORDER.get(f.acled_event_type, "Strategic developments"),
        event_type=f.acled_event_type,
        sub_event_type=f.acled_sub_event_type,
        actor1=actor_name(f.actor1_name_en, f.actor1_text) or "",
        assoc_actor_1=_assoc_names(assoc1),
        inter1=f.actor1_inter,
        actor2=actor_name(f.actor2_name_en, f.actor2_text) or "",
        assoc_actor_2=_assoc_names(assoc2),
        inter2=f.actor2_inter,
        interaction=_interaction(f.actor1_inter, f.actor2_inter),
        civilian_targeting="Civilian targeting" if f.actor2_inter == CIVILIANS_INTER else "",
        iso=iso,
        region=region,
        country=country,
        admin1=admin_name(f.admin1_pcode) or "",
        admin2=admin_name(f.admin2_pcode) or "",
        admin3=admin_name(f.admin3_pcode) or "",
        location=place_name(f) or "",
        latitude=f.lat,
        longitude=f.lon,
        geo_precision=f.geo_precision,
        source="; ".join(event.sources),
        source_scale=event.source_scale,
        notes=event_note(f, sources=event.sources),
        fatalities=f.fatalities or 0,
        tags="; ".join(tags),
        timestamp=int(event.updated_at.replace(tzinfo=UTC).timestamp()),
        plover_type=f.plover_type,
        plover_mode=f.plover_mode,
        admin1_pcode=f.admin1_pcode,
        admin2_pcode=f.admin2_pcode,
        admin3_pcode=f.admin3_pcode,
    )


def _row_dict(row: AcledRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in COLUMNS}


def write_acled_csv(events: Sequence[EventRow], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        row = _row_dict(acled_row(event))
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return len(events)


def geojson(events: Sequence[EventRow]) -> dict[str, Any]:
    """A FeatureCollection of Point features (null geometry for unlocated events); properties are the row."""
    features = []
    for event in events:
        row = _row_dict(acled_row(event))
        located = row["latitude"] is not None and row["longitude"] is not None
        geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if located else None
        features.append({"type": "Feature", "id": row["event_id_cnty"], "geometry": geometry, "properties": row})
    return {"type": "FeatureCollection", "features": features}


def assoc_json(actors: Sequence[AssocActor]) -> list[dict[str, Any]]:
    """Associated actors as JSON: id, English name, Arabic text, inter code, affiliation (and span, per mention)."""
    return [a.as_json() for a in actors]


def _mention_json(m: MentionRow) -> dict[str, Any]:
    return {
        "doc_id": m.doc_id,
        "source": m.source,
        "url": m.url,
        "published": None if m.published is None else m.published.isoformat(),
        "status": m.facts.status,
        "trigger": m.trigger_text,
        "evidence": {"text": m.evidence_text, "start": m.evidence_start, "end": m.evidence_end},
        "attribution": m.attribution_text,
        "place_id": m.facts.place_id,
        "date": None if m.facts.date_start is None else m.facts.date_start.isoformat(),
        "fatalities": m.facts.fatalities,
        "assoc_actors": assoc_json(m.facts.assoc_actors),
        "merge_reason": m.merge_reason,
    }


def jsonl_lines(events: Sequence[EventRow], mentions: Mapping[int, Sequence[MentionRow]]) -> list[str]:
    lines = []
    for event in events:
        record = {
            **_row_dict(acled_row(event)),
            "assoc_actors": assoc_json(event.facts.assoc_actors),
            "mentions": [_mention_json(m) for m in mentions.get(event.id, ())],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def write_parquet(events: Sequence[EventRow], path: Path) -> int:
    """Write the rows with pyarrow (the ``parquet`` extra); typed columns, one row per event."""
    try:
        pa: Any = importlib.import_module("pyarrow")
        pq: Any = importlib.import_module("pyarrow.parquet")
    except ModuleNotFoundError as exc:
        raise RuntimeError("Parquet export needs pyarrow: pip install 'marsad[parquet]'") from exc

    def arrow_type(name: str) -> Any:
        if name in _INT_COLUMNS:
            return pa.int64()
        if name in _FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    schema = pa.schema([pa.field(name, arrow_type(name)) for name in COLUMNS])
    table = pa.Table.from_pylist([_row_dict(acled_row(e)) for e in events], schema=schema)
    pq.write_table(table, str(path))
    return len(events)


def export_text(fmt: ExportFormat, events: Sequence[EventRow], mentions: Mapping[int, Sequence[MentionRow]]) -> str:
    """The export as text (every format but Parquet)."""
    if fmt == "acled-csv":
        buffer = io.StringIO()
        write_acled_csv(events, buffer)
        return buffer.getvalue()
    if fmt == "geojson":
        return json.dumps(geojson(events), ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(line + "\n" for line in jsonl_lines(events, mentions))
    raise ValueError(f"{fmt} is not a text format")
