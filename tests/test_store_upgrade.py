"""Upgrading a database that migration 0003 left (before associated actors) keeps every row."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, select, text

from marsad.store import Store
from marsad.store.engine import StoreEngine, make_engine
from marsad.store.migrate import current_revision, head_revision, upgrade
from marsad.store.query import EventFilter
from marsad.store.schema import metadata
from tests.test_store_support import (
    CLASH_FATEMIYOUN,
    CLASH_HEZBOLLAH,
    DRONE_MAYADIN,
    MARCH_12,
    MAY_2,
    SHELLING_A,
    SHELLING_B,
    drop_schema,
    pg_url,
    record,
)

_NEW_COLUMN = "assoc_actors_json"


@contextmanager
def _locations(backend: str, tmp_path: Path) -> Iterator[tuple[tuple[str, str | None], tuple[str, str | None]]]:
    """Where to put a store filled by today's code and the v0003 copy of it: (url, schema) twice."""
    if backend == "sqlite":
        yield (str(tmp_path / "new.db"), None), (str(tmp_path / "old.db"), None)
        return
    url = pg_url()
    schemas = [f"marsad_test_{os.getpid()}_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    try:
        yield (url, schemas[0]), (url, schemas[1])
    finally:
        for schema in schemas:
            drop_schema(url, schema)


def _copy_as_v0003(source: Store, target: StoreEngine) -> None:
    """Build a database at revision 0003 holding the source's rows (less what 0004 adds)."""
    upgrade(target, "0003")
    assert current_revision(target) == "0003"
    old = MetaData()
    old.reflect(target.engine)
    assert _NEW_COLUMN not in old.tables["event_mentions"].c and _NEW_COLUMN not in old.tables["events"].c
    with source.engine.connect() as src, target.engine.begin() as dst:
        for table in metadata.sorted_tables:  # parents before children
            if table.name == "store_meta":
                continue  # written by migration 0001 itself
            old_table = old.tables[table.name]
            names = [c.name for c in old_table.columns if c.computed is None]  # not PostgreSQL's search_tsv
            rows = [dict(r) for r in src.execute(select(*(table.c[n] for n in names))).mappings()]
            if rows:
                dst.execute(old_table.insert(), rows)
        if target.backend == "postgresql":  # rows were copied with their ids: move the sequences on
            for table in metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement is True:
                    dst.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name}")
                    )


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            key = list(table.primary_key.columns)
            out[table.name] = [dict(r) for r in conn.execute(select(table).order_by(*key)).mappings()]
    return out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_store_upgrade_from_v0003_keeps_rows(backend: str, tmp_path: Path) -> None:
    records = [
        record("h", CLASH_HEZBOLLAH, MARCH_12),
        record("f", CLASH_FATEMIYOUN, MARCH_12, source="other.example"),
        record("a", SHELLING_A, MARCH_12),
        record("b", SHELLING_B, MARCH_12, source="other.example"),
        record("d", DRONE_MAYADIN, MAY_2),
    ]
    with _locations(backend, tmp_path) as ((new_url, new_schema), (old_url, old_schema)):
        with Store.open(new_url, schema=new_schema) as fresh:
            fresh.ingest(records)
            expected = _dump(fresh)
            target = make_engine(old_url, schema=old_schema)
            try:
                _copy_as_v0003(fresh, target)
            finally:
                target.engine.dispose()
        assert any(e[_NEW_COLUMN] != "[]" for e in expected["events"])  # there is something to restore
        with Store.open(old_url, schema=old_schema) as upgraded:  # runs migration 0004
            assert current_revision(StoreEngine(upgraded.engine, upgraded.backend, upgraded.schema)) == head_revision()
            # every row is kept, and the associated actors are read back from the stored contract JSON
            assert _dump(upgraded) == expected
            (clash,) = [e for e in upgraded.events() if e.facts.actor2_id == "sy-hts"]
            assert [a.actor_id for a in clash.facts.assoc_actors] == ["lb-hezbollah", "ir-fatemiyoun"]
            mentions = clash.mention_count
            assert len(upgraded.events(EventFilter(text="الميادين"))) == 1  # full-text search still works
            report = upgraded.ingest([record("h2", CLASH_HEZBOLLAH + " ", MARCH_12, source="third.example")])
            assert report.added == 1 and report.failed == 0
            (clash,) = [e for e in upgraded.events() if e.facts.actor2_id == "sy-hts"]
            assert clash.mention_count == mentions + 1  # a new report joins the upgraded event
