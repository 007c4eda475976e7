"""The time stage: Arabic time expressions resolved against the publication date.

When a report comes without a publication date, relative expressions («أمس السبت») are resolved
against the latest full date the report itself gives («قال الأحد 7 يناير 2017»), or the day after it
when a weekday says so («مساء أمس السبت» after «السبت 6 يناير»): reports tell the past relative to the
day they are written, which is normally the latest day they name or the next. The ``anchor``
of each expression says which date was used; with no full date in the text they stay unresolved.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from marsad.model import Document, TimeExpression
from marsad.time.resolve import MISMATCH_METHOD_ID, find_time_expressions

METHOD_ID = "time.rules.v1"


def inferred_anchor(times: tuple[TimeExpression, ...] | list[TimeExpression]) -> TimeExpression | None:
    """The latest expression that names a full date on its own (day precision, resolved without an
    anchor), or None."""
    full = [t for t in times if t.value is not None and t.precision == "day" and t.anchor is None]
    return max(full, key=lambda t: t.value or t.span.start, default=None)


class TimeStage:
    name = METHOD_ID
    requires = frozenset({"text", "published"})
    produces = frozenset({"times"})

    def __call__(self, doc: Document) -> Document:
        times = find_time_expressions(doc.text, published=doc.published)
        if doc.published is None and any(t.value is None for t in times):
            anchor = inferred_anchor(times)
            if anchor is not None and anchor.value is not None:
                # the latest day named, or the day after it (a report is often written the next day):
                # the first under which no weekday contradicts its day («أمس السبت» must be a Saturday)
                times = find_time_expressions(doc.text, published=anchor.value)
                if any(_contradicted(t) for t in times):
                    later = find_time_expressions(doc.text, published=anchor.value + timedelta(days=1))
                    times = later if not any(_contradicted(t) for t in later) else times
        return dataclasses.replace(doc, times=tuple(times))


def _contradicted(time: TimeExpression) -> bool:
    return time.evidence.method == MISMATCH_METHOD_ID
