"""``marsad export``: stored events as ACLED-style CSV, GeoJSON, JSON Lines or Parquet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from marsad.cli.events import add_filter_arguments, filter_from_args
from marsad.cli.ingest import add_db_argument, open_store
from marsad.store.exports import FORMATS, ExportFormat, export_text, write_parquet


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export stored events (acled-csv, geojson, jsonl, parquet)", description=__doc__)
    add_db_argument(p)
    p.add_argument("--format", choices=FORMATS, default="acled-csv", help="export format (default acled-csv)")
    p.add_argument("--out", metavar="FILE", help="write here (default standard output; required for parquet)")
    add_filter_arguments(p, default_status=("asserted",))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fmt: ExportFormat = args.format
    if fmt == "parquet" and not args.out:
        print("marsad export: --format parquet needs --out FILE", file=sys.stderr)
        return 2
    try:
        filters = filter_from_args(args)
    except ValueError as exc:
        print(f"marsad export: {exc}", file=sys.stderr)
        return 2
    store = open_store(args, "export")
    if store is None:
        return 2
    with store:
        found = store.events(filters)
        mentions = store.mentions(e.id for e in found) if fmt == "jsonl" else {}
    if fmt == "parquet":
        try:
            write_parquet(found, Path(args.out))
        except RuntimeError as exc:
            print(f"marsad export: {exc}", file=sys.stderr)
            return 2
    else:
        content = export_text(fmt, found, mentions)
        if args.out:
            Path(args.out).write_text(content, encoding="utf-8")
        else:
            sys.stdout.write(content)
    if args.out:
        print(f"marsad export: {len(found)} events written to {args.out}", file=sys.stderr)
    return 0
