"""The default extraction pipeline and the conversion of input records into documents."""

from __future__ import annotations

from collections.abc import Sequence

from marsad.io.readers import Record
from marsad.model import Document
from marsad.pipeline import ErrorPolicy, Pipeline, Stage
from marsad.text.stages import CleanStage, SegmentStage


def default_stages(*, ner: bool = True) -> list[Stage]:
    """clean → segment → times → entities → actors → places → events.

    ``ner=False`` leaves the trained tagger out: entities then come from the dictionaries alone,
    which is about twice as fast.
    """
    from marsad.actors.stage import ActorStage
    from marsad.entities.stage import EntityStage
    from marsad.events.stage import EventStage
    from marsad.geo.stage import PlaceStage
    from marsad.time.stage import TimeStage

    return [
        CleanStage(),
        SegmentStage(),
        TimeStage(),
        EntityStage(tagger=ner),
        ActorStage(),
        PlaceStage(),
        EventStage(),
    ]


def default_pipeline(
    *, on_error: ErrorPolicy = "record", stages: Sequence[Stage] | None = None, ner: bool = True
) -> Pipeline:
    return Pipeline(list(stages) if stages is not None else default_stages(ner=ner), on_error=on_error)


def document_from_record(record: Record) -> Document:
    metadata = record.metadata
    if record.encoding not in ("utf-8", "utf-8-sig"):
        metadata = (*metadata, ("input_encoding", record.encoding))
    return Document(
        doc_id=record.doc_id,
        text=record.text,
        raw_text=record.text,
        url=record.url,
        source=record.source,
        title=record.title,
        published=record.published,
        metadata=(("origin", record.origin), *metadata),
    )
