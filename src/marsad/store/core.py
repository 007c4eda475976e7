"""The event store: open (creating/migrating on first use), ingest, look up, close."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from marsad.io.readers import Record
from marsad.nlp import default_pipeline, document_from_record
from marsad.pipeline import Pipeline
from marsad.store import query as store_query
from marsad.store.engine import WRITE_OPTION, Backend, StoreEngine, make_engine, redact
from marsad.store.ingest import (
    SELECT_HASH,
    Outcome,
    PreparedDocument,
    ReferenceCache,
    StoreCounts,
    content_hash,
    count_rows,
    write_document,
)
from marsad.store.migrate import upgrade

_LOCK_MESSAGES = ("database is locked", "database table is locked", "deadlock detected", "could not serialize")
MAX_ATTEMPTS = 30
_T = TypeVar("_T")

ProgressOutcome = Literal["added", "updated", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class IngestProgress:
    """Where a batch stands after one record."""

    done: int
    doc_id: str
    outcome: ProgressOutcome
    added: int
    updated: int
    unchanged: int
    failed: int


@dataclass(frozen=True, slots=True)
class IngestFailure:
    origin: str
    doc_id: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: tuple[IngestFailure, ...] = ()

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(f.message for f in self.failures)

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.failed


def _is_lock_error(exc: OperationalError) -> bool:
    message = str(exc).lower()
    return any(m in message for m in _LOCK_MESSAGES)


class Store:
    """Marsad's event store on SQLite (default) or PostgreSQL. Use :meth:`open`; close it or use ``with``."""

    def __init__(self, store_engine: StoreEngine) -> None:
        self._se = store_engine
        self._references = ReferenceCache()

    @classmethod
    def open(cls, url: str | None = None, *, schema: str | None = None) -> Store:
        """Open (and create or migrate) the store at ``url``; None: ``$MARSAD_DB`` or the default SQLite file.

        ``schema`` (PostgreSQL only) keeps the tables in a schema of their own, created on first use.
        """
        store_engine = make_engine(url, schema=schema)
        try:
            _retry(lambda: upgrade(store_engine))
        except BaseException:
            store_engine.engine.dispose()
            raise
        return cls(store_engine)

    @property
    def engine(self) -> Engine:
        return self._se.engine

    @property
    def backend(self) -> Backend:
        return self._se.backend

    @property
    def schema(self) -> str | None:
        return self._se.schema

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return redact(str(self._se.engine.url))

    def close(self) -> None:
        self._se.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def stored_hash(self, doc_id: str) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(SELECT_HASH, {"doc_id": doc_id}).scalar()
        return None if value is None else str(value)

    def has_document(self, doc_id: str, content_hash: str | None = None) -> bool:
        """Whether ``doc_id`` is stored (with that content hash, when one is given)."""
        stored = self.stored_hash(doc_id)
        return stored is not None and (content_hash is None or stored == content_hash)

    def counts(self) -> StoreCounts:
        with self.engine.connect() as conn:
            return count_rows(conn)

    def write(self, prepared: PreparedDocument) -> Outcome:
        """Write one extracted document in its own transaction, retrying while the database is locked."""

        def attempt() -> Outcome:
            try:
                with self.engine.connect() as conn:
                    conn = conn.execution_options(**{WRITE_OPTION: True})
                    with conn.begin():
                        outcome = write_document(conn, self.backend, prepared, references=self._references)
            except BaseException:
                self._references.discard()
                raise
            self._references.commit()  # the reference rows it wrote are committed now
            return outcome

        return _retry(attempt)

    def ingest(
        self,
        records: Iterable[Record],
        *,
        pipeline: Pipeline | None = None,
        on_progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        """Extract and store each record, one transaction per document; a failing record is reported, not raised.

        Unchanged documents (same doc_id and content hash) are skipped without running the pipeline.
        """
        pipe = pipeline or default_pipeline()
        counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
        failures: list[IngestFailure] = []
        for done, record in enumerate(records, start=1):
            digest = content_hash(record)
            outcome: ProgressOutcome
            if self.stored_hash(record.doc_id) == digest:
                outcome = "unchanged"
            else:
                result = pipe.run(document_from_record(record))
                if result.failure is not None:
                    message = f"[E302] {record.origin}: stage {result.failure.stage} failed: {result.failure.error}"
                    failures.append(IngestFailure(record.origin, record.doc_id, message))
                    outcome = "failed"
                else:
                    prepared = PreparedDocument(result.document, digest, record.origin, pipe.method_ids)
                    try:
                        outcome = self.write(prepared)
                    except SQLAlchemyError as exc:
                        message = f"[E401] {record.origin}: could not store {record.doc_id!r}: {type(exc).__name__}: "
                        failures.append(IngestFailure(record.origin, record.doc_id, message + str(exc).splitlines()[0]))
                        outcome = "failed"
            counts[outcome] += 1
            if on_progress is not None:
                on_progress(IngestProgress(done, record.doc_id, outcome, **counts))
        return IngestReport(**counts, failures=tuple(failures))

    def events(self, filters: store_query.EventFilter | None = None) -> list[store_query.EventRow]:
        """Merged events matching ``filters`` (all when None), by date then id."""
        with self.engine.connect() as conn:
            return store_query.find_events(conn, self.backend, filters or store_query.EventFilter())

    def mentions(self, event_ids: Iterable[int]) -> dict[int, list[store_query.MentionRow]]:
        """The mentions (document, evidence, merge reason) of each event id."""
        with self.engine.connect() as conn:
            return store_query.find_mentions(conn, event_ids)


def _retry(fn: Callable[[], _T]) -> _T:
    delay = 0.02
    for attempt in range(MAX_ATTEMPTS):
        try:
            return fn()
        except OperationalError as exc:
            if not _is_lock_error(exc) or attempt == MAX_ATTEMPTS - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")
