"""Documents to the output contract (``marsad.document.v1``), as plain JSON-able dicts."""

from __future__ import annotations

from typing import Any

from marsad.model import ActorRef, Document, Event, PlaceRef, Span

SCHEMA_ID = "marsad.document.v1"

JsonObject = dict[str, Any]


def span_json(text: str, span: Span) -> JsonObject:
    return {"text": text[span.start : span.end], "start": span.start, "end": span.end}


def actor_json(text: str, actor: ActorRef | None) -> JsonObject | None:
    if actor is None:
        return None
    return {
        **span_json(text, actor.span),
        "actor_id": actor.actor_id,
        "name_en": actor.name_en,
        "name_ar": None,
        "inter": actor.inter,
        "affiliation": actor.bloc,
        "method": actor.evidence.method,
    }


def place_json(text: str, place: PlaceRef | None) -> JsonObject | None:
    if place is None:
        return None
    return {
        **span_json(text, place.span),
        "place_id": place.place_id,
        "name_en": place.name_en,
        "name_ar": place.name_ar,
        "lat": place.lat,
        "lon": place.lon,
        "admin1_pcode": place.admin1_pcode,
        "admin2_pcode": place.admin2_pcode,
        "admin3_pcode": place.admin3_pcode,
        "geo_precision": place.geo_precision,
        "method": place.evidence.method,
    }


def event_json(doc: Document, event: Event) -> JsonObject:
    text = doc.text
    time = event.time
    return {
        "event_id": event.event_id,
        "plover": {"type": event.type.plover, "mode": event.type.plover_mode},
        "acled": {"event_type": event.type.acled_event_type, "sub_event_type": event.type.acled_sub_event_type},
        "cameo": event.type.cameo,
        "status": event.status,
        "actor1": actor_json(text, event.actor1),
        "actor2": actor_json(text, event.actor2),
        "location": place_json(text, event.location),
        "date": None
        if time is None
        else {
            "text": time.text,
            "value": time.value.isoformat() if time.value else None,
            "end": time.end_value.isoformat() if time.end_value else None,
            "precision": time.precision,
            "anchor": time.anchor.isoformat() if time.anchor else None,
        },
        "fatalities": event.fatalities,
        "attribution": None if event.attribution is None else span_json(text, event.attribution),
        "trigger": span_json(text, event.trigger),
        "evidence": span_json(text, event.sentence),
        "assoc_actors": [actor_json(text, a) for a in event.assoc_actors],
        "confidence": round(event.confidence, 3),
        "methods": sorted({e.method for e in event.evidence}),
    }


def document_json(doc: Document, *, method_ids: tuple[str, ...] = ()) -> JsonObject:
    text = doc.text
    return {
        "schema": SCHEMA_ID,
        "doc_id": doc.doc_id,
        "url": doc.url,
        "source": doc.source,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "language": doc.language,
        "text": text,
        "sentences": [span_json(text, s.span) for s in doc.sentences],
        "entities": [
            {
                **span_json(text, m.span),
                "type": m.type,
                "actor_id": m.actor_id,
                "place_id": m.place_id,
                "method": m.evidence.method,
            }
            for m in doc.mentions
        ],
        "times": [
            {
                **span_json(text, t.span),
                "value": t.value.isoformat() if t.value else None,
                "precision": t.precision,
            }
            for t in doc.times
        ],
        "events": [event_json(doc, e) for e in doc.events],
        "metadata": dict(doc.metadata),
        "errors": [{"stage": e.stage, "code": e.code, "message": e.message} for e in doc.errors],
        "pipeline": list(method_ids),
    }
