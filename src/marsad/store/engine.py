"""Database URLs and engines: the default SQLite file, SQLite pragmas, PostgreSQL via psycopg 3.

``resolve_url(None)`` gives ``$MARSAD_DB`` when set, else a SQLite file in the user's data directory
(``$XDG_DATA_HOME/marsad/marsad.db``, ``~/.local/share/marsad/marsad.db`` without it). A plain file path is
accepted as well as a URL. SQLite connections run in WAL mode with a busy timeout and foreign keys on;
write transactions start with ``BEGIN IMMEDIATE`` so that two writers queue instead of deadlocking.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url

ENV_VAR = "MARSAD_DB"
BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "marsad_write"
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")

Backend = Literal["sqlite", "postgresql"]


@dataclass(frozen=True, slots=True)
class StoreEngine:
    """An engine, its backend and (PostgreSQL) the schema the store's tables live in."""

    engine: Engine
    backend: Backend
    schema: str | None = None


def default_db_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "marsad" / "marsad.db"


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL to use: ``url``, else ``$MARSAD_DB``, else the default SQLite file."""
    chosen = url or os.environ.get(ENV_VAR) or str(default_db_path())
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    if chosen.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def backend_of(url: str) -> Backend:
    name = make_url(url).get_backend_name()
    if name == "sqlite":
        return "sqlite"
    if name == "postgresql":
        return "postgresql"
    raise ValueError(f"unsupported database {name!r}: use a SQLite file or a postgresql:// URL")


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgres_setup(engine: Engine, schema: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        cursor.execute(f'SET search_path TO "{schema}"')
        cursor.close()
        dbapi_connection.commit()


def make_engine(url: str | None = None, *, schema: str | None = None) -> StoreEngine:
    """An engine for ``url`` (see :func:`resolve_url`); the SQLite file's folder is created if needed.

    ``schema`` (PostgreSQL only) keeps the store's tables in that schema, created on first use.
    """
    resolved = resolve_url(url)
    backend = backend_of(resolved)
    if backend == "sqlite":
        database = make_url(resolved).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved)
        _sqlite_setup(engine)
        return StoreEngine(engine, "sqlite", None)
    pg_schema = schema or "public"
    if not _SCHEMA_NAME.match(pg_schema):
        raise ValueError(f"invalid schema name {pg_schema!r}")
    engine = create_engine(resolved, pool_pre_ping=True)
    if schema is not None:
        _postgres_setup(engine, pg_schema)
    return StoreEngine(engine, "postgresql", pg_schema)
