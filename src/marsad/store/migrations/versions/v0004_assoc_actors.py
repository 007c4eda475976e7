"""Associated actors: ``event_mentions.assoc_actors_json`` and ``events.assoc_actors_json``.

Each mention keeps the armed groups its document names as taking part beside actor1 (ACLED's
``assoc_actor_1``/``assoc_actor_2``), a JSON list of ``{actor_id, name_en, text, inter, affiliation, start,
end}``; a merged event keeps the union over its mentions (oldest first, each actor once, without spans),
less its own actor1/actor2.

Existing rows are filled in: a mention's associated actors are read back from the contract JSON it
already stores (``event_json["assoc_actors"]``), then every event that has any is given their union.
Nothing else changes, so a database at ``0003`` keeps every row. The backfill is written out here
rather than calling ``marsad.store.merge``, so that this migration does the same thing whatever later
code does.

Revision ID: 0004
Revises: 0003
Create Date: 2025-01-04
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMN = "assoc_actors_json"
_BATCH = 1000


def _mention_actor(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_id": item.get("actor_id"),
        "name_en": item.get("name_en"),
        "text": str(item.get("text") or ""),
        "inter": item.get("inter"),
        "affiliation": item.get("affiliation"),
        "start": item.get("start"),
        "end": item.get("end"),
    }


def _key(actor: dict[str, Any]) -> str:
    return actor["actor_id"] if actor["actor_id"] is not None else f"text:{actor['text']}"


def _backfill(bind: sa.engine.Connection) -> None:
    mentions = sa.table(
        "event_mentions",
        sa.column("id", sa.Integer),
        sa.column("event_id", sa.Integer),
        sa.column("event_json", sa.Text),
        sa.column(_COLUMN, sa.Text),
    )
    events = sa.table(
        "events",
        sa.column("id", sa.Integer),
        sa.column("actor1_id", sa.String),
        sa.column("actor2_id", sa.String),
        sa.column(_COLUMN, sa.Text),
    )
    # only rows whose contract JSON names an associated actor need reading
    query = (
        sa.select(mentions.c.id, mentions.c.event_id, mentions.c.event_json)
        .where(mentions.c.event_json.like('%"assoc_actors": [{%'))
        .order_by(mentions.c.id)
    )
    by_event: dict[int, list[list[dict[str, Any]]]] = defaultdict(list)
    updates: list[dict[str, Any]] = []
    for row in bind.execute(query):
        items = json.loads(row.event_json).get("assoc_actors") or []
        actors = [_mention_actor(item) for item in items if isinstance(item, dict)]
        if not actors:
            continue
        updates.append({"pk": row.id, "value": json.dumps(actors, ensure_ascii=False)})
        by_event[int(row.event_id)].append(actors)
    set_mention = (
        sa.update(mentions).where(mentions.c.id == sa.bindparam("pk")).values({_COLUMN: sa.bindparam("value")})
    )
    for k in range(0, len(updates), _BATCH):
        bind.execute(set_mention, updates[k : k + _BATCH])
    if not by_event:
        return
    event_updates: list[dict[str, Any]] = []
    ids = sorted(by_event)
    for k in range(0, len(ids), _BATCH):
        chunk = ids[k : k + _BATCH]
        rows = bind.execute(
            sa.select(events.c.id, events.c.actor1_id, events.c.actor2_id).where(events.c.id.in_(chunk))
        )
        for row in rows:
            excluded = {x for x in (row.actor1_id, row.actor2_id) if x is not None}
            seen: set[str] = set()
            union: list[dict[str, Any]] = []
            for actors in by_event[int(row.id)]:
                for actor in actors:
                    key = _key(actor)
                    if key in seen or (actor["actor_id"] is not None and actor["actor_id"] in excluded):
                        continue
                    seen.add(key)
                    union.append(
                        {name: actor[name] for name in ("actor_id", "name_en", "text", "inter", "affiliation")}
                    )
            if union:
                event_updates.append({"pk": row.id, "value": json.dumps(union, ensure_ascii=False)})
    set_event = sa.update(events).where(events.c.id == sa.bindparam("pk")).values({_COLUMN: sa.bindparam("value")})
    for k in range(0, len(event_updates), _BATCH):
        bind.execute(set_event, event_updates[k : k + _BATCH])


def upgrade() -> None:
    for table in ("event_mentions", "events"):
        op.add_column(table, sa.Column(_COLUMN, sa.Text(), server_default="[]", nullable=False))
    _backfill(op.get_bind())


def downgrade() -> None:
    # a plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): rebuilding event_mentions in batch mode would
    # drop the full-text triggers that live on it
    for table in ("events", "event_mentions"):
        op.drop_column(table, _COLUMN)
