"""``marsad ingest``: extract articles and store documents, evidence and merged events."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from marsad.errors import InputError
from marsad.io.readers import DEFAULT_MAX_BYTES, ReadError, ReadOptions, Record, parse_published, read_input
from marsad.store import IngestProgress, Store
from marsad.store.engine import ENV_VAR


def add_db_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help=f"database: a SQLite file or postgresql://user@host/db (default ${ENV_VAR}, else "
        "$XDG_DATA_HOME/marsad/marsad.db)",
    )


def open_store(args: argparse.Namespace, command: str) -> Store | None:
    try:
        return Store.open(args.db)
    except (SQLAlchemyError, ValueError) as exc:
        print(f"marsad {command}: cannot open the store: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ingest",
        help="extract articles and store their events (merged across sources)",
        description="Extract events from articles (.txt, .html, .json, .jsonl, URLs, - for stdin) and store them: "
        "one transaction per document, unchanged documents skipped, changed ones replaced.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, http(s) URL, or - for standard input")
    add_db_argument(p)
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for inputs that do not state one")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest article accepted, in bytes")
    p.add_argument("--quiet", action="store_true", help="do not print per-input errors or the summary")
    p.add_argument("--progress", action="store_true", help="print one line per document on stderr")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        published = parse_published(args.published, origin="--published")
    except InputError as exc:
        print(f"marsad ingest: {exc}", file=sys.stderr)
        return 2
    options = ReadOptions(published=published, max_bytes=args.max_bytes)
    store = open_store(args, "ingest")
    if store is None:
        return 2
    read_failures = 0

    def records() -> Iterator[Record]:
        nonlocal read_failures
        for spec in args.inputs:
            for item in read_input(spec, options=options):
                if isinstance(item, ReadError):
                    read_failures += 1
                    if not args.quiet:
                        print(f"marsad ingest: {item}", file=sys.stderr)
                    continue
                yield item

    def progress(p: IngestProgress) -> None:
        if args.progress:
            print(f"marsad ingest: {p.done} {p.doc_id} {p.outcome}", file=sys.stderr, flush=True)

    with store:
        report = store.ingest(records(), on_progress=progress)
    if not args.quiet:
        for message in report.messages:
            print(f"marsad ingest: {message}", file=sys.stderr)
        print(
            f"marsad ingest: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.failed + read_failures} failed ({store.url})",
            file=sys.stderr,
        )
    return 1 if report.failed or read_failures else 0
