"""Alembic environment: run on the connection the store hands over (``config.attributes['connection']``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from marsad.store.schema import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("marsad's migrations run from marsad.store.migrate with an open connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
