"""The time stage: Arabic time expressions resolved against the publication date."""

from __future__ import annotations

import dataclasses

from marsad.model import Document
from marsad.time.resolve import find_time_expressions


class TimeStage:
    name = "time.rules.v1"
    requires = frozenset({"text", "published"})
    produces = frozenset({"times"})

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, times=tuple(find_time_expressions(doc.text, published=doc.published)))
