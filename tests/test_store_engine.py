from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from marsad.store import Store
from marsad.store.engine import default_db_path, resolve_url
from marsad.store.migrate import current_revision, head_revision
from marsad.store.schema import metadata
from tests.test_store_support import store

__all__ = ["store"]


def test_store_engine_default_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "marsad" / "marsad.db"
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'marsad' / 'marsad.db'}"
    monkeypatch.setenv("MARSAD_DB", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_store_engine_creates_default_file_with_wal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    with Store.open() as st:
        assert st.backend == "sqlite"
        with st.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 1000
    assert (tmp_path / "marsad" / "marsad.db").is_file()


def _ignore_search(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    return not (name or "").startswith(("mention_fts", "search_tsv", "ix_event_mentions_search", "alembic"))


def test_store_engine_migrations_match_schema(store: Store) -> None:
    from marsad.store.engine import StoreEngine

    assert current_revision(StoreEngine(store.engine, store.backend, store.schema)) == head_revision()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ignore_search})
        assert compare_metadata(context, metadata) == []
