"""Writing one extracted document into the store, in one transaction, merging its events.

:func:`write_document` runs inside a write transaction: it replaces an older version of the
document (unlinking its mentions), stores sentences, entities, actor/place references and one mention
per event, attaches each asserted mention to a merged event by rule ``store.merge.v1`` and brings every
merged event it touched up to date.

Throughput: the statements are built once (SQLAlchemy caches their compiled form), rows of one kind go
in one ``executemany``, actor/place ids already stored are remembered per store (:class:`ReferenceCache`),
and a merged event that gains a mention is updated from its current record (:func:`merge.extend`), not
recomputed from all its mentions. Events that lost a mention (a changed document) are recomputed in full
(:func:`refresh_events`), and deleted when none is left.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import RowMapping, Select, bindparam, delete, func, insert, select, text, union, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from marsad.export import event_json
from marsad.io import dedup
from marsad.io.readers import Record
from marsad.model import Document, Event, Sentence
from marsad.store import fts, merge, neardup
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


class ReferenceCache:
    """Actor and place ids known to be in the database, so that a writer does not upsert them again.

    Reference rows are only ever inserted (first writer wins) and never deleted, so an id once committed
    stays. Ids written by a transaction are staged and only count once :meth:`commit` is called after
    that transaction committed; :meth:`discard` forgets them when it did not.
    """

    __slots__ = ("_actors", "_places", "_staged_actors", "_staged_places")

    def __init__(self) -> None:
        self._actors: set[str] = set()
        self._places: set[str] = set()
        self._staged_actors: set[str] = set()
        self._staged_places: set[str] = set()

    def new_actors(self, ids: Iterable[str]) -> list[str]:
        return [i for i in ids if i not in self._actors]

    def new_places(self, ids: Iterable[str]) -> list[str]:
        return [i for i in ids if i not in self._places]

    def stage(self, actor_ids: Iterable[str], place_ids: Iterable[str]) -> None:
        self._staged_actors.update(actor_ids)
        self._staged_places.update(place_ids)

    def commit(self) -> None:
        self._actors |= self._staged_actors
        self._places |= self._staged_places
        self.discard()

    def discard(self) -> None:
        self._staged_actors.clear()
        self._staged_places.clear()


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


# Statements built once: SQLAlchemy then finds their compiled form in its cache without rebuilding them.
_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
SELECT_HASH = select(documents.c.content_hash).where(documents.c.doc_id == bindparam("doc_id"))
_SELECT_EXISTING = select(documents.c.id, documents.c.content_hash).where(documents.c.doc_id == bindparam("doc_id"))
_INSERT_DOCUMENT = insert(documents).returning(documents.c.id)
_UPDATE_DOCUMENT = (
    update(documents).where(documents.c.id == bindparam("document_pk")).values(version=documents.c.version + 1)
)
_INSERT_SENTENCES = insert(sentences).returning(sentences.c.id, sentences.c.idx)  # idx names each row's id
_INSERT_ENTITIES = insert(entities)
_INSERT_EVENT = insert(events).returning(events.c.id)
_INSERT_MENTIONS = insert(event_mentions)
_UPDATE_EVENT = update(events).where(events.c.id == bindparam("event_pk"))
_SELECT_MODES = (
    select(event_mentions.c.plover_mode)
    .where(event_mentions.c.event_id == bindparam("event_pk"))
    .order_by(event_mentions.c.id)
)
_SELECT_OLD_EVENTS = (
    select(event_mentions.c.event_id).where(event_mentions.c.document_id == bindparam("doc_pk")).distinct()
)
_DELETE_OLD = tuple(
    delete(table).where(table.c.document_id == bindparam("doc_pk")) for table in (event_mentions, entities, sentences)
)
# A document's story: the original it copies (near-duplicate), else itself; source_count counts stories.
_STORY = func.coalesce(documents.c.duplicate_of, documents.c.doc_id)
_SELECT_EVENT_MENTIONS = (
    select(event_mentions, documents.c.doc_id, documents.c.source.label("doc_source"), _STORY.label("doc_story"))
    .join(documents, documents.c.id == event_mentions.c.document_id)
    .where(event_mentions.c.event_id == bindparam("event_pk"))
    .order_by(event_mentions.c.id)
)
_DELETE_EVENT = delete(events).where(events.c.id == bindparam("event_pk"))
_SELECT_STORY_IN_EVENT = (
    select(event_mentions.c.id)
    .join(documents, documents.c.id == event_mentions.c.document_id)
    .where(
        event_mentions.c.event_id == bindparam("event_pk"),
        event_mentions.c.document_id != bindparam("doc_pk"),
        _STORY == bindparam("story"),  # noqa: SIM300  (a SQL expression, not a Yoda comparison)
    )
    .limit(1)
)
_SELECT_DOCUMENTS_EVENTS = (
    select(event_mentions.c.event_id)
    .where(event_mentions.c.document_id.in_(bindparam("doc_pks", expanding=True)))
    .distinct()
)


# Candidate events for the new asserted mentions of one document, in one query: the same PLOVER type,
# asserted, the same place id or the same admin1 p-code, dates overlapping the widened window or undated.
# The query asks for the union over the document's mentions (types, areas, the widest window); each
# mention then keeps the rows its own window admits (_Window.admits). Events this document creates or joins
# meanwhile are never candidates for its other mentions (rule 6), so one lookup per document suffices.
# Each arm of the UNION is a range scan on ix_events_candidates_admin1 / _place (type, area, date_end).
# An event's date_start and date_end are NULL together (both come from one mention's date), so
# "undated" is tested on date_end, the indexed column, as well.
def _candidate_arm(area: ColumnElement[bool], *, dated: bool, undated: bool) -> Select[tuple[int]]:
    query = select(events.c.id).where(events.c.plover_type.in_(bindparam("types", expanding=True)), area)
    if dated:
        return query.where(events.c.date_end >= bindparam("low"), events.c.date_start <= bindparam("high"))
    if undated:
        return query.where(events.c.date_end.is_(None), events.c.date_start.is_(None))
    return query


def _candidate_query(*, dated: bool) -> Select[Any]:
    areas = (
        events.c.admin1_pcode.in_(bindparam("admin1s", expanding=True)),
        events.c.place_id.in_(bindparam("place_ids", expanding=True)),
    )
    if dated:
        arms = [_candidate_arm(a, dated=d, undated=not d) for a in areas for d in (True, False)]
    else:
        arms = [_candidate_arm(a, dated=False, undated=False) for a in areas]
    ids = union(*arms).subquery()
    return select(events).where(events.c.id.in_(select(ids.c.id)), events.c.status == "asserted").order_by(events.c.id)


_CANDIDATES_DATED = _candidate_query(dated=True)
_CANDIDATES_UNDATED = _candidate_query(dated=False)


@dataclass(frozen=True, slots=True)
class _Window:
    """Which merged events one new mention may join: its type, place, admin1 area and date window."""

    plover_type: str
    place_id: str
    admin1: str | None
    low: date | None  # None: the mention is undated, any date will do
    high: date | None

    @classmethod
    def of(cls, facts: EventFacts) -> _Window | None:
        if facts.status != "asserted" or facts.place_id is None:
            return None
        if facts.date_start is None:
            return cls(facts.plover_type, facts.place_id, facts.admin1_pcode, None, None)
        low = facts.date_start - _CANDIDATE_MARGIN
        high = (facts.date_end or facts.date_start) + _CANDIDATE_MARGIN
        return cls(facts.plover_type, facts.place_id, facts.admin1_pcode, low, high)

    def admits(self, row: RowMapping) -> bool:
        """The candidate test of the query, for this mention alone."""
        if row["plover_type"] != self.plover_type or row["status"] != "asserted":
            return False
        if row["place_id"] != self.place_id and (self.admin1 is None or row["admin1_pcode"] != self.admin1):
            return False
        if self.low is None or self.high is None:
            return True
        start, end = row["date_start"], row["date_end"]
        if start is None and end is None:
            return True
        return start is not None and end is not None and end >= self.low and start <= self.high


_UPSERTS: dict[tuple[Backend, str], Any] = {}


def _upsert(backend: Backend, table: Any, key: str) -> Any:
    """``INSERT ... ON CONFLICT (key) DO NOTHING`` for the backend, built once."""
    stmt = _UPSERTS.get((backend, table.name))
    if stmt is None:
        dialect_insert = sqlite.insert if backend == "sqlite" else postgresql.insert
        stmt = _UPSERTS[(backend, table.name)] = dialect_insert(table).on_conflict_do_nothing(index_elements=[key])
    return stmt


_PLACE_KEYS = ("name_en", "name_ar", "lat", "lon", "admin1_pcode", "admin2_pcode", "admin3_pcode", "geo_precision")


def _upsert_references(conn: Connection, backend: Backend, doc: Document, cache: ReferenceCache | None) -> None:
    actor_rows: dict[str, dict[str, object]] = {
        a.actor_id: {"actor_id": a.actor_id, "name_en": a.name_en, "inter": a.inter, "affiliation": a.bloc}
        for a in (*doc.actors, *(x for e in doc.events for x in (e.actor1, e.actor2, *e.assoc_actors) if x is not None))
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
    actor_ids = list(actor_rows) if cache is None else cache.new_actors(actor_rows)
    place_ids = list(place_rows) if cache is None else cache.new_places(place_rows)
    if actor_ids:
        rows = [{"name_en": None, "inter": None, "affiliation": None, **actor_rows[i]} for i in actor_ids]
        conn.execute(_upsert(backend, actors, "actor_id"), rows)
    if place_ids:
        rows = [{**dict.fromkeys(_PLACE_KEYS), **place_rows[i]} for i in place_ids]
        conn.execute(_upsert(backend, places, "place_id"), rows)
    if cache is not None:
        cache.stage(actor_ids, place_ids)


def _sentence_index(doc: Document, event: Event) -> int | None:
    for k, sentence in enumerate(doc.sentences):
        if sentence.span.start <= event.sentence.start < sentence.span.end:
            return k
    return None


def _candidate_rows(conn: Connection, windows: Sequence[_Window]) -> Sequence[RowMapping]:
    """Merged events that might take any of the mentions (by id), from one indexed query."""
    if not windows:
        return []
    params: dict[str, Any] = {
        "types": sorted({w.plover_type for w in windows}),
        "place_ids": sorted({w.place_id for w in windows}),
        "admin1s": sorted({w.admin1 for w in windows if w.admin1 is not None}),
    }
    lows = [w.low for w in windows if w.low is not None]
    highs = [w.high for w in windows if w.high is not None]
    if len(lows) < len(windows) or len(highs) < len(windows):  # an undated mention takes any date
        return conn.execute(_CANDIDATES_UNDATED, params).mappings().all()
    return conn.execute(_CANDIDATES_DATED, {**params, "low": min(lows), "high": max(highs)}).mappings().all()


def _sources_json(sources: Iterable[str]) -> str:
    return json.dumps(sorted(set(sources)), ensure_ascii=False)


def refresh_events(conn: Connection, event_ids: Iterable[int], *, now: datetime) -> None:
    """Recompute merged events from all their mentions; delete those left with none."""
    for event_id in sorted(set(event_ids)):
        rows = conn.execute(_SELECT_EVENT_MENTIONS, {"event_pk": event_id}).mappings().all()
        if not rows:
            conn.execute(_DELETE_EVENT, {"event_pk": event_id})
            continue
        summary = merge.summarize([facts_from_row(row) for row in rows])
        conn.execute(
            _UPDATE_EVENT,
            {
                **summary.as_row(),
                "source_count": len({row["doc_story"] for row in rows}),
                "mention_count": len(rows),
                "sources": _sources_json(str(row["doc_source"] or row["doc_id"]) for row in rows),
                "merge_rule": merge.RULE_ID,
                "updated_at": now,
                "event_pk": event_id,
            },
        )


def _document_row(
    prepared: PreparedDocument, now: datetime, fp: dedup.Fingerprint, link: neardup.Link
) -> dict[str, Any]:
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
        "duplicate_of": link.duplicate_of,
        "duplicate_similarity": link.similarity,
        "fingerprint": neardup.encode_shingles(fp.shingles),
    }


def _replace_old_version(conn: Connection, document_pk: int) -> set[int]:
    affected = {int(x) for x in conn.execute(_SELECT_OLD_EVENTS, {"doc_pk": document_pk}).scalars()}
    for stmt in _DELETE_OLD:
        conn.execute(stmt, {"doc_pk": document_pk})
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


def _store_sentences(conn: Connection, doc: Document, document_pk: int) -> dict[int, int]:
    """Insert the document's sentences (one executemany); their ids by index."""
    if not doc.sentences:
        return {}
    rows = [
        {"document_id": document_pk, "idx": k, "start": s.span.start, "end": s.span.end, "text": doc.span_text(s.span)}
        for k, s in enumerate(doc.sentences)
    ]
    return {int(r.idx): int(r.id) for r in conn.execute(_INSERT_SENTENCES, rows)}


