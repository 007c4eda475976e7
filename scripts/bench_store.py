"""Ingest throughput of the event store (documents per second) into SQLite and PostgreSQL.

Reports are generated from ``examples/``: each example article again and again with a new id and a
publication date moved on by one day, so dates differ and some reports merge. By default extraction
is cached per (text, date) so the figure is the store's own (writing, merging, indexing); with
``--extract`` every report also runs the full pipeline.

    .venv/bin/python scripts/bench_store.py --docs 10000
    .venv/bin/python scripts/bench_store.py --docs 500 --extract --backends sqlite
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from marsad.io.readers import ReadOptions, Record, read_input
from marsad.model import Document
from marsad.nlp import default_pipeline, document_from_record
from marsad.pipeline import Pipeline, PipelineResult
from marsad.store import Store

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


class CachedPipeline(Pipeline):
    """The default pipeline, run once per distinct (text, publication date)."""

    def __init__(self) -> None:
        base = default_pipeline()
        super().__init__(base.stages, on_error=base.on_error)
        self._cache: dict[tuple[str, date | None], PipelineResult] = {}

    def run(self, doc: Document) -> PipelineResult:
        key = (doc.text, doc.published)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = super().run(doc)
        return PipelineResult(dataclasses.replace(cached.document, doc_id=doc.doc_id), cached.failure)


def example_records() -> list[Record]:
    records: list[Record] = []
    for path in [*sorted((ROOT / "examples").glob("*.txt")), ROOT / "examples" / "records.jsonl"]:
        for item in read_input(str(path), options=ReadOptions(published=date(2024, 3, 14))):
            if isinstance(item, Record):
                records.append(item)
    return records


def generate(n: int, *, days: int) -> list[Record]:
    base = example_records()
    out: list[Record] = []
    for k in range(n):
        rec = base[k % len(base)]
        shift = timedelta(days=(k // len(base)) % days)
        published = (rec.published or date(2024, 3, 14)) + shift
        out.append(dataclasses.replace(rec, doc_id=f"bench-{k}-{rec.doc_id}", published=published))
    return out


def bench(url: str, records: list[Record], *, extract: bool, schema: str | None = None) -> float:
    pipeline = default_pipeline() if extract else CachedPipeline()
    if not extract:  # warm the cache outside the timing: the figure is the store's
        for rec in records:
            pipeline.run(document_from_record(rec))
    with Store.open(url, schema=schema) as store:
        start = time.perf_counter()
        report = store.ingest(records, pipeline=pipeline)
        elapsed = time.perf_counter() - start
        counts = store.counts()
        print(
            f"{store.backend:<10} {len(records)} docs in {elapsed:.1f} s = {len(records) / elapsed:.0f} docs/s "
            f"(added {report.added}, failed {report.failed}; {counts.events} events from {counts.event_mentions} "
            "mentions)"
        )
    return len(records) / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000, help="reports to ingest (default 1000)")
    parser.add_argument(
        "--days", type=int, default=30, help="publication dates spread over this many days (default 30)"
    )
    parser.add_argument("--extract", action="store_true", help="run the full pipeline for every report")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--pg-url", default=PG_URL, help=f"PostgreSQL URL (default {PG_URL})")
    args = parser.parse_args(argv)
    records = generate(args.docs, days=args.days)
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                bench(str(Path(tmp) / "bench.db"), records, extract=args.extract)
        elif backend == "postgresql":
            schema = f"marsad_bench_{uuid.uuid4().hex[:8]}"
            try:
                bench(args.pg_url, records, extract=args.extract, schema=schema)
            except Exception as exc:  # a missing server is reported, not fatal
                print(f"postgresql: skipped ({type(exc).__name__}: {str(exc).splitlines()[0]})", file=sys.stderr)
            finally:
                engine = create_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
                try:
                    with engine.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                except Exception:  # nothing to clean when the server is absent
                    pass
                engine.dispose()
        else:
            print(f"unknown backend {backend!r}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
