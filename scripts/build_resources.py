"""Compile the human-edited language data under data/ into src/marsad/resources/*.json.

    python scripts/build_resources.py            # rebuild every resource
    python scripts/build_resources.py --check    # exit 1 if a compiled file differs from its sources

Each area has a builder ``build(data_dir) -> dict`` that validates its sources; the compiled JSON is
deterministic, so the test suite can fail when a compiled file drifts from its sources.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RESOURCES = ROOT / "src" / "marsad" / "resources"


@dataclass(frozen=True, slots=True)
class Area:
    name: str
    builder: str
    output: str
    # whether the builder takes data/<name>/ (True) or data/ itself (False)
    own_folder: bool = False


AREAS: tuple[Area, ...] = (
    Area("gazetteer", "marsad.knowledge.build_gazetteer", "gazetteer.json", own_folder=True),
    Area("actors", "marsad.knowledge.build_actors", "actors.json"),
    Area("lexicon", "marsad.knowledge.build_lexicon", "lexicon.json"),
    Area("time", "marsad.time.build_time", "time.json"),
    Area("sources", "marsad.knowledge.outlets", "outlets.json", own_folder=True),
)


def dumps(compiled: object) -> str:
    return json.dumps(compiled, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def compile_area(area: Area, *, data_dir: Path = DATA) -> str:
    module = importlib.import_module(area.builder)
    build: Callable[[Path], Any] = module.build
    return dumps(build(data_dir / area.name if area.own_folder else data_dir))


def manifest_entry(area: Area, text: str) -> dict[str, str]:
    return {"file": area.output, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on drift")
    parser.add_argument("areas", nargs="*", help="areas to build (default: all)")
    args = parser.parse_args(argv)
    selected = [a for a in AREAS if not args.areas or a.name in args.areas]
    drift = False
    for area in selected:
        text = compile_area(area)
        target = RESOURCES / area.output
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if args.check:
            if current != text:
                print(f"{area.output}: differs from data/ sources; run `make resources`", file=sys.stderr)
                drift = True
            continue
        if current != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)} ({len(text.encode('utf-8')) / 1024:.0f} KB)")
        else:
            print(f"{area.output} up to date")
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main())