def _store_entities(conn: Connection, doc: Document, document_pk: int) -> None:
    if not doc.mentions:
        return
    rows = [
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
    ]
    conn.execute(_INSERT_ENTITIES, rows)


@dataclass(frozen=True, slots=True)
class _Join:
    """A mention of this document joining an existing event whose record is ``row``."""

    event_id: int
    row: RowMapping
    facts: EventFacts


def _extended_row(
    conn: Connection, join: _Join, source: str, now: datetime, *, document_pk: int, story: str
) -> dict[str, Any]:
    """The new record of a merged event gaining one mention (already inserted) from a document it had none of.

    The document adds a source unless the event already has a mention of its story (it, or a copy of it,
    or the original it copies).
    """
    merged = facts_from_row(join.row)
    seen = conn.execute(_SELECT_STORY_IN_EVENT, {"event_pk": join.event_id, "doc_pk": document_pk, "story": story})
    history: tuple[str | None, ...] = ()
    if merge.mode_contested(merged, join.facts):
        history = tuple(conn.execute(_SELECT_MODES, {"event_pk": join.event_id}).scalars())
    summary = merge.extend(merged, join.facts, mode_history=history)
    return {
        **summary.as_row(),
        "source_count": int(join.row["source_count"]) + (0 if seen.first() is not None else 1),
        "mention_count": int(join.row["mention_count"]) + 1,
        "sources": _sources_json([*json.loads(join.row["sources"]), source]),
        "merge_rule": merge.RULE_ID,
        "updated_at": now,
        "event_pk": join.event_id,
    }


