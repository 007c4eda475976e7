"""``marsad train ner|events-classifier``: reproduce the models Marsad ships."""

from __future__ import annotations

import importlib
from typing import Any

_TRAINERS: tuple[tuple[str, str], ...] = (
    ("marsad.cli.ner_commands", "add_train_ner"),
    ("marsad.cli.model_commands", "add_train_classifier"),
)


def register(sub: Any) -> None:
    available = []
    for module_name, function in _TRAINERS:
        try:
            available.append(getattr(importlib.import_module(module_name), function))
        except ImportError:
            continue
    if not available:
        return
    p = sub.add_parser("train", help="train the models Marsad ships (reproducibly)")
    kinds = p.add_subparsers(dest="model", metavar="MODEL", required=True)
    for add in available:
        add(kinds)
