"""Initial schema: documents, sentences, entities, actors, places, events, event mentions, full-text search.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from marsad.store import fts

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("inter", sa.Integer(), nullable=True),
        sa.Column("affiliation", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("actor_id"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("doc_id", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("metadata_json", sa.Text(), nullable=False),
        sa.Column("pipeline", sa.Text(), nullable=False),
        sa.Column("errors_json", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("doc_id", name="uq_documents_doc_id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plover_type", sa.String(length=32), nullable=False),
        sa.Column("plover_mode", sa.String(length=32), nullable=True),
        sa.Column("acled_event_type", sa.String(length=64), nullable=False),
        sa.Column("acled_sub_event_type", sa.String(length=128), nullable=False),
        sa.Column("cameo", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("actor1_id", sa.String(length=128), nullable=True),
        sa.Column("actor1_name_en", sa.Text(), nullable=True),
        sa.Column("actor1_text", sa.Text(), nullable=True),
        sa.Column("actor1_inter", sa.Integer(), nullable=True),
        sa.Column("actor1_affiliation", sa.String(length=128), nullable=True),
        sa.Column("actor2_id", sa.String(length=128), nullable=True),
        sa.Column("actor2_name_en", sa.Text(), nullable=True),
        sa.Column("actor2_text", sa.Text(), nullable=True),
        sa.Column("actor2_inter", sa.Integer(), nullable=True),
        sa.Column("actor2_affiliation", sa.String(length=128), nullable=True),
        sa.Column("place_id", sa.String(length=128), nullable=True),
        sa.Column("place_name_en", sa.Text(), nullable=True),
        sa.Column("place_text", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin2_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin3_pcode", sa.String(length=16), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("mention_count", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("merge_rule", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_events_date", "events", ["date_start"], unique=False)
    op.create_index("ix_events_place", "events", ["place_id"], unique=False)
    op.create_index("ix_events_type_admin1", "events", ["plover_type", "admin1_pcode"], unique=False)
    op.create_table(
        "places",
        sa.Column("place_id", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("name_ar", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin2_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin3_pcode", sa.String(length=16), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("place_id"),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=8), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=True),
        sa.Column("place_id", sa.String(length=128), nullable=True),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.actor_id"],
        ),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.place_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_entities_document", "entities", ["document_id"], unique=False)
    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sentences_document", "sentences", ["document_id"], unique=False)
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sentence_id", sa.Integer(), nullable=True),
        sa.Column("local_event_id", sa.String(length=128), nullable=False),
        sa.Column("plover_type", sa.String(length=32), nullable=False),
        sa.Column("plover_mode", sa.String(length=32), nullable=True),
        sa.Column("acled_event_type", sa.String(length=64), nullable=False),
        sa.Column("acled_sub_event_type", sa.String(length=128), nullable=False),
        sa.Column("cameo", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("actor1_id", sa.String(length=128), nullable=True),
        sa.Column("actor1_name_en", sa.Text(), nullable=True),
        sa.Column("actor1_text", sa.Text(), nullable=True),
        sa.Column("actor1_inter", sa.Integer(), nullable=True),
        sa.Column("actor1_affiliation", sa.String(length=128), nullable=True),
        sa.Column("actor2_id", sa.String(length=128), nullable=True),
        sa.Column("actor2_name_en", sa.Text(), nullable=True),
        sa.Column("actor2_text", sa.Text(), nullable=True),
        sa.Column("actor2_inter", sa.Integer(), nullable=True),
        sa.Column("actor2_affiliation", sa.String(length=128), nullable=True),
        sa.Column("place_id", sa.String(length=128), nullable=True),
        sa.Column("place_name_en", sa.Text(), nullable=True),
        sa.Column("place_text", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin2_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin3_pcode", sa.String(length=16), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("attribution_text", sa.Text(), nullable=True),
        sa.Column("methods", sa.Text(), nullable=False),
        sa.Column("search_norm", sa.Text(), nullable=False),
        sa.Column("merge_reason", sa.Text(), nullable=False),
        sa.Column("event_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sentence_id"], ["sentences.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_event_mentions_document", "event_mentions", ["document_id"], unique=False)
    op.create_index("ix_event_mentions_event", "event_mentions", ["event_id"], unique=False)
    bind = op.get_bind()
    meta = sa.table("store_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    if bind.dialect.name == "sqlite":
        for statement in fts.SQLITE_DDL:
            op.execute(statement)
        config = "fts5"
    else:
        available = {row[0] for row in bind.exec_driver_sql("SELECT cfgname FROM pg_ts_config")}
        config = next(c for c in fts.PG_PREFERRED_CONFIGS if c in available)
        for statement in fts.postgres_ddl(config):
            op.execute(statement)
    op.bulk_insert(meta, [{"key": "fts_config", "value": config}])


def downgrade() -> None:
    bind = op.get_bind()
    for statement in fts.SQLITE_DROP if bind.dialect.name == "sqlite" else fts.POSTGRES_DROP:
        op.execute(statement)
    op.drop_index("ix_event_mentions_event", table_name="event_mentions")
    op.drop_index("ix_event_mentions_document", table_name="event_mentions")
    op.drop_table("event_mentions")
    op.drop_index("ix_sentences_document", table_name="sentences")
    op.drop_table("sentences")
    op.drop_index("ix_entities_document", table_name="entities")
    op.drop_table("entities")
    op.drop_table("store_meta")
    op.drop_table("places")
    op.drop_index("ix_events_type_admin1", table_name="events")
    op.drop_index("ix_events_place", table_name="events")
    op.drop_index("ix_events_date", table_name="events")
    op.drop_table("events")
    op.drop_table("documents")
    op.drop_table("actors")
