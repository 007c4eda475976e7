"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/versions`` create exactly these.

::

    documents 1──* sentences            documents 1──* entities
    documents 1──* event_mentions *──1 events
    documents 1──* document_bands       (LSH keys for near-duplicate lookup)
    sentences 1──* event_mentions       actors / places: reference rows named by id from
                                        entities, event_mentions and events

``events`` holds merged events (one row per happening, ``source_count`` documents behind it);
``event_mentions`` holds what one document said about it, with its evidence spans, the normalised
shadow text used for full-text search (``search_norm``) and why it joined its event (``merge_reason``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(255), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("url", Text),
    Column("source", String(255)),
    Column("title", Text),
    Column("published", Date),
    Column("language", String(16), nullable=False),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("metadata_json", Text, nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("errors_json", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # near-duplicates (store.neardup): the root original's doc_id when this is a copy, its similarity to it,
    # and the fingerprint (packed shingle hashes) later documents are compared with
    Column("duplicate_of", String(255)),
    Column("duplicate_similarity", Float),
    Column("fingerprint", Text),
    UniqueConstraint("doc_id", name="uq_documents_doc_id"),
    Index("ix_documents_duplicate_of", "duplicate_of"),
)

# LSH band keys of each document's MinHash (32 per document): candidate near-duplicates share one.
document_bands = Table(
    "document_bands",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("band", Integer, primary_key=True),
    Column("key", BigInteger, nullable=False),
    Index("ix_document_bands_key", "key"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_sentences_document", "document_id"),
)

actors = Table(
    "actors",
    metadata,
    Column("actor_id", String(128), primary_key=True),
    Column("name_en", Text),
    Column("inter", Integer),
    Column("affiliation", String(128)),
)

places = Table(
    "places",
    metadata,
    Column("place_id", String(128), primary_key=True),
    Column("name_en", Text),
    Column("name_ar", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("admin1_pcode", String(16)),
    Column("admin2_pcode", String(16)),
    Column("admin3_pcode", String(16)),
    Column("geo_precision", Integer),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("actor_id", String(128), ForeignKey("actors.actor_id")),
    Column("place_id", String(128), ForeignKey("places.place_id")),
    Column("method", String(64), nullable=False),
    Index("ix_entities_document", "document_id"),
)

# Columns shared by a mention and its merged event: the event's facts.
_FACT_COLUMNS = (
    ("plover_type", String(32), False),
    ("plover_mode", String(32), True),
    ("acled_event_type", String(64), False),
    ("acled_sub_event_type", String(128), False),
    ("cameo", String(16), True),
    ("status", String(16), False),
    ("actor1_id", String(128), True),
    ("actor1_name_en", Text, True),
    ("actor1_text", Text, True),
    ("actor1_inter", Integer, True),
    ("actor1_affiliation", String(128), True),
    ("actor2_id", String(128), True),
    ("actor2_name_en", Text, True),
    ("actor2_text", Text, True),
    ("actor2_inter", Integer, True),
    ("actor2_affiliation", String(128), True),
    ("place_id", String(128), True),
    ("place_name_en", Text, True),
    ("place_text", Text, True),
    ("lat", Float, True),
    ("lon", Float, True),
    ("admin1_pcode", String(16), True),
    ("admin2_pcode", String(16), True),
    ("admin3_pcode", String(16), True),
    ("geo_precision", Integer, True),
    ("date_text", Text, True),
    ("date_start", Date, True),
    ("date_end", Date, True),
    ("date_precision", String(16), True),
    ("fatalities", Integer, True),
    ("confidence", Float, False),
)
FACT_COLUMN_NAMES: tuple[str, ...] = (*(name for name, _, _ in _FACT_COLUMNS), "assoc_actors_json")


def _fact_columns() -> list[Column[object]]:
    return [
        *(Column(name, type_, nullable=nullable) for name, type_, nullable in _FACT_COLUMNS),
        # associated actors (ACLED assoc_actor_1/2) as a JSON list (facts.AssocActor); migration 0004
        Column("assoc_actors_json", Text, nullable=False, server_default="[]"),
    ]


events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_fact_columns(),
    Column("source_count", Integer, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Column("sources", Text, nullable=False),
    Column("merge_rule", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # merge candidates (ingest._CANDIDATES_*): range scans on date_end within a type and an admin1 area or place
    Index("ix_events_candidates_admin1", "plover_type", "admin1_pcode", "date_end"),
    Index("ix_events_candidates_place", "plover_type", "place_id", "date_end"),
    Index("ix_events_date", "date_start"),
    Index("ix_events_place", "place_id"),
)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="SET NULL")),
    Column("local_event_id", String(128), nullable=False),
    *_fact_columns(),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("attribution_text", Text),
    Column("methods", Text, nullable=False),
    Column("search_norm", Text, nullable=False),
    Column("merge_reason", Text, nullable=False),
    Column("event_json", Text, nullable=False),
    Index("ix_event_mentions_event", "event_id"),
    Index("ix_event_mentions_document", "document_id"),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
