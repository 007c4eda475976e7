"""``marsad ner tag --conll FILE``: tag tokens with the packaged NER model."""

from __future__ import annotations

from typing import Any

from marsad.cli.ner_commands import add_ner


def register(sub: Any) -> None:
    add_ner(sub)
