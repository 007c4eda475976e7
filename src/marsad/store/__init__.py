"""Marsad's event store: documents, evidence, entities and merged events in SQLite or PostgreSQL.

See docs/STORE.md. ``Store.open()`` creates the default SQLite database on first use.
"""

from marsad.store.core import IngestFailure, IngestProgress, IngestReport, Store
from marsad.store.ingest import StoreCounts

__all__ = ["IngestFailure", "IngestProgress", "IngestReport", "Store", "StoreCounts"]
