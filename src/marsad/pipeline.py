"""The pipeline: stages over one Document, checked for order when built.

Each stage declares the document slots it ``requires`` and those it ``produces``. Building a
:class:`Pipeline` fails if a stage needs a slot that no earlier stage (or the reader) provides.
Running a batch applies a per-stage error policy: a document that fails is recorded with its
error and the batch goes on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from marsad.errors import PipelineOrderError
from marsad.model import Document, DocumentError

log = logging.getLogger(__name__)

# Slots a reader fills before any stage runs.
READER_SLOTS: frozenset[str] = frozenset({"raw_text", "doc_id", "published", "url", "source", "title"})

ErrorPolicy = Literal["raise", "record"]


@runtime_checkable
class Stage(Protocol):
    """A pipeline component. ``name`` is a versioned method id such as ``text.segment.v1``."""

    name: str
    requires: frozenset[str]
    produces: frozenset[str]

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True, slots=True)
class StageFailure:
    doc_id: str
    stage: str
    error: str


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """A processed document, or the record of why it could not be processed."""

    document: Document
    failure: StageFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


class Pipeline:
    def __init__(self, stages: Sequence[Stage], *, on_error: ErrorPolicy = "record") -> None:
        available = set(READER_SLOTS)
        names: set[str] = set()
        for stage in stages:
            missing = stage.requires - available
            if missing:
                raise PipelineOrderError(
                    f"stage {stage.name!r} requires {sorted(missing)} but no earlier stage produces it; "
                    f"available at that point: {sorted(available)}"
                )
            if stage.name in names:
                raise PipelineOrderError(f"stage {stage.name!r} appears twice")
            names.add(stage.name)
            available |= stage.produces
        self.stages: tuple[Stage, ...] = tuple(stages)
        self.on_error: ErrorPolicy = on_error

    @property
    def method_ids(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def run(self, doc: Document) -> PipelineResult:
        """Run one document; with the ``record`` policy a failure is returned, not raised."""
        current = doc
        for stage in self.stages:
            try:
                current = stage(current)
            except Exception as exc:  # the error policy: record any stage failure, keep the batch going
                if self.on_error == "raise":
                    raise
                message = f"{type(exc).__name__}: {exc}"
                log.warning("document %s failed in stage %s: %s", doc.doc_id, stage.name, message)
                error = DocumentError(stage=stage.name, code="E302", message=message)
                failed = dataclasses.replace(current, errors=(*current.errors, error))
                return PipelineResult(failed, StageFailure(doc.doc_id, stage.name, message))
        return PipelineResult(current)

    def pipe(self, docs: Iterable[Document]) -> Iterator[PipelineResult]:
        for doc in docs:
            yield self.run(doc)
