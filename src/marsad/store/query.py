"""Finding merged events: filters on date, type, actor, place, bounding box and normalised full text.

Each event found also gets its ACLED ``source_scale`` (:mod:`marsad.knowledge.outlets`), worked out when it is
read from the outlets of its documents and their attributions, so that an edit of the outlets file
applies to events already stored.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, and_, bindparam, func, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from marsad.knowledge import outlets
from marsad.store import fts
from marsad.store.engine import Backend
from marsad.store.facts import EventFacts, facts_from_row
from marsad.store.schema import documents, event_mentions, events, store_meta


@dataclass(frozen=True, slots=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, value: str) -> BBox:
        """``minlon,minlat,maxlon,maxlat``."""
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != 4:
            raise ValueError(f"bbox {value!r}: give minlon,minlat,maxlon,maxlat")
        try:
            a, b, c, d = (float(p) for p in parts)
        except ValueError as exc:
            raise ValueError(f"bbox {value!r}: not numbers") from exc
        if a > c or b > d:
            raise ValueError(f"bbox {value!r}: minimum above maximum")
        return cls(a, b, c, d)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return; every criterion given must hold."""

    since: date | None = None
    until: date | None = None
    plover_type: str | None = None
    actor: str | None = None
    place: str | None = None
    bbox: BBox | None = None
    text: str | None = None
    statuses: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """A merged event as stored."""

    id: int
    facts: EventFacts
    source_count: int
    mention_count: int
    sources: tuple[str, ...]
    merge_rule: str
    created_at: datetime
    updated_at: datetime
    # ACLED's scale of its sources ("National", "Other-International"); empty when an outlet is unknown
    source_scale: str = ""


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One document's report of an event, with its evidence and why it joined the event."""

    id: int
    event_id: int
    doc_id: str
    source: str | None
    url: str | None
    published: date | None
    facts: EventFacts
    trigger_text: str
    evidence_text: str
    evidence_start: int
    evidence_end: int
    attribution_text: str | None
    merge_reason: str


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _actor_condition(value: str) -> ColumnElement[bool]:
    pattern = f"%{_like_escape(value.casefold())}%"
    conds: list[ColumnElement[bool]] = [events.c.actor1_id == value, events.c.actor2_id == value]
    # an associated actor, by id (facts.assoc_to_json writes '"actor_id": "lb-hezbollah"')
    in_assoc = f'%"actor_id": {_like_escape(json.dumps(value, ensure_ascii=False))}%'
    conds.append(events.c.assoc_actors_json.like(in_assoc, escape="\\"))
    for column in (events.c.actor1_name_en, events.c.actor2_name_en, events.c.actor1_text, events.c.actor2_text):
        conds.append(func.lower(column).like(pattern, escape="\\"))
    return or_(*conds)


def _place_condition(value: str) -> ColumnElement[bool]:
    prefix = f"{_like_escape(value.strip().upper())}%"
    return or_(
        events.c.place_id == value,
        events.c.admin1_pcode.like(prefix, escape="\\"),
        events.c.admin2_pcode.like(prefix, escape="\\"),
        events.c.admin3_pcode.like(prefix, escape="\\"),
    )


def fts_config(conn: Connection) -> str:
    value = conn.execute(select(store_meta.c.value).where(store_meta.c.key == "fts_config")).scalar()
    return str(value or "simple")


def _text_condition(conn: Connection, backend: Backend, query: str) -> ColumnElement[bool] | None:
    """Events with a mention whose normalised evidence matches every word of ``query``."""
    if backend == "sqlite":
        match = fts.sqlite_match(query)
        if match is None:
            return None
        hits = (
            text("SELECT rowid FROM mention_fts WHERE mention_fts MATCH :fts_query")
            .bindparams(bindparam("fts_query", match))
            .columns(rowid=Integer)
        )
        matched = select(event_mentions.c.event_id).where(event_mentions.c.id.in_(hits))
        return events.c.id.in_(matched)
    words = fts.postgres_query(query)
    if words is None:
        return None
    config = fts_config(conn)
    condition = text(f"search_tsv @@ plainto_tsquery('{config}'::regconfig, :fts_query)").bindparams(
        bindparam("fts_query", words)
    )
    matched = select(event_mentions.c.event_id).where(condition)
    return events.c.id.in_(matched)


