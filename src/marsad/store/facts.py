"""The facts of one event as the store keeps them, for a mention (one document) or a merged event."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.model import ActorRef, Document, Event


@dataclass(frozen=True, slots=True)
class AssocActor:
    """An actor taking part beside actor1 (ACLED's associated actor), as one mention names it.

    ``start``/``end``: its span in the mention's document; None in a merged event, whose associated
    actors come from several documents.
    """

    actor_id: str | None
    name_en: str | None
    text: str
    inter: int | None
    affiliation: str | None
    start: int | None = None
    end: int | None = None

    @property
    def key(self) -> str:
        """What makes two mentions name the same actor: its id, else its text."""
        return self.actor_id if self.actor_id is not None else f"text:{self.text}"

    def without_span(self) -> AssocActor:
        return self if self.start is None and self.end is None else dataclasses.replace(self, start=None, end=None)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "actor_id": self.actor_id,
            "name_en": self.name_en,
            "text": self.text,
            "inter": self.inter,
            "affiliation": self.affiliation,
        }
        if self.start is not None or self.end is not None:
            out["start"], out["end"] = self.start, self.end
        return out

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> AssocActor:
        return cls(
            actor_id=value.get("actor_id"),
            name_en=value.get("name_en"),
            text=str(value.get("text") or ""),
            inter=value.get("inter"),
            affiliation=value.get("affiliation"),
            start=value.get("start"),
            end=value.get("end"),
        )


def assoc_to_json(actors: Iterable[AssocActor]) -> str:
    """The column value (``assoc_actors_json``): a JSON list, ``[]`` when there are none."""
    items = [a.as_json() for a in actors]
    return json.dumps(items, ensure_ascii=False) if items else "[]"


def assoc_from_json(value: str | None) -> tuple[AssocActor, ...]:
    if not value or value == "[]":
        return ()
    return tuple(AssocActor.from_json(item) for item in json.loads(value))


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
    # armed groups taking part beside actor1 (column assoc_actors_json); a merged event: the union over
    # its mentions, without its actor1/actor2 (merge.union_assoc)
    assoc_actors: tuple[AssocActor, ...] = ()

    @property
    def pcode(self) -> str | None:
        """The most specific admin p-code of the place."""
        return self.admin3_pcode or self.admin2_pcode or self.admin1_pcode

    def as_row(self) -> dict[str, Any]:
        """The values of the store's fact columns."""
        row = {name: getattr(self, name) for name in FACT_FIELDS}
        row[ASSOC_COLUMN] = assoc_to_json(self.assoc_actors)
        return row


ASSOC_COLUMN = "assoc_actors_json"
# the fields stored in a column of their own name (assoc_actors is stored as JSON in ASSOC_COLUMN)
FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(EventFacts) if f.name != "assoc_actors")


def facts_from_row(row: Mapping[Any, Any]) -> EventFacts:
    return EventFacts(**{name: row[name] for name in FACT_FIELDS}, assoc_actors=assoc_from_json(row[ASSOC_COLUMN]))


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


def _assoc(actor: ActorRef) -> AssocActor:
    return AssocActor(
        actor_id=actor.actor_id,
        name_en=actor.name_en,
        text=actor.text,
        inter=actor.inter,
        affiliation=actor.bloc,
        start=actor.span.start,
        end=actor.span.end,
    )


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
        assoc_actors=tuple(_assoc(a) for a in event.assoc_actors),
    )
