"""Pipeline stages of the text layer: debris removal, then sentences and tokens."""

from __future__ import annotations

import dataclasses

from marsad.model import Document, Sentence
from marsad.text.debris import clean_text
from marsad.text.segment import iter_sentence_spans
from marsad.text.tokenize import tokenize


class CleanStage:
    """Removes page debris; the result is the fixed ``text`` all spans refer to."""

    name = "text.clean.v1"
    requires = frozenset({"raw_text"})
    produces = frozenset({"text", "title", "source"})

    def __call__(self, doc: Document) -> Document:
        raw = doc.raw_text if doc.raw_text is not None else doc.text
        cleaned = clean_text(raw, title=doc.title)
        metadata = doc.metadata
        if cleaned.removed:
            reasons = sorted({r.reason for r in cleaned.removed})
            metadata = (*metadata, ("removed_debris", ", ".join(reasons)))
        return dataclasses.replace(
            doc,
            text=cleaned.text,
            title=doc.title or cleaned.title,
            source=doc.source or cleaned.byline_source,
            metadata=metadata,
        )


class SegmentStage:
    name = "text.segment.v1"
    requires = frozenset({"text"})
    produces = frozenset({"sentences", "tokens"})

    def __call__(self, doc: Document) -> Document:
        sentences = tuple(
            Sentence(span=span, tokens=tokenize(doc.text, start=span.start, end=span.end))
            for span in iter_sentence_spans(doc.text)
        )
        return dataclasses.replace(doc, sentences=sentences)
