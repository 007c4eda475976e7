"""``marsad events``: list stored (merged) events with filters, as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from typing import Any

from marsad.cli.ingest import add_db_argument, open_store
from marsad.store.exports import ASSOC_SEPARATOR, assoc_json
from marsad.store.notes import actor_name, place_name
from marsad.store.query import BBox, EventFilter, EventRow

STATUSES = ("asserted", "negated", "hypothetical", "alleged")


def add_filter_arguments(p: argparse.ArgumentParser, *, default_status: tuple[str, ...] = ()) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--since", metavar="YYYY-MM-DD", type=date.fromisoformat, help="events on or after this date")
    g.add_argument("--until", metavar="YYYY-MM-DD", type=date.fromisoformat, help="events on or before this date")
    g.add_argument("--type", metavar="PLOVER", help="PLOVER event type, e.g. ASSAULT")
    g.add_argument("--actor", metavar="ID_OR_NAME", help="actor id, or a substring of its name (English or Arabic)")
    g.add_argument("--place", metavar="ID_OR_PCODE", help="place id, or a p-code prefix (SY09, SY0903 ...)")
    g.add_argument("--bbox", metavar="MINLON,MINLAT,MAXLON,MAXLAT", help="events located inside this box")
    g.add_argument("--text", metavar="QUERY", help="full-text search in the evidence (normalised Arabic)")
    g.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        default=None,
        help="keep events with this status (repeatable; default: "
        + (", ".join(default_status) if default_status else "all")
        + ")",
    )
    g.add_argument("--limit", type=int, help="at most this many events")
    p.set_defaults(default_status=default_status)


def filter_from_args(args: argparse.Namespace) -> EventFilter:
    """The filter the arguments describe; ValueError on a malformed --bbox."""
    return EventFilter(
        since=args.since,
        until=args.until,
        plover_type=args.type,
        actor=args.actor,
        place=args.place,
        bbox=None if args.bbox is None else BBox.parse(args.bbox),
        text=args.text,
        statuses=tuple(args.status) if args.status else tuple(args.default_status),
        limit=args.limit,
    )


def register(sub: Any) -> None:
    p = sub.add_parser("events", help="list stored events (filters, full-text search)", description=__doc__)
    add_db_argument(p)
    add_filter_arguments(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.set_defaults(func=run)


def _cells(event: EventRow) -> dict[str, Any]:
    f = event.facts
    return {
        "id": event.id,
        "date": None if f.date_start is None else f.date_start.isoformat(),
        "date_precision": f.date_precision,
        "plover_type": f.plover_type,
        "plover_mode": f.plover_mode,
        "status": f.status,
        "actor1": actor_name(f.actor1_name_en, f.actor1_text),
        "actor1_id": f.actor1_id,
        "actor2": actor_name(f.actor2_name_en, f.actor2_text),
        "actor2_id": f.actor2_id,
        "assoc_actors": ASSOC_SEPARATOR.join(n for a in f.assoc_actors if (n := actor_name(a.name_en, a.text))),
        "place": place_name(f),
        "place_id": f.place_id,
        "pcode": f.pcode,
        "lat": f.lat,
        "lon": f.lon,
        "geo_precision": f.geo_precision,
        "fatalities": f.fatalities,
        "source_count": event.source_count,
        "sources": "; ".join(event.sources),
        "source_scale": event.source_scale,
    }


_TABLE_COLUMNS = ("id", "date", "plover_type", "status", "actor1", "actor2", "place", "fatalities", "source_count")


def _table(rows: list[dict[str, Any]]) -> str:
    cells = [[("" if r[c] is None else str(r[c])) for c in _TABLE_COLUMNS] for r in rows]
    widths = [min(32, max([len(c), *(len(row[k]) for row in cells)])) for k, c in enumerate(_TABLE_COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(_TABLE_COLUMNS, widths, strict=True))]
    for row in cells:
        lines.append("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    try:
        filters = filter_from_args(args)
    except ValueError as exc:
        print(f"marsad events: {exc}", file=sys.stderr)
        return 2
    store = open_store(args, "events")
    if store is None:
        return 2
    with store:
        found = store.events(filters)
        rows = [_cells(e) for e in found]
        if args.format == "json":
            mentions = store.mentions(e.id for e in found)
            for row, event in zip(rows, found, strict=True):
                row["assoc_actors"] = assoc_json(event.facts.assoc_actors)  # ids, names, inter codes
                row["mentions"] = [
                    {
                        "doc_id": m.doc_id,
                        "source": m.source,
                        "evidence": m.evidence_text,
                        "assoc_actors": assoc_json(m.facts.assoc_actors),
                        "merge_reason": m.merge_reason,
                    }
                    for m in mentions.get(event.id, [])
                ]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else list(_TABLE_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    else:
        sys.stdout.write(_table(rows))
    return 0