def find_events(conn: Connection, backend: Backend, filters: EventFilter) -> list[EventRow]:
    conds: list[ColumnElement[bool]] = []
    if filters.since is not None:
        conds.append(events.c.date_end >= filters.since)
    if filters.until is not None:
        conds.append(events.c.date_start <= filters.until)
    if filters.plover_type:
        conds.append(events.c.plover_type == filters.plover_type.strip().upper())
    if filters.actor:
        conds.append(_actor_condition(filters.actor))
    if filters.place:
        conds.append(_place_condition(filters.place))
    if filters.bbox is not None:
        box = filters.bbox
        conds.append(
            and_(events.c.lon.between(box.min_lon, box.max_lon), events.c.lat.between(box.min_lat, box.max_lat))
        )
    if filters.statuses:
        conds.append(events.c.status.in_(filters.statuses))
    if filters.text:
        condition = _text_condition(conn, backend, filters.text)
        if condition is None:
            return []
        conds.append(condition)
    query = select(events).where(*conds).order_by(events.c.date_start.is_(None), events.c.date_start, events.c.id)
    if filters.limit is not None:
        query = query.limit(filters.limit)
    found = [_event_row(row) for row in conn.execute(query).mappings()]
    scales = source_scales(conn, (e.id for e in found))
    return [dataclasses.replace(e, source_scale=scales.get(e.id, "")) for e in found]


_CHUNK = 500


def source_scales(conn: Connection, event_ids: Iterable[int]) -> dict[int, str]:
    """ACLED ``source_scale`` per event id, from its mentions' documents (source, URL) and attributions."""
    ids = sorted(set(event_ids))
    reports: dict[int, list[outlets.Report]] = {i: [] for i in ids}
    for start in range(0, len(ids), _CHUNK):
        rows = conn.execute(
            select(event_mentions.c.event_id, documents.c.source, documents.c.url, event_mentions.c.attribution_text)
            .join(documents, documents.c.id == event_mentions.c.document_id)
            .where(event_mentions.c.event_id.in_(ids[start : start + _CHUNK]))
            .distinct()
        )
        for row in rows:
            reports[int(row.event_id)].append(outlets.Report(row.source, row.url, row.attribution_text))
    return {i: outlets.source_scale(r) for i, r in reports.items()}


def _event_row(row: Any) -> EventRow:
    return EventRow(
        id=int(row["id"]),
        facts=facts_from_row(row),
        source_count=int(row["source_count"]),
        mention_count=int(row["mention_count"]),
        sources=tuple(json.loads(row["sources"])),
        merge_rule=str(row["merge_rule"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def find_mentions(conn: Connection, event_ids: Iterable[int]) -> dict[int, list[MentionRow]]:
    ids = sorted(set(event_ids))
    out: dict[int, list[MentionRow]] = {i: [] for i in ids}
    for chunk_start in range(0, len(ids), _CHUNK):
        chunk = ids[chunk_start : chunk_start + _CHUNK]
        rows = conn.execute(
            select(
                event_mentions,
                documents.c.doc_id,
                documents.c.source.label("doc_source"),
                documents.c.url.label("doc_url"),
                documents.c.published.label("doc_published"),
            )
            .join(documents, documents.c.id == event_mentions.c.document_id)
            .where(event_mentions.c.event_id.in_(chunk))
            .order_by(event_mentions.c.event_id, event_mentions.c.id)
        ).mappings()
        for row in rows:
            out[int(row["event_id"])].append(
                MentionRow(
                    id=int(row["id"]),
                    event_id=int(row["event_id"]),
                    doc_id=str(row["doc_id"]),
                    source=row["doc_source"],
                    url=row["doc_url"],
                    published=row["doc_published"],
                    facts=facts_from_row(row),
                    trigger_text=str(row["trigger_text"]),
                    evidence_text=str(row["evidence_text"]),
                    evidence_start=int(row["evidence_start"]),
                    evidence_end=int(row["evidence_end"]),
                    attribution_text=row["attribution_text"],
                    merge_reason=str(row["merge_reason"]),
                )
            )
    return out
