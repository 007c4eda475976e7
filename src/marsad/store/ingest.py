"""Writing one extracted document into the store, in one transaction, merging its events.

:func:`write_document` runs inside a write transaction: it replaces an older version of the
document (unlinking its mentions and deleting merged events left without one), stores sentences,
entities, actor/place references and one mention per event, attaches each asserted mention to a
merged event by rule ``store.merge.v1`` and recomputes every merged event it touched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from marsad.export import event_json
from marsad.io.readers import Record
from marsad.model import Document, Event, Sentence
from marsad.store import fts, merge
from marsad.store.engine import Backend
from marsad.store.facts import EventFacts, facts_from_event, facts_from_row
from marsad.store.migrate import LOCK_KEY
from marsad.store.schema import (
    actors,
    documents,
    entities,
    event_mentions,
    events,
    places,
    sentences,
)

Outcome = Literal["added", "updated", "unchanged"]
# How far (days) around a new mention's date the candidate query looks; the exact test is merge.compare.
_CANDIDATE_MARGIN = timedelta(days=merge.WINDOW_DAYS + merge.PUBLISHED_LEAD_DAYS + 1)


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """An extracted document ready to be written, with the hash of the record it came from."""

    document: Document
    content_hash: str
    origin: str
    method_ids: tuple[str, ...]


def content_hash(record: Record) -> str:
    """SHA-256 of what the record says (text, title, url, source, date, metadata), not where it was read."""
    payload = {
        "text": record.text,
        "title": record.title,
        "url": record.url,
        "source": record.source,
        "published": record.published.isoformat() if record.published else None,
        "metadata": [list(pair) for pair in record.metadata],
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _insert(backend: Backend, table: Any) -> Any:
    return sqlite.insert(table) if backend == "sqlite" else postgresql.insert(table)


def _upsert_references(conn: Connection, backend: Backend, doc: Document) -> None:
    actor_rows: dict[str, dict[str, object]] = {
        a.actor_id: {"actor_id": a.actor_id, "name_en": a.name_en, "inter": a.inter, "affiliation": a.bloc}
        for a in (*doc.actors, *(x for e in doc.events for x in (e.actor1, e.actor2) if x is not None))
        if a.actor_id is not None
    }
    place_rows: dict[str, dict[str, object]] = {
        p.place_id: {
            "place_id": p.place_id,
            "name_en": p.name_en,
            "name_ar": p.name_ar,
            "lat": p.lat,
            "lon": p.lon,
            "admin1_pcode": p.admin1_pcode,
            "admin2_pcode": p.admin2_pcode,
            "admin3_pcode": p.admin3_pcode,
            "geo_precision": p.geo_precision,
        }
        for p in (*doc.places, *(e.location for e in doc.events if e.location is not None))
        if p.place_id is not None
    }
    for mention in doc.mentions:  # entity links the stages did not resolve into refs
        if mention.actor_id is not None and mention.actor_id not in actor_rows:
            actor_rows[mention.actor_id] = {"actor_id": mention.actor_id}
        if mention.place_id is not None and mention.place_id not in place_rows:
            place_rows[mention.place_id] = {"place_id": mention.place_id}
    if actor_rows:
        rows = [{"name_en": None, "inter": None, "affiliation": None, **r} for r in actor_rows.values()]
        conn.execute(_insert(backend, actors).on_conflict_do_nothing(index_elements=["actor_id"]), rows)
    if place_rows:
        keys = ("name_en", "name_ar", "lat", "lon", "admin1_pcode", "admin2_pcode", "admin3_pcode", "geo_precision")
        rows = [{**dict.fromkeys(keys), **r} for r in place_rows.values()]
        conn.execute(_insert(backend, places).on_conflict_do_nothing(index_elements=["place_id"]), rows)


def _sentence_index(doc: Document, event: Event) -> int | None:
    for k, sentence in enumerate(doc.sentences):
        if sentence.span.start <= event.sentence.start < sentence.span.end:
            return k
    return None


def _candidates(conn: Connection, facts: EventFacts, document_pk: int) -> list[merge.Candidate]:
    if facts.status != "asserted" or facts.place_id is None:
        return []
    place_cond = events.c.place_id == facts.place_id
    if facts.admin1_pcode is not None:
        place_cond = or_(place_cond, events.c.admin1_pcode == facts.admin1_pcode)
    query = select(events).where(events.c.plover_type == facts.plover_type, events.c.status == "asserted", place_cond)
    if facts.date_start is not None:
        low = facts.date_start - _CANDIDATE_MARGIN
        high = (facts.date_end or facts.date_start) + _CANDIDATE_MARGIN
        query = query.where(
            or_(events.c.date_start.is_(None), and_(events.c.date_start <= high, events.c.date_end >= low))
        )
    rows = conn.execute(query.order_by(events.c.id)).mappings().all()
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    same_doc = set(
        conn.execute(
            select(event_mentions.c.event_id).where(
                event_mentions.c.document_id == document_pk, event_mentions.c.event_id.in_(ids)
            )
        ).scalars()
    )
    return [merge.Candidate(row["id"], facts_from_row(row), row["id"] in same_doc) for row in rows]


def refresh_events(conn: Connection, event_ids: Iterable[int], *, now: datetime) -> None:
    """Recompute merged events from their mentions; delete those left with none."""
    for event_id in sorted(set(event_ids)):
        rows = (
            conn.execute(
                select(event_mentions, documents.c.doc_id, documents.c.source.label("doc_source"))
                .join(documents, documents.c.id == event_mentions.c.document_id)
                .where(event_mentions.c.event_id == event_id)
                .order_by(event_mentions.c.id)
            )
            .mappings()
            .all()
        )
        if not rows:
            conn.execute(delete(events).where(events.c.id == event_id))
            continue
        summary = merge.summarize([facts_from_row(row) for row in rows])
        sources = sorted({str(row["doc_source"] or row["doc_id"]) for row in rows})
        conn.execute(
            update(events).where(events.c.id == bindparam("event_pk")),
            {
                **summary.as_row(),
                "source_count": len({row["document_id"] for row in rows}),
                "mention_count": len(rows),
                "sources": json.dumps(sources, ensure_ascii=False),
                "merge_rule": merge.RULE_ID,
                "updated_at": now,
                "event_pk": event_id,
            },
        )


def _document_row(prepared: PreparedDocument, now: datetime) -> dict[str, Any]:
    doc = prepared.document
    return {
        "doc_id": doc.doc_id,
        "content_hash": prepared.content_hash,
        "url": doc.url,
        "source": doc.source,
        "title": doc.title,
        "published": doc.published,
        "language": doc.language,
        "origin": prepared.origin,
        "text": doc.text,
        "metadata_json": json.dumps(dict(doc.metadata), ensure_ascii=False, sort_keys=True),
        "pipeline": json.dumps(list(prepared.method_ids)),
        "errors_json": json.dumps([[e.stage, e.code, e.message] for e in doc.errors], ensure_ascii=False),
        "updated_at": now,
    }


def _replace_old_version(conn: Connection, document_pk: int) -> set[int]:
    affected = set(
        conn.execute(
            select(event_mentions.c.event_id).where(event_mentions.c.document_id == document_pk).distinct()
        ).scalars()
    )
    conn.execute(delete(event_mentions).where(event_mentions.c.document_id == document_pk))
    conn.execute(delete(entities).where(entities.c.document_id == document_pk))
    conn.execute(delete(sentences).where(sentences.c.document_id == document_pk))
    return affected


def _mention_row(
    doc: Document, event: Event, facts: EventFacts, sentence: Sentence | None, sentence_pk: int | None
) -> dict[str, Any]:
    contract = event_json(doc, event)
    evidence_text = doc.span_text(event.sentence)
    names = (facts.actor1_name_en, facts.actor2_name_en, facts.place_name_en)
    return {
        **facts.as_row(),
        "sentence_id": sentence_pk,
        "local_event_id": event.event_id,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger_text": doc.span_text(event.trigger),
        "evidence_start": event.sentence.start,
        "evidence_end": event.sentence.end,
        "evidence_text": evidence_text,
        "attribution_text": None if event.attribution is None else doc.span_text(event.attribution),
        "methods": json.dumps(contract["methods"]),
        "search_norm": fts.search_text(sentence, evidence_text, names=names),
        "event_json": json.dumps(contract, ensure_ascii=False),
    }


def write_document(conn: Connection, backend: Backend, prepared: PreparedDocument) -> Outcome:
    """Store one document inside the caller's write transaction; unchanged documents are left alone."""
    if backend == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    doc = prepared.document
    now = _now()
    existing = conn.execute(
        select(documents.c.id, documents.c.content_hash).where(documents.c.doc_id == doc.doc_id)
    ).first()
    if existing is not None and existing.content_hash == prepared.content_hash:
        return "unchanged"
    row = _document_row(prepared, now)
    touched: set[int] = set()
    if existing is not None:
        document_pk = int(existing.id)
        touched |= _replace_old_version(conn, document_pk)
        conn.execute(
            update(documents).where(documents.c.id == bindparam("document_pk")).values(version=documents.c.version + 1),
            {**row, "document_pk": document_pk},
        )
    else:
        result = conn.execute(insert(documents).returning(documents.c.id), {**row, "version": 1, "ingested_at": now})
        document_pk = int(result.scalar_one())
    sentence_pks: dict[int, int] = {}
    if doc.sentences:
        sentence_rows = [
            {
                "document_id": document_pk,
                "idx": k,
                "start": s.span.start,
                "end": s.span.end,
                "text": doc.span_text(s.span),
            }
            for k, s in enumerate(doc.sentences)
        ]
        conn.execute(insert(sentences), sentence_rows)
        sentence_pks = {
            int(r.idx): int(r.id)
            for r in conn.execute(select(sentences.c.id, sentences.c.idx).where(sentences.c.document_id == document_pk))
        }
    _upsert_references(conn, backend, doc)
    if doc.mentions:
        conn.execute(
            insert(entities),
            [
                {
                    "document_id": document_pk,
                    "start": m.span.start,
                    "end": m.span.end,
                    "text": m.text,
                    "type": m.type,
                    "actor_id": m.actor_id,
                    "place_id": m.place_id,
                    "method": m.evidence.method,
                }
                for m in doc.mentions
            ],
        )
    for event in doc.events:
        facts = facts_from_event(doc, event)
        choice = merge.choose(facts, _candidates(conn, facts, document_pk))
        event_id = choice.event_id
        if event_id is None:
            values = {
                **facts.as_row(),
                "source_count": 1,
                "mention_count": 1,
                "sources": "[]",
                "merge_rule": merge.RULE_ID,
                "created_at": now,
                "updated_at": now,
            }
            event_id = int(conn.execute(insert(events).returning(events.c.id), values).scalar_one())
        k = _sentence_index(doc, event)
        sentence = None if k is None else doc.sentences[k]
        mention = _mention_row(doc, event, facts, sentence, None if k is None else sentence_pks.get(k))
        conn.execute(
            insert(event_mentions),
            {**mention, "event_id": event_id, "document_id": document_pk, "merge_reason": choice.reason},
        )
        touched.add(event_id)
    refresh_events(conn, touched, now=now)
    return "added" if existing is None else "updated"


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """Rows per table."""

    documents: int
    sentences: int
    entities: int
    events: int
    event_mentions: int
    actors: int
    places: int


def count_rows(conn: Connection) -> StoreCounts:
    """Rows per table (for reports and tests)."""

    def n(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    return StoreCounts(
        documents=n(documents),
        sentences=n(sentences),
        entities=n(entities),
        events=n(events),
        event_mentions=n(event_mentions),
        actors=n(actors),
        places=n(places),
    )
