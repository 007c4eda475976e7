from __future__ import annotations

import dataclasses

import pytest

from marsad.errors import PipelineOrderError
from marsad.model import Document
from marsad.nlp import default_pipeline
from marsad.pipeline import Pipeline
from marsad.text.stages import CleanStage, SegmentStage


class _Boom:
    name = "test.boom.v1"
    requires = frozenset({"sentences"})
    produces = frozenset({"events"})

    def __call__(self, doc: Document) -> Document:
        if "انفجار" in doc.text:
            raise RuntimeError("cannot handle this document")
        return doc


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, text=text, raw_text=text)


def test_pipeline_rejects_wrong_order() -> None:
    with pytest.raises(PipelineOrderError, match=r"text\.segment\.v1"):
        Pipeline([SegmentStage(), CleanStage()])


def test_pipeline_rejects_duplicate_stage() -> None:
    with pytest.raises(PipelineOrderError, match="twice"):
        Pipeline([CleanStage(), CleanStage()])


def test_pipeline_runs_all_stages_without_changing_the_input() -> None:
    doc = _doc("a", "Facebook\nقصفت الطائرات القرية. وقتل مدنيان.")
    result = default_pipeline().run(doc)
    assert result.ok
    out = result.document
    assert out.text == "قصفت الطائرات القرية. وقتل مدنيان."
    assert [out.span_text(s.span) for s in out.sentences] == ["قصفت الطائرات القرية.", "وقتل مدنيان."]
    assert doc.sentences == ()  # documents are immutable; stages return copies
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.text = "x"  # type: ignore[misc]  # deliberately writing a frozen field


def test_pipeline_records_failure_and_batch_goes_on() -> None:
    pipeline = Pipeline([CleanStage(), SegmentStage(), _Boom()])
    results = list(pipeline.pipe([_doc("ok1", "قصف."), _doc("bad", "انفجار."), _doc("ok2", "هجوم.")]))
    assert [r.ok for r in results] == [True, False, True]
    failure = results[1].failure
    assert failure is not None and failure.stage == "test.boom.v1" and "cannot handle" in failure.error
    assert results[1].document.errors[0].code == "E302"


def test_pipeline_raise_policy_propagates() -> None:
    pipeline = Pipeline([CleanStage(), SegmentStage(), _Boom()], on_error="raise")
    with pytest.raises(RuntimeError):
        pipeline.run(_doc("bad", "انفجار."))
