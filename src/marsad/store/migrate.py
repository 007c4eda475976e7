"""Bring a database to the newest schema with the migrations shipped in ``marsad/store/migrations``.

Run on every :meth:`marsad.store.Store.open`, inside one write transaction that holds the database's
write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so two processes opening a fresh
database at once create it once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from marsad.store.engine import WRITE_OPTION, StoreEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x6D617273  # "mars": the advisory lock every writer takes on PostgreSQL


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(store_engine: StoreEngine) -> str | None:
    with store_engine.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(store_engine: StoreEngine, revision: str = "head") -> None:
    """Apply any migrations not yet applied (a no-op on an up-to-date database).

    ``revision``: stop there instead of the newest (tests build databases as older versions left them).
    """
    target = head_revision() if revision == "head" else revision
    if current_revision(store_engine) == target:
        return
    config = alembic_config()
    with store_engine.engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if store_engine.backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
