"""The default extraction pipeline and the conversion of input records into documents."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from marsad.io.readers import Record
from marsad.model import Document
from marsad.pipeline import ErrorPolicy, Pipeline, Stage
from marsad.text.stages import CleanStage, SegmentStage


def default_stages(*, ner: bool = True, e5_ner: Path | None = None, e5_bfloat16: bool = False) -> list[Stage]:
    """clean → segment → times → entities → actors → places → events.

    ``ner=False`` leaves the trained tagger out: entities then come from the dictionaries alone,
    which is about twice as fast. ``e5_ner`` (a directory written by ``marsad train ner-e5``; needs the
    ``neural`` extra) adds the names the fine-tuned e5 tagger finds and the CRF does not (slow: see
    NER_MODEL_CARD.md).
    """
    from marsad.actors.stage import ActorStage
    from marsad.events.stage import EventStage
    from marsad.geo.stage import PlaceStage
    from marsad.time.stage import TimeStage

    return [
        CleanStage(),
        SegmentStage(),
        TimeStage(),
        _entity_stage(ner, e5_ner, e5_bfloat16),
        ActorStage(),
        PlaceStage(),
        EventStage(),
    ]


def _entity_stage(ner: bool, e5_ner: Path | None, e5_bfloat16: bool) -> Stage:
    from marsad.entities.stage import EntityStage

    if e5_ner is None or not ner:
        return EntityStage(tagger=ner)
    from marsad.entities.crf_tagger import get_tagger
    from marsad.entities.ensemble import METHOD_ID, UnionTagger
    from marsad.neural.e5_tagger import E5Tagger

    union = UnionTagger(get_tagger(), E5Tagger.load(e5_ner, bfloat16=e5_bfloat16))
    return EntityStage(tagger=False, document_tagger=union.tag_document, tagger_method=METHOD_ID)


def default_pipeline(
    *,
    on_error: ErrorPolicy = "record",
    stages: Sequence[Stage] | None = None,
    ner: bool = True,
    e5_ner: Path | None = None,
    e5_bfloat16: bool = False,
) -> Pipeline:
    chosen = list(stages) if stages is not None else default_stages(ner=ner, e5_ner=e5_ner, e5_bfloat16=e5_bfloat16)
    return Pipeline(chosen, on_error=on_error)


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