def write_document(
    conn: Connection, backend: Backend, prepared: PreparedDocument, *, references: ReferenceCache | None = None
) -> Outcome:
    """Store one document inside the caller's write transaction; unchanged documents are left alone.

    ``references`` (optional): actor/place ids known to be stored; the caller commits or discards what
    this transaction staged in it.
    """
    if backend == "postgresql":
        conn.execute(_LOCK, {"k": LOCK_KEY})
    doc = prepared.document
    now = _now()
    existing = conn.execute(_SELECT_EXISTING, {"doc_id": doc.doc_id}).first()
    if existing is not None and existing.content_hash == prepared.content_hash:
        return "unchanged"
    fp = dedup.fingerprint(doc.text)
    link = neardup.find_link(conn, -1 if existing is None else int(existing.id), doc.doc_id, doc.published, fp)
    row = _document_row(prepared, now, fp, link)
    unlinked: set[int] = set()  # events that lost a mention of the old version: recomputed in full
    if existing is not None:
        document_pk = int(existing.id)
        unlinked = _replace_old_version(conn, document_pk)
        conn.execute(_UPDATE_DOCUMENT, {**row, "document_pk": document_pk})
    else:
        document_pk = int(conn.execute(_INSERT_DOCUMENT, {**row, "version": 1, "ingested_at": now}).scalar_one())
    neardup.store_bands(conn, document_pk, fp, replace=existing is not None)
    story = link.duplicate_of or doc.doc_id
    sentence_pks = _store_sentences(conn, doc, document_pk)
    _upsert_references(conn, backend, doc, references)
    _store_entities(conn, doc, document_pk)
    source = str(doc.source or doc.doc_id)
    own_events: set[int] = set()  # events holding a mention of this document (rule 6)
    joins: list[_Join] = []
    mention_rows: list[dict[str, Any]] = []
    all_facts = [facts_from_event(doc, event) for event in doc.events]
    windows = [_Window.of(facts) for facts in all_facts]
    fetched = _candidate_rows(conn, [w for w in windows if w is not None])
    for event, facts, window in zip(doc.events, all_facts, windows, strict=True):
        rows = {} if window is None else {int(r["id"]): r for r in fetched if window.admits(r)}
        candidates = [merge.Candidate(pk, facts_from_row(r), pk in own_events) for pk, r in rows.items()]
        choice = merge.choose(facts, candidates)
        event_id = choice.event_id
        if event_id is None:
            values = {
                **merge.summarize([facts]).as_row(),  # the merged record of one mention (no spans)
                "source_count": 1,
                "mention_count": 1,
                "sources": _sources_json([source]),
                "merge_rule": merge.RULE_ID,
                "created_at": now,
                "updated_at": now,
            }
            event_id = int(conn.execute(_INSERT_EVENT, values).scalar_one())
        elif event_id not in unlinked:
            joins.append(_Join(event_id, rows[event_id], facts))
        own_events.add(event_id)
        k = _sentence_index(doc, event)
        sentence = None if k is None else doc.sentences[k]
        mention = _mention_row(doc, event, facts, sentence, None if k is None else sentence_pks.get(k))
        mention_rows.append(
            {**mention, "event_id": event_id, "document_id": document_pk, "merge_reason": choice.reason}
        )
    if mention_rows:
        conn.execute(_INSERT_MENTIONS, mention_rows)
    if joins:
        updates = [_extended_row(conn, j, source, now, document_pk=document_pk, story=story) for j in joins]
        conn.execute(_UPDATE_EVENT, updates)
    if link.demoted_root is not None:  # this earlier-published document is the original of a stored story
        relinked = neardup.demote(conn, link.demoted_root, doc.doc_id, fp)
        unlinked |= {int(x) for x in conn.execute(_SELECT_DOCUMENTS_EVENTS, {"doc_pks": relinked}).scalars()}
    refresh_events(conn, unlinked, now=now)
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
