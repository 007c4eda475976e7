"""``marsad lookup place|actor NAME``: what the knowledge base knows about a name."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from marsad.errors import InputError
from marsad.io.readers import parse_published


def register(sub: Any) -> None:
    p = sub.add_parser("lookup", help="look a name up in the gazetteer or the actor dictionary")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    place = kinds.add_parser("place", help="gazetteer entries for a place name (Arabic or English)")
    place.add_argument("name", nargs="+")
    place.add_argument("--format", choices=("json", "text"), default="text")
    place.set_defaults(func=run_place)
    actor = kinds.add_parser("actor", help="actor dictionary entries for a name")
    actor.add_argument("name", nargs="+")
    actor.add_argument("--on", metavar="YYYY-MM-DD", help="only actors valid on this date")
    actor.add_argument("--format", choices=("json", "text"), default="text")
    actor.set_defaults(func=run_actor)


def _emit(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...]) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for row in rows:
        print("  ".join(f"{row[c]}" for c in columns))


def run_place(args: argparse.Namespace) -> int:
    from marsad.knowledge.gazetteer import get_gazetteer

    name = " ".join(args.name)
    rows = [
        {
            "id": e.id,
            "kind": e.kind,
            "name_en": e.name_en,
            "name_ar": e.name_ar,
            "names_ar": list(e.names_ar),
            "lat": e.lat,
            "lon": e.lon,
            "admin1_pcode": e.admin1_pcode,
            "admin2_pcode": e.admin2_pcode,
            "admin3_pcode": e.admin3_pcode,
            "population": e.population,
        }
        for e in get_gazetteer().lookup(name)
    ]
    if not rows:
        print(f"marsad lookup place: no place named {name!r}", file=sys.stderr)
        return 1
    _emit(rows, args.format, ("id", "kind", "name_en", "name_ar", "lat", "lon", "admin1_pcode", "admin2_pcode",
                              "admin3_pcode"))
    return 0


def run_actor(args: argparse.Namespace) -> int:
    from marsad.knowledge.actors import get_actors

    name = " ".join(args.name)
    try:
        on: date | None = parse_published(args.on, origin="--on")
    except InputError as exc:
        print(f"marsad lookup actor: {exc}", file=sys.stderr)
        return 2
    actors = get_actors()
    rows = [
        {
            "id": e.id,
            "name_en": e.name_en,
            "inter": e.inter,
            "type": e.type,
            "bloc": e.bloc,
            "parent": e.parent,
            "valid_from": e.valid_from.isoformat() if e.valid_from else None,
            "valid_to": e.valid_to.isoformat() if e.valid_to else None,
            "aliases_ar": list(e.aliases_ar),
        }
        for e in actors.lookup(name, on=on)
    ]
    if not rows:
        print(f"marsad lookup actor: no actor named {name!r}", file=sys.stderr)
        return 1
    _emit(rows, args.format, ("id", "name_en", "inter", "type", "bloc", "parent", "valid_from", "valid_to"))
    return 0
