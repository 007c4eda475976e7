"""The facts of one event as the store keeps them, for a mention (one document) or a merged event."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.model import ActorRef, Document, Event

# How exact a date is, best first. ``published``: the report does not date the event; its
# publication date stands in.
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "published", "month", "year")


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What is known of an event: type, status, actors, place, date, fatalities (column names of the store)."""

    plover_type: str
    plover_mode: str | None
    acled_event_type: str
    acled_sub_event_type: str
    cameo: str | None
    status: str
    actor1_id: str | None
    actor1_name_en: str | None
    actor1_text: str | None
    actor1_inter: int | None
    actor1_affiliation: str | None
    actor2_id: str | None
    actor2_name_en: str | None
    actor2_text: str | None
    actor2_inter: int | None
    actor2_affiliation: str | None
    place_id: str | None
    place_name_en: str | None
    place_text: str | None
    lat: float | None
    lon: float | None
    admin1_pcode: str | None
    admin2_pcode: str | None
    admin3_pcode: str | None
    geo_precision: int | None
    date_text: str | None
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    fatalities: int | None
    confidence: float

    @property
    def pcode(self) -> str | None:
        """The most specific admin p-code of the place."""
        return self.admin3_pcode or self.admin2_pcode or self.admin1_pcode

    def as_row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(EventFacts))


def facts_from_row(row: Mapping[Any, Any]) -> EventFacts:
    return EventFacts(**{name: row[name] for name in FACT_FIELDS})


def _actor(prefix: str, actor: ActorRef | None) -> dict[str, Any]:
    if actor is None:
        return {f"{prefix}_{k}": None for k in ("id", "name_en", "text", "inter", "affiliation")}
    return {
        f"{prefix}_id": actor.actor_id,
        f"{prefix}_name_en": actor.name_en,
        f"{prefix}_text": actor.text,
        f"{prefix}_inter": actor.inter,
        f"{prefix}_affiliation": actor.bloc,
    }


def facts_from_event(doc: Document, event: Event) -> EventFacts:
    """The facts of one extracted event; an undated event takes its document's publication date."""
    place = event.location
    time = event.time
    start: date | None
    end: date | None
    precision: str | None
    if time is not None and time.value is not None:
        start, end, precision = time.value, time.end_value or time.value, time.precision or "day"
    elif doc.published is not None:
        start, end, precision = doc.published, doc.published, "published"
    else:
        start, end, precision = None, None, None
    return EventFacts(
        plover_type=event.type.plover,
        plover_mode=event.type.plover_mode,
        acled_event_type=event.type.acled_event_type,
        acled_sub_event_type=event.type.acled_sub_event_type,
        cameo=event.type.cameo,
        status=event.status,
        **_actor("actor1", event.actor1),
        **_actor("actor2", event.actor2),
        place_id=None if place is None else place.place_id,
        place_name_en=None if place is None else place.name_en,
        place_text=None if place is None else place.text,
        lat=None if place is None else place.lat,
        lon=None if place is None else place.lon,
        admin1_pcode=None if place is None else place.admin1_pcode,
        admin2_pcode=None if place is None else place.admin2_pcode,
        admin3_pcode=None if place is None else place.admin3_pcode,
        geo_precision=None if place is None else place.geo_precision,
        date_text=None if time is None else time.text,
        date_start=start,
        date_end=end,
        date_precision=precision,
        fatalities=event.fatalities,
        confidence=float(event.confidence),
    )
