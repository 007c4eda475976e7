"""Print a short human summary of `marsad extract --format jsonl` output."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> int:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for line in lines:
        doc = json.loads(line)
        print(
            f"{doc['doc_id']}: {len(doc['sentences'])} sentences, {len(doc['entities'])} entities, "
            f"{len(doc['events'])} events"
        )
        for ev in doc["events"]:
            actor = (ev.get("actor1") or {}).get("name_en") or "-"
            place = (ev.get("location") or {}).get("name_en") or "-"
            date = (ev.get("date") or {}).get("value") or "-"
            print(
                f"  {ev['status']:<12} {ev['plover']['type']:<9} {ev['trigger']['text']:<14} "
                f"actor1={actor} place={place} date={date}"
            )
    print(f"{len(lines)} documents written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "out/examples.jsonl"))
