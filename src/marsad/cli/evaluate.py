"""``marsad evaluate events|gsr|ner``: the quality measurements, each over its gold data."""

from __future__ import annotations

from typing import Any

from marsad.cli.evaluate_events import add_evaluate_events
from marsad.cli.model_commands import add_evaluate_gsr
from marsad.cli.ner_commands import add_evaluate_ner


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="score Marsad against gold data (events, gsr, ner)")
    kinds = p.add_subparsers(dest="evaluation", metavar="WHAT", required=True)
    add_evaluate_events(kinds)
    add_evaluate_gsr(kinds)
    add_evaluate_ner(kinds)
