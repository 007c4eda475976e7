"""``marsad train ner|events-classifier``: reproduce the models Marsad ships."""

from __future__ import annotations

from typing import Any

from marsad.cli.model_commands import add_train_classifier
from marsad.cli.ner_commands import add_train_ner
from marsad.cli.ner_e5_commands import add_train_ner_e5


def register(sub: Any) -> None:
    p = sub.add_parser("train", help="train the models Marsad ships (reproducibly)")
    kinds = p.add_subparsers(dest="model", metavar="MODEL", required=True)
    add_train_ner(kinds)
    add_train_ner_e5(kinds)
    add_train_classifier(kinds)
