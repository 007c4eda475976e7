"""``marsad evaluate events|gsr|ner``: the quality measurements, each over its gold data."""

from __future__ import annotations

import importlib
from typing import Any

from marsad.cli.evaluate_events import add_evaluate_events

# (module, function) pairs registering further evaluations; a module not installed is skipped
_OPTIONAL: tuple[tuple[str, str], ...] = (
    ("marsad.cli.model_commands", "add_evaluate_gsr"),
    ("marsad.cli.ner_commands", "add_evaluate_ner"),
)


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="score Marsad against gold data (events, gsr, ner)")
    kinds = p.add_subparsers(dest="evaluation", metavar="WHAT", required=True)
    add_evaluate_events(kinds)
    for module_name, function in _OPTIONAL:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        getattr(module, function)(kinds)
